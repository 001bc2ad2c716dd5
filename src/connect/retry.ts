// Retrying transient failures: exponential backoff with jitter, bounded both in attempts and in total
// time, so that a dead server produces an answer in a known time instead of PySpark's minutes of
// silent retrying. Clock, sleep and randomness are injected so tests run on a fake clock.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { SparkConnectError, abortError } from './errors';
import type { Logger } from './logger';
import { transportFailureOf } from './transport-failure';

export interface RetryPolicy {
  /** Total attempts including the first; 1 disables retrying. */
  maxAttempts: number;
  initialBackoffMs: number;
  backoffMultiplier: number;
  maxBackoffMs: number;
  /** Each wait is lengthened by a random fraction of itself, up to this (0.2 = up to +20%). */
  jitterFraction: number;
  /** No retry starts once this much time has passed since the first attempt began. */
  maxTotalMs: number;
  /** Wait at least as long as a google.rpc.RetryInfo from the server asks, capped below. */
  honorServerRetryDelay: boolean;
  maxServerRetryDelayMs: number;
}

// 50 ms, 200 ms, 800 ms, 3.2 s, then 10 s steps, at most 30 s in all: rides out a proxy or load balancer
// blip or a quick restart, and still answers within half a minute when the server is really gone.
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 10,
  initialBackoffMs: 50,
  backoffMultiplier: 4,
  maxBackoffMs: 10_000,
  jitterFraction: 0.2,
  maxTotalMs: 30_000,
  honorServerRetryDelay: true,
  maxServerRetryDelayMs: 60_000,
});

export const NO_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 });

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal, 'Waiting to retry'));
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(abortError(signal, 'Waiting to retry'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  }),
  random: () => Math.random(),
};

/** The sequence of waits for one retried operation. */
export class Backoff {
  private attempt = 0;
  private nextBase: number;

  constructor(private readonly policy: RetryPolicy, private readonly random: () => number) {
    this.nextBase = policy.initialBackoffMs;
  }

  /** Retries used so far. */
  get retries(): number {
    return this.attempt;
  }

  /** Milliseconds to wait before the next attempt, or undefined when attempts are exhausted. */
  next(serverDelayMs?: number): number | undefined {
    if (this.attempt + 1 >= this.policy.maxAttempts) return undefined;
    this.attempt++;
    let wait = this.nextBase;
    this.nextBase = Math.min(this.policy.maxBackoffMs, this.nextBase * this.policy.backoffMultiplier);
    if (serverDelayMs !== undefined && this.policy.honorServerRetryDelay) {
      wait = Math.max(wait, Math.min(serverDelayMs, this.policy.maxServerRetryDelayMs));
    }
    wait += wait * this.policy.jitterFraction * this.random();
    return Math.round(wait);
  }
}

/**
 * Whether a failure is worth another attempt of an idempotent call. Follows Spark's own clients:
 * UNAVAILABLE, INTERNAL for a cursor preempted by another RPC (INVALID_CURSOR.DISCONNECTED), and
 * anything for which the server attached a RetryInfo.
 */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof SparkConnectError)) return false;
  if (err.reason === 'cancelled' || err.reason === 'config') return false;
  if (err.retryDelayMs !== undefined) return true;
  if (err.grpcCode === GrpcStatus.UNAVAILABLE) return true;
  if (err.grpcCode === GrpcStatus.INTERNAL) {
    return err.errorClass === 'INVALID_CURSOR.DISCONNECTED' || err.message.includes('INVALID_CURSOR.DISCONNECTED');
  }
  return false;
}

/**
 * Whether a broken ExecutePlan/ReattachExecute stream should be resumed by reattaching. Reattaching is
 * idempotent (the server replays from the last response id we saw), so it is also done for a stream
 * reset by a proxy or a load balancer and for a connection the server closed over our keepalive pings:
 * whatever the transport marked as its own failure (transport-failure.ts), never a Spark error.
 */
export function isReattachable(err: unknown): boolean {
  if (isTransient(err)) return true;
  if (!(err instanceof SparkConnectError)) return false;
  if (err.reason === 'cancelled') return false;
  if (err.errorClass !== undefined || err.exceptionClasses.length > 0) return false; // a Spark error, not the network
  // ENHANCE_YOUR_CALM ('ping-policy'): a server with a strict ping policy (Spark 3.5 keeps gRPC-Java's
  // 5-minute minimum) closed the connection over our keepalive pings during a long silent query. The
  // ping interval has already been doubled; the operation itself is fine on the server.
  return transportFailureOf(err.cause) !== undefined;
}

export interface RetryOptions {
  policy: RetryPolicy;
  clock?: Clock;
  signal?: AbortSignal;
  logger?: Logger;
  shouldRetry?: (err: unknown) => boolean;
}

/** Runs `op` until it succeeds, fails with a non-retryable error, or the policy's bounds are reached. */
export async function withRetries<T>(what: string, op: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const clock = opts.clock ?? systemClock;
  const shouldRetry = opts.shouldRetry ?? isTransient;
  const backoff = new Backoff(opts.policy, () => clock.random());
  const start = clock.now();
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw abortError(opts.signal, what);
    try {
      return await op(attempt);
    } catch (err) {
      if (opts.signal?.aborted) throw abortError(opts.signal, what);
      if (!shouldRetry(err)) throw err;
      const serverDelay = err instanceof SparkConnectError ? err.retryDelayMs : undefined;
      const wait = backoff.next(serverDelay);
      const elapsed = clock.now() - start;
      if (wait === undefined || elapsed + wait > opts.policy.maxTotalMs) {
        opts.logger?.debug(`${what}: giving up after ${attempt} attempt(s) in ${elapsed} ms`);
        throw gaveUp(err, attempt, elapsed);
      }
      opts.logger?.debug(`${what}: attempt ${attempt} failed (${err instanceof Error ? err.message : String(err)}); retrying in ${wait} ms`);
      await clock.sleep(wait, opts.signal);
    }
  }
}

/** The last error, with how long we tried, so the user knows the client did not give up at once. */
export function gaveUp(err: unknown, attempts: number, elapsedMs: number): unknown {
  if (!(err instanceof SparkConnectError) || attempts <= 1) return err;
  const e = new SparkConnectError(`${err.message} (gave up after ${attempts} attempts in ${(elapsedMs / 1000).toFixed(1)} s)`, {
    ...err,
    reason: err.reason,
    messageParameters: err.messageParameters,
    queryContext: err.queryContext,
    exceptionClasses: err.exceptionClasses,
    cause: err.cause,
  });
  e.stack = err.stack;
  return e;
}
