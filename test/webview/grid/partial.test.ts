// A cut-off result in Chromium is honest about being partial: Fetch more / Fetch all say they re-run the
// query, "Export the whole result" is offered next to them (the host re-runs into a file), the toolbar's
// export says it writes the loaded rows, and sorting or filtering says it acts on the loaded rows only and
// offers to do it on the server.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadFixture } from '../../fixtures/arrow/load';
import { useGridBrowser, visible, textOf, loadResult, nextFrames, waitFor, type GridPage } from './harness';

const withPage = useGridBrowser();

const multi = loadFixture('4.3.0', 'multi-batch');

async function limitedResult(gp: GridPage, resultId: string, canFetchMore = true): Promise<void> {
  await loadResult(gp, resultId, multi.batches.slice(0, 1), { done: false });
  await gp.host({ type: 'result/limited', resultId, rowLimit: 1000, canFetchMore });
  await gp.host({ type: 'result/progress', resultId, rows: 1000, elapsedMs: 50, done: true });
  await nextFrames(gp);
}

async function requests(gp: GridPage, method: string): Promise<Record<string, unknown>[]> {
  return (await gp.posted()).filter((m) => m.type === 'request' && m.method === method).map((m) => m.params as Record<string, unknown>);
}

void describe('a cut-off result', () => {
  void it('labels re-runs and the loaded-rows export, and offers the whole result as a file', () => withPage(async (gp) => {
    await limitedResult(gp, 'l');
    const buttons = await gp.eval<string[]>(`[...document.querySelectorAll('.banner.limited button')].filter((b) => !b.hidden).map((b) => b.textContent)`);
    assert.deepEqual(buttons, ['Fetch more (re-runs the query)', 'Fetch all (re-runs the query)']);
    assert.equal(await textOf(gp, 'select[aria-label="Export the loaded rows as"] option'), 'Export loaded rows…');
    await gp.page.selectOption('.banner.limited select[aria-label="Export the whole result (re-runs the query)"]', 'csv');
    await waitFor(gp, `document.querySelector('.status-note').textContent.includes('exported')`);
    assert.deepEqual(await gp.eval('window.__export.wholes'), [{ resultId: 'l', format: 'csv', suggestedName: 'test.csv' }]);
    assert.match(await textOf(gp, '.status-note'), /exported 123,456 rows to \/tmp\/test\.csv/);
    // A complete result exports as before.
    await loadResult(gp, 'full', multi.batches);
    assert.equal(await textOf(gp, 'select[aria-label="Export result as"] option'), 'Export…');
  }));

  void it('says sort and filter act on the loaded rows only, and offers them on the server', () => withPage(async (gp) => {
    await limitedResult(gp, 's');
    assert.equal(await visible(gp, '.banner.partial'), false, 'nothing to say before a sort or filter');
    await gp.page.click('.header-cell[aria-colindex="2"] .sort-btn');
    await waitFor(gp, `!document.querySelector('.banner.partial').hidden`);
    assert.equal(await textOf(gp, '.banner.partial .partial-text'), 'Sorted the 1,000 loaded rows only, not the whole result.');
    assert.equal(await textOf(gp, '.banner.partial button'), 'Sort on the server (re-runs the query)');

    await gp.page.fill('input.filter', '12');
    await waitFor(gp, `window.sparkGrid.rows.filterText === '12' && !window.sparkGrid.rows.filtering`);
    await waitFor(gp, `document.querySelector('.banner.partial button').textContent === 'Sort and filter on the server (re-runs the query)'`);
    assert.match(await textOf(gp, '.banner.partial .partial-text'), /^Sorted and filtered the 1,000 loaded rows only/);
    await gp.page.click('.banner.partial button');
    await waitFor(gp, `window.__posted.some((m) => m.type === 'request' && m.method === 'result/refine')`);
    const [req] = await requests(gp, 'result/refine');
    const cols = await gp.eval<number[]>('window.sparkGrid.layout.columns.slice()');
    assert.deepEqual(req, { resultId: 's', sort: { column: 0, descending: false }, filter: { text: '12', columns: cols } });

    // The re-run arrives as a new result that says what the server did.
    await gp.host({ type: 'result/start', resultId: 's2', startedAt: Date.now(), title: 't', refinement: 'sorted by id, filtered for "12"' });
    await gp.host({ type: 'result/progress', resultId: 's2', rows: 0, elapsedMs: 5, done: true });
    await nextFrames(gp);
    assert.match(await textOf(gp, '.status-note'), /sorted by id, filtered for "12" on the server/);
    assert.equal(await visible(gp, '.banner.partial'), false);
  }));

  void it('a complete result sorts without a note; a result that cannot re-run offers no server button', () => withPage(async (gp) => {
    await loadResult(gp, 'c', multi.batches);
    await gp.page.click('.header-cell[aria-colindex="2"] .sort-btn');
    await waitFor(gp, `document.querySelector('.header-cell[aria-colindex="2"]').getAttribute('aria-sort') === 'ascending'`);
    await nextFrames(gp);
    assert.equal(await visible(gp, '.banner.partial'), false);
    await limitedResult(gp, 'n', false);
    await gp.page.click('.header-cell[aria-colindex="2"] .sort-btn');
    await waitFor(gp, `!document.querySelector('.banner.partial').hidden`);
    assert.equal(await visible(gp, '.banner.partial button'), false);
  }));
});

void describe('Fetch more on a result the server keeps', () => {
  void it('says Fetch more without a re-run while kept; once it ends, says why and that Fetch more re-runs', () => withPage(async (gp) => {
    await loadResult(gp, 'k', multi.batches.slice(0, 1), { done: false });
    await gp.host({ type: 'result/limited', resultId: 'k', rowLimit: 1000, canFetchMore: true, continues: true });
    await gp.host({ type: 'result/progress', resultId: 'k', rows: 1000, elapsedMs: 50, done: true });
    await nextFrames(gp);
    const labels = () => gp.eval<string[]>(`[...document.querySelectorAll('.banner.limited button')].filter((b) => !b.hidden).map((b) => b.textContent)`);
    assert.deepEqual(await labels(), ['Fetch more', 'Fetch all (re-runs the query)']);
    // The host says the keep ended (expired): the same marker again, with the reason.
    await gp.host({ type: 'result/limited', resultId: 'k', rowLimit: 1000, canFetchMore: true, note: 'The server no longer holds the rest of this run (expired).' });
    await nextFrames(gp);
    assert.deepEqual(await labels(), ['Fetch more (re-runs the query)', 'Fetch all (re-runs the query)']);
    assert.match(await textOf(gp, '.banner.limited'), /the result has more\. The server no longer holds the rest of this run \(expired\)\./);
  }));
});
