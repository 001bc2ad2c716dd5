// A query result read up to its row limit whose rest stays on the server, so "Fetch more" reads on in the
// same execution instead of running the query again (issue 19: uuid(), rand() or a changed table must
// not change the rows already shown).
//
// How: the plan asks for up to `maxRows` (+1, to learn that more exist) rather than the rows shown, and
// the execution is reattachable. Reading stops at the shown limit: the ExecutionStream is detached (our
// RPC is cancelled, the server keeps the operation and the responses not yet read) and the rows of the
// last batch past the limit are kept here as a batch of their own. readOn() continues with
// ReattachExecute after the last response taken. At maxRows the execution has nothing more to give, and
// the operation is released as before.
//
// Spark computes such a limited query in full before it sends anything (CollectLimitExec) and holds the
// unread responses in the driver; it drops an operation with no RPC attached after
// spark.connect.execute.manager.detachedTimeout (5 minutes by default, checked every 30 s). We release
// it ourselves a little before that (KEEP_MS), and when the caller says so (tab closed, result replaced,
// session ended); a continuation the server lost anyway ends with a ContinuationLostError, and the caller
// falls back to a re-run that says so.
import { truncateIpcStream } from '../arrow-format/ipc-truncate';
import { dropIpcRows } from '../arrow-format/ipc-slice';
import { SparkConnectError } from '../connect/errors';
import type { ExecuteEvent } from '../connect/execution';
import type { ResultContinuation, ResultEvent } from './engine';
import { columnsOf, columnsOfIpc, sideEvent } from './result-event-map';

/** How long we keep an operation for "Fetch more": below Spark's default detachedTimeout (5 min). */
export const KEEP_MS = 4.5 * 60_000;

/** Shown limits up to this many rows are kept with ten times the room; larger ones re-run (the server would hold too much). */
export const MAX_KEPT_ROW_LIMIT = 100_000;
export const KEPT_ROWS_FACTOR = 10;

/** Limit.limit is an int32 and the plan asks for one row more. */
const MAX_PLAN_ROWS = 2 ** 31 - 2;

/** The rows the plan of a kept result asks for (beyond the shown limit): 0 when it is not kept. */
export function continuationCap(rowLimit: number): number {
  if (rowLimit <= 0 || rowLimit > MAX_KEPT_ROW_LIMIT) return 0;
  return Math.min(rowLimit * KEPT_ROWS_FACTOR, MAX_PLAN_ROWS);
}

/** What a kept result needs of its execution (an ExecutionStream). */
export interface DetachableExecution extends AsyncIterable<ExecuteEvent> {
  readonly operationId: string;
  readonly isDetached: boolean;
  detach(): void;
  resume(): AsyncIterable<ExecuteEvent>;
  release(): void;
  cancel(): Promise<void>;
}

export interface KeptResultOptions {
  /** Rows the first read delivers. */
  showRows: number;
  /** Rows the execution's plan delivers at most (it asked for one more). */
  maxRows: number;
  keepMs?: number;
  /** Timers (tests pass their own); the returned function clears the timer. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Called once when the continuation ends (released, expired, lost, read to the end). */
  onEnd?: (kept: KeptResult) => void;
}

/** The server no longer has the kept operation (or the session): nothing was read; run the query again. */
export class ContinuationLostError extends SparkConnectError {
  /** Marks the error across bundles, where instanceof cannot (the UI checks this flag). */
  readonly continuationLost = true;

  constructor(operationId: string, cause: SparkConnectError | undefined, why: string) {
    super(`The server no longer holds the rest of this result (${why}).`, {
      reason: 'unavailable', operationId, ...(cause?.errorClass !== undefined ? { errorClass: cause.errorClass } : {}), cause,
      hint: 'Fetch more runs the query again.',
    });
    this.name = 'ContinuationLostError';
  }
}

