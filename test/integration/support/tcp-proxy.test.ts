// The fault-injection proxy in front of the real Spark 4 server, driven by the reference client: it must
// carry gRPC over HTTP/2 unchanged, and its cut must land in the middle of a result stream.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pysparkJson, spark4 } from '../../support/servers';
import { TcpProxy } from '../../support/tcp-proxy';

const server = spark4();
const upstream = /^sc:\/\/([^:/]+):(\d+)/.exec(server.remote);
if (!upstream) throw new Error(`cannot read host and port from ${server.remote}`);

let proxy: TcpProxy;
void before(async () => {
  proxy = await TcpProxy.start({
    targetHost: upstream[1] === 'localhost' ? '127.0.0.1' : upstream[1]!,
    targetPort: Number(upstream[2]),
  });
});
void after(() => proxy?.close());

void test('PySpark through the proxy gets the same answer, and the bytes are counted', async () => {
  proxy.resetCounters();
  const n = await pysparkJson<number>(server, 'result = spark.range(1000).selectExpr("sum(id) as s").collect()[0].s', {
    remote: proxy.remote(),
  });
  assert.equal(n, 499500);
  const stats = proxy.stats();
  assert.ok(stats.accepted >= 1);
  assert.ok(stats.toServer > 100 && stats.toClient > 100, JSON.stringify(stats));
});

void test('a cut after 64 kB lands inside a larger result; PySpark reconnects and reattaches', async () => {
  proxy.resetCounters();
  const cut = proxy.cutAfter(64 * 1024);
  // About 4 MB of Arrow: well past the cut, well under what the shared server should be asked for.
  const rows = await pysparkJson<number>(server, `
    df = spark.range(200000).selectExpr("id", "repeat('x', 16) as pad")
    result = len(df.collect())
  `, { remote: proxy.remote() });
  assert.equal(cut.fired, true);
  assert.equal(proxy.stats().cuts, 1);
  // The reference client recovers on a new connection (reattachable execution); ours must too.
  assert.equal(rows, 200000);
  const stats = proxy.stats();
  assert.ok(stats.accepted >= 2, JSON.stringify(stats));
  // Far more came through in total than before the cut, so it did not fall after the last batch.
  assert.ok(stats.toClient > 1_000_000, JSON.stringify(stats));
});
