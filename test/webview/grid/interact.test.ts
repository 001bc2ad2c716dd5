// Sorting, filtering, selection, keyboard navigation, copy formats, detail view, column operations and
// the host conversation (progress, cancel, limited results, errors, exports), in Chromium.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RecordBatchReader } from 'apache-arrow';
import { batchFields } from '../../../src/arrow-format/chunks';
import { createCellFormatter } from '../../../src/arrow-format/formatter';
import { loadFixture } from '../../fixtures/arrow/load';
import { useGridBrowser, loadResult, nextFrames, rowTexts, waitFor, type GridPage } from './harness';

const withPage = useGridBrowser();

const multi = loadFixture('4.3.0', 'multi-batch');
const all = loadFixture('4.3.0', 'all-types');

async function keys(gp: GridPage, ...seq: string[]): Promise<void> {
  await gp.eval(`document.querySelector('.grid-scroll').focus()`);
  for (const k of seq) await gp.page.keyboard.press(k);
  await nextFrames(gp);
}

async function lastClipboard(gp: GridPage, count: number): Promise<{ text: string; format: string; rows: number }> {
  await waitFor(gp, `window.__clipboard.length >= ${count}`);
  const c = await gp.eval<{ text: string; format: string; rows: number }[]>('window.__clipboard');
  return c[count - 1];
}

/** Types into the quick filter and waits until the grid has applied exactly this text. */
async function filter(gp: GridPage, text: string): Promise<void> {
  await gp.page.fill('input.filter', text);
  await waitFor(gp, `window.sparkGrid.rows.filterText === ${JSON.stringify(text)} && !window.sparkGrid.rows.filtering`);
  await nextFrames(gp);
}

async function firstColumn(gp: GridPage, rows: number): Promise<string[]> {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push((await rowTexts(gp, r))['0']);
  return out;
}

const col = (name: string) => all.expected.columns.findIndex((c) => c.name === name) + 1;

