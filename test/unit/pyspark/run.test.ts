import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table, vectorFromArray, Int64 } from 'apache-arrow';
import { runPySpark } from '../../../src/pyspark/run';
import { PySparkError } from '../../../src/pyspark/run-api';
import { arrowEvent, fakeSession } from '../connect/api-helpers';
import { rejects } from './helpers';

const countEvent = (n: bigint) => arrowEvent(new Table({ 'count(1)': vectorFromArray([n], new Int64()) }));

void test('actions run after the whole source is evaluated, in order, with what each shows', async () => {
  const { spark, client } = fakeSession({ executions: [[countEvent(7n)], [countEvent(7n)]] });
  const src = [
    'from pyspark.sql import functions as F',
    'df = spark.range(10).filter(F.col("id") > 2)',
    'n = df.count()',
    'print(f"rows: {n}")',
    'df.show(5, truncate=False)',
    'df.explain(mode="formatted")',
    'df.count()',
    'df',
  ].join('\n');
  const out = await runPySpark(src, spark);
  assert.deepEqual(out.map((o) => o.kind), ['text', 'dataframe', 'explain', 'value', 'dataframe']);
  assert.equal(out[0]!.kind === 'text' && out[0].text, 'rows: 7');
  assert.deepEqual(out[1]!.kind === 'dataframe' && [out[1].how, out[1].show], ['show', { n: 5, truncate: false, vertical: false }]);
  assert.equal(out[2]!.kind === 'explain' && out[2].mode, 'formatted');
  assert.equal(out[3]!.kind === 'value' && out[3].text, '7', 'the statement-level count() is its own action');
  assert.deepEqual(out[4]!.kind === 'dataframe' && [out[4].how, out[4].span.line], ['expression', 8]);
  assert.equal(client.recorded.executed.length, 2, 'the runner executes only the two counts (show/explain/expression are the caller\'s)');
});

void test('a write runs a WriteOperation with mode, format, options and partitioning', async () => {
  const { spark, client } = fakeSession();
  const out = await runPySpark('df = spark.range(3)\ndf.write.mode("overwrite").partitionBy("id").option("compression", "snappy").parquet("/tmp/out")', spark);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.kind === 'write' && out[0].description, 'wrote parquet to /tmp/out (mode overwrite)');
  const op = client.recorded.executed[0]!.plan.command!.writeOperation!;
  assert.deepEqual([op.source, op.path, op.mode, op.partitioningColumns, op.options], ['parquet', '/tmp/out', 2, ['id'], { compression: 'snappy' }]);
});

void test('a SQL command in spark.sql runs at its place; a query stays lazy', async () => {
  const { spark, client } = fakeSession();
  await runPySpark('spark.sql("CREATE TABLE t (a INT)")\nq = spark.sql("SELECT * FROM t")', spark);
  assert.equal(client.recorded.executed.length, 1);
  assert.equal(client.recorded.executed[0]!.plan.command!.sqlCommand!.input!.sql!.query, 'CREATE TABLE t (a INT)');
});

const REFUSED: Array<[string, string, number, number, RegExp]> = [
  ['python UDF decorator', 'x = 1\n@udf("int")\ndef f(v): return v', 2, 1, /Python UDFs/],
  ['udf call', 'from pyspark.sql.functions import udf\nf = udf(lambda v: v)', 2, 5, /Python UDFs/],
  ['toPandas', 'df = spark.range(1)\npdf = df.toPandas()', 2, 10, /toPandas/],
  ['rdd', 'df = spark.range(1)\nr = df.rdd.map(lambda x: x)', 2, 8, /RDD/],
  ['open()', 'with_data = 1\nf = open("data.csv")', 2, 5, /local file/],
  ['import of a library', 'import pandas as pd', 1, 8, /pandas/],
  ['try statement', 'i = 0\ntry:\n    i += 1\nexcept Exception:\n    pass', 2, 1, /try statement/],
  ['sparkContext', 'sc = spark.sparkContext', 1, 12, /sparkContext/],
];

