import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Int32, Int64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import * as F from '../../../src/connect/functions';
import { StructField, StructType, IntegerType } from '../../../src/connect/data-types';
import { SparkConnectError } from '../../../src/connect/errors';
import { spark as proto } from '../../../src/connect/generated/spark-connect';
import { arrowEvent, fakeSession, wire, wireRelation } from './api-helpers';

const command = (p: proto.connect.IPlan) => wire(proto.connect.Plan, 'spark.connect.Plan', p).command as Record<string, unknown>;
const root = (p: proto.connect.IPlan) => wire(proto.connect.Plan, 'spark.connect.Plan', p).root as Record<string, unknown>;

function oneColumn(name: string, values: unknown[], type: Int64 | Utf8 | Int32 = new Utf8()): Table {
  return new Table({ [name]: vectorFromArray(values, type) });
}

void test('sql on Spark 4: SqlCommand with an input SQL relation, parameters as expressions; the result relation becomes the plan', async () => {
  const resultRel: proto.connect.IRelation = { common: { planId: 999 }, localRelation: { schema: 'x int' } };
  const { spark, client } = fakeSession({ version: '4.3.0', executions: [[{ kind: 'sql-command-result', relation: resultRel }]] });
  const df = await spark.sql('SELECT :a AS a, :b AS b', { a: 1, b: 'x' });
  const cmd = command(client.recorded.executed[0]!.plan).sqlCommand as { input: { sql: unknown } };
  assert.deepEqual(cmd.input.sql, { query: 'SELECT :a AS a, :b AS b', namedArguments: { a: { literal: { integer: 1 } }, b: { literal: { string: 'x' } } } });
  assert.equal((cmd as Record<string, unknown>).sql, undefined, 'the deprecated text field stays empty');
  assert.deepEqual(wireRelation(df.relation).localRelation, { schema: 'x int' });
  assert.notEqual(df.planId, 999, 'the server relation is adopted under a fresh plan id');

  const { spark: s2, client: c2 } = fakeSession({ version: '4.1.0' });
  await s2.sql('SELECT ? + ?', [9007199254740993n, [1, 2]]);
  const c = command(c2.recorded.executed[0]!.plan).sqlCommand as { input: { sql: { posArguments: unknown[] } } };
  assert.deepEqual(c.input.sql.posArguments, [
    { literal: { long: '9007199254740993' } },
    { unresolvedFunction: { functionName: 'array', arguments: [{ literal: { integer: 1 } }, { literal: { integer: 2 } }] } },
  ]);
});

void test('sql on Spark 3.5: text and literal arguments directly on SqlCommand', async () => {
  const { spark, client } = fakeSession({ version: '3.5.7' });
  await spark.sql('SELECT :d, :t', { d: F.litDate('2024-01-31'), t: [1.5, 2] });
  assert.deepEqual(command(client.recorded.executed[0]!.plan).sqlCommand, {
    sql: 'SELECT :d, :t',
    args: { d: { date: 19753 }, t: { array: { elementType: { double: {} }, elements: [{ double: 1.5 }, { double: 2 }] } } },
  });
  const { spark: s2, client: c2 } = fakeSession({ version: '3.5.7' });
  await s2.sql('SELECT ?', ['x']);
  assert.deepEqual(command(c2.recorded.executed[0]!.plan).sqlCommand, { sql: 'SELECT ?', posArgs: [{ string: 'x' }] });
  await assert.rejects(s2.sql('SELECT ?', [F.col('a')]), /only literal values/);
});

void test('version is asked once; tags ride on every execution; interrupts target all, tag, operation', async () => {
  const { spark, client } = fakeSession({ version: '4.3.0' });
  assert.equal(await spark.version(), '4.3.0');
  spark.addTag('etl');
  spark.addTag('nightly');
  assert.throws(() => spark.addTag('a,b'), SparkConnectError);
  assert.throws(() => spark.addTag(''), SparkConnectError);
  await spark.range(1).collect();
  assert.deepEqual(client.recorded.executed[0]!.opts?.tags, ['etl', 'nightly']);
  spark.removeTag('etl');
  assert.deepEqual([...spark.getTags()], ['nightly']);
  spark.clearTags();
  await spark.range(1).collect();
  assert.equal(client.recorded.executed[1]!.opts?.tags, undefined);
  assert.deepEqual(await spark.interruptAll(), ['op-1']);
  await spark.interruptTag('nightly');
  await spark.interruptOperation('abc');
  assert.deepEqual(client.recorded.interrupts, [{ all: true }, { tag: 'nightly' }, { operationId: 'abc' }]);
  await spark.stop();
  assert.equal(client.recorded.closed, 1);
});

