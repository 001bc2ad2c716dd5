// From Ctrl+Enter to the first byte of ExecutePlan (target: p95 under 50 ms) when no schema lookup is
// needed, on the engine path the editor takes: the parsed document (re-parsed from its previous
// version after an edit), the dependency slice of the statement at the cursor, the runner evaluating
// the slice to plans (src/pyspark/run.ts), runPySparkCode handing the DataFrame to runStatements and
// the session's executeDataFrame, up to grpc-js opening the ExecutePlan stream (h2-probe.ts). The
// VS Code part (reading the editor's text and selection, the progress notification) is not included.
// Each run then drains its result, so runs do not overlap. Needs a Spark Connect server.
// Run: npx tsx bench/pyspark/first-byte.bench.ts [--remote sc://localhost:15002] [--runs 40] [--lines 200]
import { sent } from './h2-probe';
import { SparkConnectClient } from '../../src/connect/client';
import { SparkSession } from '../../src/connect/session';
import type { Logger } from '../../src/connect/logger';
import { ConnectEngineSession } from '../../src/engine/connect-engine';
import { OperationsModel } from '../../src/engine/operations-model';
import { runPySparkCode } from '../../src/engine/pyspark-run';
import type { ResultsPresenter } from '../../src/engine/result-sink';
import { PythonFile } from '../../src/pyspark/dependency-slice';
import { syntheticPySparkFile } from './synthetic-file';
import { stats } from './stats';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const REMOTE = arg('remote', process.env.SPARK_REMOTE ?? 'sc://localhost:15002');
const RUNS = Number(arg('runs', '40'));
const LINES = Number(arg('lines', '200'));
const TARGET_MS = 50;

const quiet: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const presenter: ResultsPresenter = { open: () => ({ addBatch: () => undefined, complete: () => undefined, fail: () => undefined }) };
const memento = { get: () => undefined, update: async () => undefined };

async function main(): Promise<void> {
  const spark = await SparkSession.connect(REMOTE, { clientType: 'bench/first-byte' });
  const session = await ConnectEngineSession.open(spark.client as SparkConnectClient, quiet);
  const operations = new OperationsModel(memento, () => 0);
  // When the runner hands over its first output (it evaluates the whole source first, then runs the
  // actions in order, each output handed over as it comes): evaluation ends, the engine's part begins.
  let evaluated = 0;
  const run = session.pyspark.run.bind(session.pyspark);
  Object.assign(session.pyspark, {
    run: (source: Parameters<typeof run>[0], options: Parameters<typeof run>[1]) => {
      let first = true;
      const onOutput = options?.onOutput;
      return run(source, {
        ...options,
        ...(onOutput ? {
          onOutput: (o: Parameters<typeof onOutput>[0]) => {
            if (first) evaluated = performance.now();
            first = false;
            return onOutput(o);
          },
        } : {}),
      });
    },
  });
  // A file without schema lookups (no df.columns / df.schema); the cursor on its last statement.
  const text = syntheticPySparkFile(LINES, { lookups: false, chained: false });
  const edited = `${text.slice(0, text.length - 2)}5)\n`;
  const cursor = edited.lastIndexOf('\n', edited.length - 2) + 1;
  let previous = new PythonFile(text);
  const samples: number[] = [];
  const parts = { slice: [] as number[], evaluate: [] as number[], engine: [] as number[] };
  const cpu: number[] = [];
  let analyzeCalls = 0;
  let otherCalls = 0;
  try {
    for (let run = -5; run < RUNS; run++) {
      // Alternate between two versions, so every run re-parses after an edit as the editor does.
      const source = run % 2 === 0 ? edited : text;
      sent.length = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const file = new PythonFile(source, previous);
      const slice = file.sliceAt(cursor);
      if (!slice) throw new Error('no statement at the cursor');
      const t1 = performance.now();
      const outcome = await runPySparkCode(
        { profile: 'bench', session, source: slice.source, targetOffset: slice.targetOffset, title: 'bench.py' },
        { presenter, plans: { show: () => undefined }, operations, logger: quiet, print: () => undefined },
        new AbortController().signal,
      );
      if (outcome.status !== 'succeeded' || outcome.dataFrames !== 1) throw new Error(`run ${run}: ${JSON.stringify(outcome).slice(0, 300)}`);
      previous = file;
      const first = sent.find((s) => s.path.endsWith('/ExecutePlan'));
      if (!first) throw new Error('no ExecutePlan was sent');
      const cpuToFirst = (first.cpu.user - c0.user + first.cpu.system - c0.system) / 1000;
      analyzeCalls += sent.filter((s) => s.path.endsWith('/AnalyzePlan') && s.at < first.at).length;
      otherCalls += sent.filter((s) => !s.path.endsWith('/AnalyzePlan') && s.at < first.at).length;
      if (run < 0) continue;
      samples.push(first.at - t0);
      parts.slice.push(t1 - t0);
      parts.evaluate.push(evaluated - t1);
      parts.engine.push(first.at - evaluated);
      // CPU time from Ctrl+Enter to the first byte: the path's own work, which load does not stretch.
      cpu.push(cpuToFirst);
    }
  } finally {
    await session.close();
  }
  const all = stats(samples);
  const sl = stats(parts.slice);
  const ev = stats(parts.evaluate);
  const en = stats(parts.engine);
  const cp = stats(cpu);
  console.log(`server ${REMOTE} (Spark ${session.sparkVersion}); file ${LINES} lines; ${RUNS} runs; AnalyzePlan calls before ExecutePlan: ${analyzeCalls}, other calls: ${otherCalls}`);
  console.log('| step | median ms | p95 ms | max ms |');
  console.log('|---|---|---|---|');
  console.log(`| Ctrl+Enter -> first byte of ExecutePlan | ${all.median.toFixed(1)} | ${all.p95.toFixed(1)} | ${all.max.toFixed(1)} |`);
  console.log(`| of which: re-parse + slice | ${sl.median.toFixed(1)} | ${sl.p95.toFixed(1)} | ${sl.max.toFixed(1)} |`);
  console.log(`| of which: the runner evaluates the slice | ${ev.median.toFixed(1)} | ${ev.p95.toFixed(1)} | ${ev.max.toFixed(1)} |`);
  console.log(`| of which: engine (runStatements, executeDataFrame, grpc-js opens the stream) | ${en.median.toFixed(1)} | ${en.p95.toFixed(1)} | ${en.max.toFixed(1)} |`);
  console.log(`| CPU time (user + system) from Ctrl+Enter to the first byte | ${cp.median.toFixed(1)} | ${cp.p95.toFixed(1)} | ${cp.max.toFixed(1)} |`);
  console.log(all.p95 < TARGET_MS ? `OK: p95 ${all.p95.toFixed(1)} ms < ${TARGET_MS} ms` : `OVER: p95 ${all.p95.toFixed(1)} ms >= ${TARGET_MS} ms`);
  if (all.p95 >= TARGET_MS) process.exitCode = 1;
}

void main();
