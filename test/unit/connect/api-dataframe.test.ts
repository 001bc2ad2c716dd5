import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as F from '../../../src/connect/functions';
import { StructField, StructType, LongType } from '../../../src/connect/data-types';
import { body, fakeSession, wireRelation } from './api-helpers';

const attr = (name: string, planId?: number) => ({
  unresolvedAttribute: planId === undefined ? { unparsedIdentifier: name } : { unparsedIdentifier: name, planId: String(planId) },
});
const fnCall = (name: string, ...args: unknown[]) => ({ unresolvedFunction: args.length > 0 ? { functionName: name, arguments: args } : { functionName: name } });
const lit = (l: Record<string, unknown>) => ({ literal: l });

void test('every operation gets a fresh, increasing plan id; df.col() carries it', () => {
  const { spark } = fakeSession();
  const a = spark.range(10);
  const b = a.filter('id > 1');
  assert.ok(b.planId > a.planId);
  assert.equal(wireRelation(b.relation).common && (wireRelation(b.relation).common as { planId: string }).planId, String(b.planId));
  assert.deepEqual(body(b.relation), { filter: { input: wireRelation(a.relation), condition: { expressionString: { expression: 'id > 1' } } } });
  // The child keeps its own id inside the parent: this is how df.col() resolves in self-joins.
  assert.deepEqual((body(b.relation).filter as { input: { common: unknown } }).input.common, { planId: String(a.planId) });
  assert.deepEqual(wireRelation(a.relation).range, { start: '0', end: '10', step: '1' });
  assert.deepEqual(F.col('x').expr, { unresolvedAttribute: { unparsedIdentifier: 'x' } });
  assert.deepEqual(a.col('id').expr, { unresolvedAttribute: { unparsedIdentifier: 'id', planId: a.planId } });
  assert.deepEqual(a.col('*').expr, { unresolvedStar: { planId: a.planId } });
});

void test('range forms: range(end), range(start, end, step, numPartitions), bigint bounds exact', () => {
  const { spark } = fakeSession();
  assert.deepEqual(wireRelation(spark.range(1, 100, 7, 3).relation).range, { start: '1', end: '100', step: '7', numPartitions: 3 });
  assert.deepEqual(wireRelation(spark.range(9007199254740993n, 9007199254740999n).relation).range,
    { start: '9007199254740993', end: '9007199254740999', step: '1' });
});

void test('select, selectExpr, where with a Column, withColumn(s), renames (both encodings), drop, toDF', () => {
  const { spark } = fakeSession();
  const df = spark.range(3);
  const input = wireRelation(df.relation);
  assert.deepEqual(body(df.select('id', F.col('id').plus(1).alias('n')).relation), {
    project: { input, expressions: [attr('id'), { alias: { expr: fnCall('+', attr('id'), lit({ integer: 1 })), name: ['n'] } }] },
  });
  assert.deepEqual(body(df.select(['id', 'id']).relation), { project: { input, expressions: [attr('id'), attr('id')] } });
  assert.deepEqual(body(df.selectExpr('id * 2 AS d', 'id').relation), {
    project: { input, expressions: [{ expressionString: { expression: 'id * 2 AS d' } }, { expressionString: { expression: 'id' } }] },
  });
  assert.deepEqual(body(df.where(F.col('id').gt(0)).relation), { filter: { input, condition: fnCall('>', attr('id'), lit({ integer: 0 })) } });
  assert.deepEqual(body(df.withColumn('x', F.lit(1)).relation), { withColumns: { input, aliases: [{ expr: lit({ integer: 1 }), name: ['x'] }] } });
  assert.deepEqual(body(df.withColumns({ x: F.lit(1), y: F.col('id') }).relation),
    { withColumns: { input, aliases: [{ expr: lit({ integer: 1 }), name: ['x'] }, { expr: attr('id'), name: ['y'] }] } });
  assert.deepEqual(body(df.withColumnRenamed('id', 'k').relation),
    { withColumnsRenamed: { input, renameColumnsMap: { id: 'k' }, renames: [{ colName: 'id', newColName: 'k' }] } });
  assert.deepEqual(body(df.drop('a', F.col('b')).relation), { drop: { input, columns: [attr('b')], columnNames: ['a'] } });
  assert.deepEqual(body(df.toDF('a').relation), { toDf: { input, columnNames: ['a'] } });
  assert.deepEqual(body(df.alias('t').relation), { subqueryAlias: { input, alias: 't' } });
});

