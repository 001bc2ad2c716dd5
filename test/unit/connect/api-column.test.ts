import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as F from '../../../src/connect/functions';
import { Column } from '../../../src/connect/column';
import { DecimalType, IntegerType } from '../../../src/connect/data-types';
import { Timestamp } from '../../../src/connect/timestamp';
import { Window } from '../../../src/connect/window';
import { wireExpr } from './api-helpers';

const attr = (name: string) => ({ unresolvedAttribute: { unparsedIdentifier: name } });
// Empty repeated fields do not appear after decoding, so a call without arguments has none listed.
const fnCall = (name: string, ...args: unknown[]) => ({ unresolvedFunction: args.length > 0 ? { functionName: name, arguments: args } : { functionName: name } });
const litOf = (l: Record<string, unknown>) => ({ literal: l });
const w = (c: Column) => wireExpr(c.expr);

void test('operators become the functions PySpark sends', () => {
  const a = F.col('a');
  assert.deepEqual(w(a.plus(1)), fnCall('+', attr('a'), litOf({ integer: 1 })));
  assert.deepEqual(w(a.minus(F.col('b'))), fnCall('-', attr('a'), attr('b')));
  assert.deepEqual(w(a.multiply(2.5)), fnCall('*', attr('a'), litOf({ double: 2.5 })));
  assert.deepEqual(w(a.divide(2)), fnCall('/', attr('a'), litOf({ integer: 2 })));
  assert.deepEqual(w(a.mod(3)), fnCall('%', attr('a'), litOf({ integer: 3 })));
  assert.deepEqual(w(a.eq('x')), fnCall('==', attr('a'), litOf({ string: 'x' })));
  assert.deepEqual(w(a.notEqual(1)), fnCall('not', fnCall('==', attr('a'), litOf({ integer: 1 }))));
  assert.deepEqual(w(a.gt(1)), fnCall('>', attr('a'), litOf({ integer: 1 })));
  assert.deepEqual(w(a.ge(1)), fnCall('>=', attr('a'), litOf({ integer: 1 })));
  assert.deepEqual(w(a.lt(1)), fnCall('<', attr('a'), litOf({ integer: 1 })));
  assert.deepEqual(w(a.le(1)), fnCall('<=', attr('a'), litOf({ integer: 1 })));
  assert.deepEqual(w(a.eqNullSafe(null)), fnCall('<=>', attr('a'), litOf({ null: { null: {} } })));
  assert.deepEqual(w(a.and(F.col('b')).or(F.col('c').not())),
    fnCall('or', fnCall('and', attr('a'), attr('b')), fnCall('not', attr('c'))));
  assert.deepEqual(w(a.negate()), fnCall('negative', attr('a')));
  assert.deepEqual(w(a.pow(2)), fnCall('power', attr('a'), litOf({ integer: 2 })));
  assert.deepEqual(w(a.bitwiseAND(1)), fnCall('&', attr('a'), litOf({ integer: 1 })));
});

void test('a string on the right of an operator is a literal, not a column name', () => {
  assert.deepEqual(w(F.col('a').eq('b')), fnCall('==', attr('a'), litOf({ string: 'b' })));
});

void test('lit infers JS types: int vs bigint vs double, bigint exact beyond 2^53', () => {
  assert.deepEqual(w(F.lit(7)), litOf({ integer: 7 }));
  assert.deepEqual(w(F.lit(-(2 ** 31))), litOf({ integer: -(2 ** 31) }));
  assert.deepEqual(w(F.lit(2 ** 31)), litOf({ long: String(2 ** 31) }));
  assert.deepEqual(w(F.lit(0.5)), litOf({ double: 0.5 }));
  assert.deepEqual(w(F.lit(Number.NaN)), litOf({ double: Number.NaN }));
  assert.deepEqual(w(F.lit(9007199254740993n)), litOf({ long: '9007199254740993' }));
  assert.deepEqual(w(F.lit(-9223372036854775808n)), litOf({ long: '-9223372036854775808' }));
  assert.throws(() => F.lit(9223372036854775808n), RangeError);
  assert.deepEqual(w(F.lit(true)), litOf({ boolean: true }));
  assert.deepEqual(w(F.lit(null)), litOf({ null: { null: {} } }));
  assert.deepEqual(w(F.lit(new Uint8Array([1, 255]))), litOf({ binary: [1, 255] }));
  assert.deepEqual(w(F.lit(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)))), litOf({ timestamp: '1704164645678000' }));
  assert.deepEqual(w(F.lit(new Timestamp(1704164645678901n, 'UTC'))), litOf({ timestamp: '1704164645678901' }));
  assert.deepEqual(w(F.lit(new Timestamp(1704164645678901n))), litOf({ timestampNtz: '1704164645678901' }));
  // PySpark's lit(list) is array(lit(x), ...).
  assert.deepEqual(w(F.lit([1, 2])), fnCall('array', litOf({ integer: 1 }), litOf({ integer: 2 })));
  const a = F.col('a');
  assert.equal(F.lit(a), a, 'a Column passes through');
});

