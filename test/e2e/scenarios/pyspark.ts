// Running PySpark code from a .py editor (issue 16): a selection run with Ctrl+Enter, its values read
// from the results grid, and a construct the runner cannot run (a Python UDF) marked where it is.
import assert from 'node:assert/strict';
import type { E2EContext } from '../support/context';
import { until } from '../support/workbench';
import { waitForResult } from './results';

// Short lines, each a whole statement: the editor shares the window with the grid (a wider line would
// scroll it sideways, under the next scenario's click), and typing an open bracket's continuation
// lines would be re-indented by the editor.
const TRIPS = [
  'from pyspark.sql import SparkSession',
  'from pyspark.sql import functions as F',
  'spark = SparkSession.builder.getOrCreate()',
  'rows = [("Lyon", 12.75), ("Porto", 3.25)]',
  'rows = rows + [("Turku", 40.1)]',
  't = spark.createDataFrame(rows, ["city", "km"])',
  't.show()',
  'km2 = F.col("km") * 2',
  'longer = t.withColumn("there_and_back", km2)',
  'big = longer.filter(F.col("km") > 5)',
  'big.orderBy("city").show()',
  '',
].join('\n');

export async function runPySparkSelection(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.openFile('e2e.py');
  await wb.setEditorText(TRIPS);
  // Lines 9-11 use `t`, `km2` and `F` from above: the runner takes lines 1-6 and 8 with them (line 5
  // rebinds `rows` from line 4), not line 7's show.
  await wb.selectLines(9, 11);
  await wb.page.keyboard.press('Control+Enter');
  const grid = await waitForResult(ctx, ['Lyon', '25.5', 'Turku', '80.2']);
  assert.ok(!grid.includes('Porto'), `the filter ran: ${grid}`);
  // The status bar says which lines ran.
  await until('the lines used', async () => (await wb.page.locator('.statusbar-item', { hasText: /ran lines 1.6, 8.11/ }).count()) > 0, 15_000);
  await ctx.shot('16-pyspark-selection', 'pyspark');
}

export async function pysparkUnsupportedSquiggle(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.clearNotifications();
  await wb.openFile('e2e.py');
  await wb.setEditorText([
    'from pyspark.sql import functions as F',
    'from pyspark.sql.functions import udf',
    'df = spark.range(3)',
    'plus_one = udf(lambda v: v + 1)',
    'df.select(plus_one(F.col("id"))).show()',
    '',
  ].join('\n'));
  await wb.goTo(5, 1);
  await wb.page.keyboard.press('Control+Enter');
  await wb.waitForNotification(/Spark: Line 4, column 12: Python UDFs/, 60_000);
  const squiggle = wb.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first();
  await squiggle.waitFor({ timeout: 15_000 });
  await wb.page.keyboard.press('Control+Shift+M');
  const problem = await until('a problem', async () => (await wb.problems()).find((p) => /Python UDFs/.test(p)), 15_000);
  // The marker sits on the udf(...) call: line 4, character 12.
  assert.match(problem, /line 4 and character 12\b/, problem);
  await ctx.shot('17-pyspark-unsupported', 'pyspark-unsupported');
}
