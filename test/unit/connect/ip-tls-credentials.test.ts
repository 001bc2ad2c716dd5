// TLS to a server dialled by IP address: the certificate is still verified (against the address), and
// Node's DEP0123 warning ("Setting the TLS ServerName to an IP address is not permitted by RFC 6066")
// is never printed, on grpc-js (unary calls) nor on the direct reader (result streams).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerCredentials } from '@grpc/grpc-js';
import { SparkConnectClient, type ClientOptions } from '../../../src/connect/client';
import { SparkConnectError } from '../../../src/connect/errors';
import { ALIAS_SERVER_NAME, createTestPki, type TestPki } from '../../support/tls';
import { FakeSpark, writeAll } from './fake-spark';

const warnings: Error[] = [];
const onWarning = (w: Error): void => { warnings.push(w); };
let pki: TestPki;
const ipServer = new FakeSpark();
const aliasServer = new FakeSpark();
const clients: SparkConnectClient[] = [];

function serve(fake: FakeSpark): void {
  fake.executePlan = async (call) => {
    const base = { sessionId: call.request.sessionId, serverSideSessionId: fake.serverSideSessionId, operationId: call.request.operationId ?? '' };
    await writeAll(call, [{ ...base, responseId: 'a', arrowBatch: { rowCount: 1, data: new Uint8Array([7]) } }, { ...base, responseId: 'b', resultComplete: {} }]);
    call.end();
  };
}

before(async () => {
  process.on('warning', onWarning);
  pki = createTestPki();
  const creds = (pair: { certPem: string; keyPem: string }) => ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(pair.certPem), private_key: Buffer.from(pair.keyPem) }], false);
  serve(ipServer);
  serve(aliasServer);
  await ipServer.start(creds(pki.server)); // its certificate names localhost, 127.0.0.1 and ::1
  await aliasServer.start(creds(pki.aliasServer)); // its certificate names ALIAS_SERVER_NAME only
});

after(async () => {
  process.off('warning', onWarning);
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([ipServer.stop(), aliasServer.stop()]);
  pki.dispose();
});

function client(port: number, extra: Partial<ClientOptions>): SparkConnectClient {
  const c = new SparkConnectClient({ host: '127.0.0.1', port, useSsl: true, headers: {}, caCert: pki.ca.certPem, connectTimeoutMs: 5_000, retryPolicy: { maxAttempts: 1 }, ...extra });
  clients.push(c);
  return c;
}

async function arrowBytes(c: SparkConnectClient): Promise<number[]> {
  const out: number[] = [];
  for await (const e of c.execute({ root: { sql: { query: 'select 7' } } })) if (e.kind === 'arrow') out.push(e.data[0]!);
  return out;
}

const dep0123 = (): Error[] => warnings.filter((w) => (w as Error & { code?: string }).code === 'DEP0123');

for (const streamTransport of ['grpc-js', 'direct'] as const) {
  void test(`use_ssl=true to an IP address (${streamTransport} streams): verified against the address, no DEP0123 warning`, async () => {
    const c = client(ipServer.port, { streamTransport });
    assert.equal(c.streamTransport, streamTransport);
    assert.equal(await c.sparkVersion(), '4.3.0');
    assert.deepEqual(await arrowBytes(c), [7]);
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    assert.deepEqual(dep0123().map((w) => w.message), []);
  });
}

void test('a certificate that does not name the address is still refused', async () => {
  const c = client(aliasServer.port, {});
  await assert.rejects(c.sparkVersion(), (e: unknown) => e instanceof SparkConnectError && e.reason !== 'cancelled');
});

void test('a server-name override that is an IP address is verified without DEP0123 too', async () => {
  const c = client(ipServer.port, { serverNameOverride: '127.0.0.1', streamTransport: 'direct' });
  assert.equal(await c.sparkVersion(), '4.3.0');
  assert.deepEqual(await arrowBytes(c), [7]);
  const named = client(aliasServer.port, { serverNameOverride: ALIAS_SERVER_NAME, streamTransport: 'direct' });
  assert.deepEqual(await arrowBytes(named), [7], 'a name override still works (through grpc-js\'s own TLS and the reader\'s SNI)');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(dep0123().map((w) => w.message), []);
});
