// One ExecutePlan, consumed as a stream of events. With reattachable execution (the default) the
// server keeps the operation alive when our stream breaks: we resume with ReattachExecute from the
// last response id we handed out, so no response is lost or repeated, and we tell the server with
// ReleaseExecute which responses it may forget. Backpressure is plain pull: responses are read from the
// gRPC stream only as fast as the consumer asks for events, and HTTP/2 flow control does the rest.
import { SparkConnectError, abortError } from './errors';
import type { spark } from './generated/spark-connect';
import { describeError, type Logger } from './logger';
import { Backoff, gaveUp, type Clock, type RetryPolicy } from './retry';

type Response = spark.connect.ExecutePlanResponse;

export type ExecuteEvent =
  | { kind: 'schema'; schema: spark.connect.DataType.$Properties }
  | {
    kind: 'arrow';
    rowCount: number;
    startOffset?: number;
    /** One complete Arrow IPC stream (schema message + record batch), exactly as the server sent it. */
    data: Uint8Array;
    /**
     * The memory `data` lies in, when nothing else the client keeps points into it: a reader that is
     * done with `data` and everything decoded from it may release it (message-memory.ts).
     */
    memory?: ArrayBufferLike;
  }
  | { kind: 'progress'; progress: spark.connect.ExecutePlanResponse.ExecutionProgress.$Properties }
  | { kind: 'metrics'; metrics: spark.connect.ExecutePlanResponse.Metrics.$Properties }
  | { kind: 'observed-metrics'; observedMetrics: spark.connect.ExecutePlanResponse.ObservedMetrics.$Properties[] }
  | { kind: 'sql-command-result'; relation: spark.connect.Relation.$Properties }
  | { kind: 'other'; response: Response };

/** Pauses between the Interrupts of a cancel that came before the first response (see interruptOnServer). */
// About 6 s in all: a loaded server can take more than a second to register an ExecutePlan it has
// received, and a cancel lost to that race lets the query run to its end.
const EARLY_INTERRUPT_RETRY_MS = [100, 200, 400, 800, 1_500, 3_000] as const;

/** A response stream as grpc-js gives it: async-iterable, cancellable. */
export interface ResponseStream extends AsyncIterable<Response> {
  cancel(): void;
}

/** What an execution needs from its client; a fake implements it in unit tests. */
export interface ExecutionHost {
  /**
   * Starts ExecutePlan (after waiting for the channel). Rejects without sending anything when `signal`
   * is aborted before the request goes out; resolves once it has been sent.
   */
  openExecute(signal: AbortSignal): Promise<ResponseStream>;
  /** Starts ReattachExecute, continuing after lastResponseId (from the start when undefined). */
  openReattach(lastResponseId: string | undefined, signal: AbortSignal): Promise<ResponseStream>;
  /** Fire-and-forget ReleaseExecute; undefined releases everything. */
  release(untilResponseId: string | undefined): void;
  /** Interrupts the operation on the server; resolves with the operation ids the server interrupted. */
  interrupt(): Promise<readonly string[]>;
  /** Throws when a response does not belong to this session (e.g. the server restarted). */
  verify(response: Response): void;
  /** Turns a gRPC failure into a SparkConnectError, fetching error details when the server has them. */
  toError(err: unknown): Promise<SparkConnectError>;
  /** Whether a failure should be answered by reattaching. */
  canReattach(err: SparkConnectError): boolean;
}

export interface ExecutionOptions {
  operationId: string;
  reattachable: boolean;
  policy: RetryPolicy;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
  /** Release consumed responses after this many responses (default RELEASE_EVERY_RESPONSES) ... */
  releaseEveryResponses?: number;
  /** ... or this many bytes of Arrow data (default RELEASE_EVERY_BYTES), whichever comes first. */
  releaseEveryBytes?: number;
}

// The server keeps only a bounded buffer of already-sent responses for reattaching anyway
// (spark.connect.execute.reattachable.observerRetryBufferSize), so releasing mainly frees that buffer
// early; each release is a unary call (~2 ms of client CPU under load), so a 10-million-row result
// (1,000 responses) is released in ~30 calls instead of one per response as PySpark does.
export const RELEASE_EVERY_RESPONSES = 32;
export const RELEASE_EVERY_BYTES = 32 * 1024 * 1024;

function toNumber(v: number | { toString(): string } | null | undefined): number | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'number' ? v : Number(v.toString());
}

