// CSV fields written as bytes (csv-field-bytes.ts, nested-bytes.ts, double-bytes.ts, byte-sink.ts) must be
// exactly the UTF-8 of csvCell(cell formatter's text), with the formula guard on and off, for edge values
// of every type that has a byte writer: integer and long limits, longs beyond 2^53, negative zero, NaN and
// the infinities, decimals, dates before 1970 and beyond year 9999, timestamps in zones and units, NULLs,
// non-ASCII and malformed UTF-8 strings, strings needing quotes, formula-like starts, arrays and structs.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  Bool, DateDay, Decimal, Field, Float64, Int16, Int32, Int64, Int8, List, Null, RecordBatch, RecordBatchReader, Schema, Struct,
  Table, TimeUnit, Timestamp, Type, Uint64, Utf8, makeData, tableToIPC, type Data, type DataType,
} from 'apache-arrow';
import { ByteSink } from '../../../src/arrow-format/byte-sink';
import { batchFields } from '../../../src/arrow-format/chunks';
import { bitmapOf, fastDouble, isSet } from '../../../src/arrow-format/column-text';
import { createCsvFieldBytes, magnitudeDigits } from '../../../src/arrow-format/csv-field-bytes';
import { quoteWritten } from '../../../src/arrow-format/csv-quote-bytes';
import { writeShortDouble } from '../../../src/arrow-format/double-bytes';
import { createCellFormatter } from '../../../src/arrow-format/formatter';
import { csvCell } from '../../../src/views/results/export-text';
import { exportBatch, EXPORT_SPARK_TYPES } from '../../fixtures/arrow/export-mixed';

const ZONE = 'America/Los_Angeles';

function validity(n: number, isNull: (k: number) => boolean): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array((n + 7) >> 3).fill(0xff);
  let nullCount = 0;
  for (let k = 0; k < n; k++) {
    if (!isNull(k)) continue;
    nullBitmap[k >> 3] &= ~(1 << (k & 7));
    nullCount++;
  }
  return { nullBitmap, nullCount };
}

/** A string column from raw UTF-8 (or malformed) byte strings; null for SQL NULL. */
function rawStrings(values: (Uint8Array | null)[]): Data<Utf8> {
  const valueOffsets = new Int32Array(values.length + 1);
  values.forEach((p, k) => { valueOffsets[k + 1] = valueOffsets[k] + (p?.byteLength ?? 0); });
  const data = new Uint8Array(valueOffsets[values.length]);
  values.forEach((p, k) => { if (p) data.set(p, valueOffsets[k]); });
  return makeData({ type: new Utf8(), length: values.length, valueOffsets, data, ...validity(values.length, (k) => values[k] === null) });
}

function strings(values: (string | null)[]): Data<Utf8> {
  const enc = new TextEncoder();
  return rawStrings(values.map((s) => (s === null ? null : enc.encode(s))));
}

function decimalWords(values: bigint[]): Uint32Array {
  const out = new Uint32Array(4 * values.length);
  values.forEach((v, k) => {
    let u = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++) {
      out[4 * k + w] = Number(u & 0xffffffffn);
      u >>= 32n;
    }
  });
  return out;
}

function batchOf(cols: [string, Data][]): RecordBatch {
  const fields = cols.map(([name, d]) => new Field(name, d.type as DataType, true));
  const struct = makeData({ type: new Struct(fields), length: cols[0][1].length, children: cols.map(([, d]) => d) });
  const r = RecordBatchReader.from(tableToIPC(new Table([new RecordBatch(new Schema(fields), struct)]), 'stream'));
  r.open();
  return [...r][0];
}

