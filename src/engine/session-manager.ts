// One Spark session per connected profile, with its state for the UI. Everything tied to a session
// (catalog caches, running operations) registers in the session's DisposableStore and ends with it.
import type { Logger } from '../connect/logger';
import type { ProfileClientOptions } from '../profiles/connection-options';
import { DisposableStore, Emitter } from './emitter';
import type { EngineSession, SparkEngine } from './engine';
import { describeFailure } from './error-report';
import { describeLostSession, emptyRecord, isSessionGone, noteStatement, parseRecord, type SessionRecord } from './session-state';

/** Where each profile's server session is remembered across window reloads (VS Code's workspaceState). */
export interface SessionMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const SERVER_SESSIONS_KEY = 'sparkConnect.serverSessions';

/** The server no longer had a profile's session; `message` names what was lost with it. */
export interface LostSession {
  profile: string;
  record: SessionRecord;
  message: string;
}

export type ConnectionState =
  | { kind: 'disconnected' }
  | { kind: 'connecting'; since: number }
  | { kind: 'connected'; sparkVersion: string; sessionId: string; since: number }
  | { kind: 'error'; message: string; error: unknown };

/** Turns a profile name into client options (reads settings and the secret store). */
export type ProfileResolver = (name: string) => Promise<ProfileClientOptions | undefined>;

export class NotConnectedError extends Error {
  constructor(readonly profile: string | undefined) {
    super(profile ? `Not connected to '${profile}'.` : 'Not connected to Spark.');
    this.name = 'NotConnectedError';
  }
}

interface Slot {
  state: ConnectionState;
  session?: EngineSession;
  pending?: Promise<EngineSession>;
  abort?: AbortController;
  scope: DisposableStore;
}

export class SessionManager {
  private readonly slots = new Map<string, Slot>();
  private active: string | undefined;
  private readonly resumable = new Set<string>();
  private disposing = false;
  private readonly changed = new Emitter<string>();
  private readonly activeChanged = new Emitter<string | undefined>();
  private readonly lost = new Emitter<LostSession>();
  /** Each profile's server session (ids and what the user created in it), saved in `memento`. */
  private readonly records = new Map<string, SessionRecord>();
  /** Fires with the profile name whenever its connection state changes. */
  readonly onDidChangeState = this.changed.event;
  readonly onDidChangeActive = this.activeChanged.event;
  /** Fires once per lost session: the server no longer had it (closed, timed out, restarted). */
  readonly onDidLoseSession = this.lost.event;

  constructor(
    private readonly engine: SparkEngine,
    private readonly resolve: ProfileResolver,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly memento?: SessionMemento,
  ) {
    const stored = memento?.get<unknown>(SERVER_SESSIONS_KEY);
    if (typeof stored === 'object' && stored !== null) {
      for (const [name, raw] of Object.entries(stored as Record<string, unknown>)) {
        const rec = parseRecord(raw);
        if (rec) this.records.set(name, rec);
      }
    }
  }

  /** The remembered server session of a profile (for tests and the UI); undefined when none. */
  serverSession(name: string): SessionRecord | undefined {
    return this.records.get(name);
  }

  get activeProfile(): string | undefined {
    return this.active;
  }

  /**
   * Profiles that were connected when this workspace's window last closed (a reload, a restart). The
   * first command that needs one of them reconnects it without asking; an explicit disconnect, or
   * that first attempt, clears the mark.
   */
  markResumable(names: readonly string[]): void {
    for (const n of names) this.resumable.add(n);
  }

  /** True once for a profile marked resumable; the caller then connects it. */
  takeResumable(name: string): boolean {
    return this.resumable.delete(name);
  }

  /** True while the window closes: sessions end, but not because the user disconnected them. */
  get isDisposing(): boolean {
    return this.disposing;
  }

  setActive(name: string | undefined): void {
    if (name === this.active) return;
    this.active = name;
    this.activeChanged.fire(name);
  }

  state(name: string): ConnectionState {
    return this.slots.get(name)?.state ?? { kind: 'disconnected' };
  }

  session(name: string): EngineSession | undefined {
    return this.slots.get(name)?.session;
  }

