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

  it('passes the first update at once, coalesces the rest to the newest, and clear() drops what is pending', async () => {
    const shown: Array<string | undefined> = [];
    const t = new ProgressThrottle((s) => shown.push(s), 30);
    t.update({ stages: 1, totalTasks: 10, doneTasks: 1 });
    t.update({ stages: 1, totalTasks: 10, doneTasks: 2 });
    t.update({ stages: 1, totalTasks: 10, doneTasks: 3 });
    assert.deepEqual(shown, ['stage 1 of 1 · 1 of 10 tasks done']);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(shown.slice(1), ['stage 1 of 1 · 3 of 10 tasks done'], 'only the newest of the coalesced updates');
    t.update({ stages: 1, totalTasks: 10, doneTasks: 9 });
    t.update({ stages: 1, totalTasks: 10, doneTasks: 10 });
    t.clear();
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(shown.at(-1), undefined, 'cleared last; nothing pending shows after the clear');
    assert.equal(shown.length, 4);
  });
});