void test('orderBy/sort: names ascend, Columns keep their order, ascending option (one or per column)', () => {
  const { spark } = fakeSession();
  const df = spark.range(3);
  const asc = (n: string) => ({ child: attr(n), direction: 'SORT_DIRECTION_ASCENDING', nullOrdering: 'SORT_NULLS_FIRST' });
  const desc = (n: string) => ({ child: attr(n), direction: 'SORT_DIRECTION_DESCENDING', nullOrdering: 'SORT_NULLS_LAST' });
  assert.deepEqual((body(df.orderBy('a', F.col('b').desc()).relation).sort as { order: unknown }).order, [asc('a'), desc('b')]);
  assert.deepEqual(body(df.sort(['a', 'b'], { ascending: false }).relation).sort, { input: wireRelation(df.relation), order: [desc('a'), desc('b')], isGlobal: true });
  assert.deepEqual((body(df.orderBy('a', 'b', { ascending: [true, false] }).relation).sort as { order: unknown }).order, [asc('a'), desc('b')]);
  assert.equal((body(df.sortWithinPartitions('a').relation).sort as { isGlobal: boolean }).isGlobal, false);
  assert.throws(() => df.orderBy(), TypeError);
});

void test('limit, offset, tail plan, distinct, dropDuplicates, sample, randomSplit, hint, repartition', () => {
  const { spark } = fakeSession();
  const df = spark.range(3);
  const input = wireRelation(df.relation);
  // proto3 drops zero and false scalars that are not `optional`, so they do not appear below.
  assert.deepEqual(body(df.limit(5).relation), { limit: { input, limit: 5 } });
  assert.deepEqual(body(df.offset(2).relation), { offset: { input, offset: 2 } });
  assert.deepEqual(body(df.distinct().relation), { deduplicate: { input, allColumnsAsKeys: true } });
  assert.deepEqual(body(df.dropDuplicates(['a']).relation), { deduplicate: { input, columnNames: ['a'] } });
  assert.deepEqual(body(df.sample(0.5, 42).relation), { sample: { input, upperBound: 0.5, withReplacement: false, seed: '42' } });
  assert.deepEqual(body(df.sample(true, 0.3, 7).relation), { sample: { input, upperBound: 0.3, withReplacement: true, seed: '7' } });
  assert.deepEqual(body(df.sample({ fraction: 0.1, seed: 1 }).relation).sample, { input, upperBound: 0.1, withReplacement: false, seed: '1' });
  const [s1, s2] = df.randomSplit([1, 3], 9);
  assert.deepEqual(body(s1!.relation).sample, { input, upperBound: 0.25, withReplacement: false, seed: '9', deterministicOrder: true });
  assert.deepEqual(body(s2!.relation).sample, { input, lowerBound: 0.25, upperBound: 1, withReplacement: false, seed: '9', deterministicOrder: true });
  assert.deepEqual(body(F.broadcast(df).relation), { hint: { input, name: 'broadcast' } });
  assert.deepEqual(body(df.hint('repartition', 4, 'a').relation), { hint: { input, name: 'repartition', parameters: [lit({ integer: 4 }), lit({ string: 'a' })] } });
  assert.deepEqual(body(df.repartition(4).relation), { repartition: { input, numPartitions: 4, shuffle: true } });
  assert.deepEqual(body(df.coalesce(1).relation), { repartition: { input, numPartitions: 1, shuffle: false } });
  assert.deepEqual(body(df.repartition(4, 'a').relation), { repartitionByExpression: { input, partitionExprs: [attr('a')], numPartitions: 4 } });
  assert.deepEqual(body(df.repartition('a').relation), { repartitionByExpression: { input, partitionExprs: [attr('a')] } });
});

void test('join: on forms and every PySpark join type name', () => {
  const { spark } = fakeSession();
  const l = spark.range(3);
  const r = spark.range(4);
  const j = (on?: Parameters<typeof l.join>[1], how?: string) => body(l.join(r, on, how).relation).join as Record<string, unknown>;
  assert.deepEqual(j('id'), { left: wireRelation(l.relation), right: wireRelation(r.relation), usingColumns: ['id'], joinType: 'JOIN_TYPE_INNER' });
  assert.deepEqual(j(['a', 'b'], 'left').usingColumns, ['a', 'b']);
  assert.deepEqual(j(l.col('id').eq(r.col('id'))).joinCondition,
    fnCall('==', attr('id', l.planId), attr('id', r.planId)));
  assert.deepEqual(j([F.col('a').eq(F.col('b')), F.col('c').eq(1)]).joinCondition,
    fnCall('and', fnCall('==', attr('a'), attr('b')), fnCall('==', attr('c'), lit({ integer: 1 }))));
  const types: Record<string, string> = {
    inner: 'INNER', cross: 'CROSS', outer: 'FULL_OUTER', full: 'FULL_OUTER', fullouter: 'FULL_OUTER', full_outer: 'FULL_OUTER',
    left: 'LEFT_OUTER', leftouter: 'LEFT_OUTER', left_outer: 'LEFT_OUTER', right: 'RIGHT_OUTER', rightouter: 'RIGHT_OUTER',
    right_outer: 'RIGHT_OUTER', semi: 'LEFT_SEMI', leftsemi: 'LEFT_SEMI', left_semi: 'LEFT_SEMI', anti: 'LEFT_ANTI',
    leftanti: 'LEFT_ANTI', left_anti: 'LEFT_ANTI', LEFT_OUTER: 'LEFT_OUTER', FullOuter: 'FULL_OUTER',
  };
  for (const [how, want] of Object.entries(types)) assert.equal(j('id', how).joinType, `JOIN_TYPE_${want}`, how);
  assert.throws(() => l.join(r, 'id', 'sideways'), /Unsupported join type 'sideways'/);
  assert.deepEqual(body(l.crossJoin(r).relation).join, { left: wireRelation(l.relation), right: wireRelation(r.relation), joinType: 'JOIN_TYPE_CROSS' });
});

