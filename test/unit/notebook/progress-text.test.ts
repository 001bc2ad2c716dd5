import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { progressText, ProgressThrottle } from '../../../src/notebook/progress-text';

describe('notebook progress line', () => {
  it('says the stage, the tasks done and running', () => {
    assert.equal(progressText({ stages: 3, doneStages: 1, totalTasks: 120, doneTasks: 45, runningTasks: 8 }), 'stage 2 of 3 · 45 of 120 tasks done · 8 running');
    assert.equal(progressText({ stages: 2, doneStages: 2, totalTasks: 4, doneTasks: 4 }), '2 of 2 stages done · 4 of 4 tasks done');
    assert.equal(progressText({ totalTasks: 1, doneTasks: 0 }), '0 of 1 task done', 'older producers without stages');
    assert.equal(progressText({ stages: 0, totalTasks: 0, doneTasks: 0 }), undefined, 'nothing known yet: no line');
  });

  it('passes the first update at once, coalesces the rest to the newest, and clear() drops what is pending', (t) => {
    // A mocked clock: on a loaded machine a real 30 ms timer can fire later than a 60 ms sleep begins.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let now = 1_000;
    const advance = (ms: number) => {
      now += ms;
      t.mock.timers.tick(ms);
    };
    const shown: Array<string | undefined> = [];
    const th = new ProgressThrottle((s) => shown.push(s), 30, () => now);
    th.update({ stages: 1, totalTasks: 10, doneTasks: 1 });
    advance(5);
    th.update({ stages: 1, totalTasks: 10, doneTasks: 2 });
    advance(5);
    th.update({ stages: 1, totalTasks: 10, doneTasks: 3 });
    assert.deepEqual(shown, ['stage 1 of 1 · 1 of 10 tasks done']);
    advance(19);
    assert.equal(shown.length, 1, 'still inside the interval');
    advance(1);
    assert.deepEqual(shown.slice(1), ['stage 1 of 1 · 3 of 10 tasks done'], 'only the newest of the coalesced updates, at the interval');
    advance(10);
    th.update({ stages: 1, totalTasks: 10, doneTasks: 9 });
    th.update({ stages: 1, totalTasks: 10, doneTasks: 10 });
    th.clear();
    advance(100);
    assert.deepEqual(shown.slice(2), [undefined], 'cleared last; nothing pending shows after the clear');
    // After a quiet interval the next update shows at once again.
    th.update({ stages: 1, totalTasks: 10, doneTasks: 10 });
    assert.equal(shown.at(-1), 'stage 1 of 1 · 10 of 10 tasks done');
  });
});