  /** Names of profiles with a live session. */
  connectedProfiles(): string[] {
    return [...this.slots.entries()].filter(([, s]) => s.session).map(([n]) => n);
  }

  /** The session of the active profile; throws NotConnectedError when there is none. */
  requireActiveSession(): { profile: string; session: EngineSession } {
    const profile = this.active;
    const session = profile ? this.session(profile) : undefined;
    if (!profile || !session) throw new NotConnectedError(profile);
    return { profile, session };
  }

  /** The DisposableStore that ends when this profile's session ends. */
  sessionScope(name: string): DisposableStore {
    return this.slot(name).scope;
  }

  /** Connects (or returns the live or in-flight session). The first connected profile becomes active. */
  connect(name: string): Promise<EngineSession> {
    const slot = this.slot(name);
    if (slot.session) return Promise.resolve(slot.session);
    if (slot.pending) return slot.pending;
    const abort = new AbortController();
    slot.abort = abort;
    this.setState(name, slot, { kind: 'connecting', since: this.now() });
    const pending = this.open(name, abort.signal).then(
      (session) => {
        if (abort.signal.aborted) {
          void session.close();
          throw new Error(`Connecting to '${name}' was cancelled.`);
        }
        slot.session = session;
        slot.pending = undefined;
        this.track(name, slot, session);
        this.setState(name, slot, { kind: 'connected', sparkVersion: session.sparkVersion, sessionId: session.sessionId, since: this.now() });
        this.logger.info(`Connected to '${name}': Spark ${session.sparkVersion}, session ${session.sessionId}`);
        if (this.active === undefined) this.setActive(name);
        return session;
      },
      (err: unknown) => {
        slot.pending = undefined;
        if (!abort.signal.aborted) {
          const failure = describeFailure(err);
          this.setState(name, slot, { kind: 'error', message: failure.message, error: err });
          this.logger.warn(`Connecting to '${name}' failed: ${failure.message}`);
        }
        throw err;
      },
    );
    slot.pending = pending;
    // Callers that do not wait (tree views) must not leave the rejection unhandled.
    pending.catch(() => undefined);
    return pending;
  }

  async disconnect(name: string): Promise<void> {
    if (!this.disposing) this.resumable.delete(name);
    const slot = this.slots.get(name);
    if (!slot) return;
    slot.abort?.abort();
    slot.pending = undefined;
    const session = slot.session;
    slot.session = undefined;
    slot.scope.dispose();
    slot.scope = new DisposableStore();
    this.setState(name, slot, { kind: 'disconnected' });
    if (session) {
      // A window that closes (or reloads) leaves its sessions on the server, to reattach to next time;
      // an explicit disconnect ends the session and forgets it.
      const keep = this.disposing && session.detach !== undefined && this.records.has(name);
      if (!keep) this.forgetRecord(name);
      try {
        await (keep && session.detach ? session.detach() : session.close());
      } catch (err) {
        this.logger.debug(`Closing the session of '${name}' failed: ${describeFailure(err).message}`);
      }
      this.logger.info(`Disconnected from '${name}'.`);
    }
  }

  async reconnect(name: string): Promise<EngineSession> {
    await this.disconnect(name);
    return this.connect(name);
  }

  /**
   * Called when an operation on a session failed. A lost connection ends the session and shows the
   * profile in error; query errors leave the session alone.
   */
  reportFailure(name: string, err: unknown): void {
    const failure = describeFailure(err);
    if (!failure.connectionLost) return;
    const slot = this.slots.get(name);
    if (!slot?.session) return;
    const rec = this.records.get(name);
    if (rec && isSessionGone(err) && rec.sessionId === slot.session.sessionId) this.announceLoss(name, rec);
    const session = slot.session;
    slot.session = undefined;
    slot.scope.dispose();
    slot.scope = new DisposableStore();
    this.setState(name, slot, { kind: 'error', message: failure.message, error: err });
    void session.close().catch(() => undefined);
  }

  /** Forgets a profile that was deleted or renamed. */
  async forget(name: string): Promise<void> {
    await this.disconnect(name);
    this.slots.delete(name);
    if (this.active === name) this.setActive(undefined);
  }

