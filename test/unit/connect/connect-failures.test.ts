// Connection failures must come back quickly and say what is wrong: unknown host, refused port, a
// server that accepts TCP and never answers, TLS against plaintext and the reverse, untrusted
// certificates, missing client certificates. Local servers only (in-process gRPC, raw TCP).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer, type Server, type Socket } from 'node:net';
import { ServerCredentials } from '@grpc/grpc-js';
import { generate } from 'selfsigned';
import { SparkConnectClient, type ClientOptions } from '../../../src/connect/client';
import { SparkConnectError } from '../../../src/connect/errors';
import { FakeSpark } from './fake-spark';

const clients: SparkConnectClient[] = [];
function client(o: Partial<ClientOptions> & { port: number }): SparkConnectClient {
  const c = new SparkConnectClient({ host: 'localhost', useSsl: false, headers: {}, connectTimeoutMs: 1_500, ...o });
  clients.push(c);
  return c;
}
after(async () => { await Promise.all(clients.map((c) => c.close())); });

async function failure(c: SparkConnectClient): Promise<{ e: SparkConnectError; ms: number }> {
  const t0 = Date.now();
  try {
    await c.sparkVersion();
  } catch (e) {
    assert.ok(e instanceof SparkConnectError, `expected SparkConnectError, got ${String(e)}`);
    return { e, ms: Date.now() - t0 };
  }
  assert.fail('expected the call to fail');
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

void test('refused port: unavailable/refused, at once', async () => {
  const { e, ms } = await failure(client({ port: await freePort() }));
  assert.equal(e.reason, 'unavailable');
  assert.equal(e.connectFailure, 'refused');
  assert.match(e.message, /refused/);
  assert.ok(e.hint);
  assert.ok(ms < 3_000, `took ${ms} ms`);
});

void test('unknown host: unavailable/dns', async () => {
  const { e, ms } = await failure(client({ host: 'no-such-host.invalid', port: 15002 }));
  assert.equal(e.connectFailure, 'dns');
  assert.match(e.message, /no-such-host\.invalid/);
  assert.ok(ms < 6_000, `took ${ms} ms`);
});

void test('a server that accepts TCP and never answers: timeout within the connect timeout plus diagnosis', async () => {
  const held: Socket[] = [];
  const hole = createServer((s) => { held.push(s); s.resume(); });
  const port = await listen(hole);
  try {
    const { e, ms } = await failure(client({ port, connectTimeoutMs: 1_000 }));
    assert.equal(e.reason, 'unavailable');
    assert.equal(e.connectFailure, 'timeout');
    assert.match(e.message, /accepted the connection but did not answer/);
    assert.ok(ms >= 900 && ms < 6_000, `took ${ms} ms`);
  } finally {
    held.forEach((s) => s.destroy());
    await new Promise((r) => hole.close(r));
  }
});

void test('an HTTP/1.1 server on the port (e.g. the Spark UI): not-grpc, at once', async () => {
  const web = createHttpServer((_req, res) => { res.writeHead(200); res.end('<html>Spark UI</html>'); });
  const port = await listen(web as unknown as Server);
  try {
    const { e, ms } = await failure(client({ port }));
    assert.equal(e.reason, 'unavailable');
    assert.equal(e.connectFailure, 'not-grpc');
    assert.match(e.message, /does not look like a Spark Connect server/);
    assert.match(e.hint ?? '', /Spark UI/);
    assert.ok(ms < 5_000, `took ${ms} ms`);
  } finally {
    web.closeAllConnections();
    await new Promise((r) => web.close(r));
  }
});

void test('an HTTP/2 server that is not gRPC: says so', async () => {
  const h2 = createHttp2Server((_req, res) => { res.writeHead(404); res.end(); });
  const port = await listen(h2 as unknown as Server);
  try {
    const c = client({ port });
    const { e } = await failure(c);
    assert.match(e.message, /HTTP status 404 instead of gRPC/);
    await c.close();
  } finally {
    await new Promise((r) => h2.close(r));
  }
});

let plain: FakeSpark;
let plainPort = 0;
let tlsServer: FakeSpark;
let tlsPort = 0;
let mtlsServer: FakeSpark;
let mtlsPort = 0;
let pems: Awaited<ReturnType<typeof generate>>;

before(async () => {
  plain = new FakeSpark();
  plainPort = await plain.start();
  pems = await generate([{ name: 'commonName', value: 'spark.test' }], {
    keySize: 2048,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'spark.test' }] },
    ],
    algorithm: 'sha256',
    clientCertificate: { cn: 'test-client', algorithm: 'sha256' },
  });
  const keyPair = [{ private_key: Buffer.from(pems.private), cert_chain: Buffer.from(pems.cert) }];
  tlsServer = new FakeSpark();
  tlsPort = await tlsServer.start(ServerCredentials.createSsl(null, keyPair, false));
  mtlsServer = new FakeSpark();
  mtlsPort = await mtlsServer.start(ServerCredentials.createSsl(Buffer.from(pems.cert), keyPair, true));
});
after(async () => { await Promise.all([plain.stop(), tlsServer.stop(), mtlsServer.stop()]); });

