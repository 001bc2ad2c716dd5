// Row paging in a notebook output, in code-server: an SQL cell returns more rows than its output keeps;
// scrolling the result grid to its end asks the extension host for the next rows (renderer messaging),
// and a row past the kept ones appears in the grid; after a reload the output says the rest is gone.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { E2EContext } from '../support/context';
import { evaluateIn, until } from '../support/workbench';
import { openNotebook } from './notebook';

const PAGED_NOTEBOOK = 'e2e-notebook-paged.ipynb';
const ROWS = 20_000;

interface GridProbe {
  note: string;
  grid: string;
}

/** The paged result's note and grid text, in whichever output frame draws it; `scroll` moves its grid to the end. */
async function probe(ctx: E2EContext, scroll: boolean): Promise<GridProbe | undefined> {
  for (const f of ctx.wb.page.frames()) {
    if (f.isDetached() || f === ctx.wb.page.mainFrame()) continue;
    const found = await evaluateIn<GridProbe | null>(f, `(() => {
      const host = Array.from(document.querySelectorAll('.spark-connect-result'))
        .find((h) => h.shadowRoot && h.shadowRoot.textContent.includes('paged-row-'));
      if (!host) return null;
      const scroller = host.shadowRoot.querySelector('.grid-scroll');
      if (${scroll} && scroller) scroller.scrollTop = scroller.scrollHeight;
      const note = host.previousElementSibling;
      return { note: note ? note.textContent : '', grid: host.shadowRoot.textContent };
    })()`);
    if (found) return found;
  }
  return undefined;
}

/** Rows the grid holds, from its note ("Showing 6,938 of 20,000 rows…", "All 20,000 rows…"). */
const shown = (note: string) => Number((/(?:Showing|All) ([\d,]+)/.exec(note)?.[1] ?? '0').replace(/,/g, ''));

export async function notebookPaging(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  writeFileSync(join(ctx.server.workspace, PAGED_NOTEBOOK), JSON.stringify({
    cells: [{
      cell_type: 'code', execution_count: null, outputs: [], metadata: { vscode: { languageId: 'sql' } },
      source: [`SELECT id, concat('paged-row-', id) AS label FROM range(${ROWS})`],
    }],
    metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5,
  }, null, 1));
  await openNotebook(ctx, PAGED_NOTEBOOK);
  await wb.runCommand('Notebook: Run All');
  const first = await until('the large result with its paging note', async () => {
    const p = await probe(ctx, false);
    return p && /scroll down for more/.test(p.note) ? p : undefined;
  }, 60_000);
  const kept = shown(first.note);
  assert.ok(kept > 0 && kept < ROWS, `the output keeps part of the result: ${first.note}`);
  // Scrolled to its end, the grid asks the kernel for the next rows and draws them.
  const paged = await until('a row paged in from the extension host', async () => {
    const p = await probe(ctx, true);
    const loaded = p ? shown(p.note) : 0;
    return p && loaded > kept && p.grid.includes(`paged-row-${loaded - 1}`) ? { ...p, loaded } : undefined;
  }, 30_000);
  assert.ok(paged.loaded > kept, `${paged.loaded} rows after paging, ${kept} kept`);
  await ctx.shot('22-notebook-paged');

  // Saved and reopened in a reloaded window: the new extension host does not have the result, and the
  // output says so at once while its grid shows the rows the file kept.
  await wb.openFile(PAGED_NOTEBOOK).catch(() => undefined);
  await wb.page.keyboard.press('Control+S');
  await wb.page.waitForTimeout(1000);
  await wb.load(true);
  await wb.openFile(PAGED_NOTEBOOK).catch(() => undefined);
  const reopened = await until('the reopened output\'s note', async () => {
    const p = await probe(ctx, false);
    return p && /Run the cell again/.test(p.note) ? p : undefined;
  }, 60_000);
  assert.match(reopened.note, new RegExp(`Showing the first ${kept.toLocaleString('en-US')} of`));
  assert.match(reopened.grid, /paged-row-0/);
}
