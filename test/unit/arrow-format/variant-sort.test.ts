// VARIANT primitives the captured fixture does not cover (encoded here by hand, following the Parquet
// Variant spec), and the sort keys/comparator over real fixture columns.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RecordBatchReader } from 'apache-arrow';
import { batchFields } from '../../../src/arrow-format/chunks';
import { createCellFormatter } from '../../../src/arrow-format/formatter';
import { jsonText } from '../../../src/arrow-format/json-value';
import { buildSortKeys, sortRows } from '../../../src/arrow-format/sort-keys';
import { base64, decodeVariant, MalformedVariantError } from '../../../src/arrow-format/variant';
import { loadFixture } from '../../fixtures/arrow/load';

const EMPTY_META = Uint8Array.from([0x01, 0x00, 0x00]);

function prim(typeId: number, payload: number[] = []): Uint8Array {
  return Uint8Array.from([typeId << 2, ...payload]);
}

function le(v: bigint, bytes: number): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(bytes * 8, v);
  for (let k = 0; k < bytes; k++) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
}

const tz = { timeZone: 'America/Los_Angeles' };
const text = (value: Uint8Array, meta = EMPTY_META) => jsonText(decodeVariant(value, meta, tz));

void describe('variant primitives', () => {
  void it('numbers, booleans, null', () => {
    assert.equal(text(prim(0)), 'null');
    assert.equal(text(prim(1)), 'true');
    assert.equal(text(prim(3, [0xff])), '-1');
    assert.equal(text(prim(6, le(-(1n << 63n), 8))), '-9223372036854775808');
    assert.equal(text(prim(7, [...new Uint8Array(new Float64Array([1e16]).buffer)])), '1e+16');
    assert.equal(text(prim(14, [...new Uint8Array(new Float32Array([0.1]).buffer)])), '0.1');
    assert.equal(text(prim(7, [...new Uint8Array(new Float64Array([NaN]).buffer)])), '"NaN"');
    assert.equal(text(prim(10, [18, ...le(-(10n ** 38n) + 1n, 16)])), '-99999999999999999999.999999999999999999');
    assert.equal(text(prim(8, [2, ...le(-5n, 4)])), '-0.05');
  });
  void it('dates, timestamps (session zone with offset), ntz, time, binary, uuid, strings', () => {
    assert.equal(text(prim(11, le(-1n, 4))), '"1969-12-31"');
    assert.equal(text(prim(12, le(1_719_862_496_123_456n, 8))), '"2024-07-01 12:34:56.123456-07:00"');
    assert.equal(text(prim(12, le(0n, 8))), '"1969-12-31 16:00:00-08:00"');
    assert.equal(text(prim(13, le(-1n, 8))), '"1969-12-31 23:59:59.999999"');
    assert.equal(text(prim(17, le(45_296_000_001n, 8))), '"12:34:56.000001"');
    assert.equal(text(prim(15, [...le(3n, 4), 0, 0xff, 0x10])), '"AP8Q"');
    assert.equal(text(prim(20, [...Array(16).keys()])), '"00010203-0405-0607-0809-0a0b0c0d0e0f"');
    const s = new TextEncoder().encode('日本</script>');
    assert.equal(text(prim(16, [...le(BigInt(s.length), 4), ...s])), '"日本</script>"');
    assert.equal(text(Uint8Array.from([(2 << 2) | 1, 0x68, 0x69])), '"hi"');
  });
  void it('objects resolve keys through the metadata dictionary, arrays nest', () => {
    // metadata: version 1, offset size 1, two keys "b", "a".
    const meta = Uint8Array.from([0x01, 2, 0, 1, 2, 0x62, 0x61]);
    // object {a: 1, b: [true]} with field ids sorted by name (a=1, b=0), 1-byte ids and offsets.
    const arr = [(3 | (0 << 2)), 1, 0, 1, 1 << 2];
    const one = [3 << 2, 1];
    const obj = [2 | (0 << 2), 2, 1, 0, 0, one.length, one.length + arr.length, ...one, ...arr];
    assert.equal(text(Uint8Array.from(obj), meta), '{"a":1,"b":[true]}');
  });
  void it('rejects malformed input instead of reading past the end', () => {
    assert.throws(() => decodeVariant(prim(6, [1, 2]), EMPTY_META, tz), MalformedVariantError);
    assert.throws(() => decodeVariant(prim(0), Uint8Array.from([0x02, 0, 0]), tz), MalformedVariantError);
  });
  void it('base64 pads like the standard', () => {
    assert.equal(base64(Uint8Array.from([])), '');
    assert.equal(base64(Uint8Array.from([0x66])), 'Zg==');
    assert.equal(base64(Uint8Array.from([0x66, 0x6f])), 'Zm8=');
    assert.equal(base64(Uint8Array.from([0x66, 0x6f, 0x6f])), 'Zm9v');
  });
});

