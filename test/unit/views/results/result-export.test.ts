// Whole-result export from the IPC bytes the host holds (captured from real Spark servers): CSV, JSON
// lines and an Arrow IPC file, written to disk and read back (the Arrow file also by pyarrow).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RecordBatchFileReader, RecordBatchReader } from 'apache-arrow';
import { createCellFormatter } from '../../../../src/arrow-format/formatter';
import { jsonText } from '../../../../src/arrow-format/json-value';
import { CsvWriter } from '../../../../src/cli/output/csv-writer';
import { JsonLinesWriter } from '../../../../src/cli/output/json-writer';
import { StringSink } from '../../../../src/cli/output/sink';
import type { CellsFactory, ResultWriter } from '../../../../src/cli/output/writer';
import { csvCell } from '../../../../src/views/results/export-text';
import { writeExport, type ExportSource } from '../../../../src/views/results/result-export';
import { EXPORT_SPARK_TYPES, exportBatch } from '../../../fixtures/arrow/export-mixed';
import { loadFixture, pyarrowPython, sparkVersions } from '../../../fixtures/arrow/load';

const dir = mkdtempSync(join(tmpdir(), 'results-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const PYTHON = pyarrowPython();

void describe('writeExport', () => {
  const multi = loadFixture('4.3.0', 'multi-batch'); // id, id * 1.5, 'row ' || id for 0..4999 in 6 batches
  const source = { streams: () => multi.batches };

  void it('CSV: a header and every row of every batch, in order', async () => {
    const path = join(dir, 'multi.csv');
    const out = await writeExport(source, 'csv', path);
    assert.equal(out.rows, 5000);
    const lines = readFileSync(path, 'utf8').split('\r\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines[0], 'id,half,label');
    assert.equal(lines.length, 5001);
    for (const i of [0, 1, 2, 1234, 4999]) {
      const [id, half, label] = lines[i + 1].split(',');
      assert.equal(Number(id), i);
      assert.equal(Number(half), i * 1.5);
      assert.equal(label, `row ${i}`);
    }
    assert.equal(out.bytes, readFileSync(path).byteLength);
  });

  void it('JSON lines keep every digit and tell NULL from "null"', async () => {
    const fx = loadFixture('4.3.0', 'all-types');
    const path = join(dir, 'all.jsonl');
    const out = await writeExport({ streams: () => fx.batches, sparkTypes: fx.expected.columns.map((c) => c.sparkType) }, 'jsonl', path);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.equal(out.rows, fx.expected.rows);
    assert.equal(lines.length, fx.expected.rows);
    assert.match(lines[0], /"c_long":9223372036854775807[,}]/);
    const dec = fx.expected.columns.find((c) => c.name === 'c_dec38_18')!.values![0].spark!;
    assert.ok(lines[0].includes(`"c_dec38_18":${dec}`) || lines[0].includes(`"c_dec38_18":"${dec}"`), `${dec} in ${lines[0].slice(0, 300)}`);
    // duplicate names stay apart
    assert.match(lines[0], /"dup":/);
    assert.match(lines[0], /"dup_2":/);
    for (const line of lines) {
      const obj = JSON.parse(line) as Record<string, unknown>;
      assert.ok('c_string' in obj);
    }
  });

  void it('Arrow IPC file: every batch, readable by arrow-js and by pyarrow with full validation', async () => {
    const path = join(dir, 'multi.arrow');
    const out = await writeExport(source, 'arrow', path);
    assert.equal(out.rows, 5000);
    const reader = RecordBatchFileReader.from(readFileSync(path));
    reader.open();
    assert.equal(reader.numRecordBatches, multi.batches.length);
    let rows = 0;
    for (const b of reader) rows += b.numRows;
    assert.equal(rows, 5000);
    assert.ok(existsSync(PYTHON), `reference client missing: ${PYTHON}`);
    const r = spawnSync(PYTHON, ['-c', [
      'import pyarrow as pa, sys',
      't = pa.ipc.open_file(sys.argv[1]).read_all()',
      't.validate(full=True)',
      'print(t.num_rows, t.column("id").to_pylist()[4999], t.column("label").to_pylist()[17])',
    ].join('\n'), path], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '5000 4999 row 17');
  });

  void it('fails on an unwritable path and when aborted', async () => {
    await assert.rejects(writeExport(source, 'csv', join(dir, 'no', 'such', 'dir.csv')));
    const ctl = new AbortController();
    ctl.abort();
    await assert.rejects(writeExport(source, 'jsonl', join(dir, 'aborted.jsonl'), ctl.signal));
    assert.equal(existsSync(join(dir, 'aborted.jsonl')), false, 'an aborted export leaves no file');
  });
});

/** The export's text as the row-by-row CLI writers (what the export used before it went columnar) write it. */
async function rowByRow(source: ExportSource, format: 'csv' | 'jsonl'): Promise<string> {
  const sink = new StringSink();
  const cells: CellsFactory = (field, batch, c, ctx) => {
    const f = createCellFormatter(field, { timeZone: ctx.timeZone || undefined, sparkType: source.sparkTypes?.[c] });
    const d = batch.data.children[c];
    return { text: (r) => (f.isNull(d, r) ? null : f.text(d, r)), json: (r) => jsonText(f.json(d, r)) };
  };
  const ctx = { timeZone: source.timeZone ?? '' };
  const writer: ResultWriter = format === 'csv' ? new CsvWriter(sink, cells, ctx) : new JsonLinesWriter(sink, cells, ctx);
  let started = false;
  for (const s of source.streams()) {
    const reader = RecordBatchReader.from(s);
    reader.open();
    if (!started) await writer.start(reader.schema);
    started = true;
    for (const b of reader) await writer.batch(b);
  }
  await writer.end();
  return sink.text();
}

void describe('columnar export', () => {
  const sources: [string, ExportSource][] = [
    ...sparkVersions().flatMap((v) => ['all-types', 'multi-batch', 'empty'].map((name): [string, ExportSource] => {
      const fx = loadFixture(v, name);
      return [`Spark ${v} ${name}`, { streams: () => fx.batches, sparkTypes: fx.expected.columns.map((c) => c.sparkType) }];
    })),
    ['the mixed benchmark result', {
      streams: () => [exportBatch(0, 2500), exportBatch(2500, 4000), exportBatch(6500, 1)],
      sparkTypes: EXPORT_SPARK_TYPES, timeZone: 'America/Los_Angeles',
    }],
  ];
  for (const [name, source] of sources) {
    for (const format of ['csv', 'jsonl'] as const) {
      void it(`${name}, ${format}: byte-identical to the row-by-row writers (formula guard off)`, async () => {
        const path = join(dir, `same.${format}`);
        const out = await writeExport(source, format, path, undefined, { csvFormulaGuard: false });
        const want = await rowByRow(source, format);
        const got = readFileSync(path, 'utf8');
        assert.equal(got.length, want.length);
        assert.ok(got === want, 'same text');
        assert.equal(out.bytes, Buffer.byteLength(want));
      });
    }
  }

  void it('with the formula guard on (the default), only formula-like string cells change', async () => {
    const source = { streams: () => [exportBatch(0, 2000)], sparkTypes: EXPORT_SPARK_TYPES, timeZone: 'UTC' };
    const path = join(dir, 'guarded.csv');
    await writeExport(source, 'csv', path);
    const guarded = readFileSync(path, 'utf8');
    const plain = await rowByRow(source, 'csv');
    assert.notEqual(guarded, plain);
    // Undo exactly the guard's change ("'<text>" quoted) and the texts agree.
    assert.equal(guarded.replace(/"'((?:[^"]|"")*)"/g, (_m, t: string) => csvCell(t.replace(/""/g, '"'), false)), plain);
    assert.match(guarded, /,"'=SUM\(A1:A2\) #\d+",/);
    assert.match(guarded, /,"'-42 #\d+",/);
    assert.match(guarded, /,"'@user #\d+",/);
    // Negative numbers (qty is an int column) stay numbers.
    assert.match(guarded, /\r\n\d+,\d+,-\d+,/);
  });
});

void describe('csvCell', () => {
  void it('quotes and prefixes string cells that a spreadsheet would run as a formula', () => {
    for (const t of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")']) {
      const cell = csvCell(t, true);
      assert.ok(cell.startsWith(`"'`) && cell.endsWith('"'), cell);
      assert.equal(cell.slice(2, -1).replace(/""/g, '"'), t);
    }
    assert.equal(csvCell('=1+2', false), '=1+2');
    for (const t of ['a=b', ' =1', 'plain', '1-2', '']) assert.equal(csvCell(t, true), csvCell(t, false));
    assert.equal(csvCell(null, true), '');
  });
});

describe('a long export', () => {
  it('leaves no listeners behind on the file stream (no MaxListenersExceededWarning)', async () => {
    // About 60 MiB of JSON lines: more than ten 4 MiB waits for 'drain', which used to leave listeners
    // behind at each wait until Node warned.
    const batch = exportBatch(0, 10_000);
    const streams = Array.from({ length: 18 }, () => batch);
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { warnings.push(w.name); };
    process.on('warning', onWarning);
    const dir = mkdtempSync(join(tmpdir(), 'export-listeners-'));
    try {
      const out = await writeExport({ streams: () => streams, sparkTypes: EXPORT_SPARK_TYPES }, 'jsonl', join(dir, 'big.jsonl'));
      assert.equal(out.rows, 180_000);
      assert.ok(out.bytes > 40 * 1024 * 1024, `${out.bytes} bytes`);
      // Warnings are emitted on the next tick.
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings.filter((n) => n === 'MaxListenersExceededWarning'), []);
    } finally {
      process.off('warning', onWarning);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