void describe('sort and filter', () => {
  void it('sorts by a column ascending, descending, then back to natural order', () => withPage(async (gp) => {
    await loadResult(gp, 'm', multi.batches);
    const sortBtn = '.header-cell[aria-colindex="2"] .sort-btn';
    await gp.page.click(sortBtn);
    await waitFor(gp, `document.querySelector('.header-cell[aria-colindex="2"]').getAttribute('aria-sort') === 'ascending'`);
    await nextFrames(gp);
    assert.deepEqual(await firstColumn(gp, 3), ['0', '1', '2']);
    await gp.page.click(sortBtn);
    await waitFor(gp, `document.querySelector('.header-cell[aria-colindex="2"]').getAttribute('aria-sort') === 'descending'`);
    await nextFrames(gp);
    assert.deepEqual(await firstColumn(gp, 3), ['4999', '4998', '4997']);
    // Sort by the string column: "row 999" sorts after "row 9989" by code units.
    await gp.page.click('.header-cell[aria-colindex="4"] .sort-btn');
    await waitFor(gp, `document.querySelector('.header-cell[aria-colindex="4"]').getAttribute('aria-sort') === 'ascending'`);
    await nextFrames(gp);
    assert.deepEqual((await rowTexts(gp, 0))['2'], 'row 0');
    assert.deepEqual((await rowTexts(gp, 1))['2'], 'row 1');
    assert.deepEqual((await rowTexts(gp, 2))['2'], 'row 10');
    await gp.page.click('.header-cell[aria-colindex="4"] .sort-btn');
    await gp.page.click('.header-cell[aria-colindex="4"] .sort-btn');
    await waitFor(gp, `document.querySelector('.header-cell[aria-colindex="4"]').getAttribute('aria-sort') === 'none'`);
    await nextFrames(gp);
    assert.deepEqual(await firstColumn(gp, 2), ['0', '1']);
  }));

  void it('sorts doubles with NaN last and NULLs first (all-types)', () => withPage(async (gp) => {
    await loadResult(gp, 'a', all.batches);
    const c = col('c_double');
    await keys(gp, 'Home', ...Array(c).fill('ArrowRight'));
    await gp.page.click(`.header-cell[aria-colindex="${c + 2}"] .sort-btn`);
    await waitFor(gp, `document.querySelector('.header-cell[aria-colindex="${c + 2}"]').getAttribute('aria-sort') === 'ascending'`);
    await nextFrames(gp);
    const texts: string[] = [];
    for (let r = 0; r < 12; r++) texts.push((await rowTexts(gp, r))[String(c)]);
    assert.equal(texts[0], 'NULL');
    assert.equal(texts[1], '-Infinity');
    assert.equal(texts[texts.length - 1], 'NaN');
    assert.equal(texts[texts.length - 2], 'Infinity');
  }));

  void it('quick filter keeps matching rows (index array), and clearing restores all', () => withPage(async (gp) => {
    await loadResult(gp, 'm', multi.batches);
    await filter(gp, 'row 499');
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '11 of 5,000 rows'`);
    await nextFrames(gp);
    const labels: string[] = [];
    for (let r = 0; r < 11; r++) labels.push((await rowTexts(gp, r))['2']);
    assert.deepEqual(labels.sort(), ['row 499', 'row 4990', 'row 4991', 'row 4992', 'row 4993', 'row 4994', 'row 4995',
      'row 4996', 'row 4997', 'row 4998', 'row 4999']);
    assert.equal(await gp.eval('document.querySelector("[role=grid]").getAttribute("aria-rowcount")'), '12');
    await filter(gp, 'ROW 4999');
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '1 of 5,000 rows'`);
    await filter(gp, '');
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '5,000 rows'`);
  }));

  void it('filter matches the displayed text of any visible column, not NULLs', () => withPage(async (gp) => {
    await loadResult(gp, 'a', all.batches);
    // -Infinity / Infinity appear in rows 1, 2 and 8 (float and double columns), matched case-insensitively.
    await filter(gp, 'infinity');
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '3 of 12 rows'`);
    await nextFrames(gp);
    assert.deepEqual(await firstColumn(gp, 3), ['1', '2', '8']);
    await filter(gp, '語 🎉');
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '1 of 12 rows'`);
    await nextFrames(gp);
    assert.deepEqual(await firstColumn(gp, 1), ['3']);
    // Digits match numeric columns' text; letters skip them.
    await filter(gp, '-32768');
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '1 of 12 rows'`);
    // Nested and interval text is searchable too (the per-type character sets must not skip them).
    await filter(gp, '[1, 2, NULL]');
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '1 of 12 rows'`);
    assert.deepEqual(await firstColumn(gp, 1), ['0']);
    await filter(gp, "interval '-0 01:00:00' DAY");
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '1 of 12 rows'`);
    await nextFrames(gp);
    assert.deepEqual(await firstColumn(gp, 1), ['1']);
    await filter(gp, 'null');
    // Expected rows: a non-NULL cell whose text contains "null" (the string "null", nested nulls, variant
    // null); SQL NULL cells never match.
    const batch = [...RecordBatchReader.from(all.batches[0])][0];
    const fields = batchFields(batch);
    const expected: string[] = [];
    for (let r = 0; r < batch.numRows; r++) {
      const hit = fields.some((f, c) => {
        const fmt = createCellFormatter(f);
        const d = batch.data.children[c];
        return !fmt.isNull(d, r) && fmt.text(d, r).toLowerCase().includes('null');
      });
      if (hit) expected.push(String(r));
    }
    assert.ok(expected.length > 0 && expected.length < 8, expected.join(','));
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '${expected.length} of 12 rows'`);
    await nextFrames(gp);
    assert.deepEqual(await firstColumn(gp, expected.length), expected);
  }));
});

void describe('selection, keyboard and copy', () => {
  void it('Ctrl+C copies a cell range as TSV with int64 exact', () => withPage(async (gp) => {
    await loadResult(gp, 'a', all.batches);
    const c = col('c_long');
    await keys(gp, 'Home', ...Array(c).fill('ArrowRight'), 'Shift+ArrowRight', 'Shift+ArrowDown', 'Control+c');
    const clip = await lastClipboard(gp, 1);
    assert.equal(clip.format, 'tsv');
    assert.equal(clip.text, '9223372036854775807\t1.5\n-9223372036854775808\tNaN');
  }));

  void it('answers a native copy event (VS Code\'s Copy command) with the selection as TSV', () => withPage(async (gp) => {
    await loadResult(gp, 'm', multi.batches);
    await keys(gp, 'ArrowRight', 'Shift+ArrowDown');
    const copied = await gp.eval<string>(`(() => {
      const e = new ClipboardEvent('copy', { clipboardData: new DataTransfer(), cancelable: true });
      document.dispatchEvent(e);
      return e.defaultPrevented ? e.clipboardData.getData('text/plain') : 'not handled';
    })()`);
    assert.equal(copied, '0.0\n1.5');
  }));

  void it('copies as CSV, JSON and Markdown with headers and exact values', () => withPage(async (gp) => {
    await loadResult(gp, 'a', all.batches);
    const c = col('c_string');
    await keys(gp, 'Home', ...Array(c).fill('ArrowRight'), 'Shift+ArrowRight', ...Array(9).fill('Shift+ArrowDown'));
    await gp.page.selectOption('select[aria-label="Copy selection as"]', 'csv');
    const csv = await lastClipboard(gp, 1);
    assert.equal(csv.text.split('\r\n')[0], 'c_string,c_binary');
    assert.equal(csv.text.split('\r\n')[1], '"line1\nline2",[]');
    assert.ok(csv.text.includes('"tab\there, ""quoted"", comma",'), csv.text);
    assert.ok(csv.text.includes('\r\n"",\r\n'), 'empty string is "", NULL binary is an empty field');
    assert.ok(csv.text.startsWith('c_string,c_binary\r\n"line1\nline2",[]\r\n'), 'empty binary is []');
    assert.ok(csv.text.includes('\r\n,\r\n'), 'NULL, NULL row is two empty fields');
    await gp.page.selectOption('select[aria-label="Copy selection as"]', 'markdown');
    const md = (await lastClipboard(gp, 2)).text.split('\n');
    assert.equal(md[0], '| c_string | c_binary |');
    assert.equal(md[1], '| --- | --- |');
    assert.equal(md[2], '| line1<br>line2 | [] |');
    assert.equal(md[11], '| \\|pipe\\| | NULL |');
    await gp.page.selectOption('select[aria-label="Copy selection as"]', 'json');
    const json = JSON.parse((await lastClipboard(gp, 3)).text) as Record<string, unknown>[];
    assert.equal(json.length, 10);
    assert.deepEqual(json[1], { c_string: '<img src=x onerror=alert(1)>', c_binary: 'AP8Q' });
    assert.deepEqual(json[6], { c_string: null, c_binary: null });
  }));

  void it('JSON copy keeps BIGINT and DECIMAL(38,18) digits and duplicate names apart', () => withPage(async (gp) => {
    await loadResult(gp, 'a', all.batches);
    await keys(gp, 'Home', ...Array(col('c_nested')).fill('ArrowRight'));
    await gp.page.selectOption('select[aria-label="Copy selection as"]', 'json');
    assert.equal((await lastClipboard(gp, 1)).text,
      '{"k":[{"x":9223372036854775807,"y":{"z":[-1.500000000000000000,null]}}]}');
    await keys(gp, 'Control+End', 'Control+Home', 'End', 'Shift+ArrowLeft');
    await gp.page.selectOption('select[aria-label="Copy selection as"]', 'json');
    assert.equal((await lastClipboard(gp, 2)).text, '[\n{"dup":1,"dup_2":"one"}\n]');
  }));

  void it('keyboard: arrows, Page, Ctrl+End, Shift+Space row, Ctrl+Space column, Ctrl+A; aria-activedescendant follows', () =>
    withPage(async (gp) => {
      await loadResult(gp, 'm', multi.batches);
      await keys(gp, 'ArrowDown', 'ArrowDown', 'ArrowRight');
      assert.equal(await gp.eval('document.querySelector(".grid-scroll").getAttribute("aria-activedescendant")'), 'cell-2-1');
      assert.equal(await gp.eval('document.querySelector(".cell.active").textContent'), '3.0');
      await keys(gp, 'PageDown');
      const afterPage = await gp.eval<string>('document.querySelector(".cell.active").dataset.r');
      assert.ok(Number(afterPage) > 10, afterPage);
      await keys(gp, 'Control+End');
      assert.equal(await gp.eval('document.querySelector(".cell.active").textContent'), 'row 4999');
      assert.equal(await gp.eval('document.querySelector(".cell.active").dataset.r'), '4999');
      await keys(gp, 'Control+Home', 'Shift+Space', 'Control+c');
      assert.equal((await lastClipboard(gp, 1)).text, '0\t0.0\trow 0');
      assert.equal(await gp.eval('document.querySelector(".grid-row[aria-rowindex=\\"2\\"]").getAttribute("aria-selected")'), 'true');
      await keys(gp, 'Control+Space', 'Control+c');
      const column = (await lastClipboard(gp, 2)).text.split('\n');
      assert.equal(column.length, 5000);
      await keys(gp, 'Control+a', 'Control+c');
      const everything = await lastClipboard(gp, 3);
      assert.equal(everything.rows, 5000);
      assert.equal(everything.text.split('\n')[4999], '4999\t7498.5\trow 4999');
    }));

  void it('mouse: click selects a cell, shift+click a range, gutter a row, header a column', () => withPage(async (gp) => {
    await loadResult(gp, 'm', multi.batches);
    await gp.page.click('.grid-body .cell[data-r="1"][data-c="0"]');
    await gp.page.click('.grid-body .cell[data-r="3"][data-c="1"]', { modifiers: ['Shift'] });
    await nextFrames(gp);
    assert.equal(await gp.eval('document.querySelectorAll(".grid-body .cell.selected").length'), 6);
    await gp.page.click('.grid-row[aria-rowindex="4"] .gutter');
    await keys(gp, 'Control+c');
    assert.equal((await lastClipboard(gp, 1)).text, '2\t3.0\trow 2');
    await gp.page.click('.header-cell[aria-colindex="4"] .col-name');
    await keys(gp, 'Control+c');
    const colText = (await lastClipboard(gp, 2)).text.split('\n');
    assert.equal(colText.length, 5000);
    assert.equal(colText[0], 'row 0');
  }));

  void it('detail view shows long strings whole and nested values as an expandable tree', () => withPage(async (gp) => {
    await loadResult(gp, 'a', all.batches);
    await keys(gp, 'Home', ...Array(col('c_string')).fill('ArrowRight'), 'Enter');
    assert.equal(await gp.eval('document.querySelector(".detail-text").textContent'), 'line1\nline2');
    await keys(gp, 'Escape');
    assert.equal(await gp.eval('document.querySelector(".detail").hidden'), true);
    await keys(gp, 'Home', ...Array(col('c_nested')).fill('ArrowRight'), 'Enter');
    const labels = await gp.eval<string[]>('[...document.querySelectorAll(".detail .tree-label")].map((e) => e.textContent)');
    assert.deepEqual(labels.slice(0, 5), ['c_nested', 'k', '[0]', 'x', 'y']);
    const x = await gp.eval<string>('[...document.querySelectorAll(".detail .tree-leaf")].find((e) => e.querySelector(".tree-label").textContent === "x").querySelector(".tree-value").textContent');
    assert.equal(x, '9223372036854775807');
    // The detail follows the active cell.
    await keys(gp, 'ArrowDown');
    assert.deepEqual((await gp.eval<string[]>('[...document.querySelectorAll(".detail .tree-label")].map((e) => e.textContent)')).slice(0, 2), ['c_nested', 'empty']);
    await gp.page.click('.detail button:has-text("Copy JSON")');
    assert.equal((await lastClipboard(gp, 1)).text, '{"empty":[]}');
  }, { width: 1400 }));
});

void describe('columns', () => {
  void it('hide and show a column from the Columns menu', () => withPage(async (gp) => {
    await loadResult(gp, 'm', multi.batches);
    await gp.page.click('.columns-menu summary');
    await gp.page.uncheck('.columns-menu input[data-c="1"]');
    await nextFrames(gp);
    assert.deepEqual(await rowTexts(gp, 0), { 0: '0', 1: 'row 0' });
    assert.equal(await gp.eval('document.querySelector("[role=grid]").getAttribute("aria-colcount")'), '3');
    await gp.page.check('.columns-menu input[data-c="1"]');
    await nextFrames(gp);
    assert.deepEqual(await rowTexts(gp, 0), { 0: '0', 1: '0.0', 2: 'row 0' });
  }));

  void it('reorder by keyboard and by dragging a header; resize by dragging the handle', () => withPage(async (gp) => {
    await loadResult(gp, 'm', multi.batches);
    await keys(gp, 'Alt+Shift+ArrowRight');
    assert.deepEqual(await rowTexts(gp, 0), { 0: '0.0', 1: '0', 2: 'row 0' });
    const box = async (sel: string) => (await gp.page.locator(sel).boundingBox())!;
    const from = await box('.header-cell[aria-colindex="4"] .col-name');
    const to = await box('.header-cell[aria-colindex="2"]');
    await gp.page.mouse.move(from.x + 5, from.y + 5);
    await gp.page.mouse.down();
    await gp.page.mouse.move(to.x + 10, to.y + 10, { steps: 5 });
    await gp.page.mouse.up();
    await nextFrames(gp);
    assert.deepEqual(await rowTexts(gp, 0), { 0: 'row 0', 1: '0.0', 2: '0' });
    const handle = await box('.header-cell[aria-colindex="2"] .resize-handle');
    const before = (await box('.header-cell[aria-colindex="2"]')).width;
    await gp.page.mouse.move(handle.x + 2, handle.y + 5);
    await gp.page.mouse.down();
    await gp.page.mouse.move(handle.x + 82, handle.y + 5, { steps: 4 });
    await gp.page.mouse.up();
    await nextFrames(gp);
    const afterW = (await box('.header-cell[aria-colindex="2"]')).width;
    assert.ok(Math.abs(afterW - before - 80) <= 2, `${before} -> ${afterW}`);
    const cellW = (await box('.grid-body .cell[data-r="0"][data-c="0"]')).width;
    assert.equal(Math.round(cellW), Math.round(afterW));
  }));

  void it('horizontal scrolling fills the columns that come into view, and only shows right values', () => withPage(async (gp) => {
    await loadResult(gp, 'a', all.batches);
    const batch = [...RecordBatchReader.from(all.batches[0])][0];
    const fields = batchFields(batch);
    const want = fields.map((f, c) => createCellFormatter(f).text(batch.data.children[c], 0).replace(/\n/g, '↵'));
    const seen = new Set<string>();
    const width = await gp.eval<number>(`document.querySelector('.grid-scroll').scrollWidth`);
    for (let step = 0; step <= Math.ceil(width / 97); step++) {
      await gp.eval(`document.querySelector('.grid-scroll').scrollLeft = ${step * 97}`);
      await nextFrames(gp);
      const row = await rowTexts(gp, 0);
      for (const [c, text] of Object.entries(row)) {
        assert.equal(text, want[Number(c)], `step ${step} column ${c}`);
        seen.add(c);
      }
    }
    assert.equal(seen.size, fields.length, 'every column was shown at some point');
  }, { width: 700 }));

  void it('freezes the first column while scrolling right', () => withPage(async (gp) => {
    await loadResult(gp, 'a', all.batches);
    await gp.page.check('label.check input[type=checkbox]:not([data-c])');
    await gp.eval('document.querySelector(".grid-scroll").scrollLeft = 1500');
    await nextFrames(gp);
    const frozen = await gp.page.locator('.grid-body .cell.frozen[data-r="0"]').boundingBox();
    const gutter = await gp.page.locator('.grid-row[aria-rowindex="2"] .gutter').boundingBox();
    assert.ok(frozen && gutter);
    assert.equal(Math.round(frozen.x), Math.round(gutter.x + gutter.width));
    assert.equal(await gp.eval('document.querySelector(".grid-body .cell.frozen[data-r=\\"0\\"]").textContent'), '0');
  }, { width: 700 }));
});

void describe('the host conversation', () => {
  void it('renders the first batch while the query runs, with live rows, clock and Cancel', () => withPage(async (gp) => {
    const sent = Date.now();
    await gp.host({ type: 'result/start', resultId: 's', startedAt: sent - 2500, title: 'q' });
    await gp.sendBatch('s', 0, multi.batches[0]);
    await waitFor(gp, `document.querySelector('.grid-body .cell[data-r="0"][data-c="0"]')?.textContent === '0'`);
    assert.equal(await gp.eval('document.querySelector(".status-rows").textContent'), '1,000 rows');
    assert.equal(await gp.eval('document.querySelector(".btn.cancel").hidden'), false);
    const t1 = await gp.eval<string>('document.querySelector(".status-time").textContent');
    // The clock counts from startedAt, 2.5 s before the message, not from the message's arrival. It also
    // runs on while the batch arrives and draws: 60-160 ms here, idle or with the cores busy; "2.x s" left
    // 0.5 s for that, which a loaded machine can use up. So the upper bound is what had passed by the read.
    const waited = Date.now() - sent;
    const shown = Number(/^(\d+\.\d) s$/.exec(t1)?.[1]);
    assert.ok(shown >= 2.4 && shown <= (2500 + waited) / 1000 + 0.1, `${t1}, read ${waited} ms after a start 2.5 s earlier`);
    await waitFor(gp, `document.querySelector('.status-time').textContent !== ${JSON.stringify(t1)}`);
    await gp.host({ type: 'result/progress', resultId: 's', rows: 1000, elapsedMs: 10_000, done: false });
    await waitFor(gp, `document.querySelector('.status-time').textContent.startsWith('10.')`);
    await gp.page.click('.btn.cancel');
    const posted = await gp.posted();
    assert.ok(posted.some((m) => m.type === 'cancel' && m.resultId === 's'));
    assert.match(await gp.eval<string>('document.querySelector(".status-note").textContent'), /Cancelling/);
    await gp.host({ type: 'result/error', resultId: 's', error: { reason: 'cancelled', message: 'cancelled' }, elapsedMs: 11_000 });
    await nextFrames(gp);
    assert.equal(await gp.eval('document.querySelector(".btn.cancel").hidden'), true);
    assert.equal(await gp.eval('document.querySelector(".banner.error").hidden'), true);
    assert.match(await gp.eval<string>('document.querySelector(".status-note").textContent'), /Cancelled/);
    assert.equal(await gp.eval('document.querySelector(".status-rows").textContent'), '1,000 rows');
  }));

  void it('acknowledges every batch, ignores stale results and malformed messages', () => withPage(async (gp) => {
    await loadResult(gp, 'old', multi.batches.slice(0, 1));
    await gp.host({ type: 'result/start', resultId: 'new', startedAt: Date.now() });
    await gp.sendBatch('old', 5, multi.batches[1]);
    await gp.host({ type: 'result/batch', resultId: 'new', seq: 'x', data: 1 });
    await gp.host({ type: 'bogus' });
    await waitFor(gp, `window.__posted.some((m) => m.type === 'batch/ack' && m.resultId === 'old' && m.seq === 5)`);
    assert.equal(await gp.eval('document.querySelector(".status-rows").textContent'), '0 rows');
    const logs = (await gp.posted()).filter((m) => m.type === 'log');
    assert.equal(logs.length, 2);
  }));

  void it('shows errors as text with class, SQLSTATE and details', () => withPage(async (gp) => {
    await gp.host({ type: 'result/start', resultId: 'e', startedAt: Date.now() });
    await gp.host({ type: 'result/error', resultId: 'e', error: { reason: 'analysis', message: '<b>Table</b> not found',
      errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01', detail: 'at line 1\n<script>alert(1)</script>' } });
    await nextFrames(gp);
    assert.equal(await gp.eval('document.querySelector(".error-message").textContent'), '<b>Table</b> not found');
    assert.equal(await gp.eval('document.querySelector(".error-class").textContent'), 'TABLE_OR_VIEW_NOT_FOUND · SQLSTATE 42P01');
    assert.equal(await gp.eval('document.querySelectorAll(".banner.error b, .banner.error script").length'), 0);
    assert.deepEqual(gp.dialogs, []);
  }));

  void it('offers Fetch more / Fetch all for a limited result and appends what the host sends', () => withPage(async (gp) => {
    await loadResult(gp, 'l', multi.batches.slice(0, 1), { done: false });
    await gp.host({ type: 'result/limited', resultId: 'l', rowLimit: 1000, canFetchMore: true });
    await gp.host({ type: 'result/progress', resultId: 'l', rows: 1000, elapsedMs: 50, done: true });
    await nextFrames(gp);
    assert.equal(await gp.eval('document.querySelector(".banner.limited").hidden'), false);
    assert.match(await gp.eval<string>('document.querySelector(".banner.limited").textContent'), /first 1,000 rows/);
    await gp.page.click('.banner.limited button:has-text("Fetch all")');
    await waitFor(gp, `document.querySelector('.banner.limited').hidden`);
    const req = (await gp.posted()).find((m) => m.type === 'request' && m.method === 'result/fetchMore');
    assert.deepEqual(req?.params, { resultId: 'l', mode: 'all' });
    for (let k = 1; k < multi.batches.length; k++) await gp.sendBatch('l', k, multi.batches[k]);
    await gp.host({ type: 'result/progress', resultId: 'l', rows: 5000, elapsedMs: 90, done: true });
    await waitFor(gp, `document.querySelector('.status-rows').textContent === '5,000 rows'`);
  }));

  void it('exports the whole result through the host, which writes the file (CSV, JSON lines, Arrow IPC file)', () => withPage(async (gp) => {
    await loadResult(gp, 'x', multi.batches);
    for (const [format, ext] of [['csv', 'csv'], ['jsonl', 'jsonl'], ['arrow', 'arrow']]) {
      await gp.page.selectOption('select[aria-label="Export result as"]', format);
      await waitFor(gp, `document.querySelector('.status-note').textContent.includes('test.${ext}')`);
    }
    const saves = await gp.eval<Record<string, unknown>[]>('window.__export.saves');
    assert.deepEqual(saves, [
      { resultId: 'x', format: 'csv', suggestedName: 'test.csv' },
      { resultId: 'x', format: 'jsonl', suggestedName: 'test.jsonl' },
      { resultId: 'x', format: 'arrow', suggestedName: 'test.arrow' },
    ]);
    assert.match(await gp.eval<string>('document.querySelector(".status-note").textContent'), /exported 5,000 rows to \/tmp\/test\.arrow/);

    await gp.eval('window.__exportAccept = false');
    await gp.page.selectOption('select[aria-label="Export result as"]', 'csv');
    await waitFor(gp, 'window.__export.saves.length === 4');
    await nextFrames(gp);
    assert.doesNotMatch(await gp.eval<string>('document.querySelector(".status-note").textContent'), /exported|failed/,
      'a dismissed save dialog reports nothing');
  }));
});
