// Interrupting a long query on the real servers: by operation id, by tag, all, cancel(), AbortSignal.
// Each must end the query with a 'cancelled' SparkConnectError within a few seconds, and the server
// must be free again afterwards (a safety interruptAll runs after every test).
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import type { ExecutionStream } from '../../../src/connect/execution';
import { sparkServers } from '../../support/servers';

// Long enough to still run after several seconds on two cores, cheap in memory.
const LONG = { root: { sql: { query: 'select count(*) from range(0, 200000000000, 1, 2)' } } };
const LIMIT_MS = 8_000;

/** Consumes a stream; resolves with the error it ended with and when. */
async function outcome(s: ExecutionStream): Promise<{ error?: SparkConnectError; at: number }> {
  try {
    for await (const _e of s) { /* progress events only */ }
    return { at: Date.now() };
  } catch (e) {
    assert.ok(e instanceof SparkConnectError, String(e));
    return { error: e, at: Date.now() };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const server of sparkServers()) {
  void describe(`interrupting long queries on ${server.name}`, () => {
    let c: SparkConnectClient;
    before(() => { c = new SparkConnectClient(parseConnectionString(server.remote)); });
    afterEach(async () => { await c.interrupt({ all: true }); });
    after(async () => { await c.close(); });

    async function expectCancelled(s: ExecutionStream, interrupt: () => Promise<unknown>): Promise<SparkConnectError> {
      const done = outcome(s);
      await sleep(1_500);
      const t0 = Date.now();
      await interrupt();
      const { error, at } = await done;
      assert.ok(error, 'the query must end with an error');
      assert.equal(error.reason, 'cancelled', `${error.errorClass} ${error.message}`);
      assert.ok(at - t0 < LIMIT_MS, `ended ${at - t0} ms after the interrupt`);
      return error;
    }

    void test('by operation id: the server reports it and the stream ends cancelled', async () => {
      const s = c.execute(LONG);
      let ids: string[] = [];
      const e = await expectCancelled(s, async () => { ids = await c.interrupt({ operationId: s.operationId }); });
      assert.deepEqual(ids, [s.operationId]);
      assert.equal(e.operationId, s.operationId);
    });

    void test('by tag: only the tagged operation is interrupted', async () => {
      const tagged = c.execute(LONG, { tags: ['etl-job'] });
      const other = c.execute({ root: { sql: { query: 'select id from range(10)' } } }, { tags: ['other'] });
      let ids: string[] = [];
      await expectCancelled(tagged, async () => { ids = await c.interrupt({ tag: 'etl-job' }); });
      assert.deepEqual(ids, [tagged.operationId]);
      const r = await collectResult(other);
      assert.equal(r.rowCount, 10);
    });

    void test('all: every running operation of the session', async () => {
      const a = c.execute(LONG);
      const b = c.execute(LONG);
      const doneB = outcome(b);
      let ids: string[] = [];
      await expectCancelled(a, async () => { ids = await c.interrupt({ all: true }); });
      const rb = await doneB;
      assert.equal(rb.error?.reason, 'cancelled');
      assert.deepEqual(new Set(ids), new Set([a.operationId, b.operationId]));
    });

    void test('ExecutionStream.cancel()', async () => {
      const s = c.execute(LONG);
      await expectCancelled(s, () => s.cancel());
      assert.equal(s.isCancelled, true);
    });

    void test('AbortSignal', async () => {
      const ac = new AbortController();
      const s = c.execute(LONG, { signal: ac.signal });
      await expectCancelled(s, async () => { ac.abort(); });
    });

    void test('the session is usable right after an interrupt', async () => {
      const s = c.execute(LONG);
      await expectCancelled(s, () => s.cancel());
      const t0 = Date.now();
      const r = await collectResult(c.execute({ root: { sql: { query: 'select 42 as x' } } }));
      assert.equal(r.table.get(0)?.x, 42);
      assert.ok(Date.now() - t0 < 5_000);
    });

    if (server.version === '4') {
      void test('progress events arrive while a query runs (Spark 4)', async () => {
        const ac = new AbortController();
        const s = c.execute({ root: { sql: { query: 'select count(*) from range(0, 3000000000, 1, 4)' } } }, { signal: ac.signal });
        let progress = 0;
        try {
          for await (const e of s) {
            if (e.kind === 'progress') {
              progress++;
              assert.ok(Array.isArray(e.progress.stages));
              if (progress >= 2) ac.abort();
            }
          }
        } catch (e) {
          assert.ok(e instanceof SparkConnectError && e.reason === 'cancelled');
        }
        assert.ok(progress >= 1, 'at least one ExecutionProgress');
        assert.ok(s.lastProgress);
      });
    }
  });
}
