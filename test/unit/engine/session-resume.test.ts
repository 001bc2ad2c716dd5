// A profile's server session survives a window reload: the SessionManager remembers its ids in the
// workspace memento, the next window reattaches to it, and a session the server no longer has is
// reported once, naming what was lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparkConnectError } from '../../../src/connect/errors';
import { Emitter } from '../../../src/engine/emitter';
import type { EngineSession, ResumeSession, SparkEngine } from '../../../src/engine/engine';
import { SERVER_SESSIONS_KEY, SessionManager, type LostSession } from '../../../src/engine/session-manager';
import type { ProfileClientOptions } from '../../../src/profiles/connection-options';
import { FakeSession, MemoryMemento, RecordingLogger } from '../../support/fakes/fakes';

class TrackedSession extends FakeSession {
  readonly ran = new Emitter<string>();
  readonly onDidSucceed = this.ran.event;
  detached = 0;
  constructor(id: string, readonly serverSideSessionId: string | undefined) {
    super(id);
  }
  detach(): Promise<void> {
    this.detached++;
    return Promise.resolve();
  }
}

class ResumingEngine implements SparkEngine {
  readonly calls: Array<{ options: ProfileClientOptions; resume: ResumeSession | undefined }> = [];
  readonly sessions: TrackedSession[] = [];
  /** Ids the fake server still has. */
  readonly live = new Set<string>();
  private seq = 0;
  async connect(options: ProfileClientOptions, _signal?: AbortSignal, resume?: ResumeSession): Promise<EngineSession> {
    this.calls.push({ options, resume });
    if (resume && !this.live.has(resume.sessionId)) {
      throw new SparkConnectError('[INVALID_HANDLE.SESSION_CLOSED] Session was closed.', { reason: 'unavailable', errorClass: 'INVALID_HANDLE.SESSION_CLOSED' });
    }
    const id = resume?.sessionId ?? `00000000-0000-4000-8000-00000000000${++this.seq}`;
    this.live.add(id);
    const s = new TrackedSession(id, `server-${id}`);
    this.sessions.push(s);
    return s;
  }
}

function manager(engine: SparkEngine, memento: MemoryMemento) {
  return new SessionManager(engine, async () => ({ host: 'h', port: 1, useSsl: false, headers: {} }), new RecordingLogger(), () => 0, memento);
}

test('a reloaded window reattaches to the session the profile had, and still knows what it holds', async () => {
  const engine = new ResumingEngine();
  const memento = new MemoryMemento();
  const first = manager(engine, memento);
  const s1 = (await first.connect('local')) as TrackedSession;
  s1.ran.fire('CREATE TEMP VIEW kept AS SELECT 1');
  await first.dispose(); // the window reloads
  assert.equal(s1.detached, 1, 'the session is left on the server');
  assert.equal(s1.closed, 0, 'and not released');
  assert.ok(memento.get(SERVER_SESSIONS_KEY), 'its ids are remembered');

  const second = manager(engine, memento);
  const s2 = await second.connect('local');
  assert.equal(s2.sessionId, s1.sessionId);
  assert.deepEqual(engine.calls[1].resume, { sessionId: s1.sessionId, serverSideSessionId: `server-${s1.sessionId}` });
  assert.deepEqual(second.serverSession('local')?.tempViews, ['kept']);
});

test('a session the server no longer has is reported once, naming what was lost, and a new one starts', async () => {
  const engine = new ResumingEngine();
  const memento = new MemoryMemento();
  const first = manager(engine, memento);
  const s1 = (await first.connect('local')) as TrackedSession;
  s1.ran.fire('CREATE OR REPLACE TEMP VIEW kept AS SELECT 1');
  s1.ran.fire('SET spark.sql.ansi.enabled=false');
  await first.dispose();
  engine.live.clear(); // the server restarted, or the session timed out

  const second = manager(engine, memento);
  const lost: LostSession[] = [];
  second.onDidLoseSession((l) => lost.push(l));
  const s2 = await second.connect('local');
  assert.notEqual(s2.sessionId, s1.sessionId);
  assert.equal(lost.length, 1);
  assert.match(lost[0].message, /'local'/);
  assert.match(lost[0].message, /temporary view kept/);
  assert.match(lost[0].message, /spark\.sql\.ansi\.enabled/);
  assert.equal(engine.calls[2].resume, undefined, 'the new session is a fresh one');
  assert.equal(second.serverSession('local')?.sessionId, s2.sessionId);
  assert.deepEqual(second.serverSession('local')?.tempViews, []);
  // A later reconnect does not say it again.
  await second.disconnect('local');
  await second.connect('local');
  assert.equal(lost.length, 1);
});

