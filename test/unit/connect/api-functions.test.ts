import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as F from '../../../src/connect/functions';
import { Column } from '../../../src/connect/column';
import { StructField, StructType, IntegerType } from '../../../src/connect/data-types';
import { fakeSession, wireExpr } from './api-helpers';

const attr = (name: string) => ({ unresolvedAttribute: { unparsedIdentifier: name } });
const fnCall = (name: string, ...args: unknown[]) => ({ unresolvedFunction: args.length > 0 ? { functionName: name, arguments: args } : { functionName: name } });
const lit = (l: Record<string, unknown>) => ({ literal: l });
const s = (v: string) => lit({ string: v });
const i = (v: number) => lit({ integer: v });
const w = (c: Column) => wireExpr(c.expr);

void test('aggregates: plain, distinct, with literal options', () => {
  assert.deepEqual(w(F.count('x')), fnCall('count', attr('x')));
  assert.deepEqual(w(F.countDistinct('a', F.col('b'))), { unresolvedFunction: { functionName: 'count', arguments: [attr('a'), attr('b')], isDistinct: true } });
  assert.deepEqual(w(F.sum_distinct('a')), { unresolvedFunction: { functionName: 'sum', arguments: [attr('a')], isDistinct: true } });
  assert.deepEqual(w(F.approx_count_distinct('a', 0.05)), fnCall('approx_count_distinct', attr('a'), lit({ double: 0.05 })));
  assert.deepEqual(w(F.first('a')), fnCall('first', attr('a'), lit({ boolean: false })));
  assert.deepEqual(w(F.last('a', true)), fnCall('last', attr('a'), lit({ boolean: true })));
  assert.deepEqual(w(F.mean('a')), fnCall('avg', attr('a')));
  assert.deepEqual(w(F.percentile_approx('a', [0.25, 0.75])),
    fnCall('percentile_approx', attr('a'), fnCall('array', lit({ double: 0.25 }), lit({ double: 0.75 })), i(10000)));
  for (const f of [F.avg, F.min, F.max, F.collect_list, F.collect_set, F.stddev, F.variance, F.skewness, F.kurtosis]) {
    assert.deepEqual(w(f('a')), fnCall(f.name, attr('a')), f.name);
  }
});

void test('window functions and their literal arguments', () => {
  assert.deepEqual(w(F.rank()), fnCall('rank'));
  assert.deepEqual(w(F.dense_rank()), fnCall('dense_rank'));
  assert.deepEqual(w(F.row_number()), fnCall('row_number'));
  assert.deepEqual(w(F.percent_rank()), fnCall('percent_rank'));
  assert.deepEqual(w(F.cume_dist()), fnCall('cume_dist'));
  assert.deepEqual(w(F.ntile(4)), fnCall('ntile', i(4)));
  assert.deepEqual(w(F.lag('a', 2, 0)), fnCall('lag', attr('a'), i(2), i(0)));
  assert.deepEqual(w(F.lead('a')), fnCall('lead', attr('a'), i(1)));
  assert.deepEqual(w(F.nth_value('a', 2)), fnCall('nth_value', attr('a'), i(2), lit({ boolean: false })));
});

void test('string functions: values are literals where PySpark takes str values, names where it takes columns', () => {
  assert.deepEqual(w(F.concat_ws('-', 'a', 'b')), fnCall('concat_ws', s('-'), attr('a'), attr('b')));
  assert.deepEqual(w(F.substring('a', 2, 3)), fnCall('substring', attr('a'), i(2), i(3)));
  assert.deepEqual(w(F.regexp_replace('a', '\\d+', '#')), fnCall('regexp_replace', attr('a'), s('\\d+'), s('#')));
  assert.deepEqual(w(F.regexp_extract('a', '(x)', 1)), fnCall('regexp_extract', attr('a'), s('(x)'), i(1)));
  assert.deepEqual(w(F.split('a', ',')), fnCall('split', attr('a'), s(','), i(-1)));
  assert.deepEqual(w(F.trim('a')), fnCall('trim', attr('a')));
  assert.deepEqual(w(F.trim('a', F.lit('x'))), fnCall('trim', s('x'), attr('a')), 'trim chars go first, as Spark expects');
  assert.deepEqual(w(F.lpad('a', 5, '0')), fnCall('lpad', attr('a'), i(5), s('0')));
  assert.deepEqual(w(F.upper('a')), fnCall('upper', attr('a')));
  assert.deepEqual(w(F.length('a')), fnCall('length', attr('a')));
  assert.deepEqual(w(F.concat('a', F.lit('!'))), fnCall('concat', attr('a'), s('!')));
  assert.deepEqual(w(F.sha2('a', 256)), fnCall('sha2', attr('a'), i(256)));
  assert.throws(() => F.sha2('a', 7 as 256), RangeError);
});