  async dispose(): Promise<void> {
    this.disposing = true;
    await Promise.all([...this.slots.keys()].map((n) => this.disconnect(n)));
    this.changed.dispose();
    this.activeChanged.dispose();
    this.lost.dispose();
  }

  private async open(name: string, signal: AbortSignal): Promise<EngineSession> {
    const options = await this.resolve(name);
    if (!options) throw new Error(`There is no connection named '${name}'.`);
    // A profile that names its session attaches to that one; otherwise reattach to the last one we had.
    const rec = options.sessionId === undefined && this.memento ? this.records.get(name) : undefined;
    if (!rec) return this.marked(name, await this.engine.connect(options, signal), signal);
    let session: EngineSession;
    try {
      session = await this.engine.connect(options, signal, {
        sessionId: rec.sessionId, ...(rec.serverSideSessionId ? { serverSideSessionId: rec.serverSideSessionId } : {}),
      });
    } catch (err) {
      if (!isSessionGone(err)) throw err;
      this.announceLoss(name, rec);
      return this.marked(name, await this.engine.connect(options, signal), signal);
    }
    // Spark 3.5 names no server-side session: a restarted server silently makes a new, empty one under
    // the old id. Our mark is missing from such a session.
    if (await this.markedBefore(name, session, signal) === false) this.announceLoss(name, rec);
    else this.logger.info(`Reattached '${name}' to its server session ${rec.sessionId}.`);
    return session;
  }

  private async marked(name: string, session: EngineSession, signal: AbortSignal): Promise<EngineSession> {
    if (this.memento) await this.markedBefore(name, session, signal);
    return session;
  }

  /** markSession for servers without server-side session ids; undefined when not needed or it failed. */
  private async markedBefore(name: string, session: EngineSession, signal: AbortSignal): Promise<boolean | undefined> {
    if (session.serverSideSessionId !== undefined || !session.markSession) return undefined;
    try {
      return await session.markSession(signal);
    } catch (err) {
      // A server that refuses the setting only loses this check, not the connection.
      this.logger.debug(`Marking the session of '${name}' failed: ${describeFailure(err).message}`);
      return undefined;
    }
  }

  /** Remembers the session's ids and follows the statements that change what it holds. */
  private track(name: string, slot: Slot, session: EngineSession): void {
    if (!this.memento) return;
    const old = this.records.get(name);
    const rec = old?.sessionId === session.sessionId ? old : emptyRecord({ sessionId: session.sessionId });
    if (session.serverSideSessionId) rec.serverSideSessionId = session.serverSideSessionId;
    this.records.set(name, rec);
    this.saveRecords();
    const sub = session.onDidSucceed?.((sql) => {
      if (this.records.get(name) !== rec) return;
      // Spark 4 names the server-side session in every answer; the first query may be the first to tell.
      const changedIds = session.serverSideSessionId !== undefined && session.serverSideSessionId !== rec.serverSideSessionId;
      if (changedIds) rec.serverSideSessionId = session.serverSideSessionId;
      if (noteStatement(rec, sql) || changedIds) this.saveRecords();
    });
    if (sub) slot.scope.add(sub);
  }

  private announceLoss(name: string, rec: SessionRecord): void {
    this.forgetRecord(name);
    const message = describeLostSession(name, rec);
    this.logger.warn(message);
    this.lost.fire({ profile: name, record: rec, message });
  }

  private forgetRecord(name: string): void {
    if (this.records.delete(name)) this.saveRecords();
  }

  private saveRecords(): void {
    if (!this.memento) return;
    // Losing this write only costs a reattach after the next reload: never fail the caller for it.
    Promise.resolve(this.memento.update(SERVER_SESSIONS_KEY, Object.fromEntries(this.records))).catch(() => undefined);
  }

  private slot(name: string): Slot {
    let slot = this.slots.get(name);
    if (!slot) {
      slot = { state: { kind: 'disconnected' }, scope: new DisposableStore() };
      this.slots.set(name, slot);
    }
    return slot;
  }

  private setState(name: string, slot: Slot, state: ConnectionState): void {
    slot.state = state;
    this.changed.fire(name);
  }
}
