// "Test connection" through the production engine: a clear reason for each way a connection fails
// (name lookup, refused, TLS, authentication, timeout), with the token kept out of what the user sees.
import { buildStack } from './stack';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { testConnection } from '../../../src/engine/test-connection';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { toClientOptions } from '../../../src/profiles/connection-options';
import { emptySecrets, newProfile, type ConnectionProfile } from '../../../src/profiles/profile';
import { spark4, tokenServer } from '../../support/servers';

const st = buildStack();

function profileFor(remote: string, edit: (p: ConnectionProfile) => void = () => undefined): ConnectionProfile {
  const o = parseConnectionString(remote);
  const p = newProfile('t', o.host, o.port);
  p.connectTimeoutMs = 4_000;
  p.retry.maxRetries = 0;
  edit(p);
  return p;
}

async function failureOf(p: ConnectionProfile, token?: string): Promise<{ message: string; ms: number }> {
  const t0 = Date.now();
  const r = await testConnection(st.engine, toClientOptions(p, token ? { ...emptySecrets(), token } : emptySecrets()));
  assert.ok(!r.ok, 'the test must fail');
  return { message: r.message, ms: Date.now() - t0 };
}

/** A free port on localhost (listen, note, close). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

void describe('test connection: reasons for failures', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  before(async () => {
    // Accepts TCP and never says a word: the channel stays "connecting" until the deadline.
    silent = createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  void test('refused', async () => {
    const port = await freePort();
    const f = await failureOf(profileFor(`sc://127.0.0.1:${port}`));
    assert.match(f.message, /^Connection refused/);
    assert.ok(f.ms < 5_000, `${f.ms} ms`);
  });

  void test('name lookup', async () => {
    const f = await failureOf(profileFor('sc://no-such-host.invalid:15002'));
    assert.match(f.message, /^Host name not found/);
  });

  void test('timeout: a server that never answers', async () => {
    const port = (silent.address() as { port: number }).port;
    const f = await failureOf(profileFor(`sc://127.0.0.1:${port}`, (p) => { p.connectTimeoutMs = 1_500; }));
    assert.match(f.message, /^Timed out/);
    assert.ok(f.ms < 6_000, `${f.ms} ms`);
  });

  void test('TLS against a plaintext server', async () => {
    const f = await failureOf(profileFor(spark4().remote, (p) => { p.tls = true; }));
    assert.match(f.message, /^TLS handshake failed/);
  });

  void test('authentication: a wrong token, never shown', async () => {
    const ts = tokenServer();
    assert.ok(ts, 'no token server (SPARK_TOKEN_REMOTE / SPARK_TOKEN_FILE)');
    const wrong = `${ts.token.slice(0, -4)}beef`;
    const f = await failureOf(profileFor(ts.remote), wrong);
    assert.match(f.message, /^Authentication failed/);
    assert.ok(!f.message.includes(wrong));
    const right = await testConnection(st.engine, toClientOptions(profileFor(ts.remote), { ...emptySecrets(), token: ts.token }));
    assert.ok(right.ok, right.ok ? '' : right.message);
    assert.match(right.sparkVersion, /^4\./);
  });
});
