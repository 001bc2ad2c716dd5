// Our client over TLS through a real TLS-terminating gRPC proxy (Debian's nginx, test/support/tls.ts)
// in front of the shared plaintext Spark 4 server: a custom CA bundle, mutual TLS, a wrong CA and a
// server-name override. Failures must be clear (category and message), quick, and free of secrets.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tableToIPC } from 'apache-arrow';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient, type ClientOptions } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkSession } from '../../../src/connect/session';
import { spark4 } from '../../support/servers';
import { ALIAS_SERVER_NAME, createTestPki, startNginxGrpcTls, type NginxProxy, type TestPki } from '../../support/tls';
import { failsWithin, upstreamOf } from './tls-helpers';

// A value that must never show up in an error; sent as a token, which this server ignores.
const SECRET = 'tls-test-secret-7f3a9c1e5b';
const ERROR_BOUND_MS = 10_000;

void describe('TLS through nginx (Spark 4)', () => {
  let pki: TestPki;
  let plain: NginxProxy;
  let mutual: NginxProxy;
  let alias: NginxProxy;

  before(async () => {
    pki = createTestPki();
    const upstream = upstreamOf(spark4().remote);
    [plain, mutual, alias] = await Promise.all([
      startNginxGrpcTls({ ...upstream, pki }),
      startNginxGrpcTls({ ...upstream, pki, requireClientCert: true }),
      startNginxGrpcTls({ ...upstream, pki, serverCert: pki.aliasServer }),
    ]);
  });

  after(async () => {
    await Promise.all([plain?.stop(), mutual?.stop(), alias?.stop()]);
    pki?.dispose();
  });

  const withClient = async <T>(remote: string, o: Partial<ClientOptions>, body: (c: SparkConnectClient) => Promise<T>): Promise<T> => {
    // The direct reader, so that its TLS (certificates, ALPN, server-name override) is what is tested;
    // grpc-js's TLS carries the unary calls of the same client.
    const c = new SparkConnectClient({ ...parseConnectionString(remote), connectTimeoutMs: 8_000, streamTransport: 'direct', ...o });
    try {
      return await body(c);
    } finally {
      await c.close();
    }
  };

  const sumQuery = { root: { sql: { query: 'select id, id * 3 as t from range(0, 20000)' } } };
  const expectSums = async (c: SparkConnectClient): Promise<void> => {
    // Result streams over TLS go through the client's own HTTP/2 connection (h2/), as withClient asks.
    assert.equal(c.streamTransport, 'direct');
    const r = await collectResult(c.execute(sumQuery));
    assert.equal(r.table.numRows, 20_000);
    let ids = 0n;
    let ts = 0n;
    for (const row of r.table) {
      ids += row.id as bigint;
      ts += row.t as bigint;
    }
    assert.equal(ids, 199_990_000n); // sum of 0..19999
    assert.equal(ts, 3n * 199_990_000n);
  };

  void test('a custom CA bundle (path): the SparkSession API runs queries with correct rows', async () => {
    const spark = await SparkSession.connect(plain.remote, { caCertPath: pki.ca.certPath, connectTimeoutMs: 8_000 });
    try {
      assert.match(await spark.version(), /^4\./);
      const rows = await (await spark.sql("select 7 as n, 'über' as s, cast(12345678901234 as bigint) as big")).collect();
      assert.deepEqual(rows.map((r) => [r.get('n'), r.get('s'), r.get('big')]), [[7, 'über', 12345678901234n]]);
      assert.equal(await spark.range(0, 123_457).count(), 123_457);
    } finally {
      await spark.stop();
    }
  });

  void test('mutual TLS: a large result is byte for byte the same through our HTTP/2 reader and through grpc-js', async () => {
    const tls = { caCertPath: pki.ca.certPath, clientCertPath: pki.client.certPath, clientKeyPath: pki.client.keyPath, connectTimeoutMs: 8_000 };
    const query = `SELECT id, concat('v', id) AS s, CAST(id AS DECIMAL(20, 0)) / 3 AS d FROM range(0, 400000, 1, 4)`;
    const ipc: Buffer[] = [];
    for (const streamTransport of ['direct', 'grpc-js'] as const) {
      const spark = await SparkSession.connect(mutual.remote, { ...tls, streamTransport });
      try {
        assert.equal((spark.client as SparkConnectClient).streamTransport, streamTransport);
        const table = await (await spark.sql(query)).toArrow();
        assert.equal(table.numRows, 400_000);
        ipc.push(Buffer.from(tableToIPC(table)));
      } finally {
        await spark.stop();
      }
    }
    assert.ok(ipc[0]!.equals(ipc[1]!), 'the two transports gave different bytes');
  });

  void test('a custom CA given as PEM text: a streamed result arrives complete', async () => {
    await withClient(plain.remote, { caCert: pki.ca.certPem }, expectSums);
  });

  void test('a wrong CA: a TLS trust error within the bound, naming the server, no secret', async () => {
    await withClient(plain.remote, { caCertPath: pki.otherCa.certPath, token: SECRET }, async (c) => {
      const { error } = await failsWithin(() => c.sparkVersion(), ERROR_BOUND_MS, SECRET);
      assert.equal(error.reason, 'auth');
      assert.equal(error.connectFailure, 'tls');
      assert.match(error.message, /certificate of localhost:\d+ is not trusted/);
      assert.match(error.hint ?? '', /CA certificate/);
    });
  });

  void test('system roots only (no CA configured): the test CA is untrusted, said clearly', async () => {
    await withClient(plain.remote, {}, async (c) => {
      const { error } = await failsWithin(() => collectResult(c.execute(sumQuery)), ERROR_BOUND_MS);
      assert.equal(error.connectFailure, 'tls');
      assert.match(error.message, /not trusted/);
    });
  });

  void test('mutual TLS: with the client certificate and key the query runs', async () => {
    await withClient(mutual.remote, {
      caCertPath: pki.ca.certPath, clientCertPath: pki.client.certPath, clientKeyPath: pki.client.keyPath,
    }, expectSums);
  });

  void test('mutual TLS: client certificate and key as PEM text work too', async () => {
    await withClient(mutual.remote, { caCert: pki.ca.certPem, clientCert: pki.client.certPem, clientKey: pki.client.keyPem }, async (c) => {
      assert.match(await c.sparkVersion(), /^4\./);
    });
  });

  void test('mutual TLS without a client certificate: a clear auth error within the bound, no secret', async () => {
    await withClient(mutual.remote, { caCertPath: pki.ca.certPath, token: SECRET }, async (c) => {
      const { error } = await failsWithin(() => c.sparkVersion(), ERROR_BOUND_MS, SECRET);
      assert.equal(error.reason, 'auth');
      assert.match(error.message, /client certificate/);
      assert.match(error.message, /localhost:\d+/);
      assert.match(error.hint ?? '', /client certificate/);
    });
    assert.match(mutual.errorLog(), /no required SSL certificate/);
  });

  void test('mutual TLS with a certificate from a foreign CA: refused the same way', async () => {
    await withClient(mutual.remote, { caCertPath: pki.ca.certPath, clientCertPath: pki.otherCa.certPath, clientKeyPath: pki.otherCa.keyPath }, async (c) => {
      const { error } = await failsWithin(() => collectResult(c.execute(sumQuery)), ERROR_BOUND_MS);
      assert.equal(error.reason, 'auth');
      assert.match(error.message, /client certificate/);
    });
    assert.match(mutual.errorLog(), /client SSL certificate verify error/);
  });

  void test('a client certificate without its key is a configuration error before any connection', () => {
    assert.throws(() => new SparkConnectClient({ ...parseConnectionString(mutual.remote), clientCertPath: pki.client.certPath }), (e: unknown) =>
      e instanceof Error && (e as { reason?: string }).reason === 'config' && /both a client certificate and its private key/.test(e.message));
  });

  void test('server-name override: dialing 127.0.0.1, the certificate is for another name', async () => {
    const byIp = `sc://127.0.0.1:${alias.port}/;use_ssl=true`;
    // Without the override the certificate does not match the host dialed.
    await withClient(byIp, { caCertPath: pki.ca.certPath }, async (c) => {
      const { error } = await failsWithin(() => c.sparkVersion(), ERROR_BOUND_MS);
      assert.equal(error.connectFailure, 'tls');
      assert.match(error.message, /does not match the host name/);
      assert.match(error.hint ?? '', /server name override/);
    });
    // With it, the certificate verifies against that name and the query runs.
    await withClient(byIp, { caCertPath: pki.ca.certPath, serverNameOverride: ALIAS_SERVER_NAME }, expectSums);
    // And an override naming something the certificate is not for fails clearly.
    await withClient(byIp, { caCertPath: pki.ca.certPath, serverNameOverride: 'other.test.invalid' }, async (c) => {
      const { error } = await failsWithin(() => c.sparkVersion(), ERROR_BOUND_MS);
      assert.equal(error.connectFailure, 'tls');
      assert.match(error.message, /does not match/);
    });
  });

  void test('use_ssl against the plaintext Spark port: "does not speak TLS", quickly', async () => {
    await withClient(`${spark4().remote}/;use_ssl=true`, { caCertPath: pki.ca.certPath }, async (c) => {
      const { error } = await failsWithin(() => c.sparkVersion(), ERROR_BOUND_MS);
      assert.equal(error.connectFailure, 'tls');
      assert.match(error.message, /does not speak TLS/);
    });
  });
});
