import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Bool, DateDay, Decimal, Field, Float64, Int32, Int64, List, Map_, Schema, Struct, Table, TimestampMicrosecond,
  Utf8, makeData, makeVector, vectorFromArray, RecordBatch, Binary, DurationMicrosecond,
} from 'apache-arrow';
import { tableToRows, formatUnscaled, decimalText } from '../../../src/connect/arrow-rows';
import { Row } from '../../../src/connect/row';
import { Timestamp } from '../../../src/connect/timestamp';

/** 128-bit two's complement little-endian words of a bigint, as Arrow stores a decimal. */
function words(values: bigint[]): Uint32Array {
  const out = new Uint32Array(values.length * 4);
  values.forEach((v, i) => {
    let x = BigInt.asUintN(128, v);
    for (let k = 0; k < 4; k++) { out[i * 4 + k] = Number(x & 0xffffffffn); x >>= 32n; }
  });
  return out;
}

void test('int64 stays bigint beyond 2^53; nulls are null', () => {
  const t = new Table({ id: vectorFromArray([9007199254740993n, null, -9223372036854775808n], new Int64()) });
  assert.deepEqual(tableToRows(t).map((r) => r.get('id')), [9007199254740993n, null, -9223372036854775808n]);
});

void test('decimal(38,18) exact as plain text with the full scale', () => {
  const type = new Decimal(18, 38, 128);
  const unscaled = [
    99999999999999999999999999999999999999n, -12345678901234567890123456789012345678n, 1n, 0n,
  ];
  const data = makeData({ type, length: 4, nullCount: 0, data: words(unscaled) });
  const t = new Table({ d: makeVector(data) });
  assert.deepEqual(tableToRows(t).map((r) => r.get('d')), [
    '99999999999999999999.999999999999999999', '-12345678901234567890.123456789012345678',
    '0.000000000000000001', '0.000000000000000000',
  ]);
  assert.equal(formatUnscaled(-5n, 2), '-0.05');
  assert.equal(formatUnscaled(12n, 0), '12');
  assert.equal(decimalText(words([-1n]), 0, 4, 3), '-0.001');
});

void test('timestamps keep microseconds and the session time zone; NTZ has none; dates are ISO days', () => {
  const micros = [1704164645123456n, -1n];
  const ts = makeData({ type: new TimestampMicrosecond('America/Los_Angeles'), length: 2, nullCount: 0, data: BigInt64Array.from(micros) });
  const ntz = makeData({ type: new TimestampMicrosecond(null), length: 2, nullCount: 0, data: BigInt64Array.from(micros) });
  const days = makeData({ type: new DateDay(), length: 2, nullCount: 0, data: Int32Array.from([19782, -719162]) });
  const t = new Table({ ts: makeVector(ts), ntz: makeVector(ntz), d: makeVector(days) });
  const [r0, r1] = tableToRows(t);
  const a = r0!.get('ts') as Timestamp;
  assert.equal(a.epochMicros, 1704164645123456n);
  assert.equal(a.timeZone, 'America/Los_Angeles');
  assert.equal(a.toString(), '2024-01-01 19:04:05.123456');
  assert.equal(a.toISOString(), '2024-01-01T19:04:05.123456-08:00');
  assert.equal(a.toDate().toISOString(), '2024-01-02T03:04:05.123Z');
  const n = r0!.get('ntz') as Timestamp;
  assert.equal(n.isNtz, true);
  assert.equal(n.toString(), '2024-01-02 03:04:05.123456');
  assert.equal(n.toISOString(), '2024-01-02T03:04:05.123456');
  const before = r1!.get('ntz') as Timestamp;
  assert.equal(before.toString(), '1969-12-31 23:59:59.999999', 'negative micros floor, not truncate');
  assert.equal(r0!.get('d'), '2024-02-29');
  assert.equal(r1!.get('d'), '0001-01-01');
});

void test('fixed-offset session zones ("+08:00", "GMT-03:30") format without Intl support', () => {
  const t = new Timestamp(1704164645123456n, '+08:00');
  assert.equal(t.toString(), '2024-01-02 11:04:05.123456');
  assert.equal(t.toISOString(), '2024-01-02T11:04:05.123456+08:00');
  assert.equal(new Timestamp(0n, 'GMT-03:30').toISOString(), '1969-12-31T20:30:00.000000-03:30');
  assert.equal(new Timestamp(0n, 'UTC').toISOString(), '1970-01-01T00:00:00.000000+00:00');
});

void test('nested: arrays, maps (keys keep their type), structs as Rows; binaries, doubles, booleans, durations', () => {
  const schema = new Schema([
    new Field('arr', new List(new Field('element', new Int32(), true)), true),
    new Field('m', new Map_(new Field('entries', new Struct<{ key: Int32; value: Utf8 }>([new Field('key', new Int32(), false), new Field('value', new Utf8(), true)]), false)), true),
    new Field('s', new Struct([new Field('x', new Float64(), true), new Field('ok', new Bool(), true)]), true),
  ]);
  const arr = vectorFromArray([[1, 2, null], []], schema.fields[0]!.type);
  const m = vectorFromArray([new Map([[1, 'a'], [2, null]]), new Map()], schema.fields[1]!.type);
  const s = vectorFromArray([{ x: 1.5, ok: true }, null], schema.fields[2]!.type);
  const t = new Table({ arr, m, s, b: vectorFromArray([new Uint8Array([1, 2]), null], new Binary()),
    dur: makeVector(makeData({ type: new DurationMicrosecond(), length: 2, nullCount: 0, data: BigInt64Array.from([90061000001n, 0n]) })) });
  const [r0, r1] = tableToRows(t);
  assert.deepEqual(r0!.get('arr'), [1, 2, null]);
  assert.deepEqual(r1!.get('arr'), []);
  assert.deepEqual(r0!.get('m'), new Map<number, string | null>([[1, 'a'], [2, null]]));
  const st = r0!.get('s') as Row;
  assert.ok(st instanceof Row);
  assert.deepEqual(st.asDict(), { x: 1.5, ok: true });
  assert.equal(r1!.get('s'), null);
  assert.deepEqual(r0!.get('b'), new Uint8Array([1, 2]));
  assert.equal(r0!.get('dur'), 90061000001n, 'day-time intervals are microseconds');
});

void test('Row: by name or index, duplicate names kept, asDict, iteration, JSON', () => {
  const batch = new RecordBatch({ id: makeData({ type: new Int32(), length: 1, data: Int32Array.from([1]) }) });
  const r = tableToRows(new Table([batch]))[0]!;
  assert.equal(r.get(0), 1);
  const dup = new Row(['id', 'id', 'n'], [1, 2, new Row(['x'], [3])]);
  assert.equal(dup.get('id'), 1);
  assert.equal(dup.get(1), 2);
  assert.deepEqual([...dup].slice(0, 2), [1, 2]);
  assert.deepEqual(dup.asDict(true), { id: 2, n: { x: 3 } });
  assert.equal(JSON.stringify(new Row(['a'], [new Timestamp(0n, 'UTC')])), '{"a":"1970-01-01T00:00:00.000000+00:00"}');
  assert.throws(() => dup.get('nope'), RangeError);
  assert.equal(String(dup), 'Row(id=1, id=2, n=Row(x=3))');
});
