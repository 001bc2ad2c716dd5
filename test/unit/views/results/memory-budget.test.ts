// The memory budget shared by open results: accounting, the stop signal, extra room for a re-run, release.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { MemoryBudget } from '../../../../src/views/results/memory-budget';

void describe('MemoryBudget', () => {
  void it('counts every kept batch and says stop once the total reaches the budget', () => {
    const budget = new MemoryBudget(() => 100);
    const a = budget.open();
    assert.equal(a.add(40), true);
    assert.equal(a.add(40), true);
    assert.equal(budget.used, 80);
    assert.equal(a.add(30), false, 'the batch that reaches the budget is kept, and fetching stops');
    assert.equal(a.bytes, 110);
    assert.equal(budget.used, 110);
  });

  void it('is shared: one result\'s bytes leave less for the others until it is released', () => {
    const budget = new MemoryBudget(() => 100);
    const a = budget.open();
    const b = budget.open();
    assert.equal(a.add(90), true);
    assert.equal(b.add(20), false, 'b stops because a already holds most of the budget');
    a.release();
    assert.equal(budget.used, 20);
    a.release();
    assert.equal(budget.used, 20, 'release is idempotent');
    const c = budget.open();
    assert.equal(c.add(50), true);
    assert.equal(a.add(1000), true, 'a released account no longer counts');
    assert.equal(budget.used, 70);
  });

  void it('a re-run with extra room may go past the shared budget by that much', () => {
    const budget = new MemoryBudget(() => 100);
    const more = budget.open(100);
    assert.equal(more.limit, 200);
    assert.equal(more.add(150), true);
    assert.equal(more.add(50), false);
    assert.equal(budget.open().add(1), false, 'others see the budget as used up');
  });

  void it('reads the limit on every check, so a settings change applies at once', () => {
    let limit = 100;
    const budget = new MemoryBudget(() => limit);
    const a = budget.open();
    assert.equal(a.add(150), false);
    limit = 1000;
    assert.equal(a.add(1), true);
  });
});