void test('typed literals: decimal, date, timestamp micros, long, float, typed null', () => {
  assert.deepEqual(w(F.litDecimal('12345678901234567890.123456789012345678')),
    litOf({ decimal: { value: '12345678901234567890.123456789012345678', precision: 38, scale: 18 } }));
  assert.deepEqual(w(F.litDecimal('-0.001')), litOf({ decimal: { value: '-0.001', precision: 3, scale: 3 } }));
  assert.deepEqual(w(F.litDecimal('1.5', 10, 2)), litOf({ decimal: { value: '1.5', precision: 10, scale: 2 } }));
  assert.throws(() => F.litDecimal('1e5'), SyntaxError);
  assert.throws(() => F.litDecimal('1'.repeat(39)), RangeError);
  assert.deepEqual(w(F.litDate('2024-02-29')), litOf({ date: 19782 }));
  assert.deepEqual(w(F.litDate('0001-01-01')), litOf({ date: -719162 }));
  assert.throws(() => F.litDate('2023-02-29'), RangeError);
  assert.deepEqual(w(F.litTimestamp(-1n)), litOf({ timestamp: '-1' }));
  assert.deepEqual(w(F.litTimestampNtz(new Date(0))), litOf({ timestampNtz: '0' }));
  assert.deepEqual(w(F.litLong(5)), litOf({ long: '5' }));
  assert.deepEqual(w(F.litFloat(1.5)), litOf({ float: 1.5 }));
  assert.deepEqual(w(F.litShort(7)), litOf({ short: 7 }));
  assert.throws(() => F.litByte(200), RangeError);
  assert.deepEqual(w(F.litNull(new DecimalType(5, 2))), litOf({ null: { decimal: { precision: 5, scale: 2 } } }));
});

void test('alias, cast, sort orders', () => {
  assert.deepEqual(w(F.col('a').alias('b')), { alias: { expr: attr('a'), name: ['b'] } });
  assert.deepEqual(w(F.col('a').as('b')), { alias: { expr: attr('a'), name: ['b'] } });
  assert.deepEqual(w(F.explode(F.col('m')).alias('k', 'v')), { alias: { expr: fnCall('explode', attr('m')), name: ['k', 'v'] } });
  assert.deepEqual(w(F.col('a').alias('b', { metadata: { x: 1 } })), { alias: { expr: attr('a'), name: ['b'], metadata: '{"x":1}' } });
  assert.deepEqual(w(F.col('a').cast('decimal(10,2)')), { cast: { expr: attr('a'), typeStr: 'decimal(10,2)' } });
  assert.deepEqual(w(F.col('a').cast(new IntegerType())), { cast: { expr: attr('a'), type: { integer: {} } } });
  assert.deepEqual(w(F.col('a').try_cast('int')), { cast: { expr: attr('a'), typeStr: 'int', evalMode: 'EVAL_MODE_TRY' } });
  assert.deepEqual(w(F.col('a').asc()), { sortOrder: { child: attr('a'), direction: 'SORT_DIRECTION_ASCENDING', nullOrdering: 'SORT_NULLS_FIRST' } });
  assert.deepEqual(w(F.col('a').desc()), { sortOrder: { child: attr('a'), direction: 'SORT_DIRECTION_DESCENDING', nullOrdering: 'SORT_NULLS_LAST' } });
  assert.deepEqual(w(F.desc_nulls_first('a')), { sortOrder: { child: attr('a'), direction: 'SORT_DIRECTION_DESCENDING', nullOrdering: 'SORT_NULLS_FIRST' } });
  assert.deepEqual(w(F.asc_nulls_last('a')), { sortOrder: { child: attr('a'), direction: 'SORT_DIRECTION_ASCENDING', nullOrdering: 'SORT_NULLS_LAST' } });
});

void test('predicates: isNull, isin (varargs or array), between, like family, string tests, substr', () => {
  const a = F.col('a');
  assert.deepEqual(w(a.isNull()), fnCall('isNull', attr('a')));
  assert.deepEqual(w(a.isNotNull()), fnCall('isNotNull', attr('a')));
  const isin = fnCall('in', attr('a'), litOf({ integer: 1 }), litOf({ integer: 2 }));
  assert.deepEqual(w(a.isin(1, 2)), isin);
  assert.deepEqual(w(a.isin([1, 2])), isin);
  assert.deepEqual(w(a.between(1, 5)), fnCall('and', fnCall('>=', attr('a'), litOf({ integer: 1 })), fnCall('<=', attr('a'), litOf({ integer: 5 }))));
  assert.deepEqual(w(a.like('x%')), fnCall('like', attr('a'), litOf({ string: 'x%' })));
  assert.deepEqual(w(a.ilike('x%')), fnCall('ilike', attr('a'), litOf({ string: 'x%' })));
  assert.deepEqual(w(a.rlike('^x')), fnCall('rlike', attr('a'), litOf({ string: '^x' })));
  assert.deepEqual(w(a.startswith('x')), fnCall('startsWith', attr('a'), litOf({ string: 'x' })));
  assert.deepEqual(w(a.endswith('x')), fnCall('endsWith', attr('a'), litOf({ string: 'x' })));
  assert.deepEqual(w(a.contains('x')), fnCall('contains', attr('a'), litOf({ string: 'x' })));
  assert.deepEqual(w(a.substr(1, 3)), fnCall('substr', attr('a'), litOf({ integer: 1 }), litOf({ integer: 3 })));
  assert.throws(() => a.substr(1, F.col('n')), TypeError);
});

