// ExecutionStream against a scripted fake server: streams that break, end early, repeat responses,
// lose the operation; checks that every response reaches the consumer exactly once and that the
// server is told what to release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { SparkConnectError } from '../../../src/connect/errors';
import { ExecutionStream, StreamNotResumedError, type ExecuteEvent, type ExecutionHost, type ResponseStream } from '../../../src/connect/execution';
import { spark } from '../../../src/connect/generated/spark-connect';
import { noopLogger } from '../../../src/connect/logger';
import { DEFAULT_RETRY_POLICY, isReattachable, type Clock } from '../../../src/connect/retry';

type Resp = spark.connect.ExecutePlanResponse;

function batch(i: number, rows = 10): Resp {
  return new spark.connect.ExecutePlanResponse({
    sessionId: 's', operationId: 'op', responseId: `r${i}`,
    arrowBatch: { rowCount: rows, data: new Uint8Array([i, i, i]), startOffset: i * rows },
  });
}
function complete(i: number): Resp {
  return new spark.connect.ExecutePlanResponse({ sessionId: 's', operationId: 'op', responseId: `r${i}`, resultComplete: {} });
}

const unavailable = () => new SparkConnectError('14 UNAVAILABLE: Connection dropped', { reason: 'unavailable', grpcCode: status.UNAVAILABLE });

/** One scripted segment: responses to send, then how the stream ends. */
interface Segment { from?: number; count: number; end: 'ok' | 'graceful' | Error }

/**
 * A server holding `total` batch responses plus ResultComplete. Each opened stream plays the next
 * script entry starting after the requested last response id.
 */
class FakeServer implements ExecutionHost {
  responses: Resp[];
  script: Segment[];
  opened: { kind: 'execute' | 'reattach'; last?: string }[] = [];
  released: (string | 'all')[] = [];
  interrupts = 0;
  pulled = 0;
  cancelled = 0;
  verifyHook?: (r: Resp) => void;
  reattachError?: () => Error;

  constructor(total: number, script: Segment[]) {
    this.responses = [...Array.from({ length: total }, (_, i) => batch(i)), complete(total)];
    this.script = script;
  }

  private stream(startAfter: string | undefined): ResponseStream {
    const seg = this.script.shift() ?? { count: Infinity, end: 'ok' as const };
    const start = seg.from ?? (startAfter === undefined ? 0 : this.responses.findIndex((r) => r.responseId === startAfter) + 1);
    const items = this.responses.slice(start, start + seg.count);
    let cancelled = false;
    const self = this;
    async function* gen(): AsyncGenerator<Resp> {
      for (const r of items) {
        if (cancelled) throw new SparkConnectError('Cancelled on client', { reason: 'cancelled', grpcCode: status.CANCELLED });
        await Promise.resolve();
        self.pulled++;
        yield r;
      }
      if (seg.end instanceof Error) throw seg.end;
    }
    const g = gen();
    return { [Symbol.asyncIterator]: () => g, cancel: () => { cancelled = true; self.cancelled++; } };
  }

  /** Errors the next ExecutePlan openings fail with (a channel that is not connected), in order. */
  executeErrors: Error[] = [];
  /** While set, ExecutePlan waits for it (a channel still connecting); an abort meanwhile sends nothing. */
  connecting?: Promise<void>;
  async openExecute(signal?: AbortSignal): Promise<ResponseStream> {
    if (this.connecting) {
      await this.connecting;
      signal?.throwIfAborted();
    }
    this.opened.push({ kind: 'execute' });
    const e = this.executeErrors.shift();
    if (e) throw e;
    return this.stream(undefined);
  }
  async openReattach(last: string | undefined): Promise<ResponseStream> {
    this.opened.push({ kind: 'reattach', last });
    if (this.reattachError) throw this.reattachError();
    return this.stream(last);
  }
  release(until: string | undefined): void { this.released.push(until ?? 'all'); }
  /** What the next Interrupts answer (the ids interrupted); afterwards the server knows the operation. */
  interruptAnswers: string[][] = [];
  async interrupt(): Promise<readonly string[]> {
    this.interrupts++;
    return this.interruptAnswers.shift() ?? ['00000000-0000-4000-8000-000000000001'];
  }
  verify(r: Resp): void { this.verifyHook?.(r); }
  async toError(err: unknown): Promise<SparkConnectError> {
    return err instanceof SparkConnectError ? err : new SparkConnectError(String(err), { reason: 'unknown', grpcCode: status.UNKNOWN });
  }
  canReattach(err: SparkConnectError): boolean { return isReattachable(err); }
}

function fakeClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let t = 0;
  const c = {
    sleeps: [] as number[], now: () => t, sleep: async (ms: number) => { c.sleeps.push(ms); t += ms; }, random: () => 0,
    advance: (ms: number) => { t += ms; },
  };
  return c;
}

function start(host: FakeServer, extra: Partial<ConstructorParameters<typeof ExecutionStream>[1]> = {}) {
  const clock = fakeClock();
  const s = new ExecutionStream(host, {
    operationId: '00000000-0000-4000-8000-000000000001', reattachable: true, policy: DEFAULT_RETRY_POLICY, clock, logger: noopLogger, ...extra,
  });
  return { s, clock };
}

async function arrowIds(s: AsyncIterable<ExecuteEvent>): Promise<number[]> {
  const ids: number[] = [];
  for await (const e of s) if (e.kind === 'arrow') ids.push(e.data[0]);
  return ids;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

void test('a whole stream: every batch once, in order, then ReleaseExecute(all)', async () => {
  const host = new FakeServer(5, []);
  const { s } = start(host, { releaseEveryResponses: 1000 });
  assert.deepEqual(await arrowIds(s), range(5));
  assert.deepEqual(host.released, ['all']);
  assert.equal(s.responseCount, 5);
  assert.equal(s.reattachCount, 0);
  assert.equal(s.isFinished, true);
});

void test('arrow events carry row count, offset and bytes', async () => {
  const host = new FakeServer(2, []);
  const { s } = start(host);
  const events: ExecuteEvent[] = [];
  for await (const e of s) events.push(e);
  const e = events[1] as Extract<ExecuteEvent, { kind: 'arrow' }>;
  assert.deepEqual(events[1], { kind: 'arrow', rowCount: 10, startOffset: 10, data: new Uint8Array([1, 1, 1]), memory: e.data.buffer });
});

void test('a stream broken by UNAVAILABLE is resumed from the last response id, nothing lost or repeated', async () => {
  const host = new FakeServer(10, [{ count: 3, end: unavailable() }, { count: 4, end: unavailable() }]);
  const { s, clock } = start(host);
  assert.deepEqual(await arrowIds(s), range(10));
  assert.deepEqual(host.opened, [{ kind: 'execute' }, { kind: 'reattach', last: 'r2' }, { kind: 'reattach', last: 'r6' }]);
  assert.equal(s.reattachCount, 2);
  // each failure streak starts a fresh backoff because progress was made in between
  assert.deepEqual(clock.sleeps, [50, 50]);
});

void test('a break after a healthy stream longer than the retry budget is still resumed', async () => {
  const host = new FakeServer(6, [{ count: 4, end: unavailable() }]);
  const { s, clock } = start(host);
  // Each response takes 20 s: the stream has run 80 s (more than maxTotalMs) when it breaks.
  host.verifyHook = () => clock.advance(20_000);
  assert.deepEqual(await arrowIds(s), range(6));
  assert.equal(s.reattachCount, 1);
  assert.deepEqual(clock.sleeps, [50]);
});

void test('a stream reset by a proxy (INTERNAL RST_STREAM) is resumed too', async () => {
  // As error-details.ts builds it from grpc-js's status: the ServiceError is the cause.
  const grpcStatus = Object.assign(new Error('13 INTERNAL: Received RST_STREAM with code 2'), { code: status.INTERNAL, details: 'Received RST_STREAM with code 2', metadata: {} });
  const rst = new SparkConnectError(grpcStatus.message, { reason: 'unknown', grpcCode: status.INTERNAL, cause: grpcStatus });
  const host = new FakeServer(4, [{ count: 2, end: rst }]);
  const { s } = start(host);
  assert.deepEqual(await arrowIds(s), range(4));
});

void test('a stream that ends without ResultComplete is continued by reattaching, without waiting', async () => {
  const host = new FakeServer(6, [{ count: 2, end: 'graceful' }, { count: 2, end: 'graceful' }]);
  const { s, clock } = start(host);
  assert.deepEqual(await arrowIds(s), range(6));
  assert.equal(s.reattachCount, 2);
  assert.deepEqual(clock.sleeps, []);
});

void test('responses replayed by the server are skipped', async () => {
  // The second segment deliberately starts from r1 although r2 was the last seen.
  const host = new FakeServer(5, [{ count: 3, end: unavailable() }, { from: 1, count: 99, end: 'ok' }]);
  const { s } = start(host);
  assert.deepEqual(await arrowIds(s), range(5));
});

void test('empty segments closed at once are slowed down, not spun on', async () => {
  const host = new FakeServer(2, [{ count: 0, end: 'graceful' }, { count: 0, end: 'graceful' }, { count: 0, end: 'graceful' }]);
  const { s, clock } = start(host);
  assert.deepEqual(await arrowIds(s), range(2));
  assert.deepEqual(clock.sleeps, [50, 100, 200]);
});

void test('a failure that is not transient ends the stream with that error and releases the operation', async () => {
  const boom = new SparkConnectError('[DIVIDE_BY_ZERO] Division by zero', { reason: 'runtime', grpcCode: status.INTERNAL, errorClass: 'DIVIDE_BY_ZERO' });
  const host = new FakeServer(5, [{ count: 2, end: boom }]);
  const { s } = start(host);
  const seen: number[] = [];
  await assert.rejects(async () => { for await (const e of s) if (e.kind === 'arrow') seen.push(e.data[0]); }, (e: unknown) => {
    assert.equal(e, boom);
    assert.equal((e as SparkConnectError).operationId, '00000000-0000-4000-8000-000000000001');
    return true;
  });
  assert.deepEqual(seen, [0, 1]);
  assert.deepEqual(host.released.at(-1), 'all');
  assert.equal(host.opened.length, 1);
});

void test('OPERATION_NOT_FOUND before any response: the ExecutePlan never arrived, send it again', async () => {
  const host = new FakeServer(3, [{ count: 0, end: unavailable() }]);
  let first = true;
  host.reattachError = () => {
    if (!first) return new Error('unexpected');
    first = false;
    return new SparkConnectError('[INVALID_HANDLE.OPERATION_NOT_FOUND] no such op', { reason: 'runtime', grpcCode: status.INTERNAL, errorClass: 'INVALID_HANDLE.OPERATION_NOT_FOUND' });
  };
  const { s } = start(host);
  const orig = host.openReattach.bind(host);
  host.openReattach = async (last) => { const r = orig(last); host.reattachError = undefined; return r; };
  assert.deepEqual(await arrowIds(s), range(3));
  assert.deepEqual(host.opened.map((o) => o.kind), ['execute', 'reattach', 'execute']);
});

void test('OPERATION_NOT_FOUND after results arrived is a clear error (the results cannot be resumed)', async () => {
  const host = new FakeServer(5, [{ count: 2, end: unavailable() }]);
  host.reattachError = () => new SparkConnectError('x', { reason: 'runtime', grpcCode: status.INTERNAL, errorClass: 'INVALID_HANDLE.OPERATION_NOT_FOUND' });
  const { s } = start(host);
  await assert.rejects(arrowIds(s), (e: unknown) => e instanceof SparkConnectError && /no longer knows operation/.test(e.message) && e.errorClass === 'INVALID_HANDLE.OPERATION_NOT_FOUND');
});

for (const [how, init] of [
  ['with ErrorInfo (Spark 4)', { errorClass: 'INVALID_CURSOR.POSITION_NOT_AVAILABLE' }],
  ['named only in the message', {}],
] as const) {
  void test(`a reattach the server cannot serve (INVALID_CURSOR.POSITION_NOT_AVAILABLE, ${how}) says the stream broke and could not be resumed`, async () => {
    const host = new FakeServer(5, [{ count: 2, end: unavailable() }]);
    const refusal = new SparkConnectError('[INVALID_CURSOR.POSITION_NOT_AVAILABLE] The cursor position id r1 is no longer available at index 2.', { reason: 'runtime', grpcCode: status.INTERNAL, ...init });
    host.reattachError = () => refusal;
    const { s } = start(host);
    const seen: number[] = [];
    await assert.rejects(async () => { for await (const e of s) if (e.kind === 'arrow') seen.push(e.data[0]); }, (e: unknown) => {
      assert.ok(e instanceof StreamNotResumedError, String(e));
      assert.ok(e instanceof SparkConnectError, 'still the library\'s one error type');
      assert.equal(e.errorClass, 'INVALID_CURSOR.POSITION_NOT_AVAILABLE');
      assert.equal(e.reason, 'unavailable');
      assert.match(e.message, /result stream of operation \S+ broke after 2 responses and could not be resumed/);
      assert.equal(e.cause, refusal);
      assert.equal(e.responsesReceived, 2);
      assert.equal(e.lastResponseId, 'r1');
      return true;
    });
    assert.deepEqual(seen, [0, 1], 'what came before the break was delivered, nothing after it');
    assert.equal(host.opened.filter((o) => o.kind === 'reattach').length, 1, 'not retried: the server cannot serve it');
  });
}

void test('a query error on a resumed stream stays the query\'s error', async () => {
  const boom = new SparkConnectError('[DIVIDE_BY_ZERO] Division by zero', { reason: 'runtime', grpcCode: status.INTERNAL, errorClass: 'DIVIDE_BY_ZERO' });
  const host = new FakeServer(5, [{ count: 2, end: unavailable() }, { count: 1, end: boom }]);
  const { s } = start(host);
  await assert.rejects(arrowIds(s), (e: unknown) => e === boom);
});

void test('reattach keeps failing: gives up within the retry policy bounds', async () => {
  const host = new FakeServer(5, [{ count: 1, end: unavailable() }]);
  host.reattachError = () => unavailable();
  const { s, clock } = start(host, { policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 4 } });
  await assert.rejects(arrowIds(s), (e: unknown) => e instanceof SparkConnectError && e.reason === 'unavailable');
  assert.deepEqual(clock.sleeps, [50, 200, 800]);
  assert.equal(host.opened.filter((o) => o.kind === 'reattach').length, 3);
});

