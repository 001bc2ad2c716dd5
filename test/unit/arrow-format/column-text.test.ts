// The batch-wise column formatter (column-text.ts) must write exactly what the cell formatter writes, cell
// by cell, for every type: the captured Spark results, the benchmark's mixed result, and edge values
// (decimals beyond 2^53 and at 38 digits, timestamps before 1970 and beyond 2^52 ticks, nested NULLs,
// lists of structs, non-ASCII and BOM strings, sliced batches whose data starts at an offset).

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  Decimal, Field, Float64, Int32, Int64, List, RecordBatch, RecordBatchReader, Schema, Struct, Table, TimeUnit, Timestamp,
  Utf8, makeData, tableToIPC, type Data, type DataType,
} from 'apache-arrow';
import { validity, strings, decimalWords } from '../../fixtures/arrow/arrow-data';
import { batchFields } from '../../../src/arrow-format/chunks';
import { createColumnText, fastDouble } from '../../../src/arrow-format/column-text';
import { createCellFormatter } from '../../../src/arrow-format/formatter';
import { jsonText } from '../../../src/arrow-format/json-value';
import { formatDouble } from '../../../src/arrow-format/numbers';
import { csvCell } from '../../../src/views/results/export-text';
import { exportBatch, EXPORT_SPARK_TYPES } from '../../fixtures/arrow/export-mixed';
import { loadFixture, sparkVersions } from '../../fixtures/arrow/load';

function batchesOf(stream: Uint8Array): RecordBatch[] {
  const r = RecordBatchReader.from(stream);
  r.open();
  return [...r];
}

/** Every cell of every column in rows [first, first + n), both ways; returns the cells compared. */
function compare(batch: RecordBatch, sparkTypes: readonly (string | undefined)[], first = 0, n = batch.numRows): number {
  let cells = 0;
  batchFields(batch).forEach((field, c) => {
    const opts = { timeZone: 'America/Los_Angeles', ...(sparkTypes[c] ? { sparkType: sparkTypes[c] } : {}) };
    const f = createCellFormatter(field, opts);
    const col = createColumnText(field, opts);
    const d = batch.data.children[c];
    const texts = new Array<string | null>(2 * n).fill('unset');
    const jsons = new Array<string | null>(2 * n).fill('unset');
    col.texts(d, first, n, texts, 1, 2);
    col.jsons(d, first, n, jsons, 1, 2);
    const csv = new Array<string | null>(n);
    col.csvFields?.(d, first, n, csv, 0, 1);
    for (let k = 0; k < n; k++) {
      const i = first + k;
      const want = f.isNull(d, i) ? null : f.text(d, i);
      assert.equal(texts[1 + 2 * k], want, `text of ${field.name} (${String(field.type)}) row ${i}`);
      assert.equal(jsons[1 + 2 * k], jsonText(f.json(d, i)), `json of ${field.name} row ${i}`);
      assert.equal(texts[2 * k], 'unset', 'only its own slots are written');
      if (col.csvFields) assert.equal(csv[k], csvCell(want, false), `CSV field of ${field.name} row ${i}`);
      cells++;
    }
  });
  return cells;
}

function col(name: string, d: Data): [string, DataType, Data] {
  return [name, d.type, d];
}

function batchOf(cols: [string, DataType, Data][]): RecordBatch {
  const fields = cols.map(([name, type]) => new Field(name, type, true));
  const n = cols[0][2].length;
  const struct = makeData({ type: new Struct(fields), length: n, children: cols.map(([, , d]) => d) });
  // Through IPC and back, as results arrive.
  return batchesOf(tableToIPC(new Table([new RecordBatch(new Schema(fields), struct)]), 'stream'))[0];
}