void test('when/otherwise chains into one `when` call; misuse is an error', () => {
  const c = F.when(F.col('a').gt(1), 'big').when(F.col('a').gt(0), 'small').otherwise('none');
  assert.deepEqual(w(c), fnCall('when',
    fnCall('>', attr('a'), litOf({ integer: 1 })), litOf({ string: 'big' }),
    fnCall('>', attr('a'), litOf({ integer: 0 })), litOf({ string: 'small' }),
    litOf({ string: 'none' })));
  assert.throws(() => F.col('a').otherwise(1), TypeError);
  assert.throws(() => c.otherwise(2), TypeError);
  assert.throws(() => c.when(F.col('a'), 1), TypeError);
});

void test('getItem/getField extract values; withField/dropFields update structs', () => {
  assert.deepEqual(w(F.col('arr').getItem(0)), { unresolvedExtractValue: { child: attr('arr'), extraction: litOf({ integer: 0 }) } });
  assert.deepEqual(w(F.col('s').getField('x')), { unresolvedExtractValue: { child: attr('s'), extraction: litOf({ string: 'x' }) } });
  assert.deepEqual(w(F.col('s').withField('y', F.lit(1))), { updateFields: { structExpression: attr('s'), fieldName: 'y', valueExpression: litOf({ integer: 1 }) } });
  assert.deepEqual(w(F.col('s').dropFields('a', 'b')),
    { updateFields: { structExpression: { updateFields: { structExpression: attr('s'), fieldName: 'a' } }, fieldName: 'b' } });
});

void test('over(window): partition, order, row and range frames with PySpark bounds', () => {
  const spec = Window.partitionBy('k').orderBy(F.col('t').desc()).rowsBetween(Window.unboundedPreceding, Window.currentRow);
  assert.deepEqual(w(F.row_number().over(spec)), {
    window: {
      windowFunction: fnCall('row_number'),
      partitionSpec: [attr('k')],
      orderSpec: [{ child: attr('t'), direction: 'SORT_DIRECTION_DESCENDING', nullOrdering: 'SORT_NULLS_LAST' }],
      frameSpec: { frameType: 'FRAME_TYPE_ROW', lower: { unbounded: true }, upper: { currentRow: true } },
    },
  });
  const range = Window.orderBy('t').rangeBetween(-5, Window.unboundedFollowing);
  assert.deepEqual(w(F.sum('x').over(range)).window, {
    windowFunction: fnCall('sum', attr('x')),
    orderSpec: [{ child: attr('t'), direction: 'SORT_DIRECTION_ASCENDING', nullOrdering: 'SORT_NULLS_FIRST' }],
    frameSpec: { frameType: 'FRAME_TYPE_RANGE', lower: { value: litOf({ long: '-5' }) }, upper: { unbounded: true } },
  });
  assert.deepEqual(w(F.sum('x').over(Window.rowsBetween(-2, 3))).window, {
    windowFunction: fnCall('sum', attr('x')),
    frameSpec: { frameType: 'FRAME_TYPE_ROW', lower: { value: litOf({ integer: -2 }) }, upper: { value: litOf({ integer: 3 }) } },
  });
  assert.throws(() => Window.rowsBetween(-(2 ** 40), 0).windowExpression({}), RangeError);
  assert.deepEqual(w(F.lag('x').over(Window.partitionBy(['a', 'b']))).window,
    { windowFunction: fnCall('lag', attr('x'), litOf({ integer: 1 })), partitionSpec: [attr('a'), attr('b')] });
});

void test('col("*") and col("t.*") are stars; expr is parsed by the server', () => {
  assert.deepEqual(w(F.col('*')), { unresolvedStar: {} });
  assert.deepEqual(w(F.col('t.*')), { unresolvedStar: { unparsedTarget: 't.*' } });
  assert.deepEqual(w(F.expr('a + 1')), { expressionString: { expression: 'a + 1' } });
});

void test('toString renders a readable expression', () => {
  assert.equal(String(F.col('a').plus(1).alias('b')), "Column<'(a + 1) AS b'>");
  assert.equal(String(F.count_distinct('x')), "Column<'count(DISTINCT x)'>");
});
