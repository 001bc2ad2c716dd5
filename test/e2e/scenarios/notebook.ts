// The notebook kernel in a real VS Code with only this extension installed (no Jupyter, no Python): an
// .ipynb with SQL cells, the "Spark Connect" kernel picked from the kernel list, Run All, the result in
// our grid renderer, a failing cell's error, then save, reload the window and see the saved outputs
// render again without running anything.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import type { E2EContext } from '../support/context';
import { evaluateIn, until } from '../support/workbench';

const NOTEBOOK = 'e2e-notebook.ipynb';
const LONG_NOTEBOOK = 'e2e-notebook-long.ipynb';

function cell(source: string, language?: string): Record<string, unknown> {
  return {
    cell_type: 'code', execution_count: null, outputs: [], source: source.split(/(?<=\n)/),
    metadata: language ? { vscode: { languageId: language } } : {},
  };
}

function writeNotebook(dir: string): void {
  const nb = {
    cells: [
      cell('from pyspark.sql import functions as F\n'
        + "df = spark.range(4).withColumn('tag', F.concat(F.lit('nb-'), F.col('id').cast('string')))\n"
        + "df.withColumn('times_seven', F.col('id') * 7)"),
      cell('SELECT tag, id * 100 AS hundredfold FROM {df} WHERE id >= 2', 'sql'),
      cell('!pip install pyspark\n%pip install pandas'),
      cell('%%sql\nSELECT no_such_column FROM range(1)'),
      cell("SELECT 'never runs' AS after_failure", 'sql'),
    ],
    metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5,
  };
  writeFileSync(join(dir, NOTEBOOK), JSON.stringify(nb, null, 1));
  writeFileSync(join(dir, LONG_NOTEBOOK), JSON.stringify({
    ...nb, cells: [cell("SELECT reflect('java.lang.Thread', 'sleep', CAST(60000 AS BIGINT)) AS slept", 'sql')],
  }, null, 1));
}

/** Text of every Spark Connect grid rendered in the notebook's output frames (inside their shadow roots). */
async function gridTexts(ctx: E2EContext): Promise<string[]> {
  const out: string[] = [];
  for (const f of ctx.wb.page.frames()) {
    if (f.isDetached()) continue;
    const texts = await evaluateIn<string[]>(f, `Array.from(document.querySelectorAll('.spark-connect-result')).map((h) => h.shadowRoot ? h.shadowRoot.textContent : '')`);
    if (texts) out.push(...texts);
  }
  return out;
}

/** All text of the output frames (errors and stdout are drawn by VS Code's own renderers). */
async function outputTexts(ctx: E2EContext): Promise<string> {
  const parts: string[] = [];
  for (const f of ctx.wb.page.frames() as Frame[]) {
    if (f.isDetached() || f === ctx.wb.page.mainFrame()) continue;
    const t = await evaluateIn<string>(f, 'document.body ? document.body.innerText : ""');
    if (t) parts.push(t);
  }
  return parts.join('\n');
}

/** Opens a notebook of the workspace and picks the Spark Connect kernel for it. */
export async function openNotebook(ctx: E2EContext, name: string): Promise<void> {
  const { wb } = ctx;
  // Quick Open finds a file written a moment ago only once the workspace's file watcher has seen it: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await wb.openFile(name);
      break;
    } catch (err) {
      // A notebook has no text editor to focus: its tab being active is enough.
      const tab = wb.page.locator('.editor-group-container.active .tab.active', { hasText: name });
      if (await tab.count() > 0) break;
      if (attempt >= 4) throw err;
      await wb.escapeQuickInput();
      await wb.page.waitForTimeout(2000);
    }
  }
  await wb.page.locator('.notebook-editor').first().waitFor({ timeout: 30_000 });
  await wb.runCommand('Notebook: Select Notebook Kernel');
  await wb.waitForQuickInput(/kernel/i).catch(() => undefined);
  await wb.pick('Spark Connect');
}

export async function notebookKernel(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  writeNotebook(ctx.server.workspace);
  await openNotebook(ctx, NOTEBOOK);
  await wb.runCommand('Notebook: Run All');
  const grid = await until('the result grid in the first cell', async () => {
    const texts = await gridTexts(ctx);
    // The grid draws only the rows in view (the group may be narrow): the first row and the header are enough.
    return texts.find((t) => t.includes('times_seven') && t.includes('nb-0') && /4 rows/.test(t));
  }, 60_000);
  assert.match(grid, /times_seven/);
  // The SQL cell read the DataFrame the Python cell bound ({df}).
  await until('the SQL cell over {df}', async () => (await gridTexts(ctx)).find((t) => t.includes('hundredfold') && /2 rows/.test(t)), 30_000);
  await ctx.shot('20-notebook', 'notebook');
  // The notebook draws only the outputs in view: scroll down while looking for the later cells' outputs.
  const box = await wb.page.locator('.notebook-editor').first().boundingBox();
  if (box) await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const text = await until('the failing cell\'s error', async () => {
    const t = await outputTexts(ctx);
    if (/UNRESOLVED_COLUMN/.test(t) && /skipped/i.test(t)) return t;
    await wb.page.mouse.wheel(0, 250);
    return undefined;
  }, 30_000);
  assert.match(text, /skipped/i, 'the shell line and the magic are noted, not failed');
  assert.ok(!text.includes('never runs'), 'the cell after the failing one must not run');

  // A long cell, stopped: the server operation is interrupted and the cell says so.
  await openNotebook(ctx, LONG_NOTEBOOK);
  await wb.runCommand('Notebook: Run All');
  await wb.page.waitForTimeout(2500);
  const t0 = Date.now();
  await wb.runCommand('Notebook: Stop Execution');
  await until('the cancelled cell', async () => (/Cancelled after/.test(await outputTexts(ctx)) ? true : undefined), 15_000);
  assert.ok(Date.now() - t0 < 10_000, `cancel took ${Date.now() - t0} ms`);

  // Restart: the kernel forgets the notebook's names and the profile gets a fresh server session.
  await wb.runCommand('Spark: Restart Notebook Kernel (fresh session, names cleared)');
  await until('the restart notification', async () => (await wb.notifications()).find((m) => /kernel restarted: a fresh session on/.test(m)), 30_000);

  // Save, reload, and the saved result renders from the file alone.
  await wb.openFile(NOTEBOOK).catch(() => undefined);
  await wb.page.keyboard.press('Control+S');
  await wb.page.waitForTimeout(1000);
  await wb.load(true);
  await wb.openFile(NOTEBOOK).catch(() => undefined);
  await until('the saved grid after reload', async () => {
    const texts = await gridTexts(ctx);
    return texts.find((t) => t.includes('times_seven') && t.includes('nb-0')) ? true : undefined;
  }, 60_000);
  await ctx.shot('21-notebook-after-reload');
}
