// Whole-result export from the IPC bytes the host holds (captured from real Spark servers): CSV, JSON
// lines and an Arrow IPC file, written to disk and read back (the Arrow file also by pyarrow).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RecordBatchFileReader } from 'apache-arrow';
import { writeExport } from '../../../../src/views/results/result-export';
import { loadFixture, pyarrowPython } from '../../../fixtures/arrow/load';

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
