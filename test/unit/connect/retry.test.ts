import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata, status } from '@grpc/grpc-js';
import { SparkConnectError } from '../../../src/connect/errors';
import { markTransportFailure, transportFailureOf } from '../../../src/connect/transport-failure';
import {
  Backoff, DEFAULT_RETRY_POLICY, isReattachable, isTransient, withRetries, type Clock, type RetryPolicy,
} from '../../../src/connect/retry';

/** A clock whose sleeps advance time instantly and are recorded. */
function fakeClock(random = 0): Clock & { sleeps: number[]; t: number } {
  const c = {
    t: 1_000_000,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => { c.sleeps.push(ms); c.t += ms; },
    random: () => random,
  };
  return c;
}

const unavailable = (extra: Partial<ConstructorParameters<typeof SparkConnectError>[1]> = {}) =>
  new SparkConnectError('14 UNAVAILABLE: Connection dropped', { reason: 'unavailable', grpcCode: status.UNAVAILABLE, ...extra });

void test('backoff grows exponentially up to the cap, without jitter when random() = 0', () => {
  const b = new Backoff(DEFAULT_RETRY_POLICY, () => 0);
  const waits: number[] = [];
  for (let w = b.next(); w !== undefined; w = b.next()) waits.push(w);
  assert.deepEqual(waits, [50, 200, 800, 3200, 10000, 10000, 10000, 10000, 10000]);
  assert.equal(waits.length, DEFAULT_RETRY_POLICY.maxAttempts - 1);
});

void test('jitter adds at most jitterFraction of the wait', () => {
  const b = new Backoff({ ...DEFAULT_RETRY_POLICY, jitterFraction: 0.2 }, () => 1);
  assert.equal(b.next(), 60);
  assert.equal(b.next(), 240);
});

void test('a server RetryInfo delay lengthens the wait, capped by maxServerRetryDelayMs', () => {
  const p: RetryPolicy = { ...DEFAULT_RETRY_POLICY, jitterFraction: 0, maxServerRetryDelayMs: 5_000 };
  const b = new Backoff(p, () => 0);
  assert.equal(b.next(1_500), 1_500);
  assert.equal(b.next(99_000), 5_000);
  assert.equal(b.next(10), 800);
  const ignoring = new Backoff({ ...p, honorServerRetryDelay: false }, () => 0);
  assert.equal(ignoring.next(1_500), 50);
});

void test('transient: UNAVAILABLE, INVALID_CURSOR.DISCONNECTED, anything with RetryInfo', () => {
  assert.equal(isTransient(unavailable()), true);
  assert.equal(isTransient(new SparkConnectError('[INVALID_CURSOR.DISCONNECTED] x', { reason: 'runtime', grpcCode: status.INTERNAL })), true);
  assert.equal(isTransient(new SparkConnectError('x', { reason: 'runtime', grpcCode: status.INTERNAL, errorClass: 'INVALID_CURSOR.DISCONNECTED' })), true);
  assert.equal(isTransient(new SparkConnectError('busy', { reason: 'runtime', grpcCode: status.RESOURCE_EXHAUSTED, retryDelayMs: 100 })), true);
  assert.equal(isTransient(new SparkConnectError('[DIVIDE_BY_ZERO]', { reason: 'runtime', grpcCode: status.INTERNAL })), false);
  assert.equal(isTransient(new SparkConnectError('x', { reason: 'analysis', grpcCode: status.INVALID_ARGUMENT })), false);
  assert.equal(isTransient(new SparkConnectError('x', { reason: 'cancelled', grpcCode: status.UNAVAILABLE })), false);
  assert.equal(isTransient(new Error('plain')), false);
});

/** A SparkConnectError over a gRPC failure, as error-details.ts builds it (the ServiceError is its cause). */
function overGrpc(code: number, details: string, init: Partial<ConstructorParameters<typeof SparkConnectError>[1]> = {}): SparkConnectError {
  const serviceError = Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
  return new SparkConnectError(serviceError.message, { reason: 'unknown', grpcCode: code, cause: serviceError, ...init });
}

