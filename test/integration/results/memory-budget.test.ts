// The memory budget against real Spark servers: a result that reaches the budget stops through
// RunControls.stop() (the server operation is interrupted, nothing hangs), the statement ends cut short
// and the next statement of the run still runs on the same session; and "export the whole result"
// re-runs the statement and streams every row to a file through the runner's backpressure.
// Cost: a few seconds per server. The queries stay small enough for the shared servers' drivers (a 2 GB
// Spark 3.5 driver runs out of heap on a 1 GB result even when the client interrupts it early).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectEngine } from '../../../src/engine/connect-engine';
import type { EngineSession, ResultColumn } from '../../../src/engine/engine';
import { OperationsModel } from '../../../src/engine/operations-model';
import { runStatements, type ControlledResultSetInfo, type RunOutcome } from '../../../src/engine/query-runner';
import { noopLogger } from '../../../src/connect/logger';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { splitStatements } from '../../../src/sql/split';
import type { ResultSink, ResultSummary, ResultsPresenter } from '../../../src/engine/result-sink';
import { MemoryBudget } from '../../../src/views/results/memory-budget';
import { exportByRerun } from '../../../src/views/results/rerun-export';
import { sparkServers } from '../../support/servers';

interface Kept { info: ControlledResultSetInfo; rows: number; bytes: number; stopped: boolean; summary?: ResultSummary; failed?: string }

/** What the results panel does with the budget, without VS Code: keep, count, stop at the budget. */
class BudgetPresenter implements ResultsPresenter {
  readonly results: Kept[] = [];
  constructor(private readonly budget: MemoryBudget) {}
  open(info: ControlledResultSetInfo, _columns: ResultColumn[] | undefined): ResultSink {
    const r: Kept = { info, rows: 0, bytes: 0, stopped: false };
    const account = this.budget.open();
    this.results.push(r);
    return {
      addBatch: (data, n) => {
        if (r.stopped) return;
        r.rows += n;
        r.bytes += data.byteLength;
        if (!account.add(data.byteLength)) {
          r.stopped = true;
          info.stop?.();
        }
      },
      complete: (s) => { r.summary = s; },
      fail: (s) => { r.failed = s.message; },
    };
  }
}

const memento = () => {
  const m = new Map<string, unknown>();
  return { get: <T>(k: string) => m.get(k) as T | undefined, update: async (k: string, v: unknown) => { m.set(k, v); } };
};

for (const server of sparkServers()) {
  void describe(`memory budget on ${server.name}`, () => {
    let session: EngineSession;
    const dir = mkdtempSync(join(tmpdir(), 'budget-it-'));
    before(async () => {
      session = await new ConnectEngine(noopLogger, 'budget-it').connect(parseConnectionString(server.remote));
    });
    after(async () => {
      await session?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function run(sql: string, presenter: ResultsPresenter): Promise<{ outcome: RunOutcome; operations: OperationsModel }> {
      const operations = new OperationsModel(memento(), () => 10);
      const outcome = await runStatements({ profile: 'it', session, title: 'it', rowLimit: 0, statements: splitStatements(sql).map((statement) => ({ statement })) },
        { presenter, operations, logger: noopLogger }, new AbortController().signal);
      return { outcome, operations };
    }

    test('a result that reaches the budget stops the server operation; the statement ends cut short and the run goes on', async () => {
      const budget = new MemoryBudget(() => 1024 * 1024);
      const presenter = new BudgetPresenter(budget);
      const started = Date.now();
      // About 32 MB of Arrow if it ran to the end; the budget stops it after about 1 MiB.
      const { outcome, operations } = await run('SELECT id, id * 3 AS x FROM range(2000000);\nSELECT 42 AS answer', presenter);
      assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome.status === 'failed' ? outcome.failure.summary : outcome));
      const [big, next] = presenter.results;
      assert.equal(big.stopped, true);
      assert.equal(big.failed, undefined);
      assert.equal(big.summary?.limited, true, 'cut short, not failed or cancelled');
      assert.ok(big.bytes >= 1024 * 1024 && big.bytes < 16 * 1024 * 1024, `${big.bytes} bytes kept`);
      assert.ok(big.rows < 2_000_000, `${big.rows} rows kept`);
      assert.equal(next.summary?.rowCount, 1, 'the next statement ran on the same session');
      assert.deepEqual(operations.history().map((h) => h.status), ['succeeded', 'succeeded']);
      assert.ok(Date.now() - started < 60_000, 'nothing waited for the whole result');
    });

    test('export the whole result re-runs the statement and streams every row to the file', async () => {
      const presenter = new BudgetPresenter(new MemoryBudget(() => 1024 * 1024));
      const { outcome } = await run('SELECT id, id * 2 AS twice FROM range(300000)', presenter);
      assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome.status === 'failed' ? outcome.failure.summary : outcome));
      const [cut] = presenter.results;
      assert.equal(cut.stopped, true, `${cut.bytes} bytes in ${cut.rows} rows`);
      const rerun = cut.info.rerun;
      assert.ok(rerun);
      const path = join(dir, 'whole.csv');
      let progressRows = 0;
      const out = await exportByRerun((p) => rerun(0, p), 'csv', path, { onProgress: (rows) => { progressRows = rows; } });
      assert.equal(out.rows, 300_000);
      assert.equal(progressRows, 300_000);
      const lines = readFileSync(path, 'utf8').split('\r\n');
      assert.equal(lines[0], 'id,twice');
      assert.equal(lines[300_000], '299999,599998');
      assert.equal(lines.length, 300_002);
    });
  });
}
