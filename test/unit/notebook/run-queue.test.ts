import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RunQueue, type CellOutcome } from '../../../src/notebook/run-queue';

interface Step { outcome: CellOutcome; gate?: Promise<void> }

function harness(steps: Record<string, Step>) {
  const ran: string[] = [];
  const dropped: Array<[string, string]> = [];
  const aborted: string[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const q = new RunQueue<string>({
    run: async (key, signal) => {
      ran.push(key);
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      try {
        const step = steps[key] ?? { outcome: 'succeeded' };
        if (step.gate) {
          await Promise.race([step.gate, new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }))]);
        }
        if (signal.aborted) {
          aborted.push(key);
          return 'cancelled';
        }
        return step.outcome;
      } finally {
        concurrent--;
      }
    },
    dropped: (key, why) => dropped.push([key, why]),
  });
  return { q, ran, dropped, aborted, maxConcurrent: () => maxConcurrent };
}

const cells = (...keys: string[]) => keys.map((k) => ({ key: k, item: k }));

describe('RunQueue', () => {
  it('runs cells one at a time in order', async () => {
    const h = harness({});
    await h.q.enqueue(cells('a', 'b', 'c'));
    assert.deepEqual(h.ran, ['a', 'b', 'c']);
    assert.equal(h.maxConcurrent(), 1);
  });

  it('does not queue a cell twice while it is waiting or running', async () => {
    let open!: () => void;
    const h = harness({ a: { outcome: 'succeeded', gate: new Promise((r) => { open = r; }) } });
    const first = h.q.enqueue(cells('a', 'b'));
    const second = h.q.enqueue(cells('a', 'b', 'c'));
    assert.deepEqual(h.q.queued, ['b', 'c']);
    open();
    await Promise.all([first, second]);
    assert.deepEqual(h.ran, ['a', 'b', 'c']);
  });

  it('a failing cell drops the cells queued after it', async () => {
    const h = harness({ b: { outcome: 'failed' } });
    await h.q.enqueue(cells('a', 'b', 'c', 'd'));
    assert.deepEqual(h.ran, ['a', 'b']);
    assert.deepEqual(h.dropped, [['c', 'earlier-failure'], ['d', 'earlier-failure']]);
  });

  it('cancelling the running cell aborts exactly it and drops the queued ones as cancelled', async () => {
    const h = harness({ a: { outcome: 'succeeded', gate: new Promise(() => undefined) } });
    const done = h.q.enqueue(cells('a', 'b'));
    await new Promise((r) => setImmediate(r));
    assert.equal(h.q.runningKey, 'a');
    h.q.cancel('a');
    await done;
    assert.deepEqual(h.aborted, ['a']);
    assert.deepEqual(h.ran, ['a']);
    assert.deepEqual(h.dropped, [['b', 'cancelled']]);
  });

  it('cancelling a queued cell removes only it', async () => {
    let open!: () => void;
    const h = harness({ a: { outcome: 'succeeded', gate: new Promise((r) => { open = r; }) } });
    const done = h.q.enqueue(cells('a', 'b', 'c'));
    h.q.cancel('b');
    open();
    await done;
    assert.deepEqual(h.ran, ['a', 'c']);
    assert.deepEqual(h.dropped, [['b', 'cancelled']]);
  });

  it('cancelAll stops the running cell and drops the rest; the queue then accepts new cells', async () => {
    const h = harness({ a: { outcome: 'succeeded', gate: new Promise(() => undefined) } });
    const done = h.q.enqueue(cells('a', 'b', 'c'));
    await new Promise((r) => setImmediate(r));
    h.q.cancelAll();
    await done;
    assert.deepEqual(h.dropped.map((d) => d[0]), ['b', 'c']);
    await h.q.enqueue(cells('d'));
    assert.deepEqual(h.ran, ['a', 'd']);
  });

  it('a runner that throws counts as a failure', async () => {
    const ran: string[] = [];
    const dropped: string[] = [];
    const q = new RunQueue<string>({
      run: async (k) => { ran.push(k); if (k === 'a') throw new Error('boom'); return 'succeeded'; },
      dropped: (k) => dropped.push(k),
    });
    await q.enqueue(cells('a', 'b'));
    assert.deepEqual(ran, ['a']);
    assert.deepEqual(dropped, ['b']);
  });
});
