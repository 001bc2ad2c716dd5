// The grid's controls that talk to the host's results panel: Pin, Plan, the pager of a result larger than
// the webview's memory cap, and the limited marker with Fetch more, in Chromium.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadFixture } from '../../fixtures/arrow/load';
import { useGridBrowser, visible, textOf, loadResult, nextFrames, waitFor } from './harness';

const withPage = useGridBrowser();

const multi = loadFixture('4.3.0', 'multi-batch');

void describe('host actions', () => {
  void it('Pin toggles, tells the host, and follows the host\'s view state', () => withPage(async (gp) => {
    await loadResult(gp, 'p', multi.batches.slice(0, 1));
    assert.equal(await textOf(gp, '.btn.pin'), 'Pin');
    await gp.page.click('.btn.pin');
    assert.equal(await textOf(gp, '.btn.pin'), 'Unpin');
    assert.equal(await gp.eval('document.querySelector(".btn.pin").getAttribute("aria-pressed")'), 'true');
    await gp.page.click('.btn.pin');
    const pins = (await gp.posted()).filter((m) => m.type === 'view/pin').map((m) => m.pinned);
    assert.deepEqual(pins, [true, false]);
    // After a reload the host restores the pinned state.
    await gp.host({ type: 'view/state', pinned: true, canShowPlan: false });
    await nextFrames(gp);
    assert.equal(await textOf(gp, '.btn.pin'), 'Unpin');
  }));

  void it('Plan appears only when the host can show one, and asks for it', () => withPage(async (gp) => {
    await loadResult(gp, 'q', multi.batches.slice(0, 1));
    assert.equal(await visible(gp, '.btn.plan'), false);
    await gp.host({ type: 'view/state', pinned: false, canShowPlan: true });
    await nextFrames(gp);
    assert.equal(await visible(gp, '.btn.plan'), true);
    await gp.page.click('.btn.plan');
    await waitFor(gp, 'window.__plans.length === 1');
    assert.deepEqual(await gp.eval('window.__plans'), [{ resultId: 'q' }]);
  }));

  void it('a paged result shows where its rows sit, pages on request and numbers rows in the whole result', () => withPage(async (gp) => {
    // Page 1 of 3 holds the first two batches.
    await gp.host({ type: 'result/start', resultId: 'big', startedAt: Date.now(), title: 'big' });
    await gp.host({ type: 'result/pages', resultId: 'big', page: 0, pageCount: 3, firstRow: 0, totalRows: 5000 });
    await gp.sendBatch('big', 0, multi.batches[0]);
    await gp.sendBatch('big', 1, multi.batches[1]);
    await gp.host({ type: 'result/progress', resultId: 'big', rows: 5000, elapsedMs: 10, done: true });
    await waitFor(gp, `document.querySelectorAll('.grid-body .cell').length > 0`);
    assert.equal(await visible(gp, '.banner.pager'), true);
    assert.equal(await gp.eval<number>('window.__posted.filter((m) => m.type === "batch/ack" && m.resultId === "big").length'), 2);
    assert.equal(await gp.eval('document.querySelector(".grid-row[aria-rowindex=\\"2\\"] .gutter").textContent'), '1');
    assert.match(await textOf(gp, '.pager-text'), /^Rows 1–\d[\d,]* of 5,000 · page 1 of 3/);
    assert.equal(await gp.eval('document.querySelector(".banner.pager .btn.prev").disabled'), true);
    await gp.page.click('.banner.pager .btn.next');
    await waitFor(gp, 'window.__pages.length === 1');
    assert.deepEqual(await gp.eval('window.__pages'), [{ resultId: 'big', page: 1 }]);

    // The host answers with that page as a fresh start of the same result.
    const firstRow = 2345;
    await gp.host({ type: 'result/start', resultId: 'big', startedAt: Date.now(), title: 'big' });
    await gp.host({ type: 'result/pages', resultId: 'big', page: 1, pageCount: 3, firstRow, totalRows: 5000 });
    await gp.sendBatch('big', 2, multi.batches[2]);
    await gp.host({ type: 'result/progress', resultId: 'big', rows: 5000, elapsedMs: 10, done: true });
    await waitFor(gp, `document.querySelector('.grid-row[aria-rowindex="2"] .gutter')?.textContent === '${firstRow + 1}'`);
    assert.match(await textOf(gp, '.pager-text'), /^Rows 2,346–\d[\d,]* of 5,000 · page 2 of 3/);
    assert.equal(await gp.eval('document.querySelector(".banner.pager .btn.prev").disabled'), false);
    assert.equal(await gp.eval('document.querySelector(".banner.pager .btn.next").disabled'), false);
  }));

  void it('the pager\'s total follows the host\'s live row count while later pages fill', () => withPage(async (gp) => {
    await gp.host({ type: 'result/start', resultId: 'live', startedAt: Date.now(), title: 'live' });
    await gp.host({ type: 'result/pages', resultId: 'live', page: 0, pageCount: 2, firstRow: 0, totalRows: 1500 });
    await gp.sendBatch('live', 0, multi.batches[0]);
    await gp.host({ type: 'result/progress', resultId: 'live', rows: 7000, elapsedMs: 10, done: false });
    await waitFor(gp, `document.querySelector('.pager-text').textContent.includes('of 7,000')`);
    assert.match(await textOf(gp, '.pager-text'), /page 1 of 2/);
  }));

  void it('a result that fits one page shows no pager', () => withPage(async (gp) => {
    await loadResult(gp, 'small', multi.batches);
    assert.equal(await visible(gp, '.banner.pager'), false);
  }));

  void it('the limited marker offers Fetch more, which asks the host for more rows', () => withPage(async (gp) => {
    await loadResult(gp, 'lim', multi.batches.slice(0, 1), { done: false });
    await gp.host({ type: 'result/limited', resultId: 'lim', rowLimit: 1000, canFetchMore: true });
    await gp.host({ type: 'result/progress', resultId: 'lim', rows: 1000, elapsedMs: 5, done: true });
    await nextFrames(gp);
    assert.equal(await visible(gp, '.banner.limited'), true);
    assert.match(await textOf(gp, '.banner.limited'), /first 1,000 rows; the result has more/);
    await gp.page.click('.banner.limited button:has-text("Fetch more")');
    await waitFor(gp, `window.__posted.some((m) => m.type === 'request' && m.method === 'result/fetchMore')`);
    const req = (await gp.posted()).find((m) => m.type === 'request' && m.method === 'result/fetchMore');
    assert.deepEqual(req?.params, { resultId: 'lim', mode: 'more' });
  }));
});
