// End-to-end: the packaged extension installed into a real VS Code (code-server) and driven through
// Chromium like a user, against the real Spark servers of the environment. The scenarios run in order
// in one window because each builds on the last (the profile made first is the one later runs use);
// each saves a screenshot under test-results/e2e/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCodeServer, type CodeServer } from './support/code-server';
import { readmeImageSaver, resultsDir, sparkFromEnv, type E2EContext } from './support/context';
import { obtainVsix } from './support/vsix';
import { Workbench } from './support/workbench';
import { projectRoot } from '../support/servers';
import { explainJoin } from './scenarios/plan';
import { explorerListsTable } from './scenarios/explorer';
import { reloadKeepsState, tokenNeverStored } from './scenarios/persistence';
import { addAndTestLocalProfile, connect, tokenProfile } from './scenarios/profiles';
import { cancelLongQuery, runMultiStatementFile, runSelection, sqlErrorDiagnostic } from './scenarios/sql';

describe('extension in code-server', { timeout: 480_000 }, () => {
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let ctx: E2EContext;
  const runId = Date.now().toString(36);

  before(async () => {
    const out = resultsDir();
    const vsix = obtainVsix(out);
    console.log(`e2e: installing ${vsix.path} (${vsix.source})`);
    server = await startCodeServer(vsix.path, join(projectRoot(), 'samples'));
    writeFileSync(join(server.workspace, 'e2e.sql'), '');
    console.log(`e2e: code-server at ${server.url} (user data ${server.userDataDir})`);
    wb = await Workbench.open(server.url, out);
    const save = readmeImageSaver();
    const { spark, tokenServer } = sparkFromEnv();
    const w = wb;
    ctx = {
      wb: w, server, spark, tokenServer, runId,
      names: { profile: 'e2e-local', tokenProfile: 'e2e-token', table: `e2e_trips_${runId}` },
      async shot(name, readmeImage) {
        const file = await w.screenshot(name);
        if (readmeImage) save(file, readmeImage);
      },
    };
  });

  after(async () => {
    if (wb && server) {
      // Leave the shared server as it was: drop the table through the same UI.
      await wb.openFile('e2e.sql').then(() => wb?.setEditorText(`DROP TABLE IF EXISTS ${ctx.names.table};\n`))
        .then(() => wb?.page.keyboard.press('Control+Enter')).then(() => wb?.page.waitForTimeout(2000)).catch(() => undefined);
    }
    await wb?.close().catch(() => undefined);
    await server?.stop();
  });

  // A failed scenario leaves its last screen behind for diagnosis.
  async function step(name: string, fn: (c: E2EContext) => Promise<void>): Promise<void> {
    try {
      await fn(ctx);
    } catch (err) {
      await wb?.screenshot(`FAILED-${name}`).catch(() => undefined);
      throw err;
    }
  }

  it('adds a profile for the local Spark server through the UI and tests it', () => step('profile', addAndTestLocalProfile));
  it('connects the profile (status bar and tree)', () => step('connect', async (c) => { await connect(c, c.names.profile); }));
  it('runs a multi-statement file with Ctrl+Shift+Enter', () => step('run-file', runMultiStatementFile));
  it('lists the created table and its columns in the explorer', () => step('explorer', explorerListsTable));
  it('runs a selection with Ctrl+Enter and shows its values', () => step('selection', runSelection));
  it('marks a SQL error at the right position', () => step('diagnostic', sqlErrorDiagnostic));
  it('cancels a long-running query', () => step('cancel', cancelLongQuery));
  it('explains a join and shows its operators', () => step('explain', explainJoin));
  it('adds a token profile with the token typed into the UI', () => step('token', tokenProfile));
  it('keeps profiles and history across a window reload', () => step('reload', reloadKeepsState));
  it('never writes the token to settings.json or the logs', () => step('token-leak', tokenNeverStored));
});