/** Failures that mean the server no longer has the operation or our session: read on is impossible. */
const LOST_CLASSES = /^(INVALID_HANDLE\.(OPERATION_NOT_FOUND|OPERATION_ABANDONED|SESSION_NOT_FOUND|SESSION_CLOSED|SESSION_CHANGED)|INVALID_CURSOR\.)/;

function defaultTimer(fn: () => void, ms: number): () => void {
  const t = setTimeout(fn, ms);
  (t as { unref?: () => void }).unref?.();
  return () => clearTimeout(t);
}

type State = 'reading' | 'kept' | 'ended';

export class KeptResult implements ResultContinuation {
  readonly operationId: string;
  readonly maxRows: number;
  private delivered = 0;
  private schemaSent = false;
  /** Rows past the last stop: the first rows the next read delivers. */
  private tail: { data: Uint8Array; rowCount: number } | undefined;
  private state: State = 'reading';
  private why: string | undefined;
  private clearTimer: (() => void) | undefined;
  private readonly endListeners = new Set<() => void>();
  private firstTaken = false;

  constructor(private readonly exec: DetachableExecution, private readonly opts: KeptResultOptions) {
    this.operationId = exec.operationId;
    this.maxRows = opts.maxRows;
  }

  get deliveredRows(): number {
    return this.delivered;
  }

  get kept(): boolean {
    return this.state === 'kept';
  }

  get endReason(): string | undefined {
    return this.why;
  }

  onDidEnd(listener: () => void): { dispose(): void } {
    this.endListeners.add(listener);
    return { dispose: () => this.endListeners.delete(listener) };
  }

  /** The first read: the schema and up to showRows rows; ends with 'limited' when more exist. */
  first(): AsyncIterable<ResultEvent> {
    if (this.firstTaken) throw new Error('A kept result is read from the start only once.');
    this.firstTaken = true;
    const self = this;
    async function* run(): AsyncGenerator<ResultEvent> {
      try {
        yield* self.read(self.exec, self.opts.showRows);
      } catch (err) {
        self.end('the read failed', false);
        throw err;
      }
    }
    return { [Symbol.asyncIterator]: () => run() };
  }

