// "Fetch more" on a result whose rest is kept on the server: reads on in the same execution
// (ResultContinuation.readOn) into the result's sink, as the query runner does for a run. A continuation
// the server no longer has ends as 'lost' before anything reaches the sink: the caller then offers a
// re-run that says so.
import type { ExecutionMetric } from '../plan/metrics';
import type { ResultContinuation } from './engine';
import { describeFailure } from './error-report';
import type { ResultFailure, ResultSink } from './result-sink';

export type ReadOnOutcome =
  | { status: 'read'; rows: number }
  | { status: 'lost'; reason: string }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

/** True for the error readOn() throws when the server no longer holds the operation (kept-result.ts). */
export function isContinuationLost(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { continuationLost?: unknown }).continuationLost === true;
}

/**
 * Reads up to `rows` more rows of `continuation` into `sink`, then completes it (summary rowCount: all
 * rows of the result so far, durationMs: this read's time) or fails it. `signal` cancels the read (the
 * operation is interrupted and released; the rows read stay).
 */
export async function readOnInto(continuation: ResultContinuation, rows: number, sink: ResultSink, signal: AbortSignal,
  now: () => number = Date.now): Promise<ReadOnOutcome> {
  const started = now();
  const before = continuation.deliveredRows;
  let limited = false;
  let next: ResultContinuation | undefined;
  let metrics: ExecutionMetric[] | undefined;
  try {
    for await (const event of continuation.readOn(rows, signal)) {
      if (event.kind === 'arrow') {
        sink.addBatch(event.data, event.rowCount);
        await sink.whenWritten?.();
      } else if (event.kind === 'limited') {
        limited = true;
        next = event.continuation;
      } else if (event.kind === 'metrics') {
        metrics = event.metrics;
      }
    }
    if (signal.aborted) throw new Error('cancelled');
    sink.complete({
      rowCount: continuation.deliveredRows, durationMs: now() - started, ...(metrics ? { metrics } : {}),
      ...(limited ? { limited } : {}), ...(next?.kept ? { continuation: next } : {}),
    });
    return { status: 'read', rows: continuation.deliveredRows - before };
  } catch (err) {
    if (isContinuationLost(err)) return { status: 'lost', reason: continuation.endReason ?? (err as Error).message };
    const failure = describeFailure(err);
    const cancelled = signal.aborted || failure.cancelled;
    const reported: ResultFailure = cancelled ? { message: 'Cancelled.', cancelled, rowCount: continuation.deliveredRows } : {
      message: failure.errorClass !== undefined ? failure.summary : failure.message,
      cancelled, rowCount: continuation.deliveredRows, detail: failure.detail,
      ...(failure.reason !== undefined ? { reason: failure.reason } : {}),
      ...(failure.errorClass !== undefined ? { errorClass: failure.errorClass } : {}),
      ...(failure.sqlState !== undefined ? { sqlState: failure.sqlState } : {}),
    };
    sink.fail(reported);
    return cancelled ? { status: 'cancelled' } : { status: 'failed', message: reported.message };
  }
}
