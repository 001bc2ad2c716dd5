// The state machine of a result kept for "Fetch more", against an in-process fake server holding real
// Arrow batches: the first read stops at the shown limit and keeps the operation; readOn continues from
// the right response id with no row lost or repeated; close releases; expiry and a server that lost the
// operation end it, and the driver reports 'lost' so the grid falls back to a labelled re-run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { SparkConnectError } from '../../../src/connect/errors';
import { ExecutionStream, type ExecutionHost, type ResponseStream } from '../../../src/connect/execution';
import { spark } from '../../../src/connect/generated/spark-connect';
import { noopLogger } from '../../../src/connect/logger';
import { DEFAULT_RETRY_POLICY, isReattachable } from '../../../src/connect/retry';
import type { ResultEvent } from '../../../src/engine/engine';
import { ContinuationLostError, KeptResult, continuationCap } from '../../../src/engine/kept-result';
import { readOnInto } from '../../../src/engine/read-on';
import type { ResultFailure, ResultSummary } from '../../../src/engine/result-sink';

type Resp = spark.connect.ExecutePlanResponse;
const OP = '00000000-0000-4000-8000-000000000002';

function ipc(from: number, n: number): Uint8Array {
  return tableToIPC(tableFromArrays({ id: Int32Array.from({ length: n }, (_, i) => from + i) }), 'stream');
}

/** `total` rows in batches of `per`, then ResultComplete; streams start after the requested response id. */
class Server implements ExecutionHost {
  readonly responses: Resp[] = [];
  opened: { kind: string; last?: string }[] = [];
  released: string[] = [];
  interrupts = 0;
  gone?: string;

  constructor(total: number, per = 10) {
    for (let i = 0; i * per < total; i++) {
      const n = Math.min(per, total - i * per);
      this.responses.push(new spark.connect.ExecutePlanResponse({ sessionId: 's', operationId: OP, responseId: `r${i}`, arrowBatch: { rowCount: n, data: ipc(i * per, n) } }));
    }
    this.responses.push(new spark.connect.ExecutePlanResponse({ sessionId: 's', operationId: OP, responseId: 'end', resultComplete: {} }));
  }

  private stream(after?: string): ResponseStream {
    const start = after === undefined ? 0 : this.responses.findIndex((r) => r.responseId === after) + 1;
    let cancelled = false;
    const items = this.responses.slice(start);
    async function* gen(): AsyncGenerator<Resp> {
      for (const r of items) {
        if (cancelled) throw new SparkConnectError('Cancelled', { reason: 'cancelled', grpcCode: status.CANCELLED });
        await Promise.resolve();
        yield r;
      }
    }
    const g = gen();
    return { [Symbol.asyncIterator]: () => g, cancel: () => { cancelled = true; } };
  }
  async openExecute(): Promise<ResponseStream> { this.opened.push({ kind: 'execute' }); return this.stream(); }
  async openReattach(last: string | undefined): Promise<ResponseStream> {
    this.opened.push({ kind: 'reattach', last });
    if (this.gone) throw new SparkConnectError(`[${this.gone}] no such operation`, { reason: 'invalid-argument', errorClass: this.gone, grpcCode: status.INVALID_ARGUMENT });
    return this.stream(last);
  }
  release(until: string | undefined): void { this.released.push(until ?? 'all'); }
  async interrupt(): Promise<readonly string[]> { this.interrupts++; return [OP]; }
  verify(): void { /* one session */ }
  async toError(err: unknown): Promise<SparkConnectError> { return err instanceof SparkConnectError ? err : new SparkConnectError(String(err), { reason: 'unknown' }); }
  canReattach(err: SparkConnectError): boolean { return isReattachable(err); }
}

function keep(server: Server, showRows: number, maxRows: number) {
  const stream = new ExecutionStream(server, {
    operationId: OP, reattachable: true, policy: DEFAULT_RETRY_POLICY, clock: { now: () => 0, sleep: async () => undefined, random: () => 0 }, logger: noopLogger,
  });
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const kept = new KeptResult(stream, {
    showRows, maxRows,
    setTimer: (fn, ms) => { const t = { fn, ms, cleared: false }; timers.push(t); return () => { t.cleared = true; }; },
  });
  return { kept, timers };
}

