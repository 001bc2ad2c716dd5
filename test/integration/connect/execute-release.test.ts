// ReleaseExecute against the real servers: while a reattachable result streams, the client tells the
// server which responses it may forget (every few responses), and releases the rest at the end; the
// server accepts every one of those calls.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ipcBatches } from '../../../src/connect/arrow-result';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { RELEASE_EVERY_RESPONSES } from '../../../src/connect/execution';
import type { Logger } from '../../../src/connect/logger';
import { sparkServers } from '../../support/servers';

for (const server of sparkServers()) {
  void describe(`ReleaseExecute on ${server.name}`, () => {
    void test('consumed responses are released while the stream runs, and all at the end', async () => {
      const lines: string[] = [];
      const keep = (m: string): void => { lines.push(m); };
      const logger: Logger = { trace: keep, debug: keep, info: keep, warn: keep, error: keep };
      const c = new SparkConnectClient({ ...parseConnectionString(server.remote), logger });
      try {
        // 4 partitions of 10k-row batches (Spark's maxRecordsPerBatch): about 100 responses.
        const s = c.execute({ root: { sql: { query: 'select id, id % 7 as k from range(0, 1000000, 1, 4)' } } });
        let rows = 0;
        let batches = 0;
        let releasedWhileStreaming = 0;
        for await (const b of ipcBatches(s)) {
          rows += b.rowCount;
          batches++;
          // Requests sent, not replies: with a 16 MiB window the whole result can be buffered before the
          // first reply is back, and the replies are checked after the stream below.
          releasedWhileStreaming = lines.filter((l) => l.includes('→ ReleaseExecute')).length;
        }
        assert.equal(rows, 1_000_000);
        await c.close(); // waits for the pending release calls
        const ok = lines.filter((l) => l.includes('← ReleaseExecute ok')).length;
        const failed = lines.filter((l) => /ReleaseExecute.*failed/.test(l));
        assert.deepEqual(failed, [], 'the server accepted every release');
        assert.ok(batches >= 3 * RELEASE_EVERY_RESPONSES, `${batches} batches`);
        // One release per RELEASE_EVERY_RESPONSES consumed responses, plus the final release-all.
        assert.ok(ok >= Math.floor(batches / RELEASE_EVERY_RESPONSES) + 1, `${ok} releases for ${batches} batches`);
        assert.ok(releasedWhileStreaming >= 1, 'releases happen while the result streams, not only at the end');
      } finally {
        await c.close();
      }
    });
  });
}