void test('date/time, math and null functions', () => {
  assert.deepEqual(w(F.date_format('d', 'yyyy')), fnCall('date_format', attr('d'), s('yyyy')));
  assert.deepEqual(w(F.to_date('d')), fnCall('to_date', attr('d')));
  assert.deepEqual(w(F.to_timestamp('d', 'yyyy-MM-dd')), fnCall('to_timestamp', attr('d'), s('yyyy-MM-dd')));
  assert.deepEqual(w(F.date_add('d', 3)), fnCall('date_add', attr('d'), i(3)));
  assert.deepEqual(w(F.date_add('d', 'n')), fnCall('date_add', attr('d'), attr('n')));
  assert.deepEqual(w(F.datediff('a', 'b')), fnCall('datediff', attr('a'), attr('b')));
  assert.deepEqual(w(F.date_trunc('month', 't')), fnCall('date_trunc', s('month'), attr('t')));
  assert.deepEqual(w(F.current_date()), fnCall('current_date'));
  assert.deepEqual(w(F.year('d')), fnCall('year', attr('d')));
  assert.deepEqual(w(F.round('x')), fnCall('round', attr('x')));
  assert.deepEqual(w(F.round('x', 2)), fnCall('round', attr('x'), i(2)));
  assert.deepEqual(w(F.pow('x', 2)), fnCall('power', attr('x'), i(2)));
  assert.deepEqual(w(F.log('x')), fnCall('ln', attr('x')));
  assert.deepEqual(w(F.log(10, 'x')), fnCall('log', i(10), attr('x')));
  assert.deepEqual(w(F.abs('x')), fnCall('abs', attr('x')));
  assert.deepEqual(w(F.rand(7)), fnCall('rand', i(7)));
  assert.deepEqual(w(F.coalesce('a', 'b')), fnCall('coalesce', attr('a'), attr('b')));
  assert.deepEqual(w(F.isnull('a')), fnCall('isnull', attr('a')));
  assert.throws(() => F.greatest('a'), TypeError);
});

void test('collections: array/struct/map builders, explode, element access, JSON', () => {
  assert.deepEqual(w(F.array('a', 'b')), fnCall('array', attr('a'), attr('b')));
  assert.deepEqual(w(F.array(['a', 'b'])), fnCall('array', attr('a'), attr('b')));
  assert.deepEqual(w(F.struct('a', F.col('b').alias('c'))), fnCall('struct', attr('a'), { alias: { expr: attr('b'), name: ['c'] } }));
  assert.deepEqual(w(F.create_map(F.lit('k'), 'v')), fnCall('map', s('k'), attr('v')));
  assert.deepEqual(w(F.map(F.lit('k'), 'v')), w(F.create_map(F.lit('k'), 'v')));
  assert.deepEqual(w(F.explode('a')), fnCall('explode', attr('a')));
  assert.deepEqual(w(F.posexplode('a')), fnCall('posexplode', attr('a')));
  assert.deepEqual(w(F.array_contains('a', 3)), fnCall('array_contains', attr('a'), i(3)));
  assert.deepEqual(w(F.element_at('m', 'k')), fnCall('element_at', attr('m'), s('k')));
  const schema = new StructType([new StructField('x', new IntegerType())]);
  assert.deepEqual(w(F.from_json('j', schema)), fnCall('from_json', attr('j'), s(schema.json())));
  assert.deepEqual(w(F.from_json('j', 'x INT', { mode: 'FAILFAST' })),
    fnCall('from_json', attr('j'), s('x INT'), fnCall('map', s('mode'), s('FAILFAST'))));
});

void test('higher-order functions send lambdas with fresh variable names', () => {
  const e = w(F.transform('xs', (x) => x.plus(1))) as { unresolvedFunction: { arguments: Array<Record<string, unknown>> } };
  const [arg, lambda] = e.unresolvedFunction.arguments;
  assert.deepEqual(arg, attr('xs'));
  const lf = lambda!.lambdaFunction as { function: unknown; arguments: Array<{ nameParts: string[] }> };
  const name = lf.arguments[0]!.nameParts[0]!;
  assert.match(name, /^x_\d+$/);
  assert.deepEqual(lf.function, fnCall('+', { unresolvedNamedLambdaVariable: { nameParts: [name] } }, i(1)));
  const agg = w(F.aggregate('xs', F.lit(0), (acc, x) => acc.plus(x))) as { unresolvedFunction: { arguments: Array<Record<string, unknown>> } };
  const vars = (agg.unresolvedFunction.arguments[2]!.lambdaFunction as { arguments: Array<{ nameParts: string[] }> }).arguments;
  assert.equal(vars.length, 2);
  assert.notEqual(vars[0]!.nameParts[0], vars[1]!.nameParts[0]);
  assert.throws(() => F.transform('xs', (() => F.lit(1)) as unknown as (x: Column) => Column), /1 to 3 parameters/);
});

void test('call_function, call_udf and fn reach any function by name', () => {
  assert.deepEqual(w(F.call_function('my_db.f', 'a', F.lit(1))), { callFunction: { functionName: 'my_db.f', arguments: [attr('a'), i(1)] } });
  assert.deepEqual(w(F.call_udf('u', 'a')), fnCall('u', attr('a')));
  assert.deepEqual(w(F.fn('date_add', F.col('d'), 3)), fnCall('date_add', attr('d'), i(3)));
  assert.deepEqual(w(F.fn('concat', 'x', F.col('y'))), fnCall('concat', s('x'), attr('y')), 'fn: strings are literals');
});

void test('broadcast marks the DataFrame with a broadcast hint', () => {
  const { spark } = fakeSession();
  const df = spark.range(1);
  assert.deepEqual(F.broadcast(df).relation.hint, { input: df.relation, name: 'broadcast', parameters: [] });
});
