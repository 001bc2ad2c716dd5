// Runs the compiled node:test suites under out/test/<kind>/ (kind: unit, integration, e2e, webview or all).
// e2e (the .vsix in code-server, driven by Chromium) runs last: it is the slowest and needs everything else.
// One node --test process so the runner prints a single summary that CI can count.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const kinds = process.argv[2] === 'all' || !process.argv[2]
  ? ['unit', 'webview', 'integration', 'e2e']
  : process.argv[2].split(',');
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.js')) files.push(path);
  }
}
for (const kind of kinds) {
  const dir = join('out', 'test', kind);
  if (existsSync(dir)) walk(dir);
}
const filter = process.env.TEST_FILTER;
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
if (selected.length === 0) {
  console.error(`no test files for ${kinds.join(',')}`);
  process.exit(1);
}
const args = ['--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 1}`,
  '--enable-source-maps', ...selected];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
