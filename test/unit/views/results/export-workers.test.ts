// Exports formatted on worker threads (export-workers.ts) must be the in-thread export byte for byte: every
// fixture type, NULLs, non-ASCII and malformed UTF-8, nested values and extreme numbers, in CSV (formula
// guard on and off) and JSON lines, over many streams so that order across workers matters. When workers
// cannot start the export falls back to formatting in-thread, and a stream that fails to format fails the
// export as it does in-thread.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  Decimal, Field, Float64, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, TimeUnit, Timestamp, Utf8, type Data,
  type DataType,
} from 'apache-arrow';
import { ExportFile, writeExport, type ExportSource } from '../../../../src/views/results/result-export';
import { EXPORT_SPARK_TYPES, exportBatch } from '../../../fixtures/arrow/export-mixed';
import { loadFixture, sparkVersions } from '../../../fixtures/arrow/load';

const dir = mkdtempSync(join(tmpdir(), 'export-workers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One stream of values at the edges: 64-bit and 128-bit extremes, special doubles, odd strings, far timestamps. */
function extremes(): Uint8Array {
  const enc = new TextEncoder();
  const strings: Uint8Array[] = [
    enc.encode('😀 emoji, "quoted"'), new Uint8Array([0x61, 0xff, 0xfe, 0x62]), enc.encode('=1+2'), enc.encode(''),
    enc.encode('tab\there\r\nline'), new Uint8Array([0xed, 0xa0, 0x80]), enc.encode('ascii'), enc.encode('-5'),
  ];
  const n = strings.length;
  const offsets = new Int32Array(n + 1);
  strings.forEach((s, k) => { offsets[k + 1] = offsets[k] + s.length; });
  const bytes = new Uint8Array(offsets[n]);
  strings.forEach((s, k) => bytes.set(s, offsets[k]));
  const longs = [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 123n, -(2n ** 52n)];
  const doubles = [-0, Infinity, -Infinity, NaN, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -1e-5];
  const dec = new Uint32Array(4 * n);
  const decimals = [10n ** 38n - 1n, -(10n ** 38n) + 1n, 0n, -1n, 1n, 2n ** 64n, -(2n ** 96n), 10n ** 18n];
  decimals.forEach((v, k) => {
    let u = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++) {
      dec[4 * k + w] = Number(u & 0xffffffffn);
      u >>= 32n;
    }
  });
  const ts = [-(2n ** 62n), 2n ** 62n, 0n, -1n, 253402300799999999n, -62135596800000000n, 1n, 951782400000000n];
  const nulls = new Uint8Array([0b01111110]);
  const cols: [string, DataType, Data][] = [];
  const add = (name: string, d: Data): void => void cols.push([name, d.type, d]);
  add('s', makeData({ type: new Utf8(), length: n, valueOffsets: offsets, data: bytes, nullBitmap: nulls, nullCount: 2 }));
  add('l', makeData({ type: new Int64(), length: n, data: BigInt64Array.from(longs) }));
  add('d', makeData({ type: new Float64(), length: n, data: Float64Array.from(doubles) }));
  add('m', makeData({ type: new Decimal(0, 38, 128), length: n, data: dec }));
  add('t', makeData({ type: new Timestamp(TimeUnit.MICROSECOND, 'Asia/Kolkata'), length: n, data: BigInt64Array.from(ts) }));
  const fields = cols.map(([name, type]) => new Field(name, type, true));
  const struct = makeData({ type: new Struct(fields), length: n, children: cols.map(([, , d]) => d) });
  return tableToIPC(new Table([new RecordBatch(new Schema(fields), struct)]), 'stream');
}

/** The streams made on first use and kept (making the mixed result costs more than exporting it). */
function once(make: () => Uint8Array[]): () => Uint8Array[] {
  let made: Uint8Array[] | undefined;
  return () => (made ??= make());
}

// Starting a worker costs about 130 ms of CPU (it loads Arrow and the formatters), so the cases are few
// but rich: every type Spark sends (all-types), an empty result, the mixed benchmark result and extremes.
const sources: [string, ExportSource][] = [
  ...sparkVersions().map((v): [string, ExportSource] => {
    const fx = loadFixture(v, 'all-types');
    return [`Spark ${v} all-types`, { streams: () => fx.batches, sparkTypes: fx.expected.columns.map((c) => c.sparkType) }];
  }),
  ['an empty result', { streams: () => loadFixture(sparkVersions()[0], 'empty').batches }],
  ['the mixed benchmark result in 9 streams of different sizes', {
    streams: once(() => [0, 1, 700, 3000, 20, 4500, 1, 999, 2500].map((n, k, all) => exportBatch(all.slice(0, k).reduce((a, b) => a + b, 0), n))),
    sparkTypes: EXPORT_SPARK_TYPES, timeZone: 'America/Los_Angeles',
  }],
  ['extreme values', { streams: once(() => [extremes(), extremes(), extremes()]) }],
];

async function exported(source: ExportSource, format: 'csv' | 'jsonl', workers: number, guard: boolean): Promise<{ text: Buffer; rows: number; bytes: number }> {
  const path = join(dir, `w${workers}-${guard}.${format}`);
  const out = await writeExport(source, format, path, undefined, { workers, csvFormulaGuard: guard });
  return { text: readFileSync(path), ...out };
}

void describe('export on worker threads', () => {
  for (const [name, source] of sources) {
    const mixed = name.startsWith('the mixed');
    const cases = [['csv', true], ...(mixed ? [['csv', false]] : []), ['jsonl', true]] as ['csv' | 'jsonl', boolean][];
    for (const [format, guard] of cases) {
      void it(`${name}, ${format}${format === 'csv' ? (guard ? ', formula guard on' : ', formula guard off') : ''}: the bytes of the in-thread export`, async () => {
        const want = await exported(source, format, 0, guard);
        // More workers than streams in flight, and streams of very different sizes: answers come out of order.
        const got = await exported(source, format, mixed ? 3 : 2, guard);
        assert.equal(got.rows, want.rows);
        assert.equal(got.bytes, want.bytes);
        assert.equal(got.bytes, got.text.byteLength);
        assert.ok(got.text.equals(want.text), 'same bytes');
      });
    }
  }

  void it('falls back to formatting in-thread when the workers cannot start', async () => {
    const source = sources.find(([n]) => n.startsWith('the mixed'))![1];
    const want = await exported(source, 'csv', 0, true);
    const path = join(dir, 'fallback.csv');
    const file = await ExportFile.open(path, 'csv', { sparkTypes: EXPORT_SPARK_TYPES, timeZone: 'America/Los_Angeles', csvFormulaGuard: true },
      { workers: 2, workerScript: join(dir, 'no-such-worker.js') });
    for (const s of source.streams()) await file.add(s);
    const out = await file.finish();
    assert.equal(out.rows, want.rows);
    assert.ok(readFileSync(path).equals(want.text), 'same bytes');
  });

  void it('a stream that cannot be formatted fails the export and removes the file', async () => {
    const path = join(dir, 'broken.jsonl');
    const good = exportBatch(0, 100);
    // A record batch message whose body is cut short: the schema reads, the batch does not.
    const broken = good.subarray(0, good.length - 4096);
    await assert.rejects(writeExport({ streams: () => [good, broken, good] }, 'jsonl', path, undefined, { workers: 2 }));
    assert.equal(existsSync(path), false);
    // In-thread it fails the same way.
    await assert.rejects(writeExport({ streams: () => [good, broken, good] }, 'jsonl', path, undefined, { workers: 0 }));
  });
});