for (const [what, src, line, column, message] of REFUSED) {
  void test(`refuses ${what} at its line and column, before anything is sent`, async () => {
    await rejects(src, 'unsupported', line, column, message);
  });
}

void test('a refusal late in the source means nothing earlier runs', async () => {
  const { spark, client } = fakeSession();
  await assert.rejects(runPySpark('df = spark.range(3)\ndf.count()\ndf.write.saveAsTable("t")\nx = df.toPandas()', spark), (e: unknown) => {
    assert.ok(e instanceof PySparkError);
    assert.equal(e.span.line, 4);
    return true;
  });
  assert.equal(client.recorded.executed.length, 0);
});

void test('a for loop over collect() and an if on count() run in the run phase, in order, with the values they need', async () => {
  const rows = arrowEvent(new Table({ id: vectorFromArray([1n, 2n], new Int64()) }));
  const { spark, client } = fakeSession({ executions: [[countEvent(2n)], [rows]] });
  const src = [
    'df = spark.range(2)',
    'print("start")',
    'if df.count() > 0:',
    '    print("has rows")',
    'total = 0',
    'for r in df.collect():',
    '    print(r.id, r["id"] * 10)',
    '    total += r.id',
    'print("total", total)',
  ].join('\n');
  const out = await runPySpark(src, spark);
  assert.deepEqual(out.map((o) => (o.kind === 'text' ? o.text : o.kind)), ['start', 'has rows', '1 10', '2 20', 'total 3']);
  assert.equal(client.recorded.executed.length, 2, 'count() and collect() each ran once');
});

void test('a refused construct inside a loop over an action is still refused before anything runs', async () => {
  const { spark, client } = fakeSession();
  await assert.rejects(runPySpark('df = spark.range(2)\ndf.count()\nfor r in df.collect():\n    x = df.toPandas()', spark),
    (e: unknown) => e instanceof PySparkError && e.span.line === 4 && e.span.column === 12);
  assert.equal(client.recorded.executed.length, 0);
});

void test('a comprehension over collect() and an assert on count() wait for the run phase', async () => {
  const rows = arrowEvent(new Table({ id: vectorFromArray([3n, 4n], new Int64()) }));
  const { spark } = fakeSession({ executions: [[rows], [countEvent(2n)], [countEvent(2n)], [countEvent(2n)]] });
  const src = 'df = spark.range(2)\nids = [r.id * 2 for r in df.collect()]\nprint(ids, len(ids))\nassert df.count() == 2, "two rows"\nassert df.count() == 5, f"expected 5, got {df.count()}"';
  await assert.rejects(runPySpark(src, spark), (e: unknown) => e instanceof PySparkError && /AssertionError: expected 5, got 2/.test(e.message) && e.span.line === 5);
  const ok = await runPySpark('df = spark.range(2)\nids = [r.id * 2 for r in df.collect()]\nprint(ids, len(ids))', fakeSession({ executions: [[rows]] }).spark);
  assert.deepEqual(ok.map((o) => o.kind === 'text' && o.text), ['[6, 8] 2']);
});

void test('code whose plan needs an action value runs from there on in the run phase; refusals after it still stop everything first', async () => {
  const rows = arrowEvent(new Table({ id: vectorFromArray([3n, 4n], new Int64()) }));
  const { spark, client } = fakeSession({ executions: [[rows]] });
  const src = 'from pyspark.sql import functions as F\ndf = spark.range(5)\nkeys = [r.id for r in df.collect()]\nout = df.filter(F.col("id").isin(keys))\nout.show()\nprint("done", len(keys))';
  const out = await runPySpark(src, spark);
  assert.deepEqual(out.map((o) => o.kind), ['dataframe', 'text']);
  const shown = out[0]!.kind === 'dataframe' ? out[0].df : undefined;
  const cond = shown?.relation.filter?.condition?.unresolvedFunction;
  assert.equal(cond?.functionName, 'in');
  assert.deepEqual(cond?.arguments?.slice(1).map((a) => a.literal?.long ?? a.literal?.integer), [3, 4]);
  assert.equal(out[1]!.kind === 'text' && out[1].text, 'done 2');
  assert.equal(client.recorded.executed.length, 1);
  const { spark: s2, client: c2 } = fakeSession({ executions: [[rows]] });
  await assert.rejects(runPySpark(src + '\npdf = out.toPandas()', s2), (e: unknown) => e instanceof PySparkError && e.phase === 'unsupported' && e.span.line === 7);
  assert.equal(c2.recorded.executed.length, 0);
});

