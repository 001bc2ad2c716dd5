// Client benchmark: our Spark Connect client against PySpark's, same server, same query, same run.
//
//   npx tsx bench/client/run.ts [--remote sc://localhost:15002] [--sizes 1e5,1e6,1e7] [--reps 3]
//                               [--reps-large 1] [--queries-per-process 1] [--python PATH] [--out bench/results]
//                               [--node PATH] [--no-reuse-memory] [--stream-transport grpc-js|direct]
//
// Each measured run is a fresh process (so peak RSS belongs to that run alone), and runs alternate
// between the clients (ours, PySpark, ours, ...) so that drift in server load hits both alike. Our side
// is bundled with esbuild and run by plain node, as the shipped CLI is; PySpark runs in its venv.
// Sizes of 10^7 rows and more use --reps-large repetitions (default 1): such a result needs a server
// with a 6 GB driver, and a shared server should see it rarely. The server is checked before and after.
// With --queries-per-process N > 1, each process runs the query N times: its first run is reported as
// a fresh (cold) process, its last as a warm one (JIT-compiled code, grown heap), which is how a
// long-lived host such as VS Code's extension host runs every query after its first.
// Our side reads with toArrowBatches({ reuseMemory: true }), since like PySpark's side it drops each
// batch once checked; --no-reuse-memory measures the default stream instead. --node picks the Node
// binary that runs our side (default: the one running this script). --stream-transport picks what
// carries our result streams (default auto: our own HTTP/2 connection on plaintext, h2/direct-stream.ts).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { mixedTableQuery } from './query';
import { compare, formatTable, pairedTotalRatio, summarizeClient, type RunResult, type SizeSummary } from './stats';

const ROOT = resolve(__dirname, '..', '..');
const LARGE = 10_000_000;
const RUN_TIMEOUT_MS = 10 * 60_000;

interface Options {
  remote: string;
  sizes: number[];
  reps: number;
  repsLarge: number;
  python: string;
  out: string;
  clients: Array<'ours' | 'pyspark'>;
  queriesPerProcess: number;
  node: string;
  reuseMemory: boolean;
  streamTransport: string;
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`not a positive integer: ${text}`);
  return n;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    remote: process.env.SPARK_REMOTE || 'sc://localhost:15002',
    sizes: [100_000, 1_000_000],
    reps: 3,
    repsLarge: 1,
    python: join(ROOT, '.cache', 'spark-4.3.0', 'bin', 'python'),
    out: join(ROOT, 'bench', 'results'),
    clients: ['ours', 'pyspark'],
    queriesPerProcess: 1,
    node: process.execPath,
    reuseMemory: true,
    streamTransport: 'grpc-js',
  };
  for (let i = 0; i < argv.length; i++) {
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case '--remote': o.remote = value(); break;
      case '--sizes': o.sizes = value().split(',').map(parseCount); break;
      case '--reps': o.reps = parseCount(value()); break;
      case '--reps-large': o.repsLarge = parseCount(value()); break;
      case '--python': o.python = value(); break;
      case '--out': o.out = resolve(value()); break;
      case '--queries-per-process': o.queriesPerProcess = parseCount(value()); break;
      case '--only': o.clients = [value() as 'ours' | 'pyspark']; break;
      case '--node': o.node = value(); break;
      case '--no-reuse-memory': o.reuseMemory = false; break;
      case '--stream-transport': o.streamTransport = value(); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return o;
}

interface ChildOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runChild(cmd: string, args: string[], timeoutMs: number): Promise<ChildOutput> {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Every run a child reported, in order; an error if it failed or reported fewer than `expected`. */
function jsonLines(out: ChildOutput, expected = 1): RunResult[] {
  const runs = out.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as RunResult);
  if (out.code !== 0 || runs.length < expected) {
    const tail = out.stderr.trim().split('\n').slice(-5).join('\n');
    throw new Error(`exit ${out.code}, ${runs.length} of ${expected} runs reported: ${tail}`);
  }
  return runs;
}