void test('a changed server-side session (verify throws) is fatal, not retried', async () => {
  const host = new FakeServer(5, []);
  let n = 0;
  host.verifyHook = () => { if (++n === 3) throw new SparkConnectError('session gone', { reason: 'unavailable', errorClass: 'INVALID_HANDLE.SESSION_CHANGED' }); };
  const { s } = start(host);
  await assert.rejects(arrowIds(s), (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'INVALID_HANDLE.SESSION_CHANGED');
  assert.equal(host.opened.length, 1);
});

void test('cancel(): the consumer gets a cancelled error, the server an Interrupt and a release', async () => {
  const host = new FakeServer(100, []);
  const { s } = start(host);
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const e of s) {
      if (e.kind !== 'arrow') continue;
      seen.push(e.data[0]);
      if (seen.length === 3) await s.cancel();
    }
  }, (e: unknown) => e instanceof SparkConnectError && e.reason === 'cancelled' && e.operationId === '00000000-0000-4000-8000-000000000001');
  assert.deepEqual(seen, [0, 1, 2]);
  assert.equal(host.interrupts, 1);
  assert.ok(host.released.includes('all'));
  assert.ok(host.cancelled >= 1, 'the gRPC stream must be cancelled');
  assert.equal(s.isCancelled, true);
});

