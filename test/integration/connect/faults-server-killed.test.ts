// A server that dies mid-query (kill -9 of the JVM while results stream), and servers that are not
// there at all (an address nothing answers from, a port that is not Spark Connect): each must end in a
// clear error that names the server, within a known time, without retrying forever or leaking the token.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { DEFAULT_RETRY_POLICY } from '../../../src/connect/retry';
import type { Logger } from '../../../src/connect/logger';
import { isOurServer, startThrowawaySpark, type ThrowawaySpark } from '../../support/throwaway-spark';
import { failsWithin } from './tls-helpers';

// Sent as a token (plaintext to localhost, as PySpark does; this server ignores it): must never show.
const SECRET = 'killed-server-secret-4b8d2e';

function recordingLogger(lines: string[]): Logger {
  const keep = (m: string): void => { lines.push(m); };
  return { trace: keep, debug: keep, info: keep, warn: keep, error: keep };
}

void describe('a Spark server killed mid-query (throwaway Spark 4, 1g driver)', () => {
  let server: ThrowawaySpark;

  before(async () => {
    server = await startThrowawaySpark();
  }, { timeout: 240_000 });

  after(async () => {
    await server?.stop();
  });

  void test('kill -9 while rows stream: "unavailable" naming the server, within the retry budget, then no more attempts', async () => {
    const lines: string[] = [];
    const c = new SparkConnectClient({ ...parseConnectionString(server.remote), token: SECRET, logger: recordingLogger(lines) });
    try {
      assert.match(await c.sparkVersion(), /^4\./);
      // 40 partitions of 500k rows: the first batches arrive within seconds, the whole takes far longer.
      const s = c.execute({ root: { sql: { query: 'select id, sha2(cast(id as string), 256) as h from range(0, 20000000, 1, 40)' } } });
      const it = s[Symbol.asyncIterator]();
      let rows = 0;
      while (rows === 0) {
        const r = await it.next();
        assert.equal(r.done, false, 'the stream ended before any rows');
        if (r.value.kind === 'arrow') rows += r.value.rowCount;
      }
      assert.ok(isOurServer(server.pid, server.port), 'the pid is our throwaway server');
      await server.kill9();

      // Default policy: reconnecting is retried for at most maxTotalMs (30 s), plus the last attempt.
      const bound = DEFAULT_RETRY_POLICY.maxTotalMs + 15_000;
      const { error, ms } = await failsWithin(async () => {
        for (let r = await it.next(); !r.done; r = await it.next()) if (r.value.kind === 'arrow') rows += r.value.rowCount;
      }, bound, SECRET);
      assert.equal(error.reason, 'unavailable');
      assert.equal(error.operationId, s.operationId);
      assert.match(error.message, new RegExp(`localhost:${server.port}`), 'names the server');
      assert.match(error.message, /refused|lost|closed|unavailable/i);
      assert.match(error.message, /gave up after \d+ attempts/);
      assert.ok(rows < 20_000_000, `only part of the result arrived (${rows} rows)`);
      assert.ok(s.isFinished);
      assert.ok(!lines.some((l) => l.includes(SECRET)), 'the token never reaches the log');

      // Bounded: after the error nothing keeps trying in the background.
      const attemptsAtError = lines.filter((l) => /→ ReattachExecute|→ ExecutePlan/.test(l)).length;
      await new Promise((r) => setTimeout(r, 3_000));
      assert.equal(lines.filter((l) => /→ ReattachExecute|→ ExecutePlan/.test(l)).length, attemptsAtError, 'no attempts after the error');
      process.stderr.write(`# killed server: error after ${ms} ms, ${s.reattachCount} reattach attempt(s): ${error.message}\n`);
    } finally {
      await c.close();
    }
  });
});

void describe('servers that are not there', () => {
  let http: Server;
  let httpPort: number;

  before(async () => {
    http = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('not spark'); });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpPort = (http.address() as { port: number }).port;
  });

  after(async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  void test('an address nothing answers from (TEST-NET-1): a clear error within the connect timeout', async () => {
    const c = new SparkConnectClient({ ...parseConnectionString('sc://192.0.2.1:15002'), token: SECRET, allowTokenOverPlaintext: true, connectTimeoutMs: 3_000 });
    try {
      const { error } = await failsWithin(() => c.sparkVersion(), 12_000, SECRET);
      assert.equal(error.reason, 'unavailable');
      assert.match(error.message, /192\.0\.2\.1:15002/);
      // Dropped packets give 'timeout'; a network that rejects the route at once gives 'refused' or 'network'.
      assert.ok(['timeout', 'network', 'refused'].includes(error.connectFailure ?? ''), `connectFailure ${error.connectFailure}`);
    } finally {
      await c.close();
    }
  });

  void test('a wrong port where a web server answers: "not a Spark Connect server", quickly', async () => {
    const c = new SparkConnectClient({ ...parseConnectionString(`sc://127.0.0.1:${httpPort}`), connectTimeoutMs: 3_000 });
    try {
      const { error } = await failsWithin(() => c.sparkVersion(), 10_000);
      assert.equal(error.reason, 'unavailable');
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${httpPort}`));
      assert.match(error.hint ?? '', /Spark Connect server/);
    } finally {
      await c.close();
    }
  });
});