void test('collect, count, first/head/take/tail, isEmpty build the plans PySpark builds', async () => {
  const { spark, client } = fakeSession({
    executions: [
      [arrowEvent(oneColumn('s', ['a', 'b']))],
      [arrowEvent(oneColumn('count(1)', [5n], new Int64()))],
      [arrowEvent(oneColumn('s', ['a']))],
      [arrowEvent(oneColumn('s', []))],
    ],
  });
  const df = spark.range(5);
  const rows = await df.collect();
  assert.deepEqual(rows.map((r) => r.get('s')), ['a', 'b']);
  assert.equal(await df.count(), 5);
  const counted = root(client.recorded.executed[1]!.plan).aggregate as Record<string, unknown>;
  assert.deepEqual(counted, {
    input: wireRelation(df.relation), groupType: 'GROUP_TYPE_GROUPBY',
    aggregateExpressions: [{ unresolvedFunction: { functionName: 'count', arguments: [{ literal: { integer: 1 } }] } }],
  });
  assert.equal((await df.first())?.get(0), 'a');
  assert.deepEqual(root(client.recorded.executed[2]!.plan).limit, { input: wireRelation(df.relation), limit: 1 });
  assert.equal(await df.isEmpty(), true);
  const empty = root(client.recorded.executed[3]!.plan).limit as { input: Record<string, unknown> };
  assert.deepEqual(empty.input.project, { input: wireRelation(df.relation) }, 'isEmpty selects no columns, then limit 1');
  await df.tail(2);
  assert.deepEqual(root(client.recorded.executed[4]!.plan).tail, { input: wireRelation(df.relation), limit: 2 });
  await df.head(3);
  assert.deepEqual(root(client.recorded.executed[5]!.plan).limit, { input: wireRelation(df.relation), limit: 3 });
});

void test('showString/show via ShowString; printSchema via TreeString; explain modes', async () => {
  const table = '+---+\n| id|\n+---+\n|  0|\n+---+\n';
  const written: string[] = [];
  const { spark, client } = fakeSession({
    executions: [[arrowEvent(oneColumn('show_string', [table]))], [arrowEvent(oneColumn('show_string', [table]))]],
    analyze: (b) => (b.treeString ? { treeString: { treeString: 'root\n |-- id: long (nullable = false)\n' } }
      : b.explain ? { explain: { explainString: `== Plan (${b.explain.explainMode}) ==` } } : {}),
  }, (t) => written.push(t));
  const df = spark.range(1);
  assert.equal(await df.showString(5, 10, true), table);
  assert.deepEqual(root(client.recorded.executed[0]!.plan).showString, { input: wireRelation(df.relation), numRows: 5, truncate: 10, vertical: true });
  const mine: string[] = [];
  assert.equal(await df.show(20, false, false, (t) => mine.push(t)), table);
  assert.deepEqual(root(client.recorded.executed[1]!.plan).showString, { input: wireRelation(df.relation), numRows: 20 }, 'truncate=false is 0');
  assert.deepEqual(mine, [table]);
  assert.deepEqual(written, [], 'an explicit writer wins over the session output');
  assert.equal(await df.printSchema(), 'root\n |-- id: long (nullable = false)\n');
  assert.deepEqual(written, ['root\n |-- id: long (nullable = false)\n']);
  assert.equal(await df.explain(), '== Plan (1) ==');
  assert.equal(await df.explain(true), '== Plan (2) ==');
  assert.equal(await df.explain('formatted'), '== Plan (5) ==');
  assert.equal(await df.explain(undefined, 'cost'), '== Plan (4) ==');
  await assert.rejects(df.explain(true, 'cost'), TypeError);
});

void test('schema comes from AnalyzePlan once and is cached; columns and dtypes derive from it', async () => {
  const { spark, client } = fakeSession({
    analyze: () => ({ schema: { schema: { struct: { fields: [{ name: 'id', dataType: { long: {} } }, { name: 'd', dataType: { decimal: { precision: 38, scale: 18 } }, nullable: true }] } } } }),
  });
  const df = spark.range(1);
  const s = await df.schema();
  assert.equal(s.simpleString(), 'struct<id:bigint,d:decimal(38,18)>');
  assert.deepEqual(await df.columns(), ['id', 'd']);
  assert.deepEqual(await df.dtypes(), [['id', 'bigint'], ['d', 'decimal(38,18)']]);
  assert.equal(client.recorded.analyzed.length, 1);
  const typed = df.to(new StructType([new StructField('id', new IntegerType())]));
  assert.equal((await typed.schema()).simpleString(), 'struct<id:int>', 'to(schema) knows its schema without asking');
  assert.equal(client.recorded.analyzed.length, 1);
});