void test('an AbortSignal cancels like cancel()', async () => {
  const host = new FakeServer(100, []);
  const ac = new AbortController();
  const { s } = start(host, { signal: ac.signal });
  let n = 0;
  await assert.rejects(async () => { for await (const e of s) if (e.kind === 'arrow' && ++n === 2) ac.abort(); },
    (e: unknown) => e instanceof SparkConnectError && e.reason === 'cancelled');
  assert.equal(host.interrupts, 1);
});

void test('cancel after completion does not interrupt', async () => {
  const host = new FakeServer(2, []);
  const { s } = start(host);
  await arrowIds(s);
  await s.cancel();
  assert.equal(host.interrupts, 0);
});

void test('a consumer that breaks out of its loop releases the operation and cancels the stream', async () => {
  const host = new FakeServer(50, []);
  const { s } = start(host);
  for await (const e of s) if (e.kind === 'arrow' && e.data[0] === 1) break;
  assert.deepEqual(host.released.at(-1), 'all');
  assert.ok(host.cancelled >= 1);
});

void test('pull-based: nothing is read from the server beyond what the consumer asked for', async () => {
  const host = new FakeServer(1000, []);
  const { s } = start(host);
  const it = s[Symbol.asyncIterator]();
  for (let i = 0; i < 5; i++) await it.next();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(host.pulled, 5);
  await it.return?.(undefined);
});

