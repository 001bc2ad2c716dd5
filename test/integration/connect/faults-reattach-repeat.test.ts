// Reattach must resume, every time: each network fault is repeated on both result-stream transports
// (grpc-js, the direct reader) against both servers, and every run must deliver every row exactly once.
//
// Why repeated: a broken stream resumes after the last response we read, and the server can replay only
// its retry buffer (spark.connect.execute.reattachable.observerRetryBufferSize, 10 MiB by default). What
// was in flight when the connection broke is bounded by our HTTP/2 receive window (channel.ts
// FLOW_CONTROL_WINDOW); at 16 MiB it sometimes exceeded the buffer, and ~5% of cut runs failed with
// INVALID_CURSOR.POSITION_NOT_AVAILABLE. So the result here is large (~40 MB, in ~2 MB responses), the
// consumer is a little slower than the server (the window is full when the fault hits, as with a CLI
// printing rows), and the cut lands at a different place in every run.
//
// Cost: 26 runs per transport and server (104 faulted runs, 168 resumptions): 2m17s-2m57s on this 2-core
// machine shared with other work (load 6-10), a third of it the keepalive stalls. A race that breaks 5%
// of resumptions survives all 168 with a chance of 0.95^168 < 0.02%; with the old 16 MiB window this
// file failed 12 of its 104 runs (INVALID_CURSOR.POSITION_NOT_AVAILABLE), with 4 MiB none.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { recordBatches } from '../../../src/connect/arrow-result';
import type { StreamTransportChoice } from '../../../src/connect/stream-transport';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import type { ExecutionStream } from '../../../src/connect/execution';
import { sparkServers } from '../../support/servers';
import { seededRandom } from '../../support/seeded-random';
import { TcpProxy } from '../../support/tcp-proxy';

const ROWS = 200_000;
// ~210 bytes a row: ~42 MB in all, far more than the 10 MiB the server can replay.
const QUERY = { root: { sql: { query: `select id, repeat('x', 200) as pad from range(0, ${ROWS}, 1, 4)` } } };
const MB = 1024 * 1024;
/** Per transport and server. A cut run resumes once; a triple-cut run three times; a stall once. */
const RUNS = { reset: 8, fin: 6, tripleCut: 8, stall: 4 };
/** The consumer's pace: a pause per ~2 MB batch keeps it behind the server, so the window is full. */
const CONSUMER_PAUSE_MS = 15;

interface Tally { rows: number; repeated: number; missing: number }

/** Every id in [0, ROWS) must arrive exactly once. */
async function tally(s: ExecutionStream, onBatch: (rows: number) => void = () => undefined): Promise<Tally> {
  const seen = new Uint8Array(ROWS);
  let rows = 0;
  let repeated = 0;
  for await (const b of recordBatches(s)) {
    const ids = b.getChild('id')!.toArray() as BigInt64Array;
    for (const id of ids) {
      const i = Number(id);
      if (seen[i]++ > 0) repeated++;
    }
    rows += b.numRows;
    onBatch(rows);
    await new Promise((r) => setTimeout(r, CONSUMER_PAUSE_MS));
  }
  return { rows, repeated, missing: seen.reduce((n, v) => n + (v === 0 ? 1 : 0), 0) };
}

const EXACT: Tally = { rows: ROWS, repeated: 0, missing: 0 };

