// The server-side row limit asks Spark for limit+1 rows; the extra row is cut from the IPC bytes without
// re-encoding. The cut stream must decode to exactly the first N rows of the original, with null counts
// that pyarrow's full validation accepts.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it, test } from 'node:test';
import { RecordBatchReader, tableFromArrays, tableFromIPC, tableToIPC, type Data } from 'apache-arrow';
import { batchFields } from '../../../src/arrow-format/chunks';
import { createCellFormatter } from '../../../src/arrow-format/formatter';
import { ipcRowCount, truncateIpcStream } from '../../../src/arrow-format/ipc-truncate';
import { loadFixture, sparkVersions, pyarrowPython } from '../../fixtures/arrow/load';

/** Every cell of every batch as text (NULL as a marker), plus each top-level column's null count. */
function render(stream: Uint8Array, timeZone: string): { cells: string[][]; nullCounts: number[] } {
  const cells: string[][] = [];
  let nullCounts: number[] = [];
  for (const batch of RecordBatchReader.from(stream)) {
    const fields = batchFields(batch);
    const formatters = fields.map((f) => createCellFormatter(f, { timeZone }));
    const data = batch.data.children as Data[];
    nullCounts = data.map((d) => d.nullCount);
    for (let r = 0; r < batch.numRows; r++) {
      cells.push(formatters.map((f, c) => (f.isNull(data[c], r) ? '<NULL>' : f.text(data[c], r))));
    }
  }
  return { cells, nullCounts };
}

const PYTHON = pyarrowPython();

void describe('truncating an IPC stream to its first rows', () => {
  for (const version of sparkVersions()) {
    void it(`Spark ${version}: every prefix of the all-types result reads as the original's first rows`, () => {
      const fx = loadFixture(version, 'all-types');
      const tz = fx.expected.sessionTimeZone;
      const stream = fx.batches[0];
      const full = render(stream, tz).cells;
      assert.ok(full.length >= 10, 'the fixture has enough rows to cut');
      for (let keep = 1; keep < full.length; keep++) {
        const cut = truncateIpcStream(stream, keep);
        assert.equal(ipcRowCount(cut), keep);
        const got = render(cut, tz);
        assert.deepEqual(got.cells, full.slice(0, keep), `first ${keep} rows`);
        // null_count in the metadata equals the nulls actually in the kept rows
        const actual = got.cells[0].map((_, c) => got.cells.filter((row) => row[c] === '<NULL>').length);
        assert.deepEqual(got.nullCounts, actual, `null counts for ${keep} rows`);
      }
    });
  }

  void it('leaves a stream with no more rows than the limit untouched and drops batches past it', () => {
    const fx = loadFixture('4.3.0', 'multi-batch');
    const b = fx.batches[0];
    const rows = ipcRowCount(b);
    assert.equal(truncateIpcStream(b, rows), b);
    assert.equal(truncateIpcStream(b, rows + 5), b);
    const none = truncateIpcStream(b, 0);
    assert.equal(ipcRowCount(none), 0);
    const reader = RecordBatchReader.from(none);
    reader.open();
    assert.deepEqual(reader.schema.fields.map((f) => f.name), ['id', 'half', 'label']);
  });

  void it('pyarrow validates the cut stream in full (lengths and null counts)', () => {
    assert.ok(existsSync(PYTHON), `reference client missing: ${PYTHON}`);
    const fx = loadFixture('4.3.0', 'all-types');
    const cut = truncateIpcStream(fx.batches[0], 5);
    const script = [
      'import pyarrow as pa, sys',
      'data = sys.stdin.buffer.read()',
      't = pa.ipc.open_stream(data).read_all()',
      't.validate(full=True)',
      'print(t.num_rows)',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script], { input: Buffer.from(cut), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '5');
  });
});

void test('truncating a Node Buffer (as gRPC hands batches out) leaves the received bytes as they were', () => {
  const bytes = tableToIPC(tableFromArrays({ id: Int32Array.from({ length: 50 }, (_, i) => i) }), 'stream');
  const received = Buffer.from(bytes);
  const before = Buffer.from(received);
  const cut = truncateIpcStream(received, 10);
  assert.equal(tableFromIPC(cut).numRows, 10);
  assert.equal(Buffer.compare(received, before), 0, 'the input is not written to');
  assert.equal(tableFromIPC(received).numRows, 50);
});