test('an explicit disconnect releases the session and forgets it', async () => {
  const engine = new ResumingEngine();
  const memento = new MemoryMemento();
  const mgr = manager(engine, memento);
  const s1 = (await mgr.connect('local')) as TrackedSession;
  await mgr.disconnect('local');
  assert.equal(s1.closed, 1);
  assert.equal(s1.detached, 0);
  assert.equal(mgr.serverSession('local'), undefined);
  await mgr.connect('local');
  assert.equal(engine.calls[1].resume, undefined);
});

test('a profile that names its own session attaches to that one, not to a remembered one', async () => {
  const engine = new ResumingEngine();
  const memento = new MemoryMemento();
  memento.values.set(SERVER_SESSIONS_KEY, { local: { sessionId: 'old' } });
  const mgr = new SessionManager(engine, async () => ({ host: 'h', port: 1, useSsl: false, headers: {}, sessionId: 'named' }), new RecordingLogger(), () => 0, memento);
  await mgr.connect('local');
  assert.equal(engine.calls[0].resume, undefined);
});

test('a session lost while connected (the server restarted under it) is reported once, naming what was lost', async () => {
  const engine = new ResumingEngine();
  const memento = new MemoryMemento();
  const mgr = manager(engine, memento);
  const lost: LostSession[] = [];
  mgr.onDidLoseSession((l) => lost.push(l));
  const s1 = (await mgr.connect('local')) as TrackedSession;
  s1.ran.fire('CACHE TABLE hot');
  const gone = new SparkConnectError('[INVALID_HANDLE.SESSION_CHANGED] restarted', { reason: 'unavailable', errorClass: 'INVALID_HANDLE.SESSION_CHANGED' });
  mgr.reportFailure('local', gone);
  mgr.reportFailure('local', gone);
  assert.equal(lost.length, 1);
  assert.match(lost[0].message, /cached table hot/);
  assert.equal(mgr.state('local').kind, 'error');
  assert.equal(mgr.serverSession('local'), undefined);
});

/** A Spark 3.5 session: no server-side id; the mark lives in the fake server's session settings. */
class MarkedSession extends FakeSession {
  readonly serverSideSessionId = undefined;
  constructor(id: string, private readonly marks: Set<string>) {
    super(id);
  }
  detach(): Promise<void> {
    return Promise.resolve();
  }
  markSession(): Promise<boolean> {
    const had = this.marks.has(this.sessionId);
    this.marks.add(this.sessionId);
    return Promise.resolve(had);
  }
}

class Spark35Engine implements SparkEngine {
  /** Session ids marked on the fake server; a restart clears them (and ids are simply reused). */
  readonly marks = new Set<string>();
  private seq = 0;
  async connect(_options: ProfileClientOptions, _signal?: AbortSignal, resume?: ResumeSession): Promise<EngineSession> {
    return new MarkedSession(resume?.sessionId ?? `00000000-0000-4000-8000-0000000003${++this.seq}`, this.marks);
  }
}

test('Spark 3.5: a restarted server that silently made a new session under the old id is caught by the missing mark', async () => {
  const engine = new Spark35Engine();
  const memento = new MemoryMemento();
  const first = manager(engine, memento);
  const s1 = (await first.connect('local')) as MarkedSession;
  assert.ok(engine.marks.has(s1.sessionId), 'a new session is marked');
  await first.dispose();

  // Reattached while the server still has it: nothing to say.
  const second = manager(engine, memento);
  const lost: LostSession[] = [];
  second.onDidLoseSession((l) => lost.push(l));
  await second.connect('local');
  assert.equal(lost.length, 0);
  await second.dispose();

  engine.marks.clear(); // the server restarted
  const third = manager(engine, memento);
  third.onDidLoseSession((l) => lost.push(l));
  const s3 = await third.connect('local');
  assert.equal(s3.sessionId, s1.sessionId, 'the same id, a new session');
  assert.equal(lost.length, 1);
  assert.match(lost[0].message, /no longer has the session of 'local'/);
});
