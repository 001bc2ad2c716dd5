import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecuteEvent } from '../../../src/connect/execution';
import { withProgressListener, type ProgressSummary } from '../../../src/connect/progress-scope';
import { fakeSession } from './api-helpers';

const progress = (done: number): ExecuteEvent => ({
  kind: 'progress', progress: { stages: [{ stageId: 0, numTasks: 4, numCompletedTasks: done, done: done === 4 }, { stageId: 1, numTasks: 2, numCompletedTasks: 0 }], numInflightTasks: 2 },
});

describe('progress scope', () => {
  it('executions started inside a scope, at any depth of awaits, report summed progress; outside, nothing is wrapped', async () => {
    const { spark } = fakeSession({ executions: [[progress(1), progress(4)], [progress(2)]] });
    const seen: ProgressSummary[] = [];
    await withProgressListener((p) => seen.push(p), async () => {
      await Promise.resolve();
      for await (const e of spark.execute({ root: { range: { end: 1 } } })) void e;
    });
    assert.deepEqual(seen, [
      { stages: 2, doneStages: 0, totalTasks: 6, doneTasks: 1, runningTasks: 2 },
      { stages: 2, doneStages: 1, totalTasks: 6, doneTasks: 4, runningTasks: 2 },
    ]);
    const events: string[] = [];
    for await (const e of spark.execute({ root: { range: { end: 1 } } })) events.push(e.kind);
    assert.deepEqual(events, ['progress'], 'the events still flow outside a scope');
    assert.equal(seen.length, 2, 'no listener outside the scope');
  });

  it('a listener that throws does not fail the execution', async () => {
    const { spark } = fakeSession({ executions: [[progress(1)]] });
    const kinds: string[] = [];
    await withProgressListener(() => { throw new Error('boom'); }, async () => {
      for await (const e of spark.execute({ root: { range: { end: 1 } } })) kinds.push(e.kind);
    });
    assert.deepEqual(kinds, ['progress']);
  });
});
