// ExecutionStream.detach()/resume()/release(): a consumer that stops at a row limit keeps the operation
// on the server (nothing after what it read is released), reads on later with ReattachExecute from the
// last response it took, and releases everything when it is done with the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { SparkConnectError } from '../../../src/connect/errors';
import { ExecutionStream, type ExecuteEvent, type ExecutionHost, type ResponseStream } from '../../../src/connect/execution';
import { spark } from '../../../src/connect/generated/spark-connect';
import { noopLogger } from '../../../src/connect/logger';
import { DEFAULT_RETRY_POLICY, isReattachable, type Clock } from '../../../src/connect/retry';

type Resp = spark.connect.ExecutePlanResponse;

const batch = (i: number): Resp => new spark.connect.ExecutePlanResponse({
  sessionId: 's', operationId: 'op', responseId: `r${i}`, arrowBatch: { rowCount: 1, data: new Uint8Array([i]) },
});
const complete = (i: number): Resp => new spark.connect.ExecutePlanResponse({ sessionId: 's', operationId: 'op', responseId: `r${i}`, resultComplete: {} });

/** A server holding `total` responses; each stream starts after the requested id. */
class KeepingServer implements ExecutionHost {
  readonly responses: Resp[];
  opened: { kind: 'execute' | 'reattach'; last?: string }[] = [];
  released: string[] = [];
  interrupts = 0;
  cancelled = 0;
  /** Set when the server has dropped the operation (detached too long). */
  gone?: string;

  constructor(total: number) {
    this.responses = [...Array.from({ length: total }, (_, i) => batch(i)), complete(total)];
  }

  private stream(after: string | undefined): ResponseStream {
    const start = after === undefined ? 0 : this.responses.findIndex((r) => r.responseId === after) + 1;
    const items = this.responses.slice(start);
    let cancelled = false;
    const self = this;
    async function* gen(): AsyncGenerator<Resp> {
      for (const r of items) {
        if (cancelled) throw new SparkConnectError('Cancelled', { reason: 'cancelled', grpcCode: status.CANCELLED });
        await Promise.resolve();
        yield r;
      }
    }
    const g = gen();
    return { [Symbol.asyncIterator]: () => g, cancel: () => { cancelled = true; self.cancelled++; } };
  }

  async openExecute(): Promise<ResponseStream> {
    this.opened.push({ kind: 'execute' });
    return this.stream(undefined);
  }
  async openReattach(last: string | undefined): Promise<ResponseStream> {
    this.opened.push({ kind: 'reattach', last });
    if (this.gone) throw new SparkConnectError(`[${this.gone}] gone`, { reason: 'invalid-argument', errorClass: this.gone, grpcCode: status.INVALID_ARGUMENT });
    return this.stream(last);
  }
  release(until: string | undefined): void { this.released.push(until ?? 'all'); }
  async interrupt(): Promise<readonly string[]> { this.interrupts++; return [OP]; }
  verify(): void { /* one session */ }
  async toError(err: unknown): Promise<SparkConnectError> {
    return err instanceof SparkConnectError ? err : new SparkConnectError(String(err), { reason: 'unknown' });
  }
  canReattach(err: SparkConnectError): boolean { return isReattachable(err); }
}

const OP = '00000000-0000-4000-8000-000000000001';
const clock: Clock = { now: () => 0, sleep: async () => undefined, random: () => 0 };

function start(host: KeepingServer): ExecutionStream {
  return new ExecutionStream(host, { operationId: OP, reattachable: true, policy: DEFAULT_RETRY_POLICY, clock, logger: noopLogger });
}

/** Reads arrow events until `n` were taken, then detaches and leaves the loop. */
async function readDetaching(s: ExecutionStream, events: AsyncIterable<ExecuteEvent>, n: number): Promise<number[]> {
  const ids: number[] = [];
  for await (const e of events) {
    if (e.kind !== 'arrow') continue;
    ids.push(e.data[0]);
    if (ids.length === n) {
      s.detach();
      break;
    }
  }
  return ids;
}

test('detach keeps the operation: only what was read is released, and resume reads on after the last response taken', async () => {
  const host = new KeepingServer(10);
  const s = start(host);
  assert.deepEqual(await readDetaching(s, s, 3), [0, 1, 2]);
  assert.equal(s.isDetached, true);
  assert.equal(s.isFinished, false);
  assert.equal(s.lastConsumedResponseId, 'r2');
  assert.deepEqual(host.released, ['r2'], 'released until the last response read, never all');
  assert.equal(host.cancelled, 1, 'our RPC was cancelled (the server keeps the operation)');
  assert.equal(host.interrupts, 0, 'nothing was interrupted');

  // Read on: a reattach after r2, then stop again.
  assert.deepEqual(await readDetaching(s, s.resume(), 4), [3, 4, 5, 6]);
  assert.deepEqual(host.opened.at(-1), { kind: 'reattach', last: 'r2' });
  assert.equal(s.isDetached, true);
  assert.deepEqual(host.released, ['r2', 'r6']);

  // Read to the end: the server is told to forget everything.
  const rest: number[] = [];
  for await (const e of s.resume()) if (e.kind === 'arrow') rest.push(e.data[0]);
  assert.deepEqual(rest, [7, 8, 9]);
  assert.deepEqual(host.opened.at(-1), { kind: 'reattach', last: 'r6' });
  assert.equal(host.released.at(-1), 'all');
  assert.equal(s.isFinished, true);
  assert.throws(() => s.resume(), /not kept/);
});

test('release() of a kept operation sends ReleaseExecute(all) once; it can no longer be resumed', async () => {
  const host = new KeepingServer(5);
  const s = start(host);
  await readDetaching(s, s, 2);
  s.release();
  s.release();
  assert.deepEqual(host.released, ['r1', 'all']);
  assert.equal(s.isDetached, false);
  assert.throws(() => s.resume(), /not kept/);
});

test('cancel() of a kept operation interrupts and releases it', async () => {
  const host = new KeepingServer(5);
  const s = start(host);
  await readDetaching(s, s, 2);
  await s.cancel();
  assert.equal(host.interrupts, 1);
  assert.equal(host.released.at(-1), 'all');
  assert.equal(s.isDetached, false);
});

test('a kept operation the server dropped fails the resume with its INVALID_HANDLE class before any event', async () => {
  const host = new KeepingServer(5);
  const s = start(host);
  await readDetaching(s, s, 2);
  host.gone = 'INVALID_HANDLE.OPERATION_ABANDONED';
  const events: ExecuteEvent[] = [];
  await assert.rejects(async () => {
    for await (const e of s.resume()) events.push(e);
  }, (err: unknown) => err instanceof SparkConnectError && err.errorClass === 'INVALID_HANDLE.OPERATION_ABANDONED');
  assert.equal(events.length, 0);
  assert.equal(host.released.at(-1), 'all', 'whatever is left is released');
});

test('without detach, leaving the loop early still releases everything (unchanged)', async () => {
  const host = new KeepingServer(5);
  const s = start(host);
  for await (const e of s) if (e.kind === 'arrow') break;
  assert.deepEqual(host.released, ['all']);
  assert.equal(s.isDetached, false);
});
