// Honest partial results in the real product: a result cut off at the row limit exports the whole result
// (the query re-runs without a limit and streams every row to the file, with a progress notification),
// then "Fetch more" reads on in the same execution (the same result grows, no re-run),
// and a run that fails shows its own failure (class, SQLSTATE, message, a link to the position) with the
// tab's old rows only under a "Previous result" label.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import type { E2EContext } from '../support/context';
import { evaluateIn, until } from '../support/workbench';
import { connect } from './profiles';

/** After the reload scenario the window has no session yet; the scenarios here may run after it. */
async function ensureConnected(ctx: E2EContext): Promise<void> {
  await ctx.wb.escapeQuickInput();
  if (!await ctx.wb.page.locator('.statusbar-item', { hasText: /· Spark \d/ }).first().isVisible()) await connect(ctx, ctx.names.profile);
}

/** The results grid frame for which `expression` (evaluated in it) is truthy. */
function gridFrame(ctx: E2EContext, expression: string, what: string, timeoutMs = 60_000): Promise<Frame> {
  return until(what, async () => {
    for (const f of ctx.wb.page.frames()) {
      if (f.isDetached() || f === ctx.wb.page.mainFrame()) continue;
      if (await evaluateIn<boolean>(f, `!!document.querySelector('.grid-scroll') && !!(${expression})`)) return f;
    }
    return undefined;
  }, timeoutMs, 500);
}

const ROWS = 25_000;

