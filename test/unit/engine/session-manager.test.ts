import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotConnectedError, SessionManager } from '../../../src/engine/session-manager';
import { SparkConnectError } from '../../../src/connect/errors';
import { FakeEngine, RecordingLogger } from '../../support/fakes/fakes';

function setup() {
  const engine = new FakeEngine();
  const known = new Set(['a', 'b']);
  const logger = new RecordingLogger();
  const mgr = new SessionManager(engine, async (name) => (known.has(name) ? { host: name, port: 15002, useSsl: false, headers: {} } : undefined), logger, () => 1000);
  return { engine, mgr, logger };
}

test('connect goes connecting -> connected, makes the first profile active, and reuses the session', async () => {
  const { engine, mgr } = setup();
  const states: string[] = [];
  mgr.onDidChangeState((name) => states.push(`${name}:${mgr.state(name).kind}`));
  const s1 = await mgr.connect('a');
  const s2 = await mgr.connect('a');
  assert.equal(s1, s2);
  assert.equal(engine.connects.length, 1);
  assert.deepEqual(states, ['a:connecting', 'a:connected']);
  assert.equal(mgr.activeProfile, 'a');
  const st = mgr.state('a');
  assert.equal(st.kind === 'connected' && st.sparkVersion, '4.3.0');
  await mgr.connect('b');
  assert.equal(mgr.activeProfile, 'a', 'a later connection does not steal the active profile');
});

test('concurrent connects share one attempt', async () => {
  const { engine, mgr } = setup();
  let open!: () => void;
  engine.gate = new Promise((r) => { open = r; });
  const p1 = mgr.connect('a');
  const p2 = mgr.connect('a');
  open();
  assert.equal(await p1, await p2);
  assert.equal(engine.connects.length, 1);
});

test('a failed connect shows the error state with a message', async () => {
  const { engine, mgr } = setup();
  engine.fail = new SparkConnectError('Connection refused by localhost:1', { reason: 'unavailable', connectFailure: 'refused' });
  await assert.rejects(mgr.connect('a'));
  const st = mgr.state('a');
  assert.equal(st.kind, 'error');
  assert.match(st.kind === 'error' ? st.message : '', /refused/);
  // A later attempt can succeed.
  engine.fail = undefined;
  await mgr.connect('a');
  assert.equal(mgr.state('a').kind, 'connected');
});

test('unknown profiles fail clearly', async () => {
  const { mgr } = setup();
  await assert.rejects(mgr.connect('zzz'), /no connection named 'zzz'/);
});

test('disconnect closes the session, ends its scope, and disconnect during connect cancels it', async () => {
  const { engine, mgr } = setup();
  await mgr.connect('a');
  let disposed = 0;
  mgr.sessionScope('a').add({ dispose: () => disposed++ });
  await mgr.disconnect('a');
  assert.equal(engine.sessions[0].closed, 1);
  assert.equal(disposed, 1);
  assert.equal(mgr.state('a').kind, 'disconnected');
  assert.equal(mgr.session('a'), undefined);

  let open!: () => void;
  engine.gate = new Promise((r) => { open = r; });
  const pending = mgr.connect('a');
  await mgr.disconnect('a');
  open();
  await assert.rejects(pending);
  assert.equal(mgr.state('a').kind, 'disconnected');
});

test('reconnect gives a new session', async () => {
  const { mgr } = setup();
  const s1 = await mgr.connect('a');
  const s2 = await mgr.reconnect('a');
  assert.notEqual(s1.sessionId, s2.sessionId);
});

test('requireActiveSession says not connected until there is a session', async () => {
  const { mgr } = setup();
  assert.throws(() => mgr.requireActiveSession(), NotConnectedError);
  mgr.setActive('a');
  assert.throws(() => mgr.requireActiveSession(), /Not connected to 'a'/);
  await mgr.connect('a');
  assert.equal(mgr.requireActiveSession().profile, 'a');
});

test('a lost connection ends the session; a query error does not', async () => {
  const { engine, mgr } = setup();
  await mgr.connect('a');
  mgr.reportFailure('a', new SparkConnectError('Table not found', { reason: 'analysis', errorClass: 'TABLE_OR_VIEW_NOT_FOUND' }));
  assert.equal(mgr.state('a').kind, 'connected');
  mgr.reportFailure('a', new SparkConnectError('Server went away', { reason: 'unavailable' }));
  assert.equal(mgr.state('a').kind, 'error');
  assert.equal(mgr.session('a'), undefined);
  assert.equal(engine.sessions[0].closed, 1);
});

test('forget removes the profile and clears it as active', async () => {
  const { mgr } = setup();
  await mgr.connect('a');
  await mgr.forget('a');
  assert.equal(mgr.activeProfile, undefined);
  assert.deepEqual(mgr.connectedProfiles(), []);
});
