// Evaluating a PySpark file to plans with no server round trip (issue 16: a 500-line file in < 30 ms).
// The session's client is a stub that fails if anything is sent. Prints min/median/p95 over N runs
// after warm-up (a fresh editor run is the first, cold row).
// Run: npx tsx bench/pyspark/evaluate.bench.ts [lines] [runs]
// (or, faster to start, after `npx tsc -b`: node out/bench/pyspark/evaluate.bench.js [lines] [runs])
import { SparkSession } from '../../src/connect/session';
import type { SessionClient } from '../../src/connect/session-core';
import { evaluatePySpark } from '../../src/pyspark/run';
import { forgetLastParse, parsePython } from '../../src/pyspark/parse';
import { syntheticSource } from './synthetic-source';

const LINES = Number(process.argv[2] ?? 500);
const RUNS = Number(process.argv[3] ?? 50);

const refuse = (): never => { throw new Error('the benchmark must not reach the server'); };
const client = {
  sessionId: 'bench', execute: refuse, analyze: refuse, config: refuse, interrupt: refuse, close: async () => undefined,
} as unknown as SessionClient;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

async function main(): Promise<void> {
  const source = syntheticSource(LINES);
  const spark = new SparkSession(client);
  // A file evaluated for the first time: the runner keeps the last parse (parse.ts), so each run forgets it.
  const t0 = performance.now();
  const first = await evaluatePySpark(source, spark, { offline: true });
  const cold = performance.now() - t0;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    forgetLastParse();
    const c = process.cpuUsage();
    const t = performance.now();
    await evaluatePySpark(source, spark, { offline: true });
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  // Evaluated again after a one-line edit (Ctrl+Enter after typing, a cell run again): alternating two
  // versions, each parse reuses the tree of the other but the edited line.
  const at = source.lastIndexOf('show(20');
  const edited = `${source.slice(0, at)}show(21${source.slice(at + 'show(20'.length)}`;
  const editTimes: number[] = [];
  const editCpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await evaluatePySpark(i % 2 === 0 ? edited : source, spark, { offline: true });
    editTimes.push(performance.now() - t);
    const used = process.cpuUsage(c);
    editCpu.push((used.user + used.system) / 1000);
  }
  const parseCpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    forgetLastParse();
    const c = process.cpuUsage();
    parsePython(source);
    const used = process.cpuUsage(c);
    parseCpu.push((used.user + used.system) / 1000);
  }
  const lines = source.split('\n').length;
  console.log(`evaluate ${lines} lines (${source.length} chars, ${first.steps.length} steps, ${first.globals.size} names)`);
  console.log(`cold ${cold.toFixed(1)} ms | warm min ${pct(times, 0).toFixed(1)} ms, median ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms (${RUNS} runs)`);
  // On a shared machine wall time includes waiting for a core; the process's own CPU time does not.
  console.log(`CPU time per run: min ${pct(cpu, 0).toFixed(1)} ms, median ${pct(cpu, 0.5).toFixed(1)} ms`);
  console.log(`  of which parsing (@lezer/python): min ${pct(parseCpu, 0).toFixed(1)} ms, median ${pct(parseCpu, 0.5).toFixed(1)} ms`);
  console.log(`after a one-line edit: warm min ${pct(editTimes, 0).toFixed(1)} ms, median ${pct(editTimes, 0.5).toFixed(1)} ms, p95 ${pct(editTimes, 0.95).toFixed(1)} ms; CPU min ${pct(editCpu, 0).toFixed(1)} ms, median ${pct(editCpu, 0.5).toFixed(1)} ms`);
}

void main();