void test('consumed responses are released periodically with the last consumed id', async () => {
  const host = new FakeServer(7, []);
  const { s } = start(host, { releaseEveryResponses: 3 });
  await arrowIds(s);
  assert.deepEqual(host.released, ['r2', 'r5', 'all']);
});

void test('large batches trigger a release sooner (byte threshold)', async () => {
  const host = new FakeServer(4, []);
  const { s } = start(host, { releaseEveryResponses: 1000, releaseEveryBytes: 6 });
  await arrowIds(s);
  assert.deepEqual(host.released, ['r1', 'r3', 'all']);
});

void test('without reattach: no reattach options, errors are final, no ReleaseExecute', async () => {
  const host = new FakeServer(5, [{ count: 2, end: unavailable() }]);
  const { s } = start(host, { reattachable: false });
  await assert.rejects(arrowIds(s), (e: unknown) => e instanceof SparkConnectError && e.reason === 'unavailable');
  assert.deepEqual(host.released, []);
  assert.equal(host.opened.length, 1);
});

void test('without reattach, a channel that did not connect is retried: nothing was sent yet', async () => {
  const host = new FakeServer(3, []);
  const refused = () => new SparkConnectError('Connection refused by h:1', { reason: 'unavailable', grpcCode: status.UNAVAILABLE, connectFailure: 'refused' });
  host.executeErrors = [refused(), refused()];
  const { s, clock } = start(host, { reattachable: false });
  assert.deepEqual(await arrowIds(s), range(3));
  assert.deepEqual(host.opened.map((o) => o.kind), ['execute', 'execute', 'execute']);
  assert.deepEqual(clock.sleeps, [50, 200]);
});

void test('a dead server is given up on within one retry budget, and the error says how long was tried', async () => {
  const host = new FakeServer(10, [{ count: 2, end: unavailable() }]);
  const refused = () => new SparkConnectError('Connection refused by h:1', { reason: 'unavailable', grpcCode: status.UNAVAILABLE, connectFailure: 'refused' });
  host.reattachError = refused;
  const { s, clock } = start(host);
  await assert.rejects(arrowIds(s), (e: unknown) => e instanceof SparkConnectError && /refused by h:1 \(gave up after \d+ attempts in [\d.]+ s\)/.test(e.message));
  const waited = clock.sleeps.reduce((a, b) => a + b, 0);
  assert.ok(waited <= DEFAULT_RETRY_POLICY.maxTotalMs, `waited ${waited} ms`);
});

void test('chunked Arrow batches are joined into one event', async () => {
  const host = new FakeServer(0, []);
  const chunk = (i: number, idx: number, data: number[]) => new spark.connect.ExecutePlanResponse({
    responseId: `c${i}`, arrowBatch: { rowCount: 5, data: new Uint8Array(data), chunkIndex: idx, numChunksInBatch: 3, startOffset: 0 },
  });
  host.responses = [chunk(0, 0, [1, 2]), chunk(1, 1, [3]), chunk(2, 2, [4, 5]), complete(9)];
  const { s } = start(host);
  const events: ExecuteEvent[] = [];
  for await (const e of s) events.push(e);
  assert.equal(events.length, 1);
  assert.deepEqual(events[0], { kind: 'arrow', rowCount: 5, startOffset: 0, data: new Uint8Array([1, 2, 3, 4, 5]) });
});