void test('set operations as PySpark sends them', () => {
  const { spark } = fakeSession();
  const l = spark.range(3);
  const r = spark.range(4);
  const op = (rel: typeof l) => body(rel.relation).setOp as Record<string, unknown>;
  const base = { leftInput: wireRelation(l.relation), rightInput: wireRelation(r.relation) };
  assert.deepEqual(op(l.union(r)), { ...base, setOpType: 'SET_OP_TYPE_UNION', isAll: true, byName: false, allowMissingColumns: false });
  assert.deepEqual(op(l.unionAll(r)), op(l.union(r)));
  assert.deepEqual(op(l.unionByName(r, true)), { ...base, setOpType: 'SET_OP_TYPE_UNION', isAll: true, byName: true, allowMissingColumns: true });
  assert.deepEqual(op(l.intersect(r)), { ...base, setOpType: 'SET_OP_TYPE_INTERSECT', isAll: false, byName: false, allowMissingColumns: false });
  assert.deepEqual(op(l.intersectAll(r)).isAll, true);
  assert.deepEqual(op(l.subtract(r)), { ...base, setOpType: 'SET_OP_TYPE_EXCEPT', isAll: false, byName: false, allowMissingColumns: false });
  assert.deepEqual(op(l.exceptAll(r)).isAll, true);
});

void test('groupBy/agg, dict agg, count, shortcuts, pivot, rollup, cube, groupingSets', async () => {
  const { spark, client } = fakeSession({
    analyze: () => ({ schema: { schema: { struct: { fields: [
      { name: 'k', dataType: { string: {} }, nullable: true },
      { name: 'v', dataType: { long: {} }, nullable: true },
      { name: 'w', dataType: { double: {} }, nullable: true },
    ] } } } }),
  });
  const df = spark.range(3);
  const input = wireRelation(df.relation);
  const agg = (rel: typeof df) => body(rel.relation).aggregate as Record<string, unknown>;
  assert.deepEqual(agg(df.groupBy('k').agg(F.max('v'))), {
    input, groupType: 'GROUP_TYPE_GROUPBY', groupingExpressions: [attr('k')], aggregateExpressions: [fnCall('max', attr('v'))],
  });
  assert.deepEqual(agg(df.groupBy(['k']).agg({ v: 'sum', w: 'avg' })).aggregateExpressions, [fnCall('sum', attr('v')), fnCall('avg', attr('w'))]);
  assert.deepEqual(agg(df.agg(F.count('*'))), { input, groupType: 'GROUP_TYPE_GROUPBY', aggregateExpressions: [fnCall('count', { unresolvedStar: {} })] });
  assert.deepEqual(agg(df.groupBy('k').count()).aggregateExpressions, [{ alias: { expr: fnCall('count', lit({ integer: 1 })), name: ['count'] } }]);
  assert.deepEqual(agg(df.groupBy('k').sum('v', 'w')).aggregateExpressions, [fnCall('sum', attr('v')), fnCall('sum', attr('w'))]);
  assert.deepEqual(agg(df.groupBy('k').mean('v')).aggregateExpressions, [fnCall('avg', attr('v'))]);
  // Without names the numeric columns come from the schema, as in PySpark.
  assert.deepEqual(agg(await df.groupBy('k').max()).aggregateExpressions, [fnCall('max', attr('v')), fnCall('max', attr('w'))]);
  assert.equal(client.recorded.analyzed.length, 1);
  const piv = agg(df.groupBy('k').pivot('p', ['a', 'b']).agg(F.sum('v')));
  assert.equal(piv.groupType, 'GROUP_TYPE_PIVOT');
  assert.deepEqual(piv.pivot, { col: attr('p', df.planId), values: [{ string: 'a' }, { string: 'b' }] });
  assert.equal(agg(df.rollup('k').count()).groupType, 'GROUP_TYPE_ROLLUP');
  assert.equal(agg(df.cube('k').count()).groupType, 'GROUP_TYPE_CUBE');
  assert.deepEqual(agg(df.groupingSets([['a'], ['a', 'b']], 'a', 'b').agg(F.count('*'))).groupingSets,
    [{ groupingSet: [attr('a')] }, { groupingSet: [attr('a'), attr('b')] }]);
  assert.throws(() => df.rollup('k').pivot('p'), TypeError);
});