const HANDLE_NOT_FOUND = ['INVALID_HANDLE.OPERATION_NOT_FOUND', 'INVALID_HANDLE.SESSION_NOT_FOUND'];

/**
 * A result stream broke and ReattachExecute could not resume it: the server no longer holds the
 * responses after the last one we read (INVALID_CURSOR.POSITION_NOT_AVAILABLE: it keeps only
 * spark.connect.execute.reattachable.observerRetryBufferSize of them), or the operation is no longer
 * reattachable. `errorClass` is the server's; the rows already handed out were correct and complete
 * up to `responsesReceived` responses, and nothing after them was delivered.
 */
export class StreamNotResumedError extends SparkConnectError {
  constructor(err: SparkConnectError, operationId: string, readonly responsesReceived: number, readonly lastResponseId: string | undefined) {
    super(`The result stream of operation ${operationId} broke after ${responsesReceived} responses and could not be resumed: ${err.message}`, {
      ...err,
      reason: 'unavailable',
      errorClass: err.errorClass ?? cursorClassOf(err),
      messageParameters: err.messageParameters,
      queryContext: err.queryContext,
      exceptionClasses: err.exceptionClasses,
      operationId,
      cause: err,
      hint: 'The connection to the server broke during the result and the server could no longer replay it. Run the query again.',
    });
    this.name = 'StreamNotResumedError';
  }
}

/** Reattach refusals: the server cannot continue the stream from where we ask (DISCONNECTED is retried instead). */
function cursorClassOf(err: SparkConnectError): string | undefined {
  if (err.errorClass !== undefined) return err.errorClass.startsWith('INVALID_CURSOR.') ? err.errorClass : undefined;
  // A server that sent no ErrorInfo names the class only in its message (as `mentions` above allows).
  return /\bINVALID_CURSOR\.[A-Z_]+/.exec(err.message)?.[0];
}

function mentions(err: SparkConnectError, classes: string[]): string | undefined {
  return classes.find((c) => err.errorClass === c || err.message.includes(c));
}

export class ExecutionStream implements AsyncIterable<ExecuteEvent> {
  readonly operationId: string;
  /** The latest progress report (Spark 4.x), for UIs that poll instead of consuming events. */
  lastProgress?: spark.connect.ExecutePlanResponse.ExecutionProgress.$Properties;
  /** Execution metrics, once the server has sent them (at the end). */
  metrics?: spark.connect.ExecutePlanResponse.Metrics.$Properties;
  /** Responses handed out so far and how many times the stream was resumed, for logs and tests. */
  responseCount = 0;
  reattachCount = 0;

  private readonly controller = new AbortController();
  private readonly opts: ExecutionOptions;
  private readonly logger: Logger;
  private initial: Promise<ResponseStream>;
  /** An ExecutePlan request went out: the server may know the operation even if it never answered. */
  private executeSent = false;
  private current?: ResponseStream;
  private iterated = false;
  private finished = false;
  private lastResponseId?: string;
  private readonly seen = new Set<string>();
  private unreleased = 0;
  private unreleasedBytes = 0;
  private chunks: Uint8Array[] = [];
  private cancelPromise?: Promise<void>;
  /** The consumer asked to stop reading and keep the operation (detach()); resume() reads on. */
  private detaching = false;
  private detachedState = false;

  constructor(private readonly host: ExecutionHost, opts: ExecutionOptions) {
    this.opts = opts;
    this.operationId = opts.operationId;
    this.logger = opts.logger;
    if (opts.signal) {
      if (opts.signal.aborted) queueMicrotask(() => void this.cancel());
      else opts.signal.addEventListener('abort', () => void this.cancel(), { once: true });
    }
    // Started at once so the query runs while the caller sets up its consumer.
    this.initial = this.openExecute();
    this.initial.catch(() => undefined); // observed when iterated; never an unhandled rejection
  }

  /** True once the server said the result is complete, or the stream failed or was cancelled. */
  get isFinished(): boolean {
    return this.finished;
  }

  get isCancelled(): boolean {
    return this.controller.signal.aborted;
  }