  readOn(rows: number, signal?: AbortSignal): AsyncIterable<ResultEvent> {
    if (this.state !== 'kept') {
      throw new ContinuationLostError(this.operationId, undefined, this.why ?? 'it was not kept');
    }
    this.state = 'reading';
    this.clearTimer?.();
    this.clearTimer = undefined;
    const stopAt = Math.min(this.maxRows, this.delivered + Math.max(1, Math.floor(rows)));
    const self = this;
    async function* run(): AsyncGenerator<ResultEvent> {
      const onAbort = () => void self.exec.cancel().catch(() => undefined);
      if (signal?.aborted) onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const startRows = self.delivered;
      try {
        yield* self.read(self.tailThen(stopAt), stopAt);
      } catch (err) {
        // Nothing of this read was delivered and the server says it has no such operation any more.
        if (self.delivered === startRows && !signal?.aborted && err instanceof SparkConnectError && isLost(err)) {
          self.end(`the server no longer has it: ${err.errorClass ?? err.message}`, false);
          throw new ContinuationLostError(self.operationId, err, 'the server dropped the operation');
        }
        self.end(signal?.aborted ? 'cancelled' : 'the read failed', false);
        throw err;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }
    return { [Symbol.asyncIterator]: () => run() };
  }

  release(reason = 'released'): void {
    if (this.state === 'ended') return;
    this.exec.release();
    this.end(reason, true);
  }

  /**
   * The kept rows of the last batch first (as an arrow event), then the execution's events. When the
   * tail alone crosses `stopAt` the execution is not resumed at all (it stays detached); otherwise it is
   * resumed before the tail is handed out, so a server that lost the operation fails the read before
   * any row is shown (the caller then offers a re-run instead of half a continuation).
   */
  private async *tailThen(stopAt: number): AsyncGenerator<ExecuteEvent & { fromTail?: boolean }> {
    const tail = this.tail;
    this.tail = undefined;
    if (tail && this.delivered + tail.rowCount > stopAt) {
      yield { kind: 'arrow', rowCount: tail.rowCount, data: tail.data, fromTail: true };
      return;
    }
    const it = this.exec.resume()[Symbol.asyncIterator]();
    let next = await it.next();
    try {
      if (tail) yield { kind: 'arrow', rowCount: tail.rowCount, data: tail.data, fromTail: true };
      while (!next.done) {
        yield next.value;
        next = await it.next();
      }
    } finally {
      // The consumer stopped early (a detach, or an error): end the execution's iteration too.
      if (!next.done) await it.return?.(undefined);
    }
  }

  /**
   * Events until `stopAt` rows are delivered. When more rows exist there: below maxRows the execution is
   * detached and kept, at maxRows it is released (only a re-run has more); either way 'limited' follows.
   */
  private async *read(events: AsyncIterable<ExecuteEvent & { fromTail?: boolean }>, stopAt: number): AsyncGenerator<ResultEvent> {
    let stopped: 'kept' | 'capped' | undefined;
    {
      for await (const e of events) {
        if (e.kind === 'schema') {
          if (!this.schemaSent) yield { kind: 'schema', columns: columnsOf(e.schema) };
          this.schemaSent = true;
          continue;
        }
        if (e.kind !== 'arrow') {
          const side = sideEvent(e);
          if (side) yield side;
          continue;
        }
        if (!this.schemaSent) {
          this.schemaSent = true;
          yield { kind: 'schema', columns: columnsOfIpc(e.data) };
        }
        const room = stopAt - this.delivered;
        if (e.rowCount <= room) {
          this.delivered += e.rowCount;
          yield { kind: 'arrow', rowCount: e.rowCount, data: e.data };
          continue;
        }
        // This batch crosses the stop: more rows exist. The tail is cut first: truncation rewrites the
        // batch's metadata in place.
        const keepTail = this.delivered + room < this.maxRows;
        const tail = keepTail ? { data: room > 0 ? dropIpcRows(e.data, room) : e.data.slice(), rowCount: e.rowCount - room } : undefined;
        if (room > 0) {
          yield { kind: 'arrow', rowCount: room, data: truncateIpcStream(e.data, room) };
          this.delivered += room;
        }
        if (tail) {
          this.tail = tail;
          stopped = 'kept';
          // A stop inside the kept tail: the execution was not resumed and is still detached.
          if (!e.fromTail) this.exec.detach();
        } else {
          stopped = 'capped';
        }
        break;
      }
    }
    if (stopped === undefined) {
      this.end('read to the end', false);
      return;
    }
    if (stopped === 'kept' && this.exec.isDetached) {
      this.state = 'kept';
      this.clearTimer = (this.opts.setTimer ?? defaultTimer)(() => this.release('kept for longer than the server would keep it'), this.opts.keepMs ?? KEEP_MS);
      yield { kind: 'limited', rowLimit: this.delivered, continuation: this };
      return;
    }
    // At maxRows (or the stream could not be kept): leaving the loop released the operation.
    this.tail = undefined;
    this.end(stopped === 'capped' ? 'the execution has no more rows to give' : 'it could not be kept', false);
    yield { kind: 'limited', rowLimit: this.delivered };
  }

  private end(why: string, notify: boolean): void {
    if (this.state === 'ended') return;
    const wasKept = this.state === 'kept';
    this.state = 'ended';
    this.why = why;
    this.tail = undefined;
    this.clearTimer?.();
    this.clearTimer = undefined;
    this.opts.onEnd?.(this);
    if (notify || wasKept) for (const l of [...this.endListeners]) l();
  }
}

function isLost(err: SparkConnectError): boolean {
  if (err.name === 'StreamNotResumedError') return true;
  const cls = err.errorClass ?? /\b(INVALID_HANDLE|INVALID_CURSOR)\.[A-Z_]+/.exec(err.message)?.[0];
  return cls !== undefined && LOST_CLASSES.test(cls);
}
