// Proves the TLS test rig against the reference client before any of our own TLS code relies on it:
// nginx from test/support/tls.ts terminates TLS (and mTLS) in front of the real Spark 4 server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { spark } from '../../../src/connect/generated/spark-connect';
import { pysparkJson, spark4 } from '../../support/servers';
import { createTestPki, startNginxGrpcTls, type NginxProxy, type TestPki } from '../../support/tls';

const server = spark4();
const upstream = /^sc:\/\/([^:/]+):(\d+)/.exec(server.remote);
if (!upstream) throw new Error(`cannot read host and port from ${server.remote}`);

let pki: TestPki;
let plain: NginxProxy;
let mutual: NginxProxy;

void before(async () => {
  pki = createTestPki();
  const upstreamHost = upstream[1] === 'localhost' ? '127.0.0.1' : upstream[1]!;
  plain = await startNginxGrpcTls({ upstreamHost, upstreamPort: Number(upstream[2]), pki });
  mutual = await startNginxGrpcTls({ upstreamHost, upstreamPort: Number(upstream[2]), pki, requireClientCert: true });
});

void after(async () => {
  await plain?.stop();
  await mutual?.stop();
  pki?.dispose();
});

// A Config(get) call made with raw grpc-js, so this rig's test depends on no client code of ours.
function configGet(port: number, creds: grpc.ChannelCredentials): Promise<spark.connect.ConfigResponse> {
  const sessionId = randomUUID();
  const request = spark.connect.ConfigRequest.encode({
    sessionId,
    userContext: { userId: 'harness' },
    operation: { get: { keys: ['spark.sql.session.timeZone'] } },
  }).finish();
  const client = new grpc.Client(`localhost:${port}`, creds);
  return new Promise<spark.connect.ConfigResponse>((resolve, reject) => {
    client.makeUnaryRequest(
      '/spark.connect.SparkConnectService/Config',
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => spark.connect.ConfigResponse.decode(b),
      request,
      { deadline: Date.now() + 30_000 },
      (err, res) => {
        client.close();
        if (err) reject(err);
        else if (res?.sessionId !== sessionId) reject(new Error(`answer for session ${res?.sessionId}`));
        else resolve(res);
      },
    );
  });
}

function tlsHandshake(port: number, ca: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca, ALPNProtocols: ['h2'] });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

void test('PySpark runs `select 1` through nginx TLS with the test CA as its only root', async () => {
  const answer = await pysparkJson<number>(server, 'result = spark.sql("select 1 as x").collect()[0].x', {
    remote: plain.remote,
    env: { GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: pki.ca.certPath },
    timeoutMs: 90_000,
  });
  assert.equal(answer, 1);
});

void test('the server certificate verifies against the test CA and not against the unrelated CA', async () => {
  const good = await tlsHandshake(plain.port, pki.ca.certPem);
  assert.equal(good.authorized, true);
  assert.equal(good.alpnProtocol, 'h2');
  good.destroy();
  await assert.rejects(tlsHandshake(plain.port, pki.otherCa.certPem), (e: NodeJS.ErrnoException) => {
    assert.match(e.code ?? '', /UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
    return true;
  });
});

void test('mTLS: a client certificate from the test CA reaches Spark; none, or a foreign one, is rejected', async () => {
  const ca = Buffer.from(pki.ca.certPem);
  const ok = await configGet(mutual.port, grpc.credentials.createSsl(ca, Buffer.from(pki.client.keyPem), Buffer.from(pki.client.certPem)));
  assert.deepEqual(ok.pairs.map((p) => p.key), ['spark.sql.session.timeZone']);
  assert.ok((ok.pairs[0]?.value ?? '') !== '', 'the server answers with its time zone');

  // nginx finishes the TLS handshake and then refuses the HTTP/2 request (400), which gRPC reports as
  // INTERNAL; the log line shows which check refused it.
  await assert.rejects(configGet(mutual.port, grpc.credentials.createSsl(ca)), (e: grpc.ServiceError) => {
    assert.equal(e.code, grpc.status.INTERNAL);
    assert.match(e.details, /HTTP status code 400/);
    return true;
  });
  assert.match(mutual.errorLog(), /no required SSL certificate/);

  const foreign = grpc.credentials.createSsl(ca, Buffer.from(pki.otherCa.keyPem), Buffer.from(pki.otherCa.certPem));
  await assert.rejects(configGet(mutual.port, foreign), (e: grpc.ServiceError) => {
    assert.equal(e.code, grpc.status.INTERNAL);
    return true;
  });
  assert.match(mutual.errorLog(), /client SSL certificate verify error/);

  // The plain-TLS proxy asks for no certificate: the same call without one goes through.
  const open = await configGet(plain.port, grpc.credentials.createSsl(ca));
  assert.equal(open.pairs.length, 1);
});
