// The scenarios in the order they run: shared by the code-server suite (test/e2e/code-server.test.ts)
// and the desktop VS Code runner (test/e2e/electron/run.ts). Each builds on the ones before it.
import type { E2EContext } from '../support/context';
import { explainJoin } from './plan';
import { notebookKernel } from './notebook';
import { notebookPaging } from './notebook-paging';
import { explorerListsTable } from './explorer';
import { clickConnectsAndStepTicks, walkthroughOpensOnFirstRun, walkthroughTicksForExistingConnection } from './first-steps';
import { lostSessionSaysSo, reloadKeepsState, tokenNeverStored } from './persistence';
import { addAndTestLocalProfile, connect, tokenProfile } from './profiles';
import { cancelLongQuery, runMultiStatementFile, runSelection, sqlErrorDiagnostic } from './sql';
import { formatSqlDocument } from './format';
import { pysparkUnsupportedSquiggle, runPySparkSelection } from './pyspark';
import { sparkSqlLanguageSetting, sqlLanguageService } from './sql-language';
import { exportWholeResult, failedRunShowsFailure } from './partial-results';

export interface Scenario {
  /** Short name for the failure screenshot. */
  name: string;
  title: string;
  run(ctx: E2EContext): Promise<void>;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'walkthrough', title: 'opens the walkthrough the first time the extension runs', run: walkthroughOpensOnFirstRun },
  { name: 'profile', title: 'adds a profile for the local Spark server through the UI and tests it', run: addAndTestLocalProfile },
  { name: 'click-connect', title: 'ticks "Add a connection" and connects a profile with a click on its row', run: clickConnectsAndStepTicks },
  { name: 'connect', title: 'connects the profile (status bar and tree)', run: async (c) => { await connect(c, c.names.profile); } },
  { name: 'run-file', title: 'runs a multi-statement file with Ctrl+Shift+Enter', run: runMultiStatementFile },
  { name: 'explorer', title: 'lists the created table and its columns in the explorer', run: explorerListsTable },
  { name: 'selection', title: 'runs a selection with Ctrl+Enter and shows its values', run: runSelection },
  { name: 'pyspark', title: 'runs selected PySpark code with Ctrl+Enter and shows its values', run: runPySparkSelection },
  { name: 'pyspark-unsupported', title: 'marks a PySpark construct that cannot run (a UDF) where it is', run: pysparkUnsupportedSquiggle },
  { name: 'diagnostic', title: 'marks a SQL error at the right position', run: sqlErrorDiagnostic },
  { name: 'sql-language', title: 'completes a table and a column, hovers a function, marks an unknown column on save', run: sqlLanguageService },
  { name: 'cancel', title: 'cancels a long-running query', run: cancelLongQuery },
  { name: 'explain', title: 'explains a join and shows its operators', run: explainJoin },
  { name: 'token', title: 'adds a token profile with the token typed into the UI', run: tokenProfile },
  { name: 'reload', title: 'keeps profiles and history across a window reload', run: reloadKeepsState },
  { name: 'token-leak', title: 'never writes the token to settings.json or the logs', run: tokenNeverStored },
  { name: 'format-sql', title: 'formats a SQL file, keeping |>, :: and => intact', run: formatSqlDocument },
  { name: 'session-lost', title: 'says which temporary views were lost when the server no longer has the session', run: lostSessionSaysSo },
  { name: 'export-whole', title: 'exports the whole of a cut-off result by re-running it into a file', run: exportWholeResult },
  { name: 'failed-run', title: 'shows a failed run\'s error in its tab, the old rows only as the previous result', run: failedRunShowsFailure },
  { name: 'notebook', title: 'runs SQL cells of an .ipynb on the Spark Connect kernel and renders saved outputs after a reload', run: notebookKernel },
  { name: 'notebook-paging', title: 'pages a notebook result\'s rows past the output\'s cap in from the extension host as its grid scrolls', run: notebookPaging },
  // Near the end: it leaves two more files open in the editors' group, which the scenarios above do not expect.
  { name: 'spark-sql-mode', title: 'opens .sql files in the Spark SQL mode while the setting says so', run: sparkSqlLanguageSetting },
  // After a window reload, with the .sql files spark-sql-mode left open: the extension activates before the walkthrough shows.
  { name: 'walkthrough-existing', title: 'ticks "Add a connection" in a window that starts with a connection', run: walkthroughTicksForExistingConnection },
];

/** Runs one scenario; a failure leaves its last screen behind as FAILED-<name>.png. */
export async function runScenario(ctx: E2EContext, s: Scenario): Promise<void> {
  try {
    await s.run(ctx);
  } catch (err) {
    await ctx.wb.screenshot(`FAILED-${s.name}`).catch(() => undefined);
    throw err;
  }
}
