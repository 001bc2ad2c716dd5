// Bearer-token authentication against a real Spark 4 server started with
// SPARK_CONNECT_AUTHENTICATE_TOKEN: right, wrong and missing token, and PySpark's rule that a token
// implies TLS except towards the literal host "localhost".
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient, type ClientOptions } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import { tokenServer, type TokenServer } from '../../support/servers';

void describe('token authentication (Spark 4 token server)', () => {
  let ts: TokenServer;
  const open = async <T>(o: Partial<ClientOptions>, body: (c: SparkConnectClient) => Promise<T>): Promise<T> => {
    const c = new SparkConnectClient({ ...parseConnectionString(ts.remote), connectTimeoutMs: 5_000, ...o });
    try {
      return await body(c);
    } finally {
      await c.close();
    }
  };

  before(() => {
    const found = tokenServer();
    assert.ok(found, 'no token server: run `scripts/spark-server.sh start spark4-token` or set SPARK_TOKEN_REMOTE/SPARK_TOKEN_FILE');
    ts = found;
  });

  void test('the right token: calls and queries work (plaintext to localhost, as PySpark)', async () => {
    await open({ token: ts.token }, async (c) => {
      assert.match(await c.sparkVersion(), /^4\./);
      const r = await collectResult(c.execute({ root: { sql: { query: 'select 40 + 2 as x' } } }));
      assert.equal(r.table.get(0)?.x, 42);
    });
  });

  void test('the token can come from the connection string', async () => {
    const c = new SparkConnectClient(`${ts.remote}/;token=${encodeURIComponent(ts.token)}`);
    try {
      assert.match(await c.sparkVersion(), /^4\./);
      assert.doesNotMatch(c.displayName, new RegExp(ts.token));
    } finally {
      await c.close();
    }
  });

  void test('a wrong token: auth error, not retried, the token never shown', async () => {
    const wrong = `${ts.token.slice(0, -4)}beef`;
    await open({ token: wrong }, async (c) => {
      const t0 = Date.now();
      await assert.rejects(c.sparkVersion(), (e: unknown) => {
        assert.ok(e instanceof SparkConnectError);
        assert.equal(e.reason, 'auth');
        assert.equal(e.grpcCode, 16);
        assert.match(e.message, /Invalid authentication token/);
        assert.doesNotMatch(e.message, new RegExp(wrong));
        assert.match(e.hint ?? '', /token/);
        return true;
      });
      assert.ok(Date.now() - t0 < 3_000, 'answered without retrying');
    });
  });

  void test('no token: auth error saying none was provided', async () => {
    await open({}, async (c) => {
      await assert.rejects(c.sparkVersion(), (e: unknown) => e instanceof SparkConnectError && e.reason === 'auth'
        && /No authentication token provided/.test(e.message));
    });
  });

  void test('a token to 127.0.0.1 implies TLS (only "localhost" is exempt), unless explicitly allowed', async () => {
    const port = parseConnectionString(ts.remote).port;
    const byIp = { host: '127.0.0.1', port, token: ts.token };
    await open(byIp, async (c) => {
      await assert.rejects(c.sparkVersion(), (e: unknown) => e instanceof SparkConnectError && e.connectFailure === 'tls' && /does not speak TLS/.test(e.message));
    });
    await open({ ...byIp, allowTokenOverPlaintext: true }, async (c) => {
      assert.match(await c.sparkVersion(), /^4\./);
    });
  });
});
