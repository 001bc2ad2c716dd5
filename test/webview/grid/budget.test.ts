// The memory budget banner in Chromium: after the host stopped fetching at its memory budget the grid says
// how much was loaded (rows and MB) and why, offers "Fetch more" (labelled as a re-run) and "Export the
// whole result" (the host re-runs into a file), and hides both when the host cannot re-run.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadFixture } from '../../fixtures/arrow/load';
import { useGridBrowser, visible, loadResult, nextFrames, waitFor, type GridPage } from './harness';

const withPage = useGridBrowser();

const multi = loadFixture('4.3.0', 'multi-batch');
const MB = 1024 * 1024;

async function budgetStop(gp: GridPage, resultId: string, canRerun = true): Promise<void> {
  await loadResult(gp, resultId, multi.batches.slice(0, 2), { done: false });
  await gp.host({ type: 'result/budget', resultId, rows: 2000, bytes: Math.round(511.6 * MB), budgetBytes: 512 * MB, canRerun });
  await gp.host({ type: 'result/progress', resultId, rows: 2000, elapsedMs: 80, done: true });
  await nextFrames(gp);
}

void describe('memory budget banner', () => {
  void it('says how much was loaded and why; Fetch more asks the host to re-run', () => withPage(async (gp) => {
    await budgetStop(gp, 'b');
    assert.equal(await visible(gp, '.banner.budget'), true);
    assert.equal(await visible(gp, '.banner.limited'), false);
    const text = await gp.eval<string>('document.querySelector(".banner.budget .budget-text").textContent');
    assert.match(text, /^Memory budget reached: loaded 2,000 rows \(511\.6 MB\) and stopped fetching\./);
    assert.match(text, /512\.0 MB/);
    assert.match(text, /sparkConnect\.results\.memoryBudgetMB/);
    await gp.page.click('.banner.budget button:has-text("Fetch more (re-runs the query)")');
    await waitFor(gp, `document.querySelector('.banner.budget').hidden`);
    const req = (await gp.posted()).find((m) => m.type === 'request' && m.method === 'result/fetchMore');
    assert.deepEqual(req?.params, { resultId: 'b', mode: 'more' });
    // The re-run arrives as a new result; the banner stays away.
    await loadResult(gp, 'b2', multi.batches);
    assert.equal(await visible(gp, '.banner.budget'), false);
  }));

  void it('Export the whole result asks the host to re-run into a file and reports the outcome', () => withPage(async (gp) => {
    await budgetStop(gp, 'x');
    await gp.page.selectOption('.banner.budget select[aria-label="Export the whole result (re-runs the query)"]', 'jsonl');
    await waitFor(gp, `document.querySelector('.status-note').textContent.includes('exported')`);
    assert.deepEqual(await gp.eval('window.__export.wholes'), [{ resultId: 'x', format: 'jsonl', suggestedName: 'test.jsonl' }]);
    assert.match(await gp.eval<string>('document.querySelector(".status-note").textContent'), /exported 123,456 rows to \/tmp\/test\.jsonl/);
    assert.equal(await visible(gp, '.banner.budget'), true, 'the loaded part stays as it was');
    // A dismissed dialog (or a cancelled export) reports nothing.
    await gp.eval('window.__exportAccept = false');
    await gp.page.selectOption('.banner.budget select[aria-label="Export the whole result (re-runs the query)"]', 'csv');
    await waitFor(gp, 'window.__export.wholes.length === 2');
    await nextFrames(gp);
    assert.doesNotMatch(await gp.eval<string>('document.querySelector(".status-note").textContent'), /exported|failed/);
  }));

  void it('offers no re-run when the host cannot re-run the statement', () => withPage(async (gp) => {
    await budgetStop(gp, 'n', false);
    assert.equal(await visible(gp, '.banner.budget'), true);
    assert.equal(await visible(gp, '.banner.budget button'), false);
    assert.equal(await visible(gp, '.banner.budget select'), false);
  }));
});
