// Desktop VS Code runner for the same scenarios (not run in CI: it downloads VS Code from Microsoft).
//   npm i --no-save @vscode/test-electron && npm run build && node out/test/e2e/electron/run.js
// It downloads a stable VS Code with @vscode/test-electron, installs the .vsix into an isolated
// extensions folder, launches it through Playwright's Electron driver with a copy of samples/, and runs
// test/e2e/scenarios in order. Needs SPARK_REMOTE (and SPARK_TOKEN_REMOTE + SPARK_TOKEN_FILE) like the
// code-server suite, and a display (xvfb-run on a headless Linux).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { projectRoot } from '../../support/servers';
import { SCENARIOS, runScenario } from '../scenarios/index';
import { makeContext, resultsDir } from '../support/context';
import { obtainVsix } from '../support/vsix';
import { Workbench } from '../support/workbench';

/** The part of @vscode/test-electron this runner uses (the package is optional, so it is typed here). */
interface TestElectron {
  downloadAndUnzipVSCode(version?: string): Promise<string>;
  resolveCliArgsFromVSCodeExecutablePath(executable: string): string[];
}

async function main(): Promise<void> {
  const moduleName = '@vscode/test-electron';
  const te = await import(moduleName) as TestElectron;
  const executable = await te.downloadAndUnzipVSCode(process.env.VSCODE_VERSION ?? 'stable');
  const root = mkdtempSync(join(tmpdir(), 'e2e-electron-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  cpSync(join(projectRoot(), 'samples'), workspace, { recursive: true });
  writeFileSync(join(workspace, 'e2e.sql'), '');
  writeFileSync(join(workspace, 'e2e.py'), '');
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none' }));
  const vsix = obtainVsix(join(resultsDir(), 'electron'));
  const [cli, ...cliArgs] = te.resolveCliArgsFromVSCodeExecutablePath(executable);
  const inst = spawnSync(cli, [...cliArgs, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix.path], { encoding: 'utf8' });
  if (inst.status !== 0) throw new Error(`--install-extension failed:\n${inst.stdout}\n${inst.stderr}`);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^SPARK|TOKEN/i.test(k)) env[k] = v;
  const app = await electron.launch({
    executablePath: executable, env,
    args: ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu', workspace],
  });
  let out = '';
  app.process().stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  app.process().stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const wb = await Workbench.attach(await app.firstWindow(), join(resultsDir(), 'electron'), () => app.close());
  const ctx = makeContext(wb, { userDataDir, workspace, output: () => out });
  let failed = 0;
  for (const s of SCENARIOS) {
    const t0 = Date.now();
    try {
      await runScenario(ctx, s);
      console.log(`ok ${s.title} (${Date.now() - t0} ms)`);
    } catch (err) {
      failed++;
      console.log(`not ok ${s.title}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  await wb.close();
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