function idsOf(data: Uint8Array): number[] {
  return [...(tableFromIPC(data).getChild('id')?.toArray() as Int32Array)];
}

async function collect(events: AsyncIterable<ResultEvent>): Promise<{ ids: number[]; limited?: Extract<ResultEvent, { kind: 'limited' }>; schema: boolean }> {
  const ids: number[] = [];
  let limited: Extract<ResultEvent, { kind: 'limited' }> | undefined;
  let schema = false;
  for await (const e of events) {
    if (e.kind === 'arrow') {
      const got = idsOf(e.data);
      assert.equal(got.length, e.rowCount, 'rowCount matches the bytes');
      ids.push(...got);
    } else if (e.kind === 'limited') limited = e;
    else if (e.kind === 'schema') schema = true;
  }
  return { ids, limited, schema };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

test('continuationCap: ten times the shown rows, none beyond MAX_KEPT_ROW_LIMIT or without a limit', () => {
  assert.equal(continuationCap(10_000), 100_000);
  assert.equal(continuationCap(0), 0);
  assert.equal(continuationCap(100_001), 0);
});

test('kept -> readOn continues after the right response id -> release on close', async () => {
  const server = new Server(100);
  const { kept, timers } = keep(server, 25, 250);
  const first = await collect(kept.first());
  assert.equal(first.schema, true);
  assert.deepEqual(first.ids, range(0, 25));
  assert.equal(first.limited?.rowLimit, 25);
  assert.equal(first.limited?.continuation, kept, 'the rest is kept');
  assert.equal(kept.kept, true);
  assert.deepEqual(server.released, ['r2'], 'only what was read is released');
  assert.equal(timers.length, 1, 'a keep timer runs');

  const more = await collect(kept.readOn(50));
  assert.deepEqual(server.opened.at(-1), { kind: 'reattach', last: 'r2' }, 'reattached after the last response read');
  assert.deepEqual(more.ids, range(25, 75), 'the rows continue: no gap, no repeat (rows 25-29 came from the kept tail)');
  assert.equal(more.schema, false);
  assert.equal(more.limited?.continuation, kept);
  assert.equal(timers[0].cleared, true);
  assert.equal(kept.deliveredRows, 75);

  let ended = 0;
  kept.onDidEnd(() => ended++);
  kept.release('the tab was closed');
  assert.equal(server.released.at(-1), 'all');
  assert.equal(kept.kept, false);
  assert.equal(kept.endReason, 'the tab was closed');
  assert.equal(ended, 1);
  assert.throws(() => kept.readOn(10), ContinuationLostError);
});

test('readOn to the end of the result: every row once, no limited marker, the operation released', async () => {
  const server = new Server(33);
  const { kept } = keep(server, 12, 120);
  assert.deepEqual((await collect(kept.first())).ids, range(0, 12));
  const rest = await collect(kept.readOn(1000));
  assert.deepEqual(rest.ids, range(12, 33));
  assert.equal(rest.limited, undefined);
  assert.equal(kept.kept, false);
  assert.equal(server.released.at(-1), 'all');
});

test('at the plan limit (maxRows) the result is limited without a continuation: only a re-run has more', async () => {
  const server = new Server(100);
  const { kept } = keep(server, 10, 40);
  const first = await collect(kept.first());
  assert.deepEqual(first.ids, range(0, 10));
  assert.ok(first.limited?.continuation, 'a batch boundary: the next batch proves more rows exist');
  const more = await collect(kept.readOn(1000));
  assert.deepEqual(more.ids, range(10, 40));
  assert.equal(more.limited?.rowLimit, 40);
  assert.equal(more.limited?.continuation, undefined);
  assert.equal(server.released.at(-1), 'all');
});

test('expired: the keep timer releases the operation and says why; readOn then refuses', async () => {
  const server = new Server(100);
  const { kept, timers } = keep(server, 25, 250);
  await collect(kept.first());
  let ended = 0;
  kept.onDidEnd(() => ended++);
  timers[0].fn();
  assert.equal(kept.kept, false);
  assert.equal(ended, 1);
  assert.match(kept.endReason ?? '', /longer than the server would keep it/);
  assert.equal(server.released.at(-1), 'all');
  assert.throws(() => kept.readOn(10), ContinuationLostError);
});

class Sink {
  batches: number[][] = [];
  completed?: ResultSummary;
  failed?: ResultFailure;
  addBatch(data: Uint8Array): void { this.batches.push(idsOf(data)); }
  complete(s: ResultSummary): void { this.completed = s; }
  fail(f: ResultFailure): void { this.failed = f; }
}

test('readOnInto: rows into the sink, completed with the total and the next continuation', async () => {
  const server = new Server(100);
  const { kept } = keep(server, 25, 250);
  await collect(kept.first());
  const sink = new Sink();
  const out = await readOnInto(kept, 30, sink, new AbortController().signal);
  assert.deepEqual(out, { status: 'read', rows: 30 });
  assert.deepEqual(sink.batches.flat(), range(25, 55));
  assert.equal(sink.completed?.rowCount, 55);
  assert.equal(sink.completed?.limited, true);
  assert.equal(sink.completed?.continuation, kept);
});

test('the server lost the operation (abandoned after its detached timeout): readOnInto says lost and leaves the sink alone', async () => {
  const server = new Server(100);
  const { kept } = keep(server, 25, 250);
  await collect(kept.first());
  server.gone = 'INVALID_HANDLE.OPERATION_ABANDONED';
  const sink = new Sink();
  const out = await readOnInto(kept, 30, sink, new AbortController().signal);
  assert.equal(out.status, 'lost');
  assert.equal(sink.batches.length, 0, 'not even the kept tail reaches the sink');
  assert.equal(sink.completed, undefined);
  assert.equal(sink.failed, undefined);
  assert.equal(kept.kept, false);
});

test('cancel during readOn interrupts and releases; the sink fails as cancelled with the rows read', async () => {
  const server = new Server(100);
  const { kept } = keep(server, 25, 250);
  await collect(kept.first());
  const ctl = new AbortController();
  const sink = new Sink();
  const origAdd = sink.addBatch.bind(sink);
  sink.addBatch = (d: Uint8Array) => { origAdd(d); if (sink.batches.length === 2) ctl.abort(); };
  const out = await readOnInto(kept, 60, sink, ctl.signal);
  assert.equal(out.status, 'cancelled');
  assert.equal(sink.failed?.cancelled, true);
  assert.equal(server.interrupts, 1);
  assert.equal(server.released.at(-1), 'all');
  assert.equal(kept.kept, false);
});

test('a readOn inside the kept tail does not touch the server; the next one reattaches after the same response', async () => {
  const server = new Server(100);
  const { kept } = keep(server, 25, 250);
  await collect(kept.first());
  const opened = server.opened.length;
  const two = await collect(kept.readOn(2));
  assert.deepEqual(two.ids, [25, 26]);
  assert.equal(server.opened.length, opened, 'no reattach for rows already held');
  assert.equal(two.limited?.continuation, kept);
  const more = await collect(kept.readOn(10));
  assert.deepEqual(more.ids, range(27, 37));
  assert.deepEqual(server.opened.at(-1), { kind: 'reattach', last: 'r2' });
});

test('a reattach the server cannot serve from our position (INVALID_CURSOR) is a lost continuation too', async () => {
  const server = new Server(100);
  const { kept } = keep(server, 25, 250);
  await collect(kept.first());
  server.gone = 'INVALID_CURSOR.POSITION_NOT_AVAILABLE';
  const sink = new Sink();
  const out = await readOnInto(kept, 30, sink, new AbortController().signal);
  assert.equal(out.status, 'lost');
  assert.equal(sink.batches.length, 0);
});
