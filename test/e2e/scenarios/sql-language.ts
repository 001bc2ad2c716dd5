// The Spark SQL language service in the editor: completion of a table after FROM and of its column
// after WHERE (from the connected server's catalog), hover on a function (the server's own docs), a
// squiggle on an unknown column when the file is saved, before anything runs, Format Document on a SQL
// script (BEGIN ... END indented by block), a syntax squiggle inside spark.sql("...") of a Python file
// at the right column through an escape; and the setting that opens .sql files in the Spark SQL mode.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { E2EContext } from '../support/context';
import { until } from '../support/workbench';

/** Triggers suggestions, waits for a row whose label is `label` (screenshot of the list: `shot`), and accepts it. */
async function pickSuggestion(ctx: E2EContext, label: string, shot?: () => Promise<void>): Promise<void> {
  const { page } = ctx.wb;
  await page.keyboard.press('Control+Space');
  const row = page.locator('.suggest-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await row.waitFor({ timeout: 30_000 });
  await shot?.();
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
  await pickSuggestion(ctx, 'distance_km', () => ctx.shot('06-sql-column-completion', 'sql-completion'));
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

  await sqlLanguageFormatsScript(ctx);
  await sqlInPythonSquiggle(ctx);
}

/** Opens a file written a moment ago: Quick Open finds it once the workspace's file watcher has seen it. */
async function openNewFile(ctx: E2EContext, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.wb.openFile(name);
      return;
    } catch (err) {
      if (attempt >= 4) throw err;
      await ctx.wb.escapeQuickInput();
      await ctx.wb.page.waitForTimeout(2000);
    }
  }
}

const SCRIPT = 'BEGIN DECLARE x INT DEFAULT 1; IF x > 0 THEN SELECT x; END IF; END;\n';

/** Format Document on a SQL script: each statement on its own line, each block one level further in. */
async function sqlLanguageFormatsScript(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.openFile('e2e.sql');
  await wb.setEditorText(SCRIPT);
  await wb.runCommand('Format Document');
  const text = await until('the formatted script', async () => {
    const t = (await wb.editorText()).replace(/\u00a0/g, ' ');
    return t.split('\n').some((l) => l.trim() === 'END IF;') ? t : undefined;
  }, 30_000);
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  // Monaco may render its lines out of order after an edit: find each line, compare indentation.
  const indentOf = (content: string): number => {
    const line = lines.find((l) => l.trim() === content);
    assert.ok(line !== undefined, `${content} in\n${text}`);
    return line.length - line.trimStart().length;
  };
  assert.equal(indentOf('BEGIN'), 0);
  assert.ok(indentOf('DECLARE x INT DEFAULT 1;') > 0);
  assert.equal(indentOf('IF x > 0 THEN'), indentOf('DECLARE x INT DEFAULT 1;'));
  assert.ok(indentOf('SELECT') > indentOf('IF x > 0 THEN'));
  assert.equal(indentOf('END IF;'), indentOf('IF x > 0 THEN'));
  assert.equal(indentOf('END;'), 0);
  await ctx.shot('06-sql-format-script');
  await wb.page.keyboard.press('Control+S');
}

/** A syntax error inside spark.sql("...") of a Python file, marked where it is written (after an escape). */
async function sqlInPythonSquiggle(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  const name = `e2e_sql_${ctx.runId}.py`;
  writeFileSync(join(ctx.server.workspace, name), 'df = spark.sql("SELECT \\"id\\" FROM FROM people")\n');
  await openNewFile(ctx, name);
  const squiggle = wb.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first();
  await squiggle.waitFor({ timeout: 30_000 });
  // Ctrl+Shift+M toggles: press it only when the Problems panel is not showing already.
  if (!(await wb.page.locator('.markers-panel').first().isVisible())) await wb.page.keyboard.press('Control+Shift+M');
  const problem = await until('the syntax error in the Python string', async () => (await wb.problems()).find((p) => /'FROM' is not valid/.test(p)), 30_000);
  // The second FROM: source column 36 (1-based), after the escaped quotes \"id\".
  assert.match(problem, /line 1 and character 36\b/, problem);
  await ctx.shot('06-sql-in-python-squiggle');
}