for (const server of sparkServers()) {
  for (const transport of ['grpc-js', 'direct'] as const satisfies readonly StreamTransportChoice[]) {
    void describe(`reattach after repeated faults: Spark ${server.version}, ${transport} streams`, () => {
      const target = parseConnectionString(server.remote);
      let proxy: TcpProxy;
      const clients: SparkConnectClient[] = [];
      const random = seededRandom(server.version === '4' ? 1515 : 3535);
      /** A place to cut, somewhere in the first half of the result, different every run. */
      const cutPoint = (): number => Math.round((6 + 14 * random()) * MB);

      const connect = async (params = ''): Promise<SparkConnectClient> => {
        proxy.forward();
        const c = new SparkConnectClient({ ...parseConnectionString(proxy.remote(params)), streamTransport: transport });
        clients.push(c);
        await c.sparkVersion();
        assert.equal(c.streamTransport, transport);
        return c;
      };

      /** Runs `runs` times; a failed run is recorded, not thrown, so one test reports how many failed. */
      const repeat = async (runs: number, run: (i: number) => Promise<string | undefined>): Promise<void> => {
        const failures: string[] = [];
        for (let i = 0; i < runs; i++) {
          try {
            const problem = await run(i);
            if (problem !== undefined) failures.push(`run ${i + 1}: ${problem}`);
          } catch (err) {
            failures.push(`run ${i + 1}: ${(err as Error).message}`);
          }
        }
        assert.deepEqual(failures, [], `${failures.length} of ${runs} runs failed`);
      };

      before(async () => {
        proxy = await TcpProxy.start({ targetPort: target.port, targetHost: target.host === 'localhost' ? '127.0.0.1' : target.host });
      });
      after(async () => {
        await Promise.all(clients.map((c) => c.close()));
        await proxy.close();
      });

      for (const [fault, reset, runs] of [['TCP reset', true, RUNS.reset], ['clean FIN', false, RUNS.fin]] as const) {
        void test(`a ${fault} mid-result, ${runs} times at different places: every row exactly once`, async () => {
          const c = await connect();
          await repeat(runs, async () => {
            const cut = proxy.cutAfter(cutPoint(), { reset });
            const s = c.execute(QUERY);
            const got = await tally(s);
            cut.disarm();
            if (!cut.fired) return 'the proxy never cut (result smaller than expected?)';
            assert.deepEqual(got, EXACT);
            assert.ok(s.reattachCount >= 1, 'resumed by ReattachExecute');
            return undefined;
          });
        });
      }

      void test(`three cuts in one result, ${RUNS.tripleCut} times: every row exactly once`, async () => {
        const c = await connect();
        await repeat(RUNS.tripleCut, async (i) => {
          const s = c.execute(QUERY);
          const whole = tally(s);
          whole.catch(() => undefined); // observed below
          let fired = 0;
          for (const share of [0.2, 0.45, 0.7]) {
            const cut = proxy.cutAfter(Math.round((share + 0.1 * random()) * 12 * MB), { reset: i % 2 === 0 });
            await Promise.race([cut.done, whole]);
            if (cut.fired) fired++;
            cut.disarm();
          }
          const got = await whole;
          if (fired < 3) return `only ${fired} of 3 cuts fired`;
          assert.deepEqual(got, EXACT);
          assert.ok(s.reattachCount >= 3, `reattached ${s.reattachCount} times`);
          return undefined;
        });
      });

      void test(`a stall past keepalive (no FIN, no RST) mid-result, ${RUNS.stall} times: detected, resumed, every row exactly once`, async () => {
        const c = await connect('grpc_keepalive_time_ms=1000;grpc_keepalive_timeout_ms=1000');
        await repeat(RUNS.stall, async () => {
          // Frozen by the bytes the proxy has passed, not by the rows read: a consumer slowed by a busy
          // machine can lag so far behind that the whole result is already in the client's buffers when
          // it reaches a row count, and then nothing is left to resume (seen once in CI).
          const startBytes = proxy.stats().toClient;
          const freezeBytes = Math.round((6 + 14 * random()) * MB);
          let frozen = false;
          const watch = setInterval(() => {
            if (frozen || proxy.stats().toClient - startBytes < freezeBytes) return;
            frozen = true;
            clearInterval(watch);
            // The server's bytes stop reaching us, but no FIN or RST is ever seen (a dead NAT entry); the
            // network comes back after 3 s, and connections made while frozen are dropped then.
            proxy.throttle({ delayMs: 3_600_000 });
            setTimeout(() => { proxy.throttle({}); proxy.dropAll(); }, 3_000);
          }, 1);
          const s = c.execute(QUERY);
          let got: Tally;
          try {
            got = await tally(s);
          } finally {
            clearInterval(watch);
          }
          if (!frozen) return 'never froze';
          assert.deepEqual(got, EXACT);
          assert.ok(s.reattachCount >= 1, 'resumed by ReattachExecute');
          return undefined;
        });
      });
    });
  }
}
