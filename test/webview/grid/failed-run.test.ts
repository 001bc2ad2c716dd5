// A failed run in Chromium: the tab shows this run's failure (error class, SQLSTATE, message and a link to
// the position), and an earlier run's rows only under a "Previous result" label, never as this run's.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadFixture } from '../../fixtures/arrow/load';
import { useGridBrowser, visible, textOf, nextFrames, waitFor } from './harness';

const withPage = useGridBrowser();

const multi = loadFixture('4.3.0', 'multi-batch');

const ERROR = {
  reason: 'analysis', message: 'A column, variable, or function parameter with name `nope` cannot be resolved.',
  errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION', sqlState: '42703', position: { line: 3, column: 8 },
};

void describe('a failed run', () => {
  void it('shows the failure with a link to its position; the old rows only as the previous result', () => withPage(async (gp) => {
    // The failed run arrives as a new result carrying the tab's previous rows under that label.
    await gp.host({ type: 'result/start', resultId: 'f', startedAt: Date.now() - 50, title: 'SELECT nope FROM t', statement: 'SELECT nope FROM t',
      previous: { statement: 'SELECT id\n  FROM t', startedAt: Date.UTC(2026, 0, 2, 3, 4, 5) } });
    await gp.sendBatch('f', 0, multi.batches[0]);
    await waitFor(gp, `window.__posted.some((m) => m.type === 'batch/ack' && m.resultId === 'f')`);
    await gp.host({ type: 'result/error', resultId: 'f', error: ERROR, elapsedMs: 40 });
    await nextFrames(gp);

    assert.equal(await visible(gp, '.banner.error'), true);
    assert.equal(await textOf(gp, '.banner.error .error-class'), 'UNRESOLVED_COLUMN.WITH_SUGGESTION · SQLSTATE 42703');
    assert.equal(await textOf(gp, '.banner.error .error-message'), ERROR.message);
    assert.match(await textOf(gp, '.status-note'), /Failed/);

    assert.equal(await visible(gp, '.banner.previous'), true);
    const label = await textOf(gp, '.banner.previous');
    assert.match(label, /^Previous result — not this run's: the rows below are from the run at .+ of SELECT id FROM t$/);
    assert.match(await textOf(gp, '.status-rows'), /^No result · previous result: 1,000 rows$/);
    assert.equal(await gp.eval<boolean>(`document.querySelector('.grid-scroll').classList.contains('previous-result')`), true);

    await gp.page.click('.banner.error button.error-position');
    await waitFor(gp, 'window.__reveals?.length === 1');
    assert.deepEqual(await gp.eval('window.__reveals'), [{ resultId: 'f' }]);
    assert.equal(await textOf(gp, '.banner.error button.error-position'), 'Go to line 3, column 8');

    // The next successful run drops the label.
    await gp.host({ type: 'result/start', resultId: 'ok', startedAt: Date.now(), title: 'SELECT 1' });
    await nextFrames(gp);
    assert.equal(await visible(gp, '.banner.previous'), false);
    assert.equal(await visible(gp, '.banner.error'), false);
    assert.equal(await gp.eval<boolean>(`document.querySelector('.grid-scroll').classList.contains('previous-result')`), false);
  }));

  void it('a failure without a position offers no link', () => withPage(async (gp) => {
    await gp.host({ type: 'result/start', resultId: 'g', startedAt: Date.now(), title: 't' });
    await gp.host({ type: 'result/error', resultId: 'g', error: { reason: 'runtime', message: 'boom' } });
    await nextFrames(gp);
    assert.equal(await visible(gp, '.banner.error'), true);
    assert.equal(await visible(gp, '.banner.error button.error-position'), false);
    assert.equal(await visible(gp, '.banner.previous'), false);
  }));
});
