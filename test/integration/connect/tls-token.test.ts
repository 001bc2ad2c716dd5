// A bearer token over TLS: nginx terminates TLS in front of the Spark 4 server started with
// SPARK_CONNECT_AUTHENTICATE_TOKEN ($SPARK_TOKEN_REMOTE), and passes the authorization header on.
// Right token works; a wrong or missing token gives Spark's auth error, quickly, without the token.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient, type ClientOptions } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkSession } from '../../../src/connect/session';
import { tokenServer, type TokenServer } from '../../support/servers';
import { createTestPki, startNginxGrpcTls, type NginxProxy, type TestPki } from '../../support/tls';
import { failsWithin, upstreamOf } from './tls-helpers';

const ERROR_BOUND_MS = 10_000;

void describe('token over TLS through nginx (Spark 4 token server)', () => {
  let ts: TokenServer;
  let pki: TestPki;
  let proxy: NginxProxy;

  before(async () => {
    const found = tokenServer();
    assert.ok(found, 'no token server: run `scripts/spark-server.sh start spark4-token` or set SPARK_TOKEN_REMOTE/SPARK_TOKEN_FILE');
    ts = found;
    pki = createTestPki();
    proxy = await startNginxGrpcTls({ ...upstreamOf(ts.remote), pki });
  });

  after(async () => {
    await proxy?.stop();
    pki?.dispose();
  });

  const withClient = async <T>(o: Partial<ClientOptions>, body: (c: SparkConnectClient) => Promise<T>): Promise<T> => {
    const c = new SparkConnectClient({ ...parseConnectionString(proxy.remote), caCertPath: pki.ca.certPath, connectTimeoutMs: 8_000, ...o });
    try {
      return await body(c);
    } finally {
      await c.close();
    }
  };

  void test('the right token, in the connection string with use_ssl: queries return correct rows', async () => {
    const url = `sc://localhost:${proxy.port}/;use_ssl=true;token=${encodeURIComponent(ts.token)}`;
    const spark = await SparkSession.connect(url, { caCertPath: pki.ca.certPath, connectTimeoutMs: 8_000 });
    try {
      const rows = await (await spark.sql('select sum(id) as s, count(*) as n from range(100000)')).collect();
      assert.equal(rows[0]?.get('s'), 4_999_950_000n);
      assert.equal(rows[0]?.get('n'), 100_000n);
      assert.ok(spark.client instanceof SparkConnectClient);
      assert.ok(!spark.client.displayName.includes(ts.token), 'the display name hides the token');
    } finally {
      await spark.stop();
    }
  });

  void test('the right token as an option: a streamed result arrives complete', async () => {
    await withClient({ token: ts.token }, async (c) => {
      const r = await collectResult(c.execute({ root: { sql: { query: "select id, concat('r', id) as s from range(50000)" } } }));
      assert.equal(r.table.numRows, 50_000);
      assert.equal(r.table.get(49_999)?.s, 'r49999');
    });
  });

  void test('a token to a host other than localhost implies TLS: 127.0.0.1 through the proxy works without use_ssl', async () => {
    await withClient({ host: '127.0.0.1', useSsl: false, token: ts.token, serverNameOverride: 'localhost' }, async (c) => {
      assert.match(await c.sparkVersion(), /^4\./);
    });
  });

  void test('a wrong token: Spark\'s auth error through the proxy, within the bound, token not shown', async () => {
    const wrong = `${ts.token.slice(0, -6)}c0ffee`;
    await withClient({ token: wrong }, async (c) => {
      const { error } = await failsWithin(() => c.sparkVersion(), ERROR_BOUND_MS, wrong);
      assert.equal(error.reason, 'auth');
      assert.equal(error.grpcCode, 16);
      assert.match(error.message, /Invalid authentication token/);
      assert.ok(!error.message.includes(ts.token));
    });
  });

  void test('no token: Spark\'s "no token provided" auth error through the proxy, within the bound', async () => {
    await withClient({}, async (c) => {
      const { error } = await failsWithin(() => collectResult(c.execute({ root: { sql: { query: 'select 1' } } })), ERROR_BOUND_MS);
      assert.equal(error.reason, 'auth');
      assert.match(error.message, /No authentication token provided/);
    });
  });
});