  /**
   * Cancels the execution: ends the local stream, interrupts the operation on the server and releases
   * it. The iterator then throws a SparkConnectError with reason 'cancelled'. Idempotent.
   */
  cancel(): Promise<void> {
    if (this.cancelPromise) return this.cancelPromise;
    this.controller.abort(abortError(undefined, `Operation ${this.operationId}`, this.operationId));
    this.current?.cancel();
    // Not iterated yet: the first stream may still be opening; close it once it exists.
    if (!this.iterated) void this.initial.then((s) => s.cancel(), () => undefined);
    if (this.finished) {
      this.cancelPromise = Promise.resolve();
      return this.cancelPromise;
    }
    const early = this.lastResponseId === undefined;
    this.cancelPromise = (async () => {
      // Before any response: the first ExecutePlan may still be waiting for the channel, and the abort
      // above ends that wait without sending it. A request that never went out has nothing to interrupt.
      if (early) await this.initial.then(() => undefined, () => undefined);
      if (early && !this.executeSent) return;
      await this.interruptOnServer(early);
    })().catch((err: unknown) => {
      this.logger.debug(`interrupt of ${this.operationId} failed: ${describeError(err)}`);
    }).finally(() => this.releaseAll());
    return this.cancelPromise;
  }

  private openExecute(): Promise<ResponseStream> {
    const opening = this.host.openExecute(this.controller.signal);
    opening.then(() => { this.executeSent = true; }, () => undefined);
    return opening;
  }

