// SparkConnectClient: one Spark Connect session over one gRPC channel. It owns the request envelope
// (session id, user context, client type, observed server-side session id), retries what is safe to
// retry, turns every failure into a SparkConnectError (fetching the server's error details), and
// notices when the server-side session changes under it (the server restarted: the session is gone).
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  FLOW_CONTROL_WINDOW, callMetadata, channelCredentials, channelOptions, clientTypeString, grpcTarget, keepaliveOf, loadTlsMaterial,
  resolveSecurity, tlsVerifyName, useDirectStreams,
} from './channel';
import { DEFAULT_STREAM_TRANSPORT, type StreamTransportChoice } from './stream-transport';
import {
  DEFAULT_MAX_MESSAGE_SIZE, formatConnectionString, isUuid, parseConnectionString, type ConnectionOptions,
} from './connection-string';
import { enrichError, fromServiceError, isServiceError, type CallEndpoint } from './error-details';
import { SparkConnectError, closedError } from './errors';
import { ExecutionStream, type ExecutionHost, type ResponseStream } from './execution';
import { spark } from './generated/spark-connect';
import { describeError, noopLogger, redactingLogger, type Logger } from './logger';
import { registerCredentials } from './redact';
import { DEFAULT_RETRY_POLICY, isReattachable, isTransient, systemClock, withRetries, type Clock, type RetryPolicy } from './retry';
import { installMessageAlignment } from './grpc-message-alignment';
import { METHODS, Transport, type RpcMethod } from './rpc';

