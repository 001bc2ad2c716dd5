import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HISTORY_KEY, OperationsModel } from '../../../src/engine/operations-model';
import { MemoryMemento } from '../../support/fakes/fakes';

test('running operations appear until finished, then move to history with duration and rows', () => {
  const memento = new MemoryMemento();
  let t = 100;
  const model = new OperationsModel(memento, () => 10, () => t);
  const h = model.start({ kind: 'query', profile: 'p', sql: 'SELECT 1', cancel: () => undefined });
  h.setOperationId('server-op');
  assert.deepEqual(model.running().map((o) => [o.sql, o.operationId]), [['SELECT 1', 'server-op']]);
  t = 350;
  h.finish({ status: 'succeeded', rows: 1 });
  h.finish({ status: 'failed' }); // a second finish is ignored
  assert.deepEqual(model.running(), []);
  const [entry] = model.history();
  assert.equal(entry.durationMs, 250);
  assert.equal(entry.rows, 1);
  assert.equal(entry.status, 'succeeded');
  assert.equal(model.history().length, 1);
});

test('history is capped, newest first, and persisted', () => {
  const memento = new MemoryMemento();
  const model = new OperationsModel(memento, () => 3);
  for (let i = 0; i < 5; i++) model.start({ kind: 'query', profile: 'p', sql: `SELECT ${i}`, cancel: () => undefined }).finish({ status: 'succeeded' });
  assert.deepEqual(model.history().map((e) => e.sql), ['SELECT 4', 'SELECT 3', 'SELECT 2']);
  const stored = memento.get<{ sql: string }[]>(HISTORY_KEY)!;
  assert.deepEqual(stored.map((e) => e.sql), ['SELECT 4', 'SELECT 3', 'SELECT 2']);
  // A new model (a reloaded window) reads it back.
  assert.deepEqual(new OperationsModel(memento, () => 3).history().map((e) => e.sql), ['SELECT 4', 'SELECT 3', 'SELECT 2']);
});

test('corrupt stored history is dropped, entry by entry', () => {
  const memento = new MemoryMemento();
  memento.values.set(HISTORY_KEY, [{ id: 'x' }, 'junk', { id: 'ok', sql: 'SELECT 1', profile: 'p', startedAt: 1, durationMs: 2, status: 'failed', kind: 'query' }]);
  assert.deepEqual(new OperationsModel(memento, () => 10).history().map((e) => e.id), ['ok']);
  memento.values.set(HISTORY_KEY, 'nonsense');
  assert.deepEqual(new OperationsModel(memento, () => 10).history(), []);
});

test('secrets in SQL and errors are redacted before they are stored', () => {
  const memento = new MemoryMemento();
  const model = new OperationsModel(memento, () => 10);
  model.start({ kind: 'query', profile: 'p', sql: "SET spark.x.password=hunter2secret", cancel: () => undefined })
    .finish({ status: 'failed', error: 'bad token=abcdef123' });
  const json = JSON.stringify(memento.get(HISTORY_KEY));
  assert.equal(json.includes('hunter2secret'), false);
  assert.equal(json.includes('abcdef123'), false);
});

test('cancel reaches the running operation; cancelAll by profile', () => {
  const model = new OperationsModel(new MemoryMemento(), () => 10);
  const cancelled: string[] = [];
  const a = model.start({ kind: 'query', profile: 'p', sql: 'a', cancel: () => cancelled.push('a') });
  model.start({ kind: 'query', profile: 'q', sql: 'b', cancel: () => cancelled.push('b') });
  assert.equal(model.cancel(a.id), true);
  assert.equal(model.cancel('nope'), false);
  assert.equal(model.cancelAll('q'), 1);
  assert.deepEqual(cancelled, ['a', 'b']);
});

test('clearHistory empties memory and storage; changes are announced', async () => {
  const memento = new MemoryMemento();
  const model = new OperationsModel(memento, () => 10);
  let events = 0;
  model.onDidChange(() => events++);
  model.start({ kind: 'query', profile: 'p', sql: 'x', cancel: () => undefined }).finish({ status: 'succeeded' });
  await model.clearHistory();
  assert.deepEqual(model.history(), []);
  assert.deepEqual(memento.get(HISTORY_KEY), []);
  assert.equal(events, 3);
});

test('very long statements are truncated in history', () => {
  const model = new OperationsModel(new MemoryMemento(), () => 10);
  model.start({ kind: 'query', profile: 'p', sql: 'x'.repeat(50_000), cancel: () => undefined }).finish({ status: 'succeeded' });
  assert.ok(model.history()[0].sql.length < 21_000);
  assert.match(model.history()[0].sql, /truncated/);
});
