// Network faults between the client and the real servers, injected by a TCP proxy: result streams cut
// mid-way are resumed by ReattachExecute with every row exactly once; a server that disappears, never
// answers, or is not there at all gives a clear error within a bounded time.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { collectResult, recordBatches } from '../../../src/connect/arrow-result';
import { SparkConnectClient, type ClientOptions } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import { sparkServers } from '../../support/servers';
import { TcpProxy } from '../../support/tcp-proxy';

const N = 300_000n;
// Rows carry a value derived from the id so a lost, repeated or misplaced row changes the checksum.
const QUERY = { root: { sql: { query: `select id, (id * 7919) % 1000003 as h from range(${N})` } } };

interface Tally { rows: bigint; sumId: bigint; sumH: bigint }

async function tally(stream: AsyncIterable<import('../../../src/connect/execution').ExecuteEvent>): Promise<Tally> {
  const t: Tally = { rows: 0n, sumId: 0n, sumH: 0n };
  for await (const b of recordBatches(stream)) {
    const ids = b.getChild('id')!;
    const hs = b.getChild('h')!;
    for (let i = 0; i < b.numRows; i++) {
      t.rows++;
      t.sumId += ids.get(i) as bigint;
      t.sumH += hs.get(i) as bigint;
    }
  }
  return t;
}