export interface ClientOptions extends ConnectionOptions {
  logger?: Logger;
  retryPolicy?: Partial<RetryPolicy>;
  /** How long to wait for the channel to connect before failing with a diagnosis (default 10 s). */
  connectTimeoutMs?: number;
  /** Default deadline of unary calls such as AnalyzePlan and Config (default 5 min). */
  requestTimeoutMs?: number;
  /** Appended to the client_type string the server logs, e.g. "vscode/1.90" or "cli". */
  clientType?: string;
  /** Injected time source, for tests. */
  clock?: Clock;
  /**
   * What carries result streams (ExecutePlan, ReattachExecute): grpc-js (the default), on the same
   * connection as every other call of the session, or 'direct', the client's own HTTP/2 connection:
   * less CPU on large results, but a second TCP connection that a load balancer may route to another
   * server. 'direct' still uses grpc-js where grpc-js would go through a proxy (channel.ts).
   */
  streamTransport?: StreamTransportChoice;
  /**
   * The server-side session id seen when this session was last used (by an earlier client, before a
   * window reload). Sent with every request, so a server that restarted since answers
   * INVALID_HANDLE.SESSION_CHANGED instead of silently starting an empty session under the same id.
   */
  observedServerSideSessionId?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ExecuteOptions {
  signal?: AbortSignal;
  tags?: string[];
  /** A UUID; generated when absent. */
  operationId?: string;
  /** Reattachable execution (default true): a broken result stream is resumed, not failed. */
  reattachable?: boolean;
}

type Envelope = 'sessionId' | 'clientObservedServerSideSessionId' | 'userContext' | 'clientType';
/** One case of the AnalyzePlanRequest oneof, e.g. { schema: { plan } } or { explain: { plan, explainMode } }. */
export type AnalyzeBody = Omit<spark.connect.AnalyzePlanRequest.$Properties, Envelope | 'analyze' | '$unknowns'>;

export type InterruptTarget = { all: true } | { tag: string } | { operationId: string };

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 5 * 60_000;
const AUX_TIMEOUT_MS = 30_000; // FetchErrorDetails, ReleaseExecute, ReleaseSession

interface SessionScoped {
  sessionId?: string | null;
  serverSideSessionId?: string | null;
}

function defaultUserId(): string {
  const env = process.env.SPARK_USER ?? process.env.USER ?? process.env.USERNAME;
  if (env) return env;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function validateTag(tag: string): void {
  if (tag.length === 0) throw new SparkConnectError('An operation tag must not be empty.', { reason: 'invalid-argument' });
  if (tag.includes(',')) throw new SparkConnectError(`Operation tag '${tag}' must not contain ','.`, { reason: 'invalid-argument' });
}

export class SparkConnectClient {
  readonly sessionId: string;
  readonly userId: string;
  /** The server's id for our session, learned from the first response (Spark 4.x; empty on 3.5). */
  serverSideSessionId: string | undefined;
  readonly options: Readonly<ConnectionOptions>;

  private readonly logger: Logger;
  private readonly transport: Transport;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly clientType: string;
  private readonly endpoint: CallEndpoint;
  private readonly pending = new Set<Promise<unknown>>();
  private fetchErrorDetailsSupported = true;
  private sessionLost?: SparkConnectError;
  private closing?: Promise<void>;
  private readonly releaseCredentials: () => void;

  constructor(options: ClientOptions | string) {
    const o: ClientOptions = typeof options === 'string' ? parseConnectionString(options) : options;
    if (o.sessionId !== undefined && !isUuid(o.sessionId)) {
      throw new SparkConnectError(`session_id must be a UUID, got '${o.sessionId}'.`, { reason: 'config' });
    }
    // Header values that carry credentials are hidden from every message like the token.
    this.releaseCredentials = registerCredentials(o);
    this.options = { ...o, headers: { ...o.headers } };
    this.sessionId = o.sessionId ?? randomUUID();
    this.userId = o.userId ?? defaultUserId();
    this.serverSideSessionId = o.observedServerSideSessionId || undefined;
    this.logger = redactingLogger(o.logger ?? noopLogger, `[${this.sessionId.slice(0, 8)}]`);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...o.retryPolicy };
    this.clock = o.clock ?? systemClock;
    this.connectTimeoutMs = o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.requestTimeoutMs = o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.clientType = clientTypeString(o, o.clientType);
    const security = resolveSecurity(o);
    const tls = loadTlsMaterial(o);
    this.endpoint = { where: grpcTarget(o), tls: security.tls, clientCert: tls.cert !== undefined };
    this.logger.debug(`session ${this.sessionId} to ${formatConnectionString(o)} (${security.tls ? 'TLS' : 'plaintext'}: ${security.why})`);
    // Received Arrow batches land 8-byte aligned, so Arrow reads them without copying each batch.
    installMessageAlignment();
    const metadata = callMetadata(o, security);
    this.transport = new Transport({
      target: grpcTarget(o),
      credentials: channelCredentials(security, tls, tlsVerifyName(o)),
      channelOptions: channelOptions(o, this.clientType),
      metadata,
      logger: this.logger,
      diagnose: { host: o.host, port: o.port, tls: security.tls, tlsMaterial: tls, serverName: o.serverNameOverride },
      directStreams: useDirectStreams(o.streamTransport ?? DEFAULT_STREAM_TRANSPORT, o.host) ? {
        host: o.host, port: o.port, authority: o.serverNameOverride ?? grpcTarget(o),
        tls: security.tls ? { ...tls, verifyName: tlsVerifyName(o) } : undefined,
        metadata, userAgent: this.clientType,
        maxReceiveMessageLength: o.grpcMaxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE, windowBytes: FLOW_CONTROL_WINDOW,
        keepalive: keepaliveOf(o), connectTimeoutMs: this.connectTimeoutMs,
      } : undefined,
    });
  }

  /** What carries this client's result streams: its own HTTP/2 connection ("direct") or grpc-js. */
  get streamTransport(): 'direct' | 'grpc-js' {
    return this.transport.streamTransport;
  }

  /** The connection string with secrets redacted, for display. */
  get displayName(): string {
    return formatConnectionString(this.options);
  }

  get isClosed(): boolean {
    return this.closing !== undefined || this.sessionLost !== undefined;
  }

  // ---- request envelope and response checks ----

  private envelope(): { sessionId: string; userContext: spark.connect.UserContext.$Properties; clientType: string; clientObservedServerSideSessionId?: string } {
    const e: ReturnType<SparkConnectClient['envelope']> = { sessionId: this.sessionId, userContext: { userId: this.userId }, clientType: this.clientType };
    if (this.serverSideSessionId) e.clientObservedServerSideSessionId = this.serverSideSessionId;
    return e;
  }

  /** Checks that a response belongs to our session and that the server-side session has not changed. */
  verify(resp: SessionScoped): void {
    if (resp.sessionId && resp.sessionId !== this.sessionId) {
      throw new SparkConnectError(`The server answered for session ${resp.sessionId}, not ${this.sessionId}.`, { reason: 'protocol' });
    }
    const serverSide = resp.serverSideSessionId || undefined;
    if (serverSide === undefined) return;
    if (this.serverSideSessionId === undefined) {
      this.serverSideSessionId = serverSide;
      return;
    }
    if (serverSide !== this.serverSideSessionId) throw this.loseSession(`server-side session id changed from ${this.serverSideSessionId} to ${serverSide}`);
  }

  private loseSession(detail: string): SparkConnectError {
    this.sessionLost ??= new SparkConnectError(`The Spark Connect session is gone: the server restarted or dropped it (${detail}).`, {
      reason: 'unavailable',
      errorClass: 'INVALID_HANDLE.SESSION_CHANGED',
      hint: 'Reconnect to start a new session; temporary views and session settings must be recreated.',
    });
    return this.sessionLost;
  }

  private assertUsable(what: string): void {
    if (this.sessionLost) throw this.sessionLost;
    if (this.closing) throw closedError(what);
  }

  // ---- errors ----

  /** Converts any failure of a call to a SparkConnectError, with the server's details when available. */
  async toError(err: unknown, what: string, operationId?: string): Promise<SparkConnectError> {
    if (err instanceof SparkConnectError) return err;
    if (!isServiceError(err)) {
      return new SparkConnectError(`${what} failed: ${describeError(err)}`, { reason: 'unknown', cause: err, operationId });
    }
    let e = fromServiceError(err, what, operationId, this.endpoint);
    if (e.errorClass === 'INVALID_HANDLE.SESSION_CHANGED' || e.errorClass === 'INVALID_HANDLE.SESSION_CLOSED') {
      // Later calls fail at once with the same story instead of each asking the server.
      this.sessionLost ??= e;
      return e;
    }
    if (e.errorId !== undefined && this.fetchErrorDetailsSupported && !this.closing) {
      const details = await this.fetchErrorDetails(e.errorId);
      if (details) e = enrichError(e, details);
    }
    return e;
  }

  /** FetchErrorDetails for an errorId; undefined when the server cannot tell (Spark 3.5, expired id). */
  async fetchErrorDetails(errorId: string): Promise<spark.connect.FetchErrorDetailsResponse | undefined> {
    try {
      const resp = await this.transport.unary(METHODS.fetchErrorDetails, { ...this.envelope(), errorId }, { timeoutMs: AUX_TIMEOUT_MS });
      this.verify(resp);
      return resp;
    } catch (err) {
      if (isServiceError(err) && err.code === GrpcStatus.UNIMPLEMENTED) this.fetchErrorDetailsSupported = false;
      this.logger.debug(`FetchErrorDetails(${errorId}) failed: ${describeError(err)}`);
      return undefined;
    }
  }

  private retryable(err: unknown): boolean {
    if (!isTransient(err)) return false;
    // Failing to connect at all is answered at once (the user is waiting to hear whether the server is
    // there); once we have been connected, the same failure means a blip or a restart worth riding out.
    return !(err instanceof SparkConnectError && err.connectFailure !== undefined && !this.transport.everReady);
  }

  // ---- unary calls ----

  private async call<Req, Res extends SessionScoped>(
    m: RpcMethod<Req, Res>, build: () => Req, opts: CallOptions, what: string, idempotent = true,
  ): Promise<Res> {
    this.assertUsable(what);
    return withRetries(what, async () => {
      this.assertUsable(what);
      await this.transport.ensureReady(this.connectTimeoutMs, opts.signal);
      try {
        const res = await this.transport.unary(m, build(), { signal: opts.signal, timeoutMs: opts.timeoutMs ?? this.requestTimeoutMs });
        this.verify(res);
        return res;
      } catch (err) {
        throw await this.toError(err, what);
      }
    }, {
      policy: this.policy, clock: this.clock, signal: opts.signal, logger: this.logger,
      // A non-idempotent call is repeated only when it certainly never left: the channel was not ready.
      shouldRetry: (e) => this.retryable(e) && (idempotent || (e instanceof SparkConnectError && e.connectFailure !== undefined)),
    });
  }

  /** AnalyzePlan with one case of the request's oneof. */
  analyze(body: AnalyzeBody, opts: CallOptions = {}): Promise<spark.connect.AnalyzePlanResponse> {
    const kind = Object.keys(body).find((k) => (body as Record<string, unknown>)[k] != null) ?? 'unknown';
    return this.call(METHODS.analyzePlan, () => ({ ...this.envelope(), ...body }), opts, `AnalyzePlan(${kind})`);
  }

  config(operation: spark.connect.ConfigRequest.Operation.$Properties, opts: CallOptions = {}): Promise<spark.connect.ConfigResponse> {
    const kind = Object.keys(operation).find((k) => (operation as Record<string, unknown>)[k] != null) ?? 'unknown';
    return this.call(METHODS.config, () => ({ ...this.envelope(), operation }), opts, `Config(${kind})`);
  }

  /** Interrupts operations of this session; returns the ids the server interrupted. */
  async interrupt(target: InterruptTarget, opts: CallOptions = {}): Promise<string[]> {
    const T = spark.connect.InterruptRequest.InterruptType;
    const body: Partial<spark.connect.InterruptRequest.$Properties> =
      'all' in target ? { interruptType: T.INTERRUPT_TYPE_ALL }
        : 'tag' in target ? (validateTag(target.tag), { interruptType: T.INTERRUPT_TYPE_TAG, operationTag: target.tag })
          : { interruptType: T.INTERRUPT_TYPE_OPERATION_ID, operationId: target.operationId };
    const resp = await this.call(METHODS.interrupt, () => ({ ...this.envelope(), ...body }), { timeoutMs: AUX_TIMEOUT_MS, ...opts }, 'Interrupt');
    return [...resp.interruptedIds];
  }

  /** Waits for the channel and asks the server for its Spark version: a cheap "is it there" check. */
  async sparkVersion(opts: CallOptions = {}): Promise<string> {
    const resp = await this.analyze({ sparkVersion: {} }, opts);
    return resp.sparkVersion?.version ?? '';
  }

  // ---- execution ----

  execute(plan: spark.connect.Plan.$Properties, opts: ExecuteOptions = {}): ExecutionStream {
    this.assertUsable('execute a plan');
    const operationId = opts.operationId ?? randomUUID();
    if (!isUuid(operationId)) throw new SparkConnectError(`operationId must be a UUID, got '${operationId}'.`, { reason: 'invalid-argument' });
    const tags = opts.tags ?? [];
    tags.forEach(validateTag);
    const reattachable = opts.reattachable ?? true;
    const what = `ExecutePlan ${operationId}`;
    const request = (): spark.connect.ExecutePlanRequest.$Properties => ({
      ...this.envelope(),
      operationId,
      plan,
      tags,
      requestOptions: reattachable ? [{ reattachOptions: { reattachable: true } }] : [],
    });
    const open = async (build: () => Promise<ResponseStream>, signal: AbortSignal): Promise<ResponseStream> => {
      this.assertUsable('execute a plan');
      // No retry loop here: the ExecutionStream retries opening (ExecutePlan or ReattachExecute) with
      // its own backoff, and one budget for the whole streak of failures. A second loop nested inside
      // it multiplied the time a dead server took to be reported.
      await this.transport.ensureReady(this.connectTimeoutMs, signal);
      // Cancelled while the channel got ready (or in the moment after): send nothing.
      signal.throwIfAborted();
      return build();
    };
    const host: ExecutionHost = {
      openExecute: (signal) => open(async () => this.transport.serverStream(METHODS.executePlan, request()), signal),
      openReattach: (lastResponseId, signal) => open(async () => this.transport.serverStream(METHODS.reattachExecute, {
        ...this.envelope(), operationId, lastResponseId: lastResponseId ?? null,
      }), signal),
      release: (until) => this.releaseExecute(operationId, until),
      interrupt: () => this.interrupt({ operationId }),
      verify: (resp) => this.verify(resp),
      toError: (err) => this.toError(err, what, operationId),
      canReattach: (err) => isReattachable(err) && !(err.connectFailure !== undefined && !this.transport.everReady),
    };
    this.logger.debug(`execute ${operationId}${tags.length ? ` tags=${tags.join(',')}` : ''}${reattachable ? '' : ' (not reattachable)'}`);
    return new ExecutionStream(host, {
      operationId, reattachable, policy: this.policy, clock: this.clock, logger: this.logger, signal: opts.signal,
    });
  }

  private releaseExecute(operationId: string, until: string | undefined): void {
    if (this.sessionLost) return;
    const body = until === undefined ? { releaseAll: {} } : { releaseUntil: { responseId: until } };
    const p = withRetries(`ReleaseExecute ${operationId}`, async () => {
      try {
        const resp = await this.transport.unary(METHODS.releaseExecute, { ...this.envelope(), operationId, ...body }, { timeoutMs: AUX_TIMEOUT_MS });
        this.verify(resp);
      } catch (err) {
        throw await this.toError(err, 'ReleaseExecute', operationId);
      }
    }, { policy: { ...this.policy, maxAttempts: Math.min(this.policy.maxAttempts, 3) }, clock: this.clock, logger: this.logger, shouldRetry: (e) => this.retryable(e) })
      .catch((err: unknown) => this.logger.debug(`ReleaseExecute(${until ?? 'all'}) for ${operationId} failed: ${describeError(err)}`));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  // ---- closing ----

  /**
   * Releases the session on the server (when it supports that) and closes the channel. Idempotent.
   * `releaseSession: false` only closes the channel: for a session this client attached to by id, which
   * other clients (a notebook, PySpark) may still be using.
   */
  close(options: { releaseSession?: boolean } = {}): Promise<void> {
    this.closing ??= this.doClose(options.releaseSession ?? true);
    return this.closing;
  }

  private async doClose(releaseSession: boolean): Promise<void> {
    const settle = (ms: number) => new Promise<void>((resolve) => { const t = setTimeout(resolve, ms); t.unref?.(); });
    await Promise.race([Promise.allSettled([...this.pending]), settle(2_000)]);
    if (releaseSession && !this.sessionLost && this.transport.everReady) {
      try {
        const resp = await this.transport.unary(METHODS.releaseSession, {
          sessionId: this.sessionId, userContext: { userId: this.userId }, clientType: this.clientType,
        }, { timeoutMs: 5_000 });
        this.logger.debug(`released session ${resp.sessionId}`);
      } catch (err) {
        // Spark 3.5 has no ReleaseSession; its sessions expire on their own.
        this.logger.debug(`ReleaseSession failed: ${isServiceError(err) ? `${err.code} ${err.details}` : describeError(err)}`);
      }
    }
    this.transport.close();
    this.releaseCredentials();
  }
}