async function bundleOurs(): Promise<string> {
  const outfile = join(tmpdir(), 'spark-connect-bench', 'ours-run.js');
  // Minified like the shipped bundles (esbuild.mjs --production). It matters for CPU: unminified, the
  // heap during a large result was ~19 MB instead of ~15 MB (tens of thousands more name strings of the
  // generated protobuf code), and every major GC walks all of it.
  await build({
    entryPoints: [join(__dirname, 'ours-run.ts')], outfile, bundle: true, minify: true, platform: 'node', format: 'cjs',
    target: 'node20', logLevel: 'warning',
  });
  return outfile;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const work = join(tmpdir(), 'spark-connect-bench');
  mkdirSync(work, { recursive: true });
  const oursJs = o.clients.includes('ours') ? await bundleOurs() : '';
  const command = (client: 'ours' | 'pyspark', sqlFile: string, queries = 1): [string, string[]] => (client === 'ours'
    ? [o.node, [oursJs, o.remote, sqlFile, String(queries), o.reuseMemory ? 'reuse' : 'no-reuse', o.streamTransport]]
    : [o.python, [join(__dirname, 'pyspark_run.py'), o.remote, sqlFile, String(queries)]]);

  const health = async (when: string): Promise<string> => {
    const file = join(work, 'health.sql');
    writeFileSync(file, 'SELECT count(*) AS n FROM range(1000)');
    const [cmd, args] = command(o.clients[0], file);
    try {
      const [r] = jsonLines(await runChild(cmd, args, 120_000));
      process.stderr.write(`server healthy ${when} (${r.totalMs.toFixed(0)} ms for a tiny query)\n`);
      return 'ok';
    } catch (err) {
      process.stderr.write(`server NOT healthy ${when}: ${(err as Error).message}\n`);
      return `failed: ${(err as Error).message}`;
    }
  };

  const healthBefore = await health('before');
  const raw: Array<{ rows: number; rep: number; result?: RunResult; client: string; error?: string }> = [];
  const summaries: SizeSummary[] = [];
  for (const rows of o.sizes) {
    const sqlFile = join(work, `query-${rows}.sql`);
    writeFileSync(sqlFile, mixedTableQuery(rows));
    const reps = rows >= LARGE ? o.repsLarge : o.reps;
    const results: Record<'ours' | 'pyspark', RunResult[]> = { ours: [], pyspark: [] };
    const warm: Record<'ours' | 'pyspark', RunResult[]> = { ours: [], pyspark: [] };
    const failures: Record<'ours' | 'pyspark', string[]> = { ours: [], pyspark: [] };
    for (let rep = 0; rep < reps; rep++) {
      for (const client of o.clients) {
        const [cmd, args] = command(client, sqlFile, o.queriesPerProcess);
        try {
          const runs = jsonLines(await runChild(cmd, args, RUN_TIMEOUT_MS * o.queriesPerProcess), o.queriesPerProcess);
          for (const r of runs) {
            if (r.rows !== rows) throw new Error(`expected ${rows} rows, got ${r.rows}`);
            raw.push({ rows, rep, client, result: r });
            process.stderr.write(`${rows} rows, ${client} #${rep + 1}${o.queriesPerProcess > 1 ? ` query ${r.run}` : ''}: `
              + `first batch ${r.firstBatchMs?.toFixed(0)} ms, total ${r.totalMs.toFixed(0)} ms, cpu ${r.cpuMs.toFixed(0)} ms, `
              + `peak RSS ${(r.peakRssKb / 1024).toFixed(0)} MB\n`);
          }
          results[client].push(runs[0]);
          if (runs.length > 1) warm[client].push(runs[runs.length - 1]);
        } catch (err) {
          const message = (err as Error).message;
          failures[client].push(message);
          raw.push({ rows, rep, client, error: message });
          process.stderr.write(`${rows} rows, ${client} #${rep + 1}: FAILED ${message}\n`);
        }
      }
    }
    summaries.push(compare(rows, summarizeClient(results.ours, failures.ours), summarizeClient(results.pyspark, failures.pyspark), pairedTotalRatio(results.ours, results.pyspark)));
    if (o.queriesPerProcess > 1) {
      summaries.push(compare(rows, summarizeClient(warm.ours, failures.ours), summarizeClient(warm.pyspark, failures.pyspark),
        pairedTotalRatio(warm.ours, warm.pyspark), 'warm'));
    }
  }
  const healthAfter = await health('after');

  process.stdout.write(`${formatTable(summaries)}\n`);
  mkdirSync(o.out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(o.out, `client-${stamp}.json`);
  const serverVersion = raw.find((r) => r.client === 'pyspark' && r.result)?.result as (RunResult & { serverVersion?: string }) | undefined;
  writeFileSync(file, `${JSON.stringify({
    startedAt: new Date().toISOString(),
    remote: o.remote.replace(/token=[^;]*/g, 'token=***'),
    serverVersion: serverVersion?.serverVersion,
    machine: { cpus: cpus().length, totalMemMb: Math.round(totalmem() / 2 ** 20), node: process.version, oursNode: o.node },
    queriesPerProcess: o.queriesPerProcess,
    reuseMemory: o.reuseMemory,
    streamTransport: o.streamTransport,
    query: mixedTableQuery(0).replace('range(0)', 'range(<rows>)'),
    health: { before: healthBefore, after: healthAfter },
    summaries,
    runs: raw,
  }, null, 2)}\n`);
  process.stdout.write(`results written to ${file}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