/** The language mode the status bar shows for the active editor ("SQL", "Spark SQL"). */
async function languageMode(ctx: E2EContext): Promise<string> {
  const item = ctx.wb.page.locator('.statusbar [id="status.editor.mode"]').first();
  return ((await item.getAttribute('aria-label', { timeout: 5000 })) ?? (await item.innerText({ timeout: 5000 }))).trim();
}

/**
 * Turns sparkConnect.sql.useSparkSqlLanguage on or off in the Settings editor, as a user would (a modal
 * in this code-server, which Escape closes).
 */
async function setSparkSqlLanguage(ctx: E2EContext, on: boolean): Promise<void> {
  const { page } = ctx.wb;
  await ctx.wb.runCommand('Preferences: Open Settings (UI)');
  await page.locator('.settings-editor').first().waitFor({ timeout: 30_000 });
  // The search box has the focus when the Settings editor opens.
  await page.keyboard.insertText('sparkConnect.sql.useSparkSqlLanguage');
  const checkbox = page.locator('.settings-editor .setting-item-bool', { hasText: /Use Spark Sql Language/i }).first().locator('.setting-value-checkbox');
  await checkbox.waitFor({ timeout: 30_000 });
  const checked = async (): Promise<boolean> => (await checkbox.getAttribute('aria-checked')) === 'true';
  if ((await checked()) !== on) await checkbox.click();
  await until('the checkbox', async () => ((await checked()) === on) || undefined, 10_000);
  // The Settings editor writes a change a moment after the click: wait for the file before closing it
  // (closing at once can drop the write). Turned off, the key goes (false is the default).
  const file = join(ctx.server.userDataDir, 'User', 'settings.json');
  await until('the setting in settings.json', async () => (/"sparkConnect\.sql\.useSparkSqlLanguage": true/.test(readFileSync(file, 'utf8')) === on) || undefined, 10_000);
  await page.keyboard.press('Escape');
  // Desktop VS Code opens it as an editor tab instead, which Escape leaves open.
  const closed = await page.locator('.settings-editor').first().waitFor({ state: 'hidden', timeout: 5000 }).then(() => true, () => false);
  if (!closed) await ctx.wb.runCommand('View: Close Editor');
}

/** VS Code's own SQL mode: "SQL" or "MS SQL", depending on the version. */
const vsCodeSqlMode = (m: string): boolean => m !== 'Spark SQL' && /SQL$/.test(m);

/**
 * sparkConnect.sql.useSparkSqlLanguage: .sql files VS Code opens in its own SQL mode are shown in the
 * Spark SQL mode while the setting is on (those already open when it is turned on, and those opened
 * after), and go back to VS Code's SQL mode when it is turned off.
 */
export async function sparkSqlLanguageSetting(ctx: E2EContext): Promise<void> {
  const [before, after] = ['before', 'after'].map((n) => `e2e_mode_${n}_${ctx.runId}.sql`);
  for (const name of [before, after]) writeFileSync(join(ctx.server.workspace, name), 'SELECT 1 |> WHERE true;\n');
  // In the editors' group, not the results'.
  await ctx.wb.runCommand('View: Focus First Editor Group');
  await openNewFile(ctx, before);
  await until('VS Code\'s SQL mode while the setting is off', async () => vsCodeSqlMode(await languageMode(ctx)) || undefined, 30_000);
  await setSparkSqlLanguage(ctx, true);
  await until('the Spark SQL mode for the open file', async () => (await languageMode(ctx)) === 'Spark SQL' || undefined, 30_000);
  await ctx.wb.runCommand('View: Focus First Editor Group');
  await openNewFile(ctx, after);
  await until('the Spark SQL mode for a file opened after', async () => (await languageMode(ctx)) === 'Spark SQL' || undefined, 30_000);
  await ctx.shot('06-sql-language-mode');
  await setSparkSqlLanguage(ctx, false);
  for (const name of [after, before]) {
    await ctx.wb.openFile(name);
    await until(`VS Code's SQL mode again for ${name}`, async () => vsCodeSqlMode(await languageMode(ctx)) || undefined, 30_000);
  }
}