void test('describe, summary, na.fill/drop/replace, stat relations', () => {
  const { spark } = fakeSession();
  const df = spark.range(3);
  const input = wireRelation(df.relation);
  assert.deepEqual(body(df.describe('a', 'b').relation), { describe: { input, cols: ['a', 'b'] } });
  assert.deepEqual(body(df.describe(['a']).relation), { describe: { input, cols: ['a'] } });
  assert.deepEqual(body(df.summary('count', 'max').relation), { summary: { input, statistics: ['count', 'max'] } });
  assert.deepEqual(body(df.na.fill(0).relation), { fillNa: { input, values: [{ long: '0' }] } });
  assert.deepEqual(body(df.na.fill(1.5, ['a']).relation), { fillNa: { input, cols: ['a'], values: [{ double: 1.5 }] } });
  assert.deepEqual(body(df.fillna({ a: 'x', b: true }).relation), { fillNa: { input, cols: ['a', 'b'], values: [{ string: 'x' }, { boolean: true }] } });
  assert.deepEqual(body(df.na.drop().relation), { dropNa: { input } });
  assert.deepEqual(body(df.na.drop('all').relation), { dropNa: { input, minNonNulls: 1 } });
  assert.deepEqual(body(df.dropna('any', 2, 'a').relation), { dropNa: { input, cols: ['a'], minNonNulls: 2 } });
  assert.deepEqual(body(df.na.replace([1, 2], 3).relation),
    { replace: { input, replacements: [{ oldValue: { double: 1 }, newValue: { double: 3 } }, { oldValue: { double: 2 }, newValue: { double: 3 } }] } });
  assert.deepEqual(body(df.replace({ a: 'b' }, undefined, ['c']).relation),
    { replace: { input, cols: ['c'], replacements: [{ oldValue: { string: 'a' }, newValue: { string: 'b' } }] } });
  assert.deepEqual(body(df.na.replace('a', null).relation),
    { replace: { input, replacements: [{ oldValue: { string: 'a' }, newValue: { null: { null: {} } } }] } });
  assert.throws(() => df.na.replace([1, 'a'], 2), TypeError);
  assert.deepEqual(body(df.stat.crosstab('a', 'b').relation), { crosstab: { input, col1: 'a', col2: 'b' } });
  assert.deepEqual(body(df.stat.freqItems(['a']).relation), { freqItems: { input, cols: ['a'], support: 0.01 } });
  assert.deepEqual(body(df.stat.sampleBy('k', new Map([[1, 0.5]]), 3).relation),
    { sampleBy: { input, col: attr('k'), fractions: [{ stratum: { integer: 1 }, fraction: 0.5 }], seed: '3' } });
});

void test('unpivot, transpose, to(schema), withWatermark, metadataColumn, colRegex', () => {
  const { spark } = fakeSession();
  const df = spark.range(3);
  const input = wireRelation(df.relation);
  assert.deepEqual(body(df.unpivot('id', ['a', 'b'], 'var', 'val').relation),
    { unpivot: { input, ids: [attr('id')], values: { values: [attr('a'), attr('b')] }, variableColumnName: 'var', valueColumnName: 'val' } });
  assert.deepEqual(body(df.melt(['id'], null, 'var', 'val').relation),
    { unpivot: { input, ids: [attr('id')], variableColumnName: 'var', valueColumnName: 'val' } });
  assert.deepEqual(body(df.transpose('id').relation), { transpose: { input, indexColumns: [attr('id')] } });
  const schema = new StructType([new StructField('id', new LongType(), false)]);
  assert.deepEqual(body(df.to(schema).relation),
    { toSchema: { input, schema: { struct: { fields: [{ name: 'id', dataType: { long: {} } }] } } } }); // nullable=false is proto3's default
  assert.deepEqual(body(df.withWatermark('t', '1 minute').relation), { withWatermark: { input, eventTime: 't', delayThreshold: '1 minute' } });
  assert.deepEqual(df.metadataColumn('_metadata').expr, { unresolvedAttribute: { unparsedIdentifier: '_metadata', planId: df.planId, isMetadataColumn: true } });
  assert.deepEqual(df.colRegex('`a.*`').expr, { unresolvedRegex: { colName: '`a.*`', planId: df.planId } });
});