/** Every cell of every column in rows [first, first + n): the bytes written against csvCell of the text. */
function compare(batch: RecordBatch, sparkTypes: readonly (string | undefined)[], guard: boolean, first = 0, n = batch.numRows): number {
  let cells = 0;
  // A tiny sink, so that growing it mid-cell is exercised too.
  const sink = new ByteSink(8);
  batchFields(batch).forEach((field, c) => {
    const opts = { timeZone: ZONE, ...(sparkTypes[c] ? { sparkType: sparkTypes[c] } : {}) };
    const isString = field.type.typeId === Type.Utf8;
    const bytes = createCsvFieldBytes(field, sink, guard && isString, opts);
    assert.ok(bytes, `${field.name} (${String(field.type)}) has a byte writer`);
    const f = createCellFormatter(field, opts);
    const d = batch.data.children[c];
    const write = bytes(d, first, n);
    const bm = bitmapOf(d);
    for (let i = first; i < first + n; i++) {
      const at = sink.pos;
      if (!bm || isSet(bm, d.offset + i)) write(i);
      const want = Buffer.from(csvCell(f.isNull(d, i) ? null : f.text(d, i), guard && isString), 'utf8');
      assert.deepEqual(Buffer.from(sink.buf.subarray(at, sink.pos)), want, `${field.name} (${String(field.type)}) row ${i}`);
      cells++;
    }
  });
  return cells;
}

const TICKS = [0n, -1n, 1n, -86_400_000_001n, 253_402_300_799_999_999n, -62_135_596_800_000_000n, 2n ** 52n, -(2n ** 52n),
  2n ** 52n + 999_999n, 1_700_000_000_123_456n, -999_999n, 1_000_000n, 4_503_599_627_370_495n, -4_503_599_627_370_497n,
  // 2026-03-08 10:30 UTC: Los Angeles changes to daylight time; 2^63 - 1 and -2^63.
  1_772_965_800_000_000n, 2n ** 63n - 1n, -(2n ** 63n)];
const N = TICKS.length;