void test('conf: set/get/getAll/unset/isModifiable map to Config operations', async () => {
  const { spark, client } = fakeSession({
    config: (op) => (op.get ? { pairs: [{ key: 'k', value: 'v' }] }
      : op.getWithDefault ? { pairs: [{ key: 'k', value: 'dflt' }] }
        : op.getAll ? { pairs: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }
          : op.isModifiable ? { pairs: [{ key: 'k', value: 'true' }] } : { pairs: [] }),
  });
  await spark.conf.set('spark.sql.ansi.enabled', true);
  await spark.conf.set('spark.sql.shuffle.partitions', 4);
  assert.equal(await spark.conf.get('k'), 'v');
  assert.equal(await spark.conf.get('k', 'dflt'), 'dflt');
  assert.deepEqual(await spark.conf.getAll(), { a: '1', b: '2' });
  await spark.conf.unset('k');
  assert.equal(await spark.conf.isModifiable('k'), true);
  assert.deepEqual(client.recorded.configs.map((o) => wire(proto.connect.ConfigRequest.Operation, 'spark.connect.ConfigRequest.Operation', o)), [
    { set: { pairs: [{ key: 'spark.sql.ansi.enabled', value: 'true' }] } },
    { set: { pairs: [{ key: 'spark.sql.shuffle.partitions', value: '4' }] } },
    { get: { keys: ['k'] } },
    { getWithDefault: { pairs: [{ key: 'k', value: 'dflt' }] } },
    { getAll: {} },
    { unset: { keys: ['k'] } },
    { isModifiable: { keys: ['k'] } },
  ]);
});

void test('read: format, options, schema (DDL or StructType), load/csv/json/parquet/text/table', () => {
  const { spark } = fakeSession();
  const ds = (df: { relation: proto.connect.IRelation }) => (wireRelation(df.relation).read as { dataSource: unknown }).dataSource;
  assert.deepEqual(ds(spark.read.format('csv').option('header', true).option('skip', null).options({ sep: ';', n: 3 }).schema('a INT').load('/p')),
    { format: 'csv', schema: 'a INT', options: { header: 'true', sep: ';', n: '3' }, paths: ['/p'] });
  assert.deepEqual(ds(spark.read.csv(['/a', '/b'], { header: true, schema: 'x STRING' })),
    { format: 'csv', schema: 'x STRING', options: { header: 'true' }, paths: ['/a', '/b'] });
  const st = new StructType([new StructField('a', new IntegerType())]);
  assert.deepEqual(ds(spark.read.schema(st).json('/j')), { format: 'json', schema: st.json(), paths: ['/j'] });
  assert.deepEqual(ds(spark.read.parquet('/x', '/y', { mergeSchema: true })), { format: 'parquet', options: { mergeSchema: 'true' }, paths: ['/x', '/y'] });
  assert.deepEqual(ds(spark.read.text('/t')), { format: 'text', paths: ['/t'] });
  assert.deepEqual(ds(spark.read.orc('/o')), { format: 'orc', paths: ['/o'] });
  assert.deepEqual(wireRelation(spark.read.option('k', 'v').table('db.t').relation).read,
    { namedTable: { unparsedIdentifier: 'db.t', options: { k: 'v' } } });
  assert.deepEqual(wireRelation(spark.table('t').relation).read, { namedTable: { unparsedIdentifier: 't' } });
});

void test('catalog calls run Catalog relations and read the answers by column name', async () => {
  const tables = new Table({
    name: vectorFromArray(['t1']), catalog: vectorFromArray(['spark_catalog']),
    namespace: vectorFromArray([null], new Utf8()), description: vectorFromArray([null], new Utf8()),
    tableType: vectorFromArray(['MANAGED']), isTemporary: vectorFromArray([false]),
  });
  const { spark, client } = fakeSession({
    executions: [[arrowEvent(tables)], [arrowEvent(oneColumn('x', ['default']))], [arrowEvent(new Table({ v: vectorFromArray([true]) }))], []],
  });
  const listed = await spark.catalog.listTables('default', 't*');
  assert.deepEqual(listed, [{ name: 't1', catalog: 'spark_catalog', namespace: null, description: null, tableType: 'MANAGED', isTemporary: false }]);
  assert.equal(await spark.catalog.currentDatabase(), 'default');
  assert.equal(await spark.catalog.tableExists('t1'), true);
  await spark.catalog.setCurrentDatabase('db2');
  const cat = client.recorded.executed.map((e) => root(e.plan).catalog);
  assert.deepEqual(cat, [
    { listTables: { dbName: 'default', pattern: 't*' } },
    { currentDatabase: {} },
    { tableExists: { tableName: 't1' } },
    { setCurrentDatabase: { dbName: 'db2' } },
  ]);
});

void test('createOrReplaceTempView runs a CreateDataFrameViewCommand; cache persists through AnalyzePlan', async () => {
  const { spark, client } = fakeSession();
  const df = spark.range(2);
  await df.createOrReplaceTempView('v');
  assert.deepEqual(command(client.recorded.executed[0]!.plan).createDataframeView,
    { input: wireRelation(df.relation), name: 'v', replace: true });
  await df.cache();
  await df.unpersist(true);
  assert.deepEqual(client.recorded.analyzed.map((b) => Object.keys(b)[0]), ['persist', 'unpersist']);
});
