// Spark SQL language service benchmark: the production bundle (dist/sql-language-service.js) as the
// extension loads it. Measures
//  - bundle size (minified, and gzip -9);
//  - first completion after load: a fresh node process requires the bundle and completes once at
//    the caret in a 10,000-line file (cold grammar), median of --cold-runs processes;
//  - completion latency while typing in that file with a warm catalog cache: each keystroke inserts a
//    character (so the document is re-split), then completes at the caret; p50/p95 over --runs.
// Run: node esbuild.mjs --production && npx tsx bench/sql-language/run.ts [--runs 300] [--cold-runs 5]
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

async function cold(): Promise<void> {
  const t0 = performance.now();
  const mod = createRequire(__filename)(bundle) as ServiceModule;
  const service = mod.createSqlLanguageService();
  const cache = new mod.CatalogCache(fakeSource());
  const loaded = performance.now();
  const { text, caret } = document();
  const items = await service.completion({ key: 'bench.sql', text }, caret, cache);
  const done = performance.now();
  process.stdout.write(JSON.stringify({ loadMs: loaded - t0, firstMs: done - loaded, items: items.items.length }));
}

async function main(): Promise<void> {
  if (process.argv.includes('--cold')) return cold();
  const size = statSync(bundle).size;
  const gz = gzipSync(readFileSync(bundle), { level: 9 }).length;
  console.log(`bundle dist/sql-language-service.js: ${(size / 1e6).toFixed(3)} MB minified, ${(gz / 1e3).toFixed(0)} KB gzip (budget < 1 MB minified)`);

  const coldRuns = arg('--cold-runs', 5);
  const colds: Array<{ loadMs: number; firstMs: number; items: number }> = [];
  for (let i = 0; i < coldRuns; i++) {
    const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--cold'], { encoding: 'utf8' });
    colds.push(JSON.parse(out) as { loadMs: number; firstMs: number; items: number });
  }
  const med = (xs: number[]) => pct(xs, 50);
  console.log(`load (require + construct): median ${med(colds.map((c) => c.loadMs)).toFixed(0)} ms; first completion in a 10,000-line file: median ${med(colds.map((c) => c.firstMs)).toFixed(0)} ms, max ${Math.max(...colds.map((c) => c.firstMs)).toFixed(0)} ms (budget < 500 ms), ${colds[0].items} items`);

  const mod = createRequire(__filename)(bundle) as ServiceModule;
  const service = mod.createSqlLanguageService();
  const cache = new mod.CatalogCache(fakeSource());
  const { text, caret } = document();
  await service.completion({ key: 'bench.sql', text }, caret, cache); // warm the grammar and the cache
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
