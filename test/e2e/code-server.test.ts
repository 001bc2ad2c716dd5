// End-to-end: the packaged extension installed into a real VS Code (code-server) and driven through
// Chromium like a user, against the real Spark servers of the environment. The scenarios run in order
// in one window because each builds on the last (the profile made first is the one later runs use);
// each saves a screenshot under test-results/e2e/.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCodeServer, type CodeServer } from './support/code-server';
import { makeContext, resultsDir, type E2EContext } from './support/context';
import { obtainVsix } from './support/vsix';
import { Workbench } from './support/workbench';
import { projectRoot } from '../support/servers';
import { SCENARIOS, runScenario } from './scenarios/index';
import { dropTestTable } from './scenarios/sql';

describe('extension in code-server', { timeout: 480_000 }, () => {
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let ctx: E2EContext | undefined;

  before(async () => {
    const out = resultsDir();
    mkdirSync(out, { recursive: true });
    // Screenshots of an earlier run (FAILED-* above all) must not pass for this run's.
    for (const f of readdirSync(out, { withFileTypes: true })) if (f.isFile() && f.name.endsWith('.png')) rmSync(join(out, f.name));
    const vsix = obtainVsix(out);
    console.log(`e2e: installing ${vsix.path} (${vsix.source})`);
    server = await startCodeServer(vsix.path, join(projectRoot(), 'samples'));
    writeFileSync(join(server.workspace, 'e2e.sql'), '');
    writeFileSync(join(server.workspace, 'e2e.py'), '');
    console.log(`e2e: code-server at ${server.url} (user data ${server.userDataDir})`);
    wb = await Workbench.open(server.url, out);
    ctx = makeContext(wb, server);
  });

  after(async () => {
    // Leave the shared Spark server as it was: drop the table through the same UI.
    if (ctx) {
      await dropTestTable(ctx).catch(async (err: unknown) => {
        console.log(`e2e: could not drop ${ctx?.names.table}: ${err instanceof Error ? err.message : String(err)}`);
        await wb?.screenshot('FAILED-drop-table').catch(() => undefined);
      });
    }
    await wb?.close().catch(() => undefined);
    await server?.stop();
  });

  // E2E_SCENARIOS=profile,connect,<name> runs only those (while developing one scenario); CI runs all.
  const only = process.env.E2E_SCENARIOS?.split(',').map((n) => n.trim()).filter(Boolean);
  for (const s of only?.length ? SCENARIOS.filter((x) => only.includes(x.name)) : SCENARIOS) {
    it(s.title, async () => {
      if (!ctx) throw new Error('the workbench did not start');
      await runScenario(ctx, s);
    });
  }
});
