// "Export the whole result" after a memory budget stop: the statement is re-run through a presenter whose
// sink writes every batch to the file (nothing kept), the runner waits on each write, and a cancelled or
// failed re-run leaves no file behind.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ControlledResultSetInfo, RunOutcome } from '../../../../src/engine/query-runner';
import type { ResultsPresenter } from '../../../../src/engine/result-sink';
import { ExportCancelledError, exportByRerun } from '../../../../src/views/results/rerun-export';
import { loadFixture } from '../../../fixtures/arrow/load';

const dir = mkdtempSync(join(tmpdir(), 'rerun-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const multi = loadFixture('4.3.0', 'multi-batch');

function info(cancel: () => void): ControlledResultSetInfo {
  return { title: 't', profile: 'p', sql: 'SELECT 1', statementIndex: 0, statementCount: 1, operationId: 'op', startedAt: 0, cancel };
}

/** A runner stand-in: opens the result, awaits each addBatch as query-runner does, stops when cancelled. */
function fakeRun(batches: Uint8Array[], opts: { failAt?: number; onBatch?: (k: number) => void } = {}) {
  const state = { cancelled: false, inFlightMax: 0 };
  const run = async (presenter: ResultsPresenter): Promise<RunOutcome> => {
    const sink = presenter.open(info(() => { state.cancelled = true; }), undefined);
    for (let k = 0; k < batches.length; k++) {
      if (state.cancelled) {
        sink.fail({ message: 'Cancelled.', cancelled: true, rowCount: 0 });
        return { status: 'cancelled', completed: 0 };
      }
      if (k === opts.failAt) {
        sink.fail({ message: 'Job aborted', cancelled: false, rowCount: 0 });
        return { status: 'failed', completed: 0, statement: { text: 'SELECT 1' } as never, error: new Error('Job aborted'),
          failure: { message: 'Job aborted' } as never };
      }
      opts.onBatch?.(k);
      sink.addBatch(batches[k], 0);
      await sink.whenWritten?.();
    }
    sink.complete({ rowCount: 5000, durationMs: 1 });
    return { status: 'succeeded', completed: 1, totalRows: 5000 };
  };
  return { run, state };
}

void describe('exportByRerun', () => {
  void it('streams every batch of the re-run into the file, reporting progress', async () => {
    const path = join(dir, 'all.csv');
    const progress: number[] = [];
    const { run } = fakeRun(multi.batches);
    const out = await exportByRerun(run, 'csv', path, { onProgress: (rows) => progress.push(rows) });
    assert.equal(out.rows, 5000);
    const lines = readFileSync(path, 'utf8').split('\r\n');
    assert.equal(lines[0], 'id,half,label');
    assert.equal(lines[5000], '4999,7498.5,row 4999');
    assert.equal(progress.length, multi.batches.length);
    assert.equal(progress[progress.length - 1], 5000);
  });

  void it('cancel interrupts the re-run and removes the half-written file', async () => {
    const path = join(dir, 'cancelled.jsonl');
    const ctl = new AbortController();
    const { run, state } = fakeRun(multi.batches, { onBatch: (k) => { if (k === 2) ctl.abort(); } });
    await assert.rejects(exportByRerun(run, 'jsonl', path, { signal: ctl.signal }), ExportCancelledError);
    assert.equal(state.cancelled, true, 'the re-run was interrupted');
    assert.equal(existsSync(path), false);
  });

  void it('a failed re-run rejects with its message and leaves no file', async () => {
    const path = join(dir, 'failed.arrow');
    const { run } = fakeRun(multi.batches, { failAt: 3 });
    await assert.rejects(exportByRerun(run, 'arrow', path), /Job aborted/);
    assert.equal(existsSync(path), false);
  });
});