export async function exportWholeResult(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await ensureConnected(ctx);
  await wb.openFile('e2e.sql');
  await wb.setEditorText(`SELECT id, id * 2 AS twice FROM range(${ROWS});\n`);
  await wb.goTo(1, 1);
  await wb.page.keyboard.press('Control+Enter');
  // The default row limit (10,000) cuts the result; the banner offers the whole result as a file.
  const frame = await gridFrame(ctx, `(() => { const b = document.querySelector('.banner.limited');
    return b && !b.hidden && document.querySelector('.status-rows')?.textContent === '10,000 rows'; })()`, 'a cut-off result');
  const banner = await frame.locator('.banner.limited').innerText();
  assert.match(banner, /Showing the first 10,000 rows; the result has more\./);
  assert.match(banner, /Fetch all \(re-runs the query\)/);
  assert.equal(await frame.locator('select[aria-label="Export the loaded rows as"] option').first().innerText(), 'Export loaded rows…');

  const file = join(ctx.server.workspace, `whole-${ctx.runId}.csv`);
  await frame.selectOption('.banner.limited select[aria-label="Export the whole result (re-runs the query)"]', 'csv');
  // The save dialog (VS Code's own, as a quick input in the browser) takes the path.
  await wb.waitForQuickInput(/Export the whole result|Save|\//, 15_000);
  await wb.answerInput(file);
  const note = await until('the export note in the grid', async () => {
    const t = await evaluateIn<string>(frame, `document.querySelector('.status-note')?.textContent ?? ''`);
    return t?.includes(`exported ${ROWS.toLocaleString('en-US')} rows to `) ? t : undefined;
  }, 120_000, 500);
  // The path the host wrote, as the grid reports it (the browser's save dialog may complete what was typed).
  const written = /exported [\d,]+ rows to (.+?\.csv)/.exec(note)?.[1] ?? file;
  assert.ok(written.startsWith(ctx.server.workspace), `${written} is in the workspace`);
  assert.ok(existsSync(written), `${written} written`);
  const lines = readFileSync(written, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  assert.equal(lines.length, ROWS + 1, 'a header and every row of the query, not the 10,000 loaded');
  assert.equal(lines[0], 'id,twice');
  assert.equal(lines[lines.length - 1], `${ROWS - 1},${2 * (ROWS - 1)}`);
  // The grid still holds only what it loaded.
  assert.match(await frame.locator('.status-rows').innerText(), /^10,000 rows$/);
  await ctx.shot('06-export-whole-result');
  // The last loaded rows: five-digit row numbers in a row-number column sized to them, headers in full.
  await frame.evaluate(`(() => { const g = document.querySelector('.grid-scroll'); g.scrollTop = g.scrollHeight; })()`);
  await until('the last loaded row in view', () => evaluateIn<boolean>(frame,
    `Array.from(document.querySelectorAll('.grid-body .cell')).some((c) => c.textContent === '9999')`), 10_000, 200);
  await ctx.shot('06b-cut-off-result-last-rows', 'grid-cut-off');

  // Fetch more reads on in the same execution (issue 19): the button does not say it re-runs, and the
  // rest of the rows join the same result (no new result replaces the 10,000 shown).
  const more = frame.locator('.banner.limited button', { hasText: /^Fetch more/ });
  assert.equal(await more.innerText(), 'Fetch more');
  const resultId = await evaluateIn<string>(frame, 'window.sparkGrid.store.resultId');
  await more.click();
  await until('the rest of the rows in the same result', async () => {
    const rows = await evaluateIn<string>(frame, `document.querySelector('.status-rows')?.textContent ?? ''`);
    return rows === `${ROWS.toLocaleString('en-US')} rows` ? rows : undefined;
  }, 60_000, 500);
  assert.equal(await evaluateIn<string>(frame, 'window.sparkGrid.store.resultId'), resultId, 'the same result, read on');
  assert.equal(await evaluateIn<boolean>(frame, `document.querySelector('.banner.limited').hidden`), true, 'the whole result is shown');
}

export async function failedRunShowsFailure(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await ensureConnected(ctx);
  await wb.openFile('e2e.sql');
  // A good result first, so the tab has rows to keep; then a run that fails at analysis.
  await wb.setEditorText("SELECT id, concat('kept-', id) AS tag FROM range(3);\n");
  await wb.goTo(1, 1);
  await wb.page.keyboard.press('Control+Enter');
  await gridFrame(ctx, `[...document.querySelectorAll('[role="gridcell"]')].some((c) => c.textContent === 'kept-2')`, 'the first result');
  // Back to the editor, as a user clicks into it: after the scenarios before this one (a click into the
  // grid, a restored result tab) the active editor group can be the results' one.
  await wb.openFile('e2e.sql');
  await wb.setEditorText('SELECT id, no_such_col FROM range(3);\n');
  await wb.goTo(1, 1);
  await wb.page.keyboard.press('Control+Enter');
  // This run's failure, over the rows of the run before (an older tab may still show the diagnostic scenario's error).
  const frame = await gridFrame(ctx, `(() => { const b = document.querySelector('.banner.error'); const p = document.querySelector('.banner.previous');
    return b && !b.hidden && p && !p.hidden && p.textContent.includes('kept-'); })()`, 'the failure in the grid');
  const head = await frame.locator('.banner.error .error-class').innerText();
  assert.match(head, /UNRESOLVED_COLUMN/);
  assert.match(head, /SQLSTATE 42703/);
  assert.match(await frame.locator('.banner.error .error-message').innerText(), /no_such_col/);
  const previous = (await frame.locator('.banner.previous').innerText()).replace(/\s+/g, ' ');
  assert.match(previous, /Previous result — not this run's: .* of SELECT id, concat\('kept-', id\)/);
  assert.deepEqual(await frame.locator('.header-cell .col-type').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent)),
    [], 'column types are never cut');
  assert.match(await frame.locator('.status-rows').innerText(), /^No result · previous result: 3 rows$/);
  const link = frame.locator('.banner.error button.error-position');
  assert.equal(await link.innerText(), 'Go to line 1, column 12');
  await ctx.shot('07-failed-run');
  // The link selects the unknown column in the editor.
  await link.click();
  await until('the error selected in the editor', async () =>
    /Ln 1, Col \d+ \(11 selected\)/.test(await wb.page.locator('.statusbar').innerText()), 15_000, 300);
}
