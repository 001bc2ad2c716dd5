// Result tabs across a window reload, in Chromium: a finished result leaves a bounded snapshot of its first
// rows in the webview state, and a tab restored from that snapshot shows its rows under a "saved result,
// not live" label with Re-run (a request to the host); sorting and export say they need live rows.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadFixture } from '../../fixtures/arrow/load';
import { useGridBrowser, textOf, visible, loadResult, nextFrames, rowTexts, waitFor } from './harness';

const withPage = useGridBrowser();
const multi = loadFixture('4.3.0', 'multi-batch');

interface SavedSnapshot {
  statement: string; profile?: string; rows: (string | null)[][]; totalRows: number; cut: boolean;
  columns: { name: string; sparkType: string }[];
}

const SNAPSHOT = {
  version: 1, statement: 'SELECT id, name FROM people', title: 'SELECT id, name FROM people', profile: 'local',
  startedAt: Date.UTC(2026, 11, 6, 13, 4, 5), savedAt: Date.UTC(2026, 11, 6, 13, 4, 6), elapsedMs: 321,
  columns: [{ name: 'id', sparkType: 'bigint', nullable: false }, { name: 'name', sparkType: 'string', nullable: true }],
  rows: [['10', 'ada'], ['9', null], ['11', 'grace']], totalRows: 3, cut: false,
};

void describe('result tabs across a window reload', () => {
  void it('keeps a snapshot of a finished result (its first rows as text, profile name) in the webview state', () => withPage(async (gp) => {
    await gp.host({ type: 'result/start', resultId: 'r1', startedAt: Date.now(), title: 't', statement: 'SELECT * FROM range(1000)', profile: 'local' });
    for (let k = 0; k < multi.batches.length; k++) await gp.sendBatch('r1', k, multi.batches[k]);
    await waitFor(gp, `window.__posted.filter((m) => m.type === 'batch/ack').length >= ${multi.batches.length}`);
    await gp.host({ type: 'result/progress', resultId: 'r1', rows: 0, elapsedMs: 50, done: true });
    await waitFor(gp, 'window.acquireVsCodeApi().getState()?.snapshot !== undefined');
    const state = await gp.eval<{ resultId: string; snapshot: SavedSnapshot }>('window.acquireVsCodeApi().getState()');
    assert.equal(state.resultId, 'r1');
    assert.equal(state.snapshot.statement, 'SELECT * FROM range(1000)');
    assert.equal(state.snapshot.profile, 'local');
    const held = Number((await textOf(gp, '.status-rows')).replace(/\D/g, ''));
    assert.equal(state.snapshot.rows.length, held);
    assert.equal(state.snapshot.totalRows, held);
    assert.equal(state.snapshot.cut, false);
    const first = await rowTexts(gp, 0);
    assert.deepEqual(state.snapshot.rows[0], Object.values(first), 'the saved text is what the grid showed');
    assert.equal(await visible(gp, '.banner.snapshot'), false, 'a live result has no saved-result label');
  }));

  void it('shows a restored snapshot labelled as saved and not live, and asks the host to re-run it', () => withPage(async (gp) => {
    await gp.host({ type: 'result/snapshot', resultId: 'r7', snapshot: SNAPSHOT });
    await nextFrames(gp);
    assert.equal(await visible(gp, '.banner.snapshot'), true);
    assert.match(await textOf(gp, '.banner.snapshot .snapshot-label'), /^Saved result from .+, not live$/);
    assert.match(await textOf(gp, '.banner.snapshot'), /3 rows on 'local'/);
    assert.deepEqual(await rowTexts(gp, 0), { 0: '10', 1: 'ada' });
    assert.deepEqual(await rowTexts(gp, 1), { 0: '9', 1: 'NULL' });
    assert.match(await textOf(gp, '.status-rows'), /^3 rows$/);
    assert.equal(await gp.eval<boolean>(`document.querySelector('.grid-body .cell[data-r="0"][data-c="0"]').classList.contains('num')`), true,
      'a bigint column stays right-aligned');
    // The restored tab saves its snapshot again, so a second reload restores it too.
    const state = await gp.eval<{ resultId: string; snapshot: SavedSnapshot }>('window.acquireVsCodeApi().getState()');
    assert.equal(state.resultId, 'r7');
    assert.deepEqual(state.snapshot.rows, SNAPSHOT.rows);

    // Sorting text would misorder numbers: it says it needs live rows and leaves the order alone.
    await gp.page.click('.header-cell[aria-colindex="2"] .sort-btn');
    await waitFor(gp, `document.querySelector('.status-note')?.textContent.includes('sorting needs live rows')`);
    assert.equal(await gp.eval('document.querySelector(\'.header-cell[aria-colindex="2"]\').getAttribute("aria-sort")'), 'none');
    assert.deepEqual(await rowTexts(gp, 0), { 0: '10', 1: 'ada' });

    await gp.page.click('.banner.snapshot button.rerun');
    await waitFor(gp, 'window.__posted.some((m) => m.type === "request" && m.method === "result/rerun")');
    const req = (await gp.posted<{ method?: string; params?: { resultId: string } }>()).find((m) => m.method === 'result/rerun');
    assert.deepEqual(req?.params, { resultId: 'r7' });

    // Live rows replace the snapshot and its label.
    await loadResult(gp, 'r8', [multi.batches[0]]);
    assert.equal(await visible(gp, '.banner.snapshot'), false);
  }));

  void it('filters the saved rows and says so', () => withPage(async (gp) => {
    await gp.host({ type: 'result/snapshot', resultId: 'r7', snapshot: SNAPSHOT });
    await nextFrames(gp);
    await gp.page.fill('.toolbar input.filter', 'grace');
    await waitFor(gp, `document.querySelector('.status-note')?.textContent.includes('filtered the saved rows')`);
    assert.deepEqual(await rowTexts(gp, 0), { 0: '11', 1: 'grace' });
  }));
});