function edgeBatch(): RecordBatch {
  const enc = new TextEncoder();
  const decimals = [0n, 1n, -1n, 2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 64n, -(2n ** 64n) - 7n,
    10n ** 38n - 1n, -(10n ** 38n - 1n), 123_000_000_000_000_000_001n, 100_000n, 99_999n, 1_000_000n, 999_999n, -1_000_000_000_000n];
  const longs = [0n, -1n, 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 52n, -(2n ** 52n),
    2n ** 52n - 1n, 1_000_000n, 999_999_999_999n, 10n ** 18n, -(10n ** 18n) + 1n, 4_294_967_296n, -4_294_967_297n];
  const doubles = [0, -0, 1e-4, 9.999999999999999e-5, 1e15, 1e16, 9999999999999998, 999999999999999.9, -1e16, 5e-324, NaN,
    -Infinity, Infinity, 0.1, -123.456, 1e21, 0.30000000000000004];
  const days = [0, -1, 1, -719_162, -719_163, -800_000, 2_932_896, 2_932_897, 19_000, -365, 11_016, 59, 60, -25_567, 36_524, 3, 4];
  const texts: (string | null)[] = ['', 'plain', 'a,b', 'say "hi"', 'x\ny', 'x\ry', '=SUM(A1)', '+1', '-1', '@user', '\tx', '\rx',
    null, 'Ünïcødé ✓', '日本,"語"', '\u{1F600}', '=ü'];
  const raw = texts.map((s) => (s === null ? null : enc.encode(s)));
  // Malformed UTF-8: a lone continuation byte, a truncated sequence before a comma.
  raw[1] = Uint8Array.of(0x61, 0xff, 0x62);
  raw[2] = Uint8Array.of(0xe6, 0x97, 0x2c, 0x62);
  const nullAt = (k: number): boolean => k % 5 === 4;
  const tagOffsets = new Int32Array(N + 1);
  for (let k = 0; k < N; k++) tagOffsets[k + 1] = tagOffsets[k] + [0, 1, 2, 1, 3][k % 5];
  const tagItems = strings(Array.from({ length: tagOffsets[N] }, (_, j) => [null, 'a,b', 'plain', 'q"x', '', 'ü', 'back\\slash', '\u0001'][j % 8]));
  const innerX = makeData({ type: new Int32(), length: N, data: Int32Array.from({ length: N }, (_, j) => j - 3), ...validity(N, (j) => j % 3 === 0) });
  const innerS = strings(Array.from({ length: N }, (_, j) => (j % 4 === 0 ? null : ['a"b', 'ü', '', 'x'][j % 4])));
  const point = makeData({ type: new Struct([new Field('x', new Int32(), true), new Field('label, "l"', new Utf8(), true)]), length: N,
    children: [innerX, innerS], ...validity(N, (k) => k === 2) });
  const pointOffsets = Int32Array.from({ length: N + 1 }, (_, k) => Math.min(N, k));
  return batchOf([
    ['i8', makeData({ type: new Int8(), length: N, data: Int8Array.from({ length: N }, (_, k) => [-128, 127, 0, -1][k % 4]) })],
    ['i16', makeData({ type: new Int16(), length: N, data: Int16Array.from({ length: N }, (_, k) => [-32768, 32767, 0, 9][k % 4]) })],
    ['i32', makeData({ type: new Int32(), length: N, data: Int32Array.from({ length: N }, (_, k) => [-(2 ** 31), 2 ** 31 - 1, 0, -7, 10, 99, 100][k % 7]),
      ...validity(N, nullAt) })],
    ['i64', makeData({ type: new Int64(), length: N, data: BigInt64Array.from(longs), ...validity(N, (k) => k === 7) })],
    ['u64', makeData({ type: new Uint64(), length: N, data: BigUint64Array.from(longs.map((v) => BigInt.asUintN(64, v))) })],
    ['dbl', makeData({ type: new Float64(), length: N, data: Float64Array.from(doubles), ...validity(N, (k) => k === 16) })],
    ['dec', makeData({ type: new Decimal(18, 38, 128), length: N, data: decimalWords(decimals), ...validity(N, (k) => k === 3) })],
    ['dec0', makeData({ type: new Decimal(0, 38, 128), length: N, data: decimalWords(decimals) })],
    ['dec2', makeData({ type: new Decimal(2, 10, 128), length: N, data: decimalWords(decimals.map((v) => v % 10_000_000_000n)) })],
    ['dec_neg_scale', makeData({ type: new Decimal(-3, 38, 128), length: N, data: decimalWords(decimals) })],
    ['day', makeData({ type: new DateDay(), length: N, data: Int32Array.from(days), ...validity(N, nullAt) })],
    ['ts', makeData({ type: new Timestamp(TimeUnit.MICROSECOND, ZONE), length: N, data: BigInt64Array.from(TICKS) })],
    ['ts_kolkata', makeData({ type: new Timestamp(TimeUnit.MICROSECOND, 'Asia/Kolkata'), length: N, data: BigInt64Array.from(TICKS) })],
    ['ts_ntz', makeData({ type: new Timestamp(TimeUnit.MICROSECOND), length: N, data: BigInt64Array.from(TICKS), ...validity(N, nullAt) })],
    ['ts_ns', makeData({ type: new Timestamp(TimeUnit.NANOSECOND, 'UTC'), length: N, data: BigInt64Array.from(TICKS.map((t) => BigInt.asIntN(64, t * 1000n + 7n))) })],
    ['ts_ms', makeData({ type: new Timestamp(TimeUnit.MILLISECOND, '+05:30'), length: N, data: BigInt64Array.from(TICKS.map((t) => t / 1000n)) })],
    ['ts_s', makeData({ type: new Timestamp(TimeUnit.SECOND, 'UTC'), length: N, data: BigInt64Array.from(TICKS.map((t) => t / 1_000_000n)) })],
    ['flag', makeData({ type: new Bool(), length: N, data: Uint8Array.of(0b10110010, 0b01101101, 0b1), ...validity(N, nullAt) })],
    ['nothing', makeData({ type: new Null(), length: N })],
    ['text', rawStrings(raw)],
    ['tags', makeData({ type: new List(new Field('element', new Utf8(), true)), length: N, valueOffsets: tagOffsets, child: tagItems,
      ...validity(N, (k) => k === 4) })],
    ['point', point],
    ['points', makeData({ type: new List(new Field('element', point.type, true)), length: N, valueOffsets: pointOffsets, child: point })],
    ['empty_struct', makeData({ type: new Struct([]), length: N, children: [], ...validity(N, (k) => k === 2) })],
  ]);
}