void test('an arrow event names its memory as releasable only when nothing else of its response is kept', async () => {
  const host = new FakeServer(0, []);
  const R = spark.connect.ExecutePlanResponse;
  host.responses = [
    new R({ responseId: 'a', arrowBatch: { rowCount: 1, data: new Uint8Array([1]) } }),
    // Observed metrics are kept by the stream; their literals may point into the same message.
    new R({ responseId: 'b', arrowBatch: { rowCount: 1, data: new Uint8Array([2]) }, observedMetrics: [{ name: 'o' }] }),
    complete(9),
  ];
  const { s } = start(host);
  const arrows: Extract<ExecuteEvent, { kind: 'arrow' }>[] = [];
  for await (const e of s) if (e.kind === 'arrow') arrows.push(e);
  assert.equal(arrows.length, 2);
  assert.equal(arrows[0]!.memory, arrows[0]!.data.buffer);
  assert.equal(arrows[1]!.memory, undefined);
});

void test('schema, progress, metrics, observed metrics and SQL command results become events', async () => {
  const host = new FakeServer(0, []);
  const R = spark.connect.ExecutePlanResponse;
  host.responses = [
    new R({ responseId: 'a', schema: { long: {} } }),
    new R({ responseId: 'b', executionProgress: { numInflightTasks: 2, stages: [] } }),
    new R({ responseId: 'c', sqlCommandResult: { relation: { localRelation: {} } } }),
    new R({ responseId: 'd', metrics: { metrics: [{ name: 'Scan' }] }, observedMetrics: [{ name: 'obs' }] }),
    new R({ responseId: 'e', getResourcesCommandResult: {} }),
    complete(9),
  ];
  const { s } = start(host);
  const kinds: string[] = [];
  for await (const e of s) kinds.push(e.kind);
  assert.deepEqual(kinds, ['schema', 'progress', 'sql-command-result', 'metrics', 'observed-metrics', 'other']);
  assert.equal(s.metrics?.metrics?.[0].name, 'Scan');
  assert.equal(Number(s.lastProgress?.numInflightTasks), 2);
});

void test('an ExecutionStream can be iterated only once', async () => {
  const host = new FakeServer(1, []);
  const { s } = start(host);
  await arrowIds(s);
  assert.throws(() => s[Symbol.asyncIterator](), /only once/);
});

void test('a cancel before the first response asks again until the server has interrupted the operation', async () => {
  // The Interrupt overtook the ExecutePlan: the server knew nothing of the operation twice.
  const host = new FakeServer(3, []);
  host.interruptAnswers = [[], []];
  const { s, clock } = start(host);
  await s.cancel();
  assert.equal(host.interrupts, 3);
  assert.deepEqual(clock.sleeps, [100, 200]);
});

void test('an early cancel stops asking after about 6 s when the server never names the operation', async () => {
  const host = new FakeServer(3, []);
  host.interruptAnswers = [[], [], [], [], [], [], [], []];
  const { s, clock } = start(host);
  await s.cancel();
  assert.equal(host.interrupts, 7);
  assert.equal(clock.sleeps.reduce((a, b) => a + b, 0), 6_000);
});

void test('a cancel before the ExecutePlan went out sends no Interrupt: the server cannot know the operation', async () => {
  const host = new FakeServer(3, []);
  let connected = (): void => undefined;
  host.connecting = new Promise<void>((resolve) => { connected = resolve; });
  const { s, clock } = start(host);
  const cancelled = s.cancel();
  connected();
  await cancelled;
  assert.equal(host.interrupts, 0);
  assert.deepEqual(clock.sleeps, []);
  assert.deepEqual(host.opened, [], 'no ExecutePlan was sent');
  await assert.rejects(arrowIds(s), (e: unknown) => e instanceof SparkConnectError && e.reason === 'cancelled');
});

void test('a cancel after a response asks once: the server knows the operation', async () => {
  const host = new FakeServer(5, []);
  host.interruptAnswers = [[]];
  const { s, clock } = start(host);
  await assert.rejects((async () => {
    for await (const e of s) if (e.kind === 'arrow') await s.cancel();
  })(), (e: unknown) => e instanceof SparkConnectError && e.reason === 'cancelled');
  assert.equal(host.interrupts, 1);
  assert.deepEqual(clock.sleeps, []);
});