for (const server of sparkServers()) {
  void describe(`faults between client and ${server.name}`, () => {
    const target = parseConnectionString(server.remote);
    let proxy: TcpProxy;
    let expected: Tally;
    const clients: SparkConnectClient[] = [];
    const viaProxy = (extra: Partial<ClientOptions> = {}, params = '') => {
      const c = new SparkConnectClient({ ...parseConnectionString(proxy.remote(params)), ...extra });
      clients.push(c);
      return c;
    };

    before(async () => {
      proxy = await TcpProxy.start({ targetPort: target.port, targetHost: target.host === 'localhost' ? '127.0.0.1' : target.host });
      const direct = new SparkConnectClient(target);
      try {
        const r = await collectResult(direct.execute({ root: { sql: { query: `select count(*) as n, sum(id) as s, sum((id * 7919) % 1000003) as h from range(${N})` } } }));
        const row = r.table.get(0)!;
        expected = { rows: row.n as bigint, sumId: row.s as bigint, sumH: row.h as bigint };
      } finally {
        await direct.close();
      }
      assert.equal(expected.rows, N);
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await proxy.close();
    });

    for (const reset of [false, true]) {
      void test(`a result stream cut mid-way (${reset ? 'TCP RST' : 'FIN'}) is resumed with every row exactly once`, async () => {
        proxy.forward();
        const c = viaProxy();
        await c.sparkVersion();
        proxy.resetCounters();
        const cut = proxy.cutAfter(1_000_000, { reset });
        const s = c.execute(QUERY);
        const got = await tally(s);
        assert.equal(cut.fired, true, 'the proxy cut the stream');
        assert.deepEqual(got, expected);
        assert.ok(s.reattachCount >= 1, 'resumed by ReattachExecute');
      });
    }

    void test('three cuts in one result: still exact', async () => {
      proxy.forward();
      const c = viaProxy();
      await c.sparkVersion();
      const s = c.execute(QUERY);
      const seen = tally(s);
      for (const at of [400_000, 700_000, 900_000]) {
        const cut = proxy.cutAfter(at);
        await Promise.race([cut.done, seen]);
        cut.disarm();
      }
      assert.deepEqual(await seen, expected);
      assert.ok(s.reattachCount >= 2, `reattached ${s.reattachCount} times`);
    });

    void test('the server disappears mid-query (every reconnection refused): clear error within the retry budget', async () => {
      proxy.forward();
      const c = viaProxy({ retryPolicy: { maxTotalMs: 5_000 } });
      await c.sparkVersion();
      const s = c.execute(QUERY);
      const it = s[Symbol.asyncIterator]();
      await it.next();
      proxy.refuse();
      proxy.dropAll();
      const t0 = Date.now();
      await assert.rejects((async () => { for (let r = await it.next(); !r.done; r = await it.next()) { /* drain */ } })(), (e: unknown) => {
        assert.ok(e instanceof SparkConnectError, String(e));
        assert.equal(e.reason, 'unavailable');
        assert.equal(e.operationId, s.operationId);
        assert.match(e.message, /refused|reset|closed|Connection/i);
        return true;
      });
      const ms = Date.now() - t0;
      assert.ok(ms < 12_000, `answered after ${ms} ms`);
      proxy.forward();
    });

    void test('a server that accepts TCP but never answers: timeout error within the connect timeout', async () => {
      proxy.blackhole();
      const c = viaProxy({ connectTimeoutMs: 2_000 });
      const t0 = Date.now();
      await assert.rejects(c.sparkVersion(), (e: unknown) => {
        assert.ok(e instanceof SparkConnectError);
        assert.equal(e.connectFailure, 'timeout');
        assert.match(e.message, /did not answer/);
        return true;
      });
      const ms = Date.now() - t0;
      assert.ok(ms >= 1_900 && ms < 8_000, `answered after ${ms} ms`);
      proxy.forward();
    });

    void test('a connection that goes silent mid-stream is detected by keepalive and resumed', async () => {
      proxy.forward();
      const broke: number[] = [];
      const log = (m: string) => { if (/stream broke/.test(m)) broke.push(Date.now()); };
      const c = viaProxy({ logger: { trace: log, debug: log, info: log, warn: log, error: log } }, 'grpc_keepalive_time_ms=1000;grpc_keepalive_timeout_ms=1000');
      await c.sparkVersion();
      const s = c.execute(QUERY);
      const it = s[Symbol.asyncIterator]();
      const first = await it.next();
      assert.equal(first.done, false);
      // Freeze: the server's bytes stop reaching us, but no FIN or RST is ever seen (a dead NAT entry).
      const frozenAt = Date.now();
      proxy.throttle({ delayMs: 3_600_000 });
      // The network comes back after 6 s; connections attempted while frozen are dropped then.
      setTimeout(() => { proxy.throttle({}); proxy.dropAll(); }, 6_000);
      async function* whole() {
        yield first.value;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      }
      const got = await tally(whole());
      assert.ok(broke.length >= 1, 'the stream was given up');
      assert.ok(broke[0] - frozenAt < 5_000, `keepalive noticed the silence after ${broke[0] - frozenAt} ms`);
      assert.ok(s.reattachCount >= 1, 'and resumed');
      assert.deepEqual(got, expected);
    });

    if (server.version === '3.5') {
      void test('a server that rejects our keepalive pings (GOAWAY too_many_pings) does not fail a long query', async () => {
        // Spark 3.5 keeps gRPC-Java's ping policy (at most one ping per 5 minutes); fast pings during a
        // silent query get the connection closed with ENHANCE_YOUR_CALM. The query must still finish.
        const c = new SparkConnectClient(parseConnectionString(`${server.remote}/;grpc_keepalive_time_ms=500;grpc_keepalive_timeout_ms=2000`));
        clients.push(c);
        const s = c.execute({ root: { sql: { query: 'select sum(id % 7) as n from range(0, 9000000000, 1, 2)' } } });
        const r = await collectResult(s);
        // sum of (id % 7) over 0..9e9-1: 9e9/7 full cycles of 0..6 (sum 21) plus the remainder
        const full = 9_000_000_000n / 7n;
        const rest = 9_000_000_000n % 7n;
        assert.equal(r.table.get(0)?.n, full * 21n + (rest * (rest - 1n)) / 2n);
        assert.ok(s.reattachCount >= 1, 'the connection was closed by the server at least once and the stream resumed');
      });
    }
  });
}

void describe('unreachable servers answer quickly', () => {
  void test('refused port', async () => {
    const c = new SparkConnectClient('sc://localhost:1');
    const t0 = Date.now();
    await assert.rejects(c.sparkVersion(), (e: unknown) => e instanceof SparkConnectError && e.connectFailure === 'refused' && /refused/.test(e.message));
    assert.ok(Date.now() - t0 < 5_000);
    await c.close();
  });

  void test('unknown host', async () => {
    const c = new SparkConnectClient('sc://spark-connect-test.invalid:15002');
    const t0 = Date.now();
    await assert.rejects(c.sparkVersion(), (e: unknown) => e instanceof SparkConnectError && e.connectFailure === 'dns' && /spark-connect-test\.invalid/.test(e.message));
    assert.ok(Date.now() - t0 < 8_000);
    await c.close();
  });
});
