// Activation benchmark: how long VS Code would spend loading dist/extension.js and running activate().
// Each run is a fresh `node` process (measure.cjs) with a stub `vscode` module, so every run pays the
// full cost of reading and compiling the bundle, as the first activation in a window does. Reports the
// median, min and max of N runs for: load (require of the bundle), activate() and the two together,
// against the 100 ms budget for the total.
//   npm run package && node bench/activation/run.mjs [--runs N] [--root DIR] [--out FILE]
// --root is a folder holding package.json and dist/ (default: this checkout; an unpacked .vsix's
// extension/ folder works too).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const runs = Number(option('--runs', '20'));
const root = path.resolve(option('--root', path.join(here, '..', '..')));
const out = option('--out', path.join(here, '..', 'results', 'activation.json'));
const BUDGET_MS = 100;

const samples = [];
for (let i = 0; i < runs; i++) {
  const stdout = execFileSync(process.execPath, [path.join(here, 'measure.cjs'), root], { encoding: 'utf8' });
  samples.push(JSON.parse(stdout));
}

const stats = (key) => {
  const v = samples.map((s) => s[key]).sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1] };
};
const result = {
  root, runs, node: process.version,
  bundleFiles: samples[0].loaded,
  registeredCommands: samples[0].registeredCommands.length,
  loadMs: stats('loadMs'), activateMs: stats('activateMs'), totalMs: stats('totalMs'),
  budgetMs: BUDGET_MS,
};
const fmt = (s) => `${s.median.toFixed(1).padStart(7)} ${s.min.toFixed(1).padStart(7)} ${s.max.toFixed(1).padStart(7)}`;
console.log(`activation of ${path.join(root, 'dist', 'extension.js')}, ${runs} fresh processes, ${process.version}`);
console.log(`files loaded: ${result.bundleFiles.join(', ')}; commands registered: ${result.registeredCommands}`);
console.log(`                      median     min     max (ms)`);
console.log(`load (require)      ${fmt(result.loadMs)}`);
console.log(`activate()          ${fmt(result.activateMs)}`);
console.log(`load + activate()   ${fmt(result.totalMs)}`);
console.log(result.totalMs.median <= BUDGET_MS ? `within the ${BUDGET_MS} ms budget` : `OVER the ${BUDGET_MS} ms budget`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