void test('an unknown DataFrame method is refused by name at its position', async () => {
  await rejects('df = spark.range(1)\ndf.writeTo("t").createOrReplace()', 'unsupported', 2, 4, /writeTo\(\) is not a DataFrame or Column method/);
});

void test('skipActionsBefore: the dependency code\'s actions are evaluated but nothing is sent for them; what it needs still runs', async () => {
  const { spark, client } = fakeSession({ executions: [[], [countEvent(3n)]] });
  const src = [
    'from pyspark.sql import functions as F',
    'df = spark.range(3)',
    'for c in ["a", "b"]:',
    '    df = df.withColumn(c, F.lit(1))',
    '    df.show()',
    '    print(df.count())',
    '    df.write.mode("overwrite").saveAsTable("t")',
    'spark.sql("CREATE OR REPLACE TEMP VIEW v AS SELECT 1")',
    'n = df.count()',
    'df.explain()',
    'print(n)',
  ].join('\n');
  const out = await runPySpark(src, spark, { skipActionsBefore: src.indexOf('print(n)') });
  assert.deepEqual(out.map((o) => [o.kind, o.kind === 'text' ? o.text : undefined]), [['text', '3']]);
  // The temp view (a command the code after it may name) and the count print(n) reads: nothing else.
  assert.equal(client.recorded.executed.length, 2);
  assert.equal(client.recorded.executed[0]!.plan.command!.sqlCommand!.input!.sql!.query, 'CREATE OR REPLACE TEMP VIEW v AS SELECT 1');
  assert.ok(client.recorded.executed[1]!.plan.root!.aggregate, 'the count print(n) needs');
});

void test('skipActionsBefore: a statement that waits for an action value runs, its own shows and prints do not', async () => {
  const rows = arrowEvent(new Table({ id: vectorFromArray([1n, 2n], new Int64()) }));
  const { spark, client } = fakeSession({ executions: [[rows]] });
  const src = [
    'df = spark.range(2)',
    'names = []',
    'for r in df.collect():',
    '    print(r.id)',
    '    df.show()',
    '    names.append(f"c{r.id}")',
    'print(names)',
  ].join('\n');
  const out = await runPySpark(src, spark, { skipActionsBefore: src.indexOf('print(names)') });
  assert.deepEqual(out.map((o) => o.kind === 'text' && o.text), ["['c1', 'c2']"]);
  assert.equal(client.recorded.executed.length, 1, 'only the collect() the loop iterates');
});

void test('a bare value ending the code is shown, with the action values inside it resolved; None and earlier bare values are not', async () => {
  const { spark } = fakeSession({ executions: [[countEvent(4n)], [countEvent(5n)]] });
  const out = await runPySpark('df = spark.range(4)\n(1, 2)\nx = None\n(df.count(), spark.range(5).count() == 5, "s")', spark);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.kind === 'value' && out[0].text, "(4, True, 's')");
  const none = await runPySpark('x = None\nx', fakeSession().spark);
  assert.deepEqual(none, []);
});

void test('round() of an action value waits for the value (it was NaN)', async () => {
  const { spark } = fakeSession({ executions: [[countEvent(4n)]] });
  const out = await runPySpark('df = spark.range(4)\nr = round(df.count() / 3, 2)\nprint(r)', spark);
  assert.deepEqual(out.map((o) => o.kind === 'text' && o.text), ['1.33']);
});
