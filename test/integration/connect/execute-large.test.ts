// Large results stream with bounded client memory: a slow consumer holds back the network (HTTP/2
// flow control through a pull-based stream), and 10 million rows pass through without the client
// ever holding the whole result. The 10M-row test needs a server with a 6 GB driver (Spark 4 only;
// the 3.5 server has 2 GB).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeIpc, ipcBatches } from '../../../src/connect/arrow-result';
import { FLOW_CONTROL_WINDOW } from '../../../src/connect/channel';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { spark4, sparkServers } from '../../support/servers';
import { TcpProxy } from '../../support/tcp-proxy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The value once it has not changed for `quietMs`; fails after `timeoutMs` of changes. */
async function steady(read: () => number, quietMs: number, timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  let value = read();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > end) throw new Error(`still changing after ${timeoutMs} ms (now ${value})`);
    await sleep(20);
    const now = read();
    if (now !== value) {
      value = now;
      since = Date.now();
    }
  }
  return value;
}

for (const server of sparkServers()) {
  void describe(`backpressure on ${server.name}`, () => {
    void test('a paused consumer stops the transfer; resuming delivers every row', async () => {
      const target = parseConnectionString(server.remote);
      const proxy = await TcpProxy.start({ targetPort: target.port });
      const c = new SparkConnectClient(parseConnectionString(proxy.remote()));
      try {
        await c.sparkVersion();
        proxy.resetCounters();
        // about 124 MB of Arrow
        const s = c.execute({ root: { sql: { query: "select id, repeat('x', 50) as pad from range(2000000)" } } });
        const it = s[Symbol.asyncIterator]();
        let rows = 0;
        for (;;) {
          const r = await it.next();
          assert.equal(r.done, false);
          if (r.value.kind === 'arrow') {
            rows += r.value.rowCount;
            break;
          }
        }
        // The server fills the window and the buffers of both proxy legs, then must stop. How long the
        // filling takes depends on the machine (0.1-0.2 s here, up to 0.9 s with the two cores busy), so
        // wait until nothing has crossed for a second rather than a fixed time.
        const whilePaused = await steady(() => proxy.stats().toClient, 1_000, 30_000);
        await sleep(1_000);
        assert.equal(proxy.stats().toClient, whilePaused, 'nothing more arrives while the consumer waits');
        // At most one HTTP/2 window ahead of the consumer, plus what the sockets of both proxy legs buffer.
        const bound = FLOW_CONTROL_WINDOW + 12_000_000;
        assert.ok(whilePaused < bound, `${whilePaused} bytes crossed the network while paused (of ~124 MB; bound ${bound})`);
        for (let r = await it.next(); !r.done; r = await it.next()) if (r.value.kind === 'arrow') rows += r.value.rowCount;
        assert.equal(rows, 2_000_000);
        assert.ok(proxy.stats().toClient > 120_000_000);
      } finally {
        await c.close();
        await proxy.close();
      }
    });
  });
}

void describe('10 million rows (Spark 4, 6 GB server)', () => {
  void test('streams with bounded client memory, every row counted', async () => {
    const c = new SparkConnectClient(parseConnectionString(spark4().remote));
    const n = 10_000_000n;
    const mem = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    const base = mem();
    let peak = base;
    const sampler = setInterval(() => { peak = Math.max(peak, mem()); }, 100);
    try {
      const t0 = Date.now();
      const s = c.execute({ root: { sql: { query:
        `select id, id % 1000 as k, cast(id as string) as s, id * 1.5d as d, ` +
        `date_add(date'2020-01-01', cast(id % 3650 as int)) as dt, id % 2 = 0 as b from range(${n})` } } });
      let rows = 0n;
      let sum = 0n;
      let bytes = 0;
      let firstMs = 0;
      for await (const b of ipcBatches(s)) {
        if (firstMs === 0) firstMs = Date.now() - t0;
        bytes += b.data.length;
        for (const batch of decodeIpc(b.data)) {
          const ids = batch.getChild('id')!.toArray() as BigInt64Array;
          for (let i = 0; i < ids.length; i++) sum += ids[i];
          rows += BigInt(batch.numRows);
        }
        peak = Math.max(peak, mem());
      }
      const totalMs = Date.now() - t0;
      assert.equal(rows, n);
      assert.equal(sum, (n * (n - 1n)) / 2n);
      const growth = peak - base;
      // The result is several hundred MB of Arrow; the client must never hold more than a window of it.
      assert.ok(bytes > 350_000_000, `${bytes} bytes of Arrow`);
      assert.ok(growth < 300_000_000, `peak memory grew by ${(growth / 1e6).toFixed(0)} MB`);
      // For the report: how this compares with PySpark's ~13 s to first batch and ~16 s in all.
      console.log(`10M rows: ${(bytes / 1e6).toFixed(0)} MB Arrow, first batch ${firstMs} ms, total ${totalMs} ms, peak +${(growth / 1e6).toFixed(0)} MB`);
    } finally {
      clearInterval(sampler);
      await c.close();
    }
  });
});