void test('use_ssl against a plaintext server: tls, says the server does not speak TLS', async () => {
  const { e, ms } = await failure(client({ port: plainPort, useSsl: true }));
  assert.equal(e.connectFailure, 'tls');
  assert.match(e.message, /does not speak TLS/);
  assert.match(e.hint ?? '', /use_ssl/);
  assert.ok(ms < 6_000, `took ${ms} ms`);
});

void test('plaintext against a TLS server: tls, suggests use_ssl=true', async () => {
  const { e } = await failure(client({ port: tlsPort }));
  assert.equal(e.connectFailure, 'tls');
  assert.match(e.message, /expects TLS/);
  assert.match(e.hint ?? '', /use_ssl=true/);
});

void test('an untrusted server certificate is an auth (trust) failure', async () => {
  const { e } = await failure(client({ port: tlsPort, useSsl: true, serverNameOverride: 'spark.test' }));
  assert.equal(e.reason, 'auth');
  assert.equal(e.connectFailure, 'tls');
  assert.match(e.message, /not trusted/);
});

void test('a certificate for another name is reported as a name mismatch', async () => {
  const { e } = await failure(client({ port: tlsPort, useSsl: true, caCert: pems.cert }));
  assert.equal(e.reason, 'auth');
  assert.match(e.message, /does not match the host name/);
});

void test('custom CA + server name override: connects, and sends the token over TLS', async () => {
  const c = client({ port: tlsPort, caCert: pems.cert, serverNameOverride: 'spark.test', token: 'tls-token' });
  assert.equal(await c.sparkVersion(), '4.3.0');
  assert.equal(tlsServer.calledWith('AnalyzePlan').at(-1)?.metadata.authorization, 'Bearer tls-token');
});

void test('mutual TLS: without a client certificate the handshake is refused, with one it works', async () => {
  const { e } = await failure(client({ port: mtlsPort, caCert: pems.cert, serverNameOverride: 'spark.test' }));
  assert.equal(e.connectFailure, 'tls');
  assert.equal(e.reason, 'auth');
  assert.match(e.message, /client certificate/);
  const ok = client({ port: mtlsPort, caCert: pems.cert, serverNameOverride: 'spark.test', clientCert: pems.clientcert, clientKey: pems.clientprivate });
  assert.equal(await ok.sparkVersion(), '4.3.0');
});

void test('after a successful connection, a server that went away is retried within the retry budget', async () => {
  const f = new FakeSpark();
  const port = await f.start();
  const c = client({ port, retryPolicy: { maxTotalMs: 1_500, initialBackoffMs: 50 } });
  assert.equal(await c.sparkVersion(), '4.3.0');
  f.kill();
  const { e, ms } = await failure(c);
  assert.equal(e.reason, 'unavailable');
  assert.match(e.message, /gave up after \d+ attempts/);
  assert.ok(ms < 5_000, `took ${ms} ms`);
});

void test('a server that comes back within the retry budget is used again', async () => {
  const f = new FakeSpark();
  const port = await f.start();
  const c = client({ port, retryPolicy: { maxTotalMs: 8_000, initialBackoffMs: 100, backoffMultiplier: 2, maxBackoffMs: 500 } });
  assert.equal(await c.sparkVersion(), '4.3.0');
  f.kill();
  setTimeout(() => { void f.start(undefined, port); }, 700);
  assert.equal(await c.sparkVersion(), '4.3.0');
  await f.stop();
});
