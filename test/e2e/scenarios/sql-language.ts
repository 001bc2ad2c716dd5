// The Spark SQL language service in the editor: completion of a table after FROM and of its column
// after WHERE (from the connected server's catalog), hover on a function (the server's own docs), and
// a squiggle on an unknown column when the file is saved, before anything runs.
import assert from 'node:assert/strict';
import type { E2EContext } from '../support/context';
import { until } from '../support/workbench';

/** Triggers suggestions, waits for a row whose label is `label`, and accepts it. */
async function pickSuggestion(ctx: E2EContext, label: string): Promise<void> {
  const { page } = ctx.wb;
  await page.keyboard.press('Control+Space');
  const row = page.locator('.suggest-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

export async function sqlLanguageService(ctx: E2EContext): Promise<void> {
  const { wb, names } = ctx;
  const t = names.table;
  await wb.openFile('e2e.sql');
  await wb.setEditorText('SELECT * FROM ');
  await wb.page.keyboard.insertText(t.slice(0, 9));
  await pickSuggestion(ctx, t);
  await wb.page.keyboard.insertText(' WHERE dist');
  await pickSuggestion(ctx, 'distance_km');
  // The editor renders spaces as no-break spaces.
  await until('the completed statement', async () => (await wb.editorText()).replace(/\u00a0/g, ' ').includes(`SELECT * FROM ${t} WHERE distance_km`) || undefined, 10_000);
  await ctx.shot('06-sql-completion');

  // Hover on a function: the server's DESCRIBE FUNCTION text.
  await wb.setEditorText(`SELECT upper(city) FROM ${t};\n`);
  await wb.goTo(1, 9);
  await wb.page.keyboard.press('Control+K');
  await wb.page.keyboard.press('Control+I');
  const hover = wb.page.locator('.monaco-hover', { hasText: 'upper(str)' }).first();
  await hover.waitFor({ timeout: 30_000 });
  assert.match(await hover.innerText(), /uppercase/i);
  await ctx.shot('06-sql-hover');
  await wb.page.keyboard.press('Escape');

  // An unknown column: marked on save, with Spark's error class, before any run.
  await wb.setEditorText(`SELECT no_such_col FROM ${t};\n`);
  await wb.page.keyboard.press('Control+S');
  const squiggle = wb.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first();
  await squiggle.waitFor({ timeout: 30_000 });
  await wb.page.keyboard.press('Control+Shift+M');
  const problem = await until('the server diagnostic', async () => (await wb.problems()).find((p) => /`no_such_col`/i.test(p)), 30_000);
  assert.match(problem, /line 1 and character 8\b/, problem);
  await ctx.shot('06-sql-server-diagnostic');
}
