// Which tab a result opens in (pinned tabs are never reused), tab titles, and fetch-more limits.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { nextRowLimit } from '../../../../src/views/results/fetch-limit';
import { TabPool, statementTitle } from '../../../../src/views/results/tab-pool';

class Tab {
  pinned = false;
  disposed = false;
  busy = false;
  constructor(readonly id: number) {}
}

void describe('TabPool', () => {
  void it('one tab per result; the next run reuses unpinned tabs and never a pinned one', () => {
    const pool = new TabPool<Tab>();
    let n = 0;
    const make = () => new Tab(++n);
    // Run 1: two statements, two tabs.
    const a = pool.take(0, make);
    const b = pool.take(1, make);
    assert.deepEqual([a.tab.id, a.reused, b.tab.id, b.reused], [1, false, 2, false]);
    // Pin the first result; run 2 has one statement and reuses tab 2.
    a.tab.pinned = true;
    const c = pool.take(0, make);
    assert.deepEqual([c.tab.id, c.reused], [2, true]);
    // Run 3 with three statements: tab 2 is reused, then two new tabs; the pinned tab stays.
    const run3 = [pool.take(0, make), pool.take(1, make), pool.take(2, make)].map((t) => t.tab.id);
    assert.deepEqual(run3, [2, 3, 4]);
    // A closed tab is not reused.
    pool.all.find((t) => t.id === 2)!.disposed = true;
    assert.deepEqual(pool.take(0, make).tab.id, 3);
    assert.deepEqual(pool.all.map((t) => t.id), [1, 3, 4]);
  });

  void it('a tab pinned during a run is not handed to a later statement of that run', () => {
    const pool = new TabPool<Tab>();
    let n = 0;
    const make = () => new Tab(++n);
    pool.take(0, make);
    pool.take(1, make);
    const first = pool.take(0, make).tab; // run 2 starts, reusing tab 1
    const second = pool.all.find((t) => t.id === 2)!;
    second.pinned = true;
    assert.equal(first.id, 1);
    assert.equal(pool.take(1, make).tab.id, 3);
  });
});

void describe('TabPool and running results', () => {
  void it('a tab still receiving another run\'s result is not reused', () => {
    const pool = new TabPool<Tab>();
    let n = 0;
    const make = () => new Tab(++n);
    const a = pool.take(0, make).tab;
    a.busy = true;
    assert.equal(pool.take(0, make).tab.id, 2);
    a.busy = false;
    assert.equal(pool.take(0, make).tab.id, 1);
  });
});

void describe('statementTitle', () => {
  void it('uses the first line of code, whitespace collapsed and cut', () => {
    assert.equal(statementTitle('-- count rows\nSELECT   count(*)\n  FROM t'), 'SELECT count(*) FROM t');
    assert.equal(statementTitle('SELECT a, b, c, d, e, f, g, h, i, j, k, l, m FROM some_table', 20), 'SELECT a, b, c, d,\u2026');
    assert.equal(statementTitle('/* hint */ SELECT 1'), 'SELECT 1');
  });
});

void describe('nextRowLimit', () => {
  void it('"more" asks for ten times the rows, "all" lifts the limit', () => {
    assert.equal(nextRowLimit('more', 10_000, 10_000), 100_000);
    assert.equal(nextRowLimit('more', 0, 500), 5000);
    assert.equal(nextRowLimit('all', 10_000, 10_000), 0);
    assert.equal(nextRowLimit('more', 2 ** 30, 1), 2 ** 31 - 2);
  });
});
