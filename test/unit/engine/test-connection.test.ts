import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testConnection } from '../../../src/engine/test-connection';
import { SparkConnectError } from '../../../src/connect/errors';
import { FakeEngine } from '../../support/fakes/fakes';

const options = { host: 'h', port: 1, useSsl: false, headers: {} };

test('a good server reports its version and timings, and the session is closed', async () => {
  const engine = new FakeEngine();
  let t = 0;
  const clock = () => (t += 10);
  const r = await testConnection(engine, options, undefined, clock);
  assert.deepEqual(r, { ok: true, sparkVersion: '4.3.0', connectMs: 10, roundTripMs: 10 });
  assert.equal(engine.sessions[0].closed, 1);
  assert.equal(engine.sessions[0].pings, 1);
});

test('a failure says what went wrong', async () => {
  const engine = new FakeEngine();
  engine.fail = new SparkConnectError('Cannot resolve host nope.invalid.', { reason: 'unavailable', connectFailure: 'dns', hint: 'Check the host name.' });
  const r = await testConnection(engine, options);
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.message, 'Host name not found: Cannot resolve host nope.invalid. Check the host name.');
});

test('a failed test never shows the token or a credential header value, even when the server echoes them', async () => {
  const token = 'tok-draft-5f4e3d2c1b';
  const key = 'key-draft-9a8b7c6d';
  const engine = new FakeEngine();
  // The failure is raised before the draft's secrets were ever registered (no client holds them).
  engine.fail = new SparkConnectError(`Invalid authentication token ${token} (x-api-key ${key})`, { reason: 'auth' });
  const r = await testConnection(engine, { ...options, token, headers: { 'x-api-key': key } });
  assert.equal(r.ok, false);
  const shown = r.ok ? '' : `${r.message}\n${r.detail}`;
  assert.match(shown, /Authentication failed: Invalid authentication token \*\*\*/);
  assert.doesNotMatch(shown, new RegExp(`${token}|${key}`));
});
