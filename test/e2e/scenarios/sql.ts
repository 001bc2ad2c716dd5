// Running SQL from an editor: a multi-statement file (Ctrl+Shift+Enter) that creates the table the
// explorer scenario looks for, a selection with Ctrl+Enter, a SQL error's squiggle, and cancelling a
// long query.
import assert from 'node:assert/strict';
import type { E2EContext } from '../support/context';
import { until, type TreeRow } from '../support/workbench';
import { connect } from './profiles';
import { waitForResult } from './results';

/** History rows (under "History (n)") of the Operations view. */
export async function historyRows(ctx: E2EContext): Promise<TreeRow[]> {
  const rows = await ctx.wb.treeRows('Operations');
  const start = rows.findIndex((r) => r.label.startsWith('History'));
  return start < 0 ? [] : rows.slice(start + 1).filter((r) => r.level === 2);
}

export async function runMultiStatementFile(ctx: E2EContext): Promise<void> {
  const { wb, names } = ctx;
  const t = names.table;
  await wb.openFile('e2e.sql');
  await wb.setEditorText([
    `CREATE TABLE ${t} (id BIGINT, city STRING, distance_km DOUBLE) USING parquet;`,
    `INSERT INTO ${t} VALUES (1, 'Lyon', 12.75), (2, 'Porto', 3.25), (3, 'Turku', 40.1);`,
    `SELECT city, distance_km * 2 AS there_and_back FROM ${t} ORDER BY id;`,
    '',
  ].join('\n'));
  await wb.page.keyboard.press('Control+Shift+Enter');
  await waitForResult(ctx, ['Lyon', '25.5', 'Porto', '6.5', 'Turku', '80.2']);
  // All three statements ran, in order, and the history says so.
  const history = await until('three history entries', async () => {
    const h = await historyRows(ctx);
    return h.length >= 3 ? h : undefined;
  });
  assert.match(history[0].label, /^\d\d:\d\d:\d\d · .+ · SELECT city, distance_km \* 2 AS there_and_back FROM /, 'time, profile, the statement on one line');
  assert.match(history[0].description, /3 rows/);
  assert.match(history[1].label, / · INSERT INTO /);
  assert.match(history[2].label, / · CREATE TABLE /);
  for (const h of history.slice(0, 3)) assert.ok(h.icons.includes('codicon-pass'), `succeeded: ${h.label} ${h.icons.join(',')}`);
  await ctx.shot('02-multi-statement-file', 'run-file');
}

export async function runSelection(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.openFile('e2e.sql');
  await wb.setEditorText([
    'SELECT 1 AS not_this_one;',
    "SELECT id, concat('row-', id) AS tag, id * id AS squared FROM range(3, 6)",
    'ORDER BY id;',
    'SELECT 2 AS nor_this_one;',
    '',
  ].join('\n'));
  // The selection spans two lines of the second statement; the others must not run.
  await wb.selectLines(2, 3);
  const before = (await historyRows(ctx)).length;
  await wb.page.keyboard.press('Control+Enter');
  await waitForResult(ctx, ['row-3', 'row-4', 'row-5', '16', '25']);
  // Exactly one statement ran (the selected one), not its neighbours.
  const history = await until('one more history entry', async () => {
    const h = await historyRows(ctx);
    return h.length === before + 1 ? h : undefined;
  });
  assert.match(history[0].label, / · SELECT id, concat\('row-', id\) AS tag, id \* id AS squared FROM range\(3, 6\)/, 'the statement on one line');
  assert.match(history[0].description, /3 rows/);
  // A following statement would have started by now.
  await wb.page.waitForTimeout(1500);
  assert.equal((await historyRows(ctx)).length, before + 1);
  await ctx.shot('03-run-selection', 'results');
}

export async function sqlErrorDiagnostic(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.openFile('e2e.sql');
  // The unknown column starts at line 2, column 11.
  await wb.setEditorText('-- an error on line 2\nSELECT id, no_such_column FROM range(3);\n');
  await wb.goTo(2, 1);
  await wb.page.keyboard.press('Control+Enter');
  await wb.waitForNotification(/Spark: .*(no_such_column|UNRESOLVED_COLUMN)/i, 60_000);
  const squiggle = wb.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first();
  await squiggle.waitFor({ timeout: 15_000 });
  await wb.page.keyboard.press('Control+Shift+M');
  const problem = await until('a problem', async () => (await wb.problems()).find((p) => /no_such_column/i.test(p)), 15_000);
  // The Problems panel states the position of the marker: it must be the column's own position.
  assert.match(problem, /line 2 and character 12\b/, problem);
  await ctx.shot('04-sql-error-diagnostic', 'diagnostic');
}

export async function cancelLongQuery(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.clearNotifications();
  await wb.openFile('e2e.sql');
  // One task that sleeps for two minutes on the server (reflect depends on the row, so it is not folded).
  await wb.setEditorText("SELECT id, reflect('java.lang.Thread', 'sleep', id + 120000) AS slept FROM range(1);\n");
  await wb.goTo(1, 1);
  const t0 = Date.now();
  await wb.page.keyboard.press('Control+Enter');
  await wb.waitForTreeRow('Operations', (r) => r.label.startsWith('Running (1)'), 'Running (1)', 30_000);
  await wb.waitForTreeRow('Operations', (r) => r.level === 2 && r.label.startsWith('SELECT id, reflect'), 'the running query');
  // Let it reach the server's executor before cancelling it from the progress notification.
  await wb.page.waitForTimeout(3000);
  await ctx.shot('05-cancel-running');
  await wb.clickNotificationButton(/Spark \(/, 'Cancel');
  const cancelled = await wb.waitForTreeRow('Operations', (r) => r.level === 2 && r.label.includes(' · SELECT id, reflect') && r.icons.includes('codicon-circle-slash'), 'the cancelled entry', 30_000);
  assert.ok(Date.now() - t0 < 60_000, 'cancelled well before the query would have ended');
  assert.ok((await wb.treeRows('Operations')).some((r) => r.label.startsWith('Running (0)')), 'nothing runs any more');
  assert.ok(cancelled);
  // The server operation ended: the same session answers a new query at once (a live operation holding
  // the task slot of the one-partition job would not stop the new one, so also check the timing).
  await wb.setEditorText('SELECT 42 AS after_cancel;\n');
  await wb.goTo(1, 1);
  const t1 = Date.now();
  await wb.page.keyboard.press('Control+Enter');
  await waitForResult(ctx, ['after_cancel', '42'], 30_000);
  assert.ok(Date.now() - t1 < 30_000);
  await ctx.shot('05-cancelled');
}


/** Drops the scenario's table through the editor, so the shared server is left as it was. */
export async function dropTestTable(ctx: E2EContext): Promise<void> {
  await ctx.wb.escapeQuickInput();
  // After the reload scenario the window has no session yet.
  if (!await ctx.wb.page.locator('.statusbar-item', { hasText: /· Spark \d/ }).first().isVisible()) await connect(ctx, ctx.names.profile);
  await ctx.wb.openFile('e2e.sql');
  await ctx.wb.setEditorText(`DROP TABLE IF EXISTS ${ctx.names.table};\n`);
  await ctx.wb.goTo(1, 1);
  await ctx.wb.page.keyboard.press('Control+Enter');
  await until('the drop in the history', async () => (await historyRows(ctx))[0]?.label.includes(' · DROP TABLE'), 20_000);
}