void describe('sort keys follow Spark order', () => {
  const fx = loadFixture('4.3.0', 'all-types');
  const batch = [...RecordBatchReader.from(fx.batches[0])][0];
  const fields = batchFields(batch);
  const sortedTexts = (name: string, desc: boolean): string[] => {
    const c = fields.findIndex((f) => f.name === name);
    const f = createCellFormatter(fields[c]);
    const d = batch.data.children[c];
    const keys = buildSortKeys(fields[c], f, [d]);
    const rows = Uint32Array.from({ length: d.length }, (_, i) => i);
    return [...sortRows(rows, keys, desc)].map((r) => f.text(d, r));
  };

  void it('int64 beyond 2^53 sorts exactly, NULLs first ascending', () => {
    const asc = sortedTexts('c_long', false);
    assert.deepEqual(asc.slice(0, 7), ['NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL'].slice(0, asc.filter((t) => t === 'NULL').length));
    const vals = asc.filter((t) => t !== 'NULL');
    assert.deepEqual(vals, ['-9223372036854775808', '-9007199254740993', '0', '9007199254740993', '9223372036854775807']);
    assert.deepEqual(sortedTexts('c_long', true).slice(0, 2), ['9223372036854775807', '9007199254740993']);
  });
  void it('doubles put NaN after +Infinity; descending reverses and puts NULLs last', () => {
    const asc = sortedTexts('c_double', false).filter((t) => t !== 'NULL');
    assert.deepEqual(asc.slice(-3), ['1.7976931348623157e+308', 'Infinity', 'NaN']);
    assert.equal(asc[0], '-Infinity');
    const desc = sortedTexts('c_double', true);
    assert.equal(desc[0], 'NaN');
    assert.equal(desc[desc.length - 1], 'NULL');
  });
  void it('decimal(38,18) sorts by value, not text', () => {
    const asc = sortedTexts('c_dec38_18', false).filter((t) => t !== 'NULL');
    assert.deepEqual(asc, [
      '-99999999999999999999.999999999999999999', '-12345678901234567890.123456789012345678',
      '-1.500000000000000000', '-0.000000000000000001', '0.000000000000000000', '0.000000000000000001',
      '99999999999999999999.999999999999999999',
    ]);
  });
  void it('timestamps sort by instant, dates by day, strings by code unit', () => {
    const ts = sortedTexts('c_ts', false).filter((t) => t !== 'NULL');
    assert.deepEqual(ts.slice(0, 2), ['1900-01-01 00:00:00', '1969-12-31 23:59:59.999999']);
    assert.equal(ts[ts.length - 1], '9999-12-31 15:59:59.999999');
    const dates = sortedTexts('c_date', false).filter((t) => t !== 'NULL');
    assert.deepEqual(dates, ['0001-01-01', '1969-12-31', '1970-01-01', '2024-02-29', '9999-12-31']);
    const strs = sortedTexts('c_string', false).filter((t) => t !== 'NULL');
    assert.deepEqual(strs.slice(0, 2), ['', '  spaces  ']);
  });
  void it('is stable: equal keys keep row order', () => {
    const c = fields.findIndex((f) => f.name === 'c_bool');
    const f = createCellFormatter(fields[c]);
    const d = batch.data.children[c];
    const rows = Uint32Array.from({ length: d.length }, (_, i) => i);
    const sorted = [...sortRows(rows, buildSortKeys(fields[c], f, [d]), false)];
    const nulls = sorted.filter((r) => f.isNull(d, r));
    assert.deepEqual(nulls, [...nulls].sort((a, b) => a - b));
    assert.deepEqual(sorted.slice(nulls.length).map((r) => f.text(d, r)), ['false', 'true']);
  });
});
