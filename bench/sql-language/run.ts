// Spark SQL language service benchmark: the production bundle (dist/sql-language-service.js) as the
// extension loads it. Measures
//  - bundle size (minified, and gzip -9);
//  - first completion after load: a fresh node process requires the bundle and completes once at
//    the caret in a 10,000-line file (cold grammar), median of --cold-runs processes;
//  - completion latency while typing in that file with a warm catalog cache: each keystroke inserts a
//    character (so the document is re-split), then completes at the caret; p50/p95 over --runs.
//  - the longest time the asking thread is blocked during a cold first parse, grammar in-thread vs on its worker.
// Run: node esbuild.mjs --production && npx tsx bench/sql-language/run.ts [--runs 300] [--cold-runs 5] [--in-thread]
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

type ServiceModule = typeof import('../../src/sql-language/sql-language-service');

const root = resolve(__dirname, '..', '..');
const bundle = join(root, 'dist', 'sql-language-service.js');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** A 10,000-line document: the valid corpus repeated, and a statement being typed in the middle. */
function document(): { text: string; caret: number } {
  const corpus = readFileSync(join(root, 'test', 'fixtures', 'sql-language', 'valid-spark4.sql'), 'utf8');
  const lines: string[] = [];
  while (lines.length < 10_000) lines.push(...corpus.split('\n'));
  const head = lines.slice(0, 5_000).join('\n');
  const tail = lines.slice(5_000, 10_000).join('\n');
  const typing = '\n;\nSELECT o.id, c.\nFROM sales.orders o JOIN crm.customers c ON o.customer_id = c.id\nWHERE o.amount > 10;\n';
  const text = `${head}${typing}${tail}`;
  return { text, caret: head.length + typing.indexOf('c.\n') + 2 };
}