  /**
   * Sends Interrupt for this operation. A cancel that comes before any response can overtake the
   * ExecutePlan it is meant for: the server then interrupts nothing, registers the operation a moment
   * later and runs it to the end (a reattachable execution outlives its cancelled RPC). So until the
   * server names the operation as interrupted, an early cancel asks again, a few times within about 6 s;
   * a late one (the server has answered, so it knows the operation) asks once.
   */
  private async interruptOnServer(early: boolean): Promise<void> {
    const delays = early ? EARLY_INTERRUPT_RETRY_MS : [];
    for (let attempt = 0; ; attempt++) {
      const ids = await this.host.interrupt();
      if (ids.includes(this.operationId) || attempt >= delays.length) return;
      await this.opts.clock.sleep(delays[attempt]);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<ExecuteEvent> {
    if (this.iterated) throw new Error('An ExecutionStream can be iterated only once.');
    this.iterated = true;
    return this.run(this.initial);
  }

  /** The id of the last response handed out (a reattach continues after it); undefined before the first. */
  get lastConsumedResponseId(): string | undefined {
    return this.lastResponseId;
  }

  /** True while the operation is kept on the server after detach(), until resume(), release() or cancel(). */
  get isDetached(): boolean {
    return this.detachedState && !this.finished;
  }

  /**
   * Stops reading after the response whose events the consumer is taking now, and keeps the operation
   * on the server: call it, then leave the loop. Our RPC is cancelled (a reattachable execution outlives
   * it), what was read is released, the rest is not; resume() continues with ReattachExecute after the
   * last response handed out. Only a reattachable execution can be kept; otherwise this is a no-op and
   * leaving the loop releases as before.
   */
  detach(): void {
    if (this.opts.reattachable && !this.finished) this.detaching = true;
  }

  /**
   * Reads on after a detach(): a new iteration whose first stream is ReattachExecute from the last
   * response handed out. The server may no longer have the operation (it drops detached ones after
   * spark.connect.execute.manager.detachedTimeout, 5 minutes by default): then the iteration throws
   * the server's INVALID_HANDLE error before any event.
   */
  resume(): AsyncIterable<ExecuteEvent> {
    if (!this.isDetached) throw new Error(`Operation ${this.operationId} is not kept on the server; it cannot be resumed.`);
    this.detachedState = false;
    this.detaching = false;
    return { [Symbol.asyncIterator]: () => this.run(this.reattach()) };
  }

  /** Tells the server it may forget the operation and every response it holds (ReleaseExecute all). Idempotent. */
  release(): void {
    this.detachedState = false;
    this.releaseAll();
  }

  private cancelledError(): SparkConnectError {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof SparkConnectError ? reason : abortError(this.controller.signal, `Operation ${this.operationId}`, this.operationId);
  }

  private releaseAll(): void {
    if (!this.opts.reattachable || this.finished) return;
    this.finished = true;
    this.host.release(undefined);
  }

  private maybeReleaseUntil(bytes: number): void {
    if (!this.opts.reattachable || this.lastResponseId === undefined) return;
    this.unreleased++;
    this.unreleasedBytes += bytes;
    if (this.unreleased >= (this.opts.releaseEveryResponses ?? RELEASE_EVERY_RESPONSES) || this.unreleasedBytes >= (this.opts.releaseEveryBytes ?? RELEASE_EVERY_BYTES)) {
      this.unreleased = 0;
      this.unreleasedBytes = 0;
      this.host.release(this.lastResponseId);
    }
  }

  private async *run(first: Promise<ResponseStream>): AsyncGenerator<ExecuteEvent> {
    // A streak of failures without progress is bounded by the retry policy (attempts and total time);
    // any response received starts a new streak, so a long result may survive many separate blips.
    let streak: { backoff: Backoff; since: number } | undefined;
    let quickEmptySegments = 0;
    let completed = false;
    try {
      let opening: Promise<ResponseStream> = first;
      for (;;) {
        let gotAny = false;
        const segmentStart = this.opts.clock.now();
        try {
          this.current = await opening;
          if (this.controller.signal.aborted) this.current.cancel();
          for await (const resp of this.current) {
            if (this.controller.signal.aborted) throw this.cancelledError();
            this.host.verify(resp);
            gotAny = true;
            streak = undefined;
            if (resp.responseId) {
              // Reattaching continues after the last id we saw, so a repeat can only be a server
              // bug; skipping it keeps the "no row twice" promise regardless.
              if (this.seen.has(resp.responseId)) continue;
              this.seen.add(resp.responseId);
              this.lastResponseId = resp.responseId;
            }
            if (resp.resultComplete) {
              completed = true;
              break;
            }
            const events = this.eventsOf(resp);
            this.responseCount++;
            for (const e of events) yield e;
            // The consumer has taken everything from this response: the server may forget it.
            this.maybeReleaseUntil(resp.arrowBatch?.data?.length ?? 0);
          }
          if (completed) break;
          if (this.controller.signal.aborted) throw this.cancelledError();
          if (!this.opts.reattachable) break; // without reattach, the end of the stream is the end
          // Ended without ResultComplete: the server closes a segment every couple of minutes or
          // gigabytes and the rest comes from a reattach. Not a failure; only a server that closes
          // empty segments at once is slowed down, so we never spin.
          const quickEmpty = !gotAny && this.opts.clock.now() - segmentStart < 1_000;
          quickEmptySegments = quickEmpty ? quickEmptySegments + 1 : 0;
          this.logger.debug(`operation ${this.operationId}: stream ended without ResultComplete; reattaching`);
          if (quickEmptySegments > 0) await this.sleep(Math.min(1_000, 25 * 2 ** quickEmptySegments));
          opening = this.reattach();
        } catch (raw) {
          this.current?.cancel();
          if (this.controller.signal.aborted) throw this.cancelledError();
          const err = raw instanceof SparkConnectError && raw.grpcCode === undefined ? raw : await this.host.toError(raw);
          err.operationId = this.operationId;
          // The retry budget counts from the failure, not from when this segment opened: a stream that
          // delivered rows for longer than maxTotalMs before breaking must still be resumed.
          streak ??= { backoff: new Backoff(this.opts.policy, () => this.opts.clock.random()), since: gotAny ? this.opts.clock.now() : segmentStart };
          if (!this.opts.reattachable) {
            // A channel that never connected sent nothing: sending the ExecutePlan again is safe.
            if (err.connectFailure === undefined || this.responseCount > 0 || !this.host.canReattach(err)) throw err;
            await this.wait(streak, err);
            opening = this.openExecute();
            continue;
          }
          const notFound = mentions(err, HANDLE_NOT_FOUND);
          if (notFound !== undefined) {
            if (this.lastResponseId !== undefined) {
              throw new SparkConnectError(`The server no longer knows operation ${this.operationId} (${notFound}); its results cannot be resumed.`, {
                reason: 'unavailable', errorClass: notFound, operationId: this.operationId, cause: err,
                hint: 'The server may have restarted or released the operation. Run the query again.',
              });
            }
            // The first ExecutePlan never reached the server: send it again.
            this.logger.debug(`operation ${this.operationId}: not found on reattach; sending ExecutePlan again`);
            await this.wait(streak, err);
            opening = this.openExecute();
            continue;
          }
          if (mentions(err, ['INVALID_HANDLE.OPERATION_ALREADY_EXISTS']) !== undefined) {
            await this.wait(streak, err);
            opening = this.reattach();
            continue;
          }
          if (!this.host.canReattach(err)) {
            const cursor = cursorClassOf(err);
            if (this.reattachCount > 0 && cursor !== undefined && cursor !== 'INVALID_CURSOR.DISCONNECTED') {
              throw new StreamNotResumedError(err, this.operationId, this.responseCount, this.lastResponseId);
            }
            throw err;
          }
          this.logger.debug(`operation ${this.operationId}: stream broke (${err.message}); reattaching after ${this.lastResponseId ?? 'start'}`);
          await this.wait(streak, err);
          opening = this.reattach();
        }
      }
      if (this.chunks.length > 0) {
        throw new SparkConnectError('The result ended in the middle of a chunked Arrow batch.', { reason: 'protocol', operationId: this.operationId });
      }
    } finally {
      this.current?.cancel();
      if (this.detaching && !completed && !this.controller.signal.aborted && !this.finished) {
        // The consumer stops here and keeps the rest on the server: only what it read is released.
        this.detaching = false;
        this.detachedState = true;
        if (this.lastResponseId !== undefined) {
          this.unreleased = 0;
          this.unreleasedBytes = 0;
          this.host.release(this.lastResponseId);
        }
      } else {
        // Normal end, error, cancellation or the consumer breaking out of its loop: either way the
        // server may drop what it holds for this operation.
        this.detaching = false;
        this.releaseAll();
        this.finished = true;
      }
    }
  }

  private reattach(): Promise<ResponseStream> {
    this.reattachCount++;
    return this.host.openReattach(this.lastResponseId, this.controller.signal);
  }

  private async sleep(ms: number): Promise<void> {
    await this.opts.clock.sleep(ms, this.controller.signal).catch(() => {
      throw this.cancelledError();
    });
  }

  private async wait(streak: { backoff: Backoff; since: number }, err: SparkConnectError): Promise<void> {
    const delay = streak.backoff.next(err.retryDelayMs);
    const elapsed = this.opts.clock.now() - streak.since;
    if (delay === undefined || elapsed + delay > this.opts.policy.maxTotalMs) {
      this.logger.debug(`operation ${this.operationId}: giving up after ${streak.backoff.retries + 1} attempt(s) in ${elapsed} ms`);
      throw gaveUp(err, streak.backoff.retries + 1, elapsed);
    }
    await this.sleep(delay);
  }

  private eventsOf(resp: Response): ExecuteEvent[] {
    const events: ExecuteEvent[] = [];
    if (resp.schema) events.push({ kind: 'schema', schema: resp.schema });
    const batch = resp.arrowBatch;
    if (batch) {
      const data = this.assemble(batch);
      if (data !== undefined) {
        const e: ExecuteEvent = { kind: 'arrow', rowCount: toNumber(batch.rowCount) ?? 0, data };
        const offset = toNumber(batch.startOffset);
        if (offset !== undefined) e.startOffset = offset;
        // Observed metrics' literals may be byte views into the same message, and are kept; a chunked
        // batch was copied together, so its data is not the message's memory anyway.
        if ((toNumber(batch.numChunksInBatch) ?? 1) <= 1 && !(resp.observedMetrics?.length)) e.memory = data.buffer;
        events.push(e);
      }
    }
    if (resp.executionProgress) {
      this.lastProgress = resp.executionProgress;
      events.push({ kind: 'progress', progress: resp.executionProgress });
    }
    if (resp.sqlCommandResult?.relation) events.push({ kind: 'sql-command-result', relation: resp.sqlCommandResult.relation });
    if (resp.metrics) {
      this.metrics = resp.metrics;
      events.push({ kind: 'metrics', metrics: resp.metrics });
    }
    if (resp.observedMetrics && resp.observedMetrics.length > 0) events.push({ kind: 'observed-metrics', observedMetrics: resp.observedMetrics });
    const known = ['arrowBatch', 'executionProgress', 'sqlCommandResult', 'resultComplete', undefined];
    if (!known.includes(resp.responseType)) events.push({ kind: 'other', response: resp });
    return events;
  }

  /** Joins the chunks of a batch the server split (Spark 4.1+); returns the data once complete. */
  private assemble(batch: spark.connect.ExecutePlanResponse.ArrowBatch.$Properties): Uint8Array | undefined {
    const data = batch.data ?? new Uint8Array(0);
    const total = toNumber(batch.numChunksInBatch) ?? 1;
    if (total <= 1) return data;
    this.chunks.push(data);
    if (this.chunks.length < total) return undefined;
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks = [];
    return out;
  }
}
