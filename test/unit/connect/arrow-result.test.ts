import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Binary, Int64, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { collectResult, decodeIpc, exactArrayBuffer, ipcBatches, recordBatches } from '../../../src/connect/arrow-result';
import type { ExecuteEvent } from '../../../src/connect/execution';
import { messageMemory } from '../../../src/connect/message-memory';

// One IPC stream as Spark sends it: its own schema, one batch, plain (non-dictionary) columns.
function ipc(ids: bigint[]): Uint8Array {
  const t = new Table({
    id: vectorFromArray(ids, new Int64()),
    s: vectorFromArray(ids.map((i) => `row ${i}`), new Utf8()),
    b: vectorFromArray(ids.map((i) => new Uint8Array([Number(i), 0xff])), new Binary()),
  });
  return tableToIPC(t, 'stream');
}

async function* events(list: ExecuteEvent[]): AsyncGenerator<ExecuteEvent> {
  for (const e of list) yield e;
}

void test('decodeIpc reads one IPC stream, int64 as BigInt', () => {
  const [b] = decodeIpc(ipc([1n, 2n, 9007199254740993n]));
  assert.equal(b.numRows, 3);
  assert.equal(b.get(2)?.id, 9007199254740993n, 'beyond 2^53: must stay exact');
  assert.equal(typeof b.get(0)?.id, 'bigint');
});

void test('collectResult joins batches and keeps schema, metrics, progress', async () => {
  const r = await collectResult(events([
    { kind: 'schema', schema: { struct: { fields: [] } } },
    { kind: 'arrow', rowCount: 2, data: ipc([1n, 2n]) },
    { kind: 'progress', progress: { numInflightTasks: 1 } },
    { kind: 'arrow', rowCount: 1, data: ipc([3n]) },
    { kind: 'metrics', metrics: { metrics: [{ name: 'Range' }] } },
    { kind: 'observed-metrics', observedMetrics: [{ name: 'o' }] },
  ]));
  assert.equal(r.rowCount, 3);
  assert.equal(r.table.numRows, 3);
  assert.deepEqual(r.table.getChild('id')?.toArray(), BigInt64Array.from([1n, 2n, 3n]));
  assert.equal(r.table.getChild('s')?.get(2), 'row 3');
  assert.deepEqual(r.table.getChild('b')?.get(1), new Uint8Array([2, 0xff]), 'binary stays bytes');
  assert.ok(r.schema?.struct);
  assert.equal(r.metrics?.metrics?.[0].name, 'Range');
  assert.equal(r.observedMetrics?.[0].name, 'o');
  assert.equal(Number(r.progress?.numInflightTasks), 1);
});

void test('collectResult of a command without rows gives an empty table', async () => {
  const r = await collectResult(events([{ kind: 'sql-command-result', relation: { localRelation: {} } }]));
  assert.equal(r.table.numRows, 0);
  assert.equal(r.rowCount, 0);
  assert.ok(r.sqlCommandResult?.localRelation);
});

void test('recordBatches yields as events arrive', async () => {
  let produced = 0;
  async function* lazy(): AsyncGenerator<ExecuteEvent> {
    for (const ids of [[1n], [2n, 3n]]) {
      produced++;
      yield { kind: 'arrow', rowCount: ids.length, data: ipc(ids) };
    }
  }
  const it = recordBatches(lazy());
  const first = await it.next();
  assert.equal(first.done, false);
  assert.equal(first.value?.numRows, 1);
  assert.equal(produced, 1, 'the second batch is not read before it is asked for');
  const second = await it.next();
  assert.equal(second.value?.numRows, 2);
  assert.equal((await it.next()).done, true);
});

void test('ipcBatches passes the raw bytes through untouched', async () => {
  const data = ipc([5n]);
  const out = [];
  for await (const b of ipcBatches(events([{ kind: 'schema', schema: {} }, { kind: 'arrow', rowCount: 1, startOffset: 7, data }]))) out.push(b);
  assert.equal(out.length, 1);
  assert.equal(out[0].data, data);
  assert.equal(out[0].startOffset, 7);
});

void test('exactArrayBuffer copies only when the view is part of a larger buffer', () => {
  const whole = new Uint8Array([1, 2, 3]);
  assert.equal(exactArrayBuffer(whole), whole.buffer);
  const big = new Uint8Array([9, 1, 2, 3, 9]);
  const view = big.subarray(1, 4);
  const ab = exactArrayBuffer(view);
  assert.equal(ab.byteLength, 3);
  assert.deepEqual([...new Uint8Array(ab)], [1, 2, 3]);
});

// ---- reuseMemory ----

/** An arrow event whose bytes lie in pool memory, as the client receives large messages. */
function pooledEvent(ids: bigint[], withMemory = true): Extract<ExecuteEvent, { kind: 'arrow' }> {
  const bytes = ipc(ids);
  const data = messageMemory.acquire(bytes.byteLength);
  data.set(bytes);
  return { kind: 'arrow', rowCount: ids.length, data, memory: withMemory ? data.buffer : undefined };
}

void test('recordBatches with reuseMemory releases a message once the next batch is asked for, not before', async () => {
  const first = pooledEvent([1n, 2n]);
  const second = pooledEvent([3n]);
  const before = messageMemory.stats.freeBuffers;
  const it = recordBatches(events([first, second]), { reuseMemory: true });
  const a = await it.next();
  assert.equal(a.done, false);
  assert.deepEqual(a.value!.getChild('id')?.toArray(), BigInt64Array.from([1n, 2n]));
  assert.equal(messageMemory.stats.freeBuffers, before, 'still in use while the reader holds the first batch');
  const b = await it.next();
  assert.equal(b.done, false);
  assert.equal(messageMemory.stats.freeBuffers, before + 1, 'the first message came back');
  assert.equal(messageMemory.acquire(first.data.byteLength).buffer, first.memory, 'and is handed out again');
  assert.equal((await it.next()).done, true);
});

void test('recordBatches keeps every message when reuseMemory is off, when an event has no memory, and on break', async () => {
  messageMemory.trim();
  const plain = [pooledEvent([1n]), pooledEvent([2n])];
  const memoryless = [pooledEvent([3n], false), pooledEvent([4n], false)];
  const leftEarly = [pooledEvent([5n]), pooledEvent([6n])];
  let rows = 0;
  for await (const b of recordBatches(events(plain))) rows += b.numRows;
  for await (const b of recordBatches(events(memoryless), { reuseMemory: true })) rows += b.numRows;
  for await (const b of recordBatches(events(leftEarly), { reuseMemory: true })) {
    rows += b.numRows;
    if (rows === 5) break; // the reader may still be using this batch
  }
  assert.equal(rows, 5);
  assert.equal(messageMemory.stats.freeBuffers, 0, 'nothing released');
});