function fakeSource(): import('../../src/sql-language/catalog-cache').CatalogSource {
  const cols = (names: string[]) => names.map((name) => ({ name, type: 'string', nullable: true, isPartition: false }));
  return {
    sparkVersion: '4.3.0',
    listCatalogs: async () => ['spark_catalog'],
    listDatabases: async () => [['default'], ['sales'], ['crm']],
    listTables: async () => Array.from({ length: 200 }, (_, i) => ({ name: `table_${i}`, kind: 'table' as const, isTemporary: false })),
    listColumns: async (parts) => cols(parts.join('.') === 'crm.customers' ? ['id', 'name', 'country', 'segment'] : ['id', 'customer_id', 'amount', 'dt']),
    listFunctions: async () => Array.from({ length: 530 }, (_, i) => `fn_${i}`),
    describeFunction: async (n) => [`Function: ${n}`, `Usage: ${n}(a, b) - does things.`],
    currentNamespace: async () => ({ catalog: 'spark_catalog', database: ['default'] }),
  };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

interface ColdRun { loadMs: number; splitMs: number; firstMs: number; items: number; incomplete: boolean; diagnosticsMs: number; diagnostics: number; longestBlockMs: number }

/**
 * A fresh process, as the extension host at its first SQL request: loads the bundle, completes once at
 * the caret of a statement whose keywords the grammar must give (after "FROM t "), then checks the
 * syntax of the whole 10,000-line file (what the diagnostics controller does on open). A 1 ms timer
 * measures the longest time this thread could not run anything (typing would wait that long).
 * --off-thread: the grammar on its worker (the editor today); otherwise in-thread (the CLI, and the
 * editor before the worker: syntaxDiagnostics ran synchronously).
 */
async function cold(offThread: boolean): Promise<void> {
  let longest = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  const mod = createRequire(__filename)(bundle) as ServiceModule;
  const service = mod.createSqlLanguageService({ offThread });
  const cache = new mod.CatalogCache(fakeSource());
  const loaded = performance.now();
  const { text, caret } = document();
  // The one-time split of the whole file, which the first request pays whatever runs the grammar.
  service.statements({ key: 'bench.sql', text });
  const splitMs = performance.now() - loaded;
  const where = text.indexOf('WHERE o.amount > 10', caret);
  const at = text.indexOf(' ', where + 'WHERE o.amount > 10'.length - 1) + 1;
  const items = await service.completion({ key: 'bench.sql', text }, at, cache);
  const done = performance.now();
  let diagnostics: unknown[] | undefined;
  if (offThread) {
    for (let i = 0; i < 10 && diagnostics === undefined; i++) diagnostics = await service.checkSyntax({ key: 'bench.sql', text }, undefined);
  } else diagnostics = service.syntaxDiagnostics({ key: 'bench.sql', text });
  const checked = performance.now();
  longest = Math.max(longest, checked - last);
  clearInterval(tick);
  service.dispose();
  const run: ColdRun = {
    loadMs: loaded - t0, splitMs, firstMs: done - loaded, items: items.items.length, incomplete: items.incomplete === true,
    diagnosticsMs: checked - loaded, diagnostics: diagnostics?.length ?? -1, longestBlockMs: longest,
  };
  process.stdout.write(JSON.stringify(run));
}

async function main(): Promise<void> {
  if (process.argv.includes('--cold')) return cold(process.argv.includes('--off-thread'));
  const size = statSync(bundle).size;
  const gz = gzipSync(readFileSync(bundle), { level: 9 }).length;
  console.log(`bundle dist/sql-language-service.js: ${(size / 1e6).toFixed(3)} MB minified, ${(gz / 1e3).toFixed(0)} KB gzip (budget < 1 MB minified)`);

  const grammarBundle = join(root, 'dist', 'dt-sql-parser-spark.js');
  console.log(`bundle dist/dt-sql-parser-spark.js (the grammar, loaded by the worker): ${(statSync(grammarBundle).size / 1e6).toFixed(3)} MB minified, ${(gzipSync(readFileSync(grammarBundle), { level: 9 }).length / 1e3).toFixed(0)} KB gzip; both: ${((size + statSync(grammarBundle).size) / 1e6).toFixed(3)} MB`);
  const coldRuns = arg('--cold-runs', 5);
  const med = (xs: number[]) => pct(xs, 50);
  for (const offThread of [false, true]) {
    const colds: ColdRun[] = [];
    for (let i = 0; i < coldRuns; i++) {
      const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--cold', ...(offThread ? ['--off-thread'] : [])], { encoding: 'utf8' });
      colds.push(JSON.parse(out) as ColdRun);
    }
    const f = (k: keyof ColdRun) => `median ${med(colds.map((c) => Number(c[k]))).toFixed(0)} (max ${Math.max(...colds.map((c) => Number(c[k]))).toFixed(0)}) ms`;
    console.log(`${offThread ? 'grammar on a worker' : 'grammar in-thread'}, ${coldRuns} fresh processes: load ${f('loadMs')}; split of the file ${f('splitMs')}; first completion (after "WHERE o.amount > 10 ") ${f('firstMs')}` +
      ` (budget < 500 ms), ${colds[0].items} items${colds.some((c) => c.incomplete) ? ', answered without the grammar (incomplete)' : ''};` +
      ` syntax of the whole file checked ${f('diagnosticsMs')}, ${colds[0].diagnostics} errors; longest block of this thread ${f('longestBlockMs')}`);
  }

  const mod = createRequire(__filename)(bundle) as ServiceModule;
  const service = mod.createSqlLanguageService({ offThread: !process.argv.includes('--in-thread') });
  const cache = new mod.CatalogCache(fakeSource());
  const { text, caret } = document();
  await service.completion({ key: 'bench.sql', text }, caret, cache); // warm the cache
  // Warm the grammar (on the worker, unless --in-thread) before timing keystrokes.
  for (let i = 0; i < 20 && (await service.checkSyntax({ key: 'warm.sql', text: 'SELECT a FROM t WHERE a > 1' }, undefined)) === undefined; i++);
  const runs = arg('--runs', 300);
  const typing = await typingRun(service, cache, text, caret, runs);
  console.log(`completion while typing a column after "c." (re-split + items), ${runs} keystrokes: p50 ${pct(typing, 50).toFixed(1)} ms, p95 ${pct(typing, 95).toFixed(1)} ms, max ${Math.max(...typing).toFixed(1)} ms (budget p95 < 50 ms)`);
  // After WHERE: heuristics (columns and functions), no grammar.
  const where = text.indexOf('WHERE o.amount > 10', caret) + 'WHERE '.length;
  const bare = await typingRun(service, cache, text, where, runs);
  console.log(`completion while typing after "WHERE " (re-split + scope + items), ${runs} keystrokes: p50 ${pct(bare, 50).toFixed(1)} ms, p95 ${pct(bare, 95).toFixed(1)} ms, max ${Math.max(...bare).toFixed(1)} ms (budget p95 < 50 ms)`);
  // After "> 10 ": the grammar parses the changed statement on every keystroke (keywords such as AND).
  const end = text.indexOf('WHERE o.amount > 10', caret) + 'WHERE o.amount > 10'.length;
  const spaced = `${text.slice(0, end)} ${text.slice(end)}`;
  const kw = await typingRun(service, cache, spaced, end + 1, runs);
  console.log(`completion while typing after "WHERE o.amount > 10 " (re-split + grammar parse of the statement + items), ${runs} keystrokes: p50 ${pct(kw, 50).toFixed(1)} ms, p95 ${pct(kw, 95).toFixed(1)} ms, max ${Math.max(...kw).toFixed(1)} ms (budget p95 < 50 ms)`);
  const same: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await service.completion({ key: 'bench.sql', text }, caret, cache);
    same.push(performance.now() - t);
  }
  console.log(`completion at the caret, unchanged text: p50 ${pct(same, 50).toFixed(1)} ms, p95 ${pct(same, 95).toFixed(1)} ms`);
  service.dispose();
}

/** Types (and now and then deletes) letters at the caret, completing after each keystroke. */
async function typingRun(service: ReturnType<ServiceModule['createSqlLanguageService']>, cache: InstanceType<ServiceModule['CatalogCache']>,
  start: string, at: number, runs: number): Promise<number[]> {
  let text = start;
  let caret = at;
  const typing: number[] = [];
  const letters = 'country';
  for (let i = 0; i < runs; i++) {
    // Type a letter (a new document text), or delete it again every 8 keystrokes.
    if (i % 8 === 7) {
      text = text.slice(0, caret - 1) + text.slice(caret);
      caret--;
    } else {
      text = text.slice(0, caret) + letters[i % letters.length] + text.slice(caret);
      caret++;
    }
    const t = performance.now();
    await service.completion({ key: 'bench.sql', text }, caret, cache);
    typing.push(performance.now() - t);
  }
  return typing;
}

void main();