void describe('createColumnText writes what the cell formatter writes', () => {
  for (const version of sparkVersions()) {
    for (const name of ['all-types', 'multi-batch']) {
      void it(`Spark ${version} ${name}`, () => {
        const fx = loadFixture(version, name);
        const types = fx.expected.columns.map((c) => c.sparkType);
        let cells = 0;
        for (const s of fx.batches) for (const b of batchesOf(s)) cells += compare(b, types);
        assert.ok(cells > 0);
      });
    }
  }

  void it('the mixed benchmark result, whole and in slices', () => {
    const [b] = batchesOf(exportBatch(123_456, 3000));
    compare(b, EXPORT_SPARK_TYPES);
    compare(b, EXPORT_SPARK_TYPES, 17, 1000);
    // A sliced batch: every column's data starts at an offset into its buffers.
    compare(b.slice(1001, 2999), EXPORT_SPARK_TYPES);
  });

  void it('edge values: decimals, timestamps, nested NULLs, lists of structs, non-ASCII text', () => {
    const decimals = [0n, 1n, -1n, 2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 64n, -(2n ** 64n) - 7n,
      10n ** 38n - 1n, -(10n ** 38n - 1n), 123_000_000_000_000_000_001n, 100_000n, 99_999n, 100_000_000_000n];
    const n = decimals.length;
    const ticks = [0n, -1n, 1n, -86_400_000_001n, 253_402_300_799_999_999n, -62_135_596_800_000_000n, 2n ** 52n, -(2n ** 52n),
      2n ** 52n + 999_999n, 1_700_000_000_123_456n, -999_999n, 1_000_000n, 4_503_599_627_370_495n, -4_503_599_627_370_497n, 42n];
    const nanos = ticks.map((t) => t * 1000n + 7n);
    const innerX = makeData({ type: new Int32(), length: 2 * n, data: Int32Array.from({ length: 2 * n }, (_, j) => j - n),
      ...validity(2 * n, (j) => j % 5 === 0) });
    const innerS = strings(Array.from({ length: 2 * n }, (_, j) => (j % 4 === 0 ? null : ['a"b', 'ü', '', '\u{1F600}'][j % 4])));
    const innerStruct = makeData({ type: new Struct([new Field('x', new Int32(), true), new Field('s', new Utf8(), true)]),
      length: 2 * n, children: [innerX, innerS], ...validity(2 * n, (j) => j % 7 === 3) });
    const listOffsets = Int32Array.from({ length: n + 1 }, (_, k) => Math.min(2 * n, Math.floor((k * 2 * n) / n)));
    // 0, 1 or 2 items per row, items with commas and quotes, so every quoting rule of a CSV field is met.
    const tagOffsets = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) tagOffsets[k + 1] = tagOffsets[k] + [0, 1, 2, 1][k % 4];
    const tagItems = strings(Array.from({ length: tagOffsets[n] }, (_, j) => [null, 'a,b', 'plain', 'q"x', '', 'ü'][j % 6]));
    const cols = [
      col('dec', makeData({ type: new Decimal(18, 38, 128), length: n, data: decimalWords(decimals), ...validity(n, (k) => k === 3) })),
      col('dec0', makeData({ type: new Decimal(0, 38, 128), length: n, data: decimalWords(decimals) })),
      col('dec_neg_scale', makeData({ type: new Decimal(-3, 38, 128), length: n, data: decimalWords(decimals) })),
      col('ts', makeData({ type: new Timestamp(TimeUnit.MICROSECOND, 'Asia/Kolkata'), length: n, data: BigInt64Array.from(ticks) })),
      col('ts_ntz', makeData({ type: new Timestamp(TimeUnit.MICROSECOND), length: n, data: BigInt64Array.from(ticks) })),
      col('ts_ns', makeData({ type: new Timestamp(TimeUnit.NANOSECOND, 'UTC'), length: n, data: BigInt64Array.from(nanos) })),
      col('ts_ms', makeData({ type: new Timestamp(TimeUnit.MILLISECOND, '+05:30'), length: n, data: BigInt64Array.from(ticks) })),
      col('big', makeData({ type: new Int64(), length: n, data: BigInt64Array.from(ticks) })),
      col('dbl', makeData({ type: new Float64(), length: n, data: Float64Array.from([0, -0, 1e-4, 9.999999999999999e-5, 1e16, 9999999999999998,
        -1e16, 5e-324, NaN, -Infinity, Infinity, 0.1, -123.456, 1e21, 123456789012345680]) })),
      col('text', strings(['\uFEFFbom', 'plain', 'ünï', '', null, 'a,b', '"q"', 'x\ny', '=1+2', '\u{1F600}', '\r', '\t', '-1', '@a', '+'])),
      col('items', makeData({ type: new List(new Field('element', innerStruct.type, true)), length: n, valueOffsets: listOffsets,
        child: innerStruct, ...validity(n, (k) => k === 5) })),
      col('tags', makeData({ type: new List(new Field('element', new Utf8(), true)), length: n, valueOffsets: tagOffsets, child: tagItems,
        ...validity(n, (k) => k === 4) })),
      col('empty_struct', makeData({ type: new Struct([]), length: n, children: [], ...validity(n, (k) => k === 2) })),
      col('pair', makeData({ type: new Struct([new Field('x', new Int32(), true), new Field('s', new Utf8(), true)]), length: 2 * n,
        children: [innerX, innerS] }).slice(0, n)),
    ];
    const b = batchOf(cols);
    compare(b, []);
    compare(b.slice(3, 11), []);
  });
});

void describe('fastDouble', () => {
  void it('prints what formatDouble prints, for doubles of every magnitude', () => {
    // A seeded generator: the same doubles every run.
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const view = new DataView(new ArrayBuffer(8));
    for (let k = 0; k < 50_000; k++) {
      let x: number;
      if (k % 3 === 0) {
        view.setUint32(0, Math.floor(next() * 2 ** 32));
        view.setUint32(4, Math.floor(next() * 2 ** 32));
        x = view.getFloat64(0);
      } else {
        x = (next() - 0.5) * 10 ** Math.floor(next() * 44 - 22);
        if (k % 3 === 1) x = Math.round(x);
      }
      assert.equal(fastDouble(x), formatDouble(x), `${x}`);
    }
    for (const x of [1e-4, 1e16, 9.999999999999999e-5, 9999999999999998, 1e15, 0.001, 123, -0.0001]) assert.equal(fastDouble(x), formatDouble(x));
  });
});