void test('reattachable: transport failures marked by the transport (grpc-js\'s fixed statuses, or the direct reader\'s mark), never server errors', () => {
  assert.equal(isReattachable(overGrpc(status.INTERNAL, 'Received RST_STREAM with code 2 (Internal server error)')), true);
  assert.equal(isReattachable(overGrpc(status.INTERNAL, 'Received RST_STREAM with code 2', { reason: 'runtime', errorClass: 'X' })), false, 'a Spark error');
  assert.equal(isReattachable(unavailable()), true);
  // GOAWAY over too many keepalive pings (Spark 3.5's ping policy) vs. a message that is too large
  assert.equal(isReattachable(overGrpc(status.RESOURCE_EXHAUSTED, 'Bandwidth exhausted or memory limit exceeded')), true);
  assert.equal(isReattachable(overGrpc(status.RESOURCE_EXHAUSTED, 'Received message larger than max (200 vs 100)')), false);
  // The server's own text is not a transport mark, even when it looks like one.
  assert.equal(isReattachable(overGrpc(status.INTERNAL, 'Spark says: Received RST_STREAM with code 2')), false);
  assert.equal(isReattachable(new SparkConnectError('13 INTERNAL: Received RST_STREAM with code 2', { reason: 'unknown', grpcCode: status.INTERNAL })), false, 'message text alone decides nothing');
  // The direct reader marks its errors: a typed field, whatever the text says.
  const marked = markTransportFailure(Object.assign(new Error('13 INTERNAL: anything'), { code: status.INTERNAL, details: 'anything', metadata: new Metadata() }), 'stream-reset', 2);
  assert.equal(isReattachable(new SparkConnectError(marked.message, { reason: 'unknown', grpcCode: status.INTERNAL, cause: marked })), true);
  assert.equal(transportFailureOf(marked), 'stream-reset');
  const pings = markTransportFailure(new Error('x'), 'ping-policy');
  assert.equal(isReattachable(new SparkConnectError('x', { reason: 'unknown', grpcCode: status.RESOURCE_EXHAUSTED, cause: pings })), true);
});

void test('withRetries retries transient failures then succeeds', async () => {
  const clock = fakeClock();
  let calls = 0;
  const r = await withRetries('op', async () => {
    calls++;
    if (calls < 3) throw unavailable();
    return 'ok';
  }, { policy: DEFAULT_RETRY_POLICY, clock });
  assert.equal(r, 'ok');
  assert.equal(calls, 3);
  assert.deepEqual(clock.sleeps, [50, 200]);
});

void test('withRetries does not retry other errors', async () => {
  const clock = fakeClock();
  let calls = 0;
  const err = new SparkConnectError('bad', { reason: 'analysis', grpcCode: status.INTERNAL });
  await assert.rejects(withRetries('op', async () => { calls++; throw err; }, { policy: DEFAULT_RETRY_POLICY, clock }), (e) => e === err);
  assert.equal(calls, 1);
  assert.deepEqual(clock.sleeps, []);
});

void test('withRetries stops at maxAttempts and says how long it tried', async () => {
  const clock = fakeClock();
  let calls = 0;
  await assert.rejects(
    withRetries('op', async () => { calls++; throw unavailable(); }, { policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 4 }, clock }),
    (e: unknown) => e instanceof SparkConnectError && e.reason === 'unavailable' && /gave up after 4 attempts in 1\.1 s/.test(e.message),
  );
  assert.equal(calls, 4);
  assert.deepEqual(clock.sleeps, [50, 200, 800]);
});

void test('withRetries respects the total time bound', async () => {
  const clock = fakeClock();
  let calls = 0;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 100, maxTotalMs: 5_000 };
  await assert.rejects(withRetries('op', async () => { calls++; clock.t += 100; throw unavailable(); }, { policy, clock }));
  // 50+200+800+3200 = 4250 ms of waits + 100 ms per call; a 10 s wait would cross 5 s.
  assert.deepEqual(clock.sleeps, [50, 200, 800, 3200]);
  assert.equal(calls, 5);
  assert.ok(clock.t - 1_000_000 <= 5_000);
});

void test('withRetries honours a custom predicate', async () => {
  const clock = fakeClock();
  let calls = 0;
  await assert.rejects(withRetries('op', async () => { calls++; throw unavailable(); }, { policy: DEFAULT_RETRY_POLICY, clock, shouldRetry: () => false }));
  assert.equal(calls, 1);
});

void test('withRetries stops waiting when aborted', async () => {
  const ac = new AbortController();
  let calls = 0;
  const p = withRetries('op', async () => {
    calls++;
    if (calls === 1) setTimeout(() => ac.abort(), 20);
    throw unavailable();
  }, { policy: { ...DEFAULT_RETRY_POLICY, initialBackoffMs: 10_000 }, signal: ac.signal });
  const t0 = Date.now();
  await assert.rejects(p, (e: unknown) => e instanceof SparkConnectError && e.reason === 'cancelled');
  assert.ok(Date.now() - t0 < 2_000, 'abort must interrupt the backoff sleep');
  assert.equal(calls, 1);
});

void test('an already aborted signal fails before the first attempt', async () => {
  const ac = new AbortController();
  ac.abort();
  let calls = 0;
  await assert.rejects(withRetries('op', async () => { calls++; return 1; }, { policy: DEFAULT_RETRY_POLICY, signal: ac.signal }));
  assert.equal(calls, 0);
});