void describe('CSV fields as bytes', () => {
  for (const guard of [false, true]) {
    void it(`edge values of every type, formula guard ${guard ? 'on' : 'off'}`, () => {
      const b = edgeBatch();
      assert.equal(compare(b, [], guard), b.numCols * N);
      // A sliced batch: every column's data starts at an offset into its buffers.
      compare(b.slice(3, 14), [], guard);
      compare(b, [], guard, 5, 9);
    });

    void it(`the mixed benchmark result, formula guard ${guard ? 'on' : 'off'}`, () => {
      const r = RecordBatchReader.from(exportBatch(987_654, 2000));
      r.open();
      const [b] = [...r];
      compare(b, EXPORT_SPARK_TYPES, guard);
      compare(b.slice(333, 1999), EXPORT_SPARK_TYPES, guard);
    });
  }
});

void describe('writeShortDouble', () => {
  void it('writes what fastDouble prints, or nothing and false', () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const sink = new ByteSink(4);
    let short = 0;
    const check = (x: number): void => {
      const at = sink.pos;
      if (writeShortDouble(sink, x)) {
        short++;
        assert.equal(Buffer.from(sink.buf.subarray(at, sink.pos)).toString('latin1'), fastDouble(x), `${x}`);
      } else assert.equal(sink.pos, at, `nothing written for ${x}`);
    };
    for (let k = 0; k < 100_000; k++) {
      // Values with few decimals (prices, amounts), and arbitrary ones.
      const digits = Math.floor(next() * 12);
      const scale = Math.floor(next() * 10);
      const m = Math.floor(next() * 10 ** digits) * (next() < 0.5 ? -1 : 1);
      check(m / 10 ** scale);
      check((next() - 0.5) * 10 ** Math.floor(next() * 40 - 20));
    }
    for (const x of [0, -0, NaN, Infinity, -Infinity, 1e-4, 9.999999999999999e-5, 1e15, 999999999999999, 999999999999999.9, 0.1, 0.2,
      0.30000000000000004, 1.5, -2.25, 100, 123.456, 5e-324, 1e-7, 0.00012, 2.675, 1.0000000000000002]) check(x);
    assert.ok(short > 50_000, `most values with few decimals take the short path (${short})`);
  });
});

void describe('ByteSink and digits', () => {
  void it('writes integers, padded digits and UTF-8 text exactly', () => {
    const sink = new ByteSink(1);
    const want: string[] = [];
    for (const v of [0, 1, 9, 10, 99, 100, 12345678, 99999999, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 1e15, 1e15 - 1, 123456789012345]) {
      sink.integer(v);
      sink.integer(-v);
      want.push(String(v), String(-v));
    }
    sink.padded(7, 4);
    sink.padded(123456789, 9);
    sink.text('aü日\u{1F600}z');
    want.push('0007', '123456789', 'aü日\u{1F600}z');
    assert.equal(Buffer.from(sink.take()).toString('utf8'), want.join(''));
    assert.equal(sink.pos, 0);
  });

  void it('magnitudeDigits gives every digit of multi-word integers', () => {
    for (const v of [0n, 1n, 999_999n, 1_000_000n, 2n ** 64n - 1n, 10n ** 38n - 1n, 2n ** 127n, 10n ** 30n, 123_456_000_000_789n]) {
      const w = new Uint32Array(4);
      let u = v;
      for (let k = 0; k < 4; k++) {
        w[k] = Number(u & 0xffffffffn);
        u >>= 32n;
      }
      const out = new Uint8Array(40);
      const count = magnitudeDigits(w, out);
      assert.equal(Array.from(out.subarray(0, count)).reverse().join(''), v.toString());
    }
  });

  void it('quoteWritten quotes in place only what CSV needs quoted, guarded or not', () => {
    for (const text of ['plain', '', 'a,b', 'say "hi"', '"', 'x\ny', '\r', '[1, 2]', '{"x": 1}', 'ü,"ö"', '=1', '-"x"', '@ü', '\tx', '\rx', '+']) {
      for (const guard of [false, true]) {
        const sink = new ByteSink(2);
        sink.text('>');
        const at = sink.pos;
        sink.text(text);
        quoteWritten(sink, at, guard);
        assert.equal(Buffer.from(sink.take()).toString('utf8'), '>' + csvCell(text, guard), JSON.stringify(text));
      }
    }
  });
});
