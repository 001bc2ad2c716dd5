// Notebook kernel figures (issue 17's acceptance list), measured, not asserted:
//   renderer bundle (minified, gzip), first grid paint after a saved result reaches the renderer
//   (Chromium), what one saved result adds to an .ipynb, and on a real server (SPARK_REMOTE): Run Cell
//   to the ExecutePlan call for an SQL cell and for a 50-line PySpark cell (to the kernel's call and to
//   the first byte of ExecutePlan on the wire), and cancel to the Interrupt call and to the cell ending.
//   npx tsx bench/notebook/run.ts [--reps 20] [--pyspark (only the PySpark cell's figures)]
import { gzipSync } from 'node:zlib';
import { sent } from '../pyspark/h2-probe';
import { PYSPARK_CELL } from './pyspark-cell';
import { Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { SparkConnectClient } from '../../src/connect/client';
import { parseConnectionString } from '../../src/connect/connection-string';
import { ConnectEngineSession } from '../../src/engine/connect-engine';
import type { EngineSession, SqlExecution } from '../../src/engine/engine';
import { OperationsModel, type HistoryMemento } from '../../src/engine/operations-model';
import { NotebookKernel } from '../../src/notebook/notebook-kernel';
import { parseIpynb, serializeIpynb, setCellOutputs } from '../../src/notebook/ipynb-file';
import { resultOutputItems } from '../../src/notebook/result-output';
import { RESULT_MIME } from '../../src/protocol/notebook-output';
import { openRendererPage } from '../../test/webview/notebook/renderer-page';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 20;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];
const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms (n=${xs.length})`;

function bigResult(rows: number) {
  return {
    columns: [{ name: 'id', sparkType: 'int', nullable: false }, { name: 'name', sparkType: 'string', nullable: true }, { name: 'score', sparkType: 'double', nullable: true }],
    batches: [tableToIPC(new Table({
      id: vectorFromArray(Array.from({ length: rows }, (_, i) => i), new Int32()),
      name: vectorFromArray(Array.from({ length: rows }, (_, i) => `customer ${i}`), new Utf8()),
      score: vectorFromArray(Array.from({ length: rows }, (_, i) => i * 1.5), new Float64()),
    }), 'stream')],
    rowCount: rows, limited: false, elapsedMs: 100,
  };
}

async function rendererFigures(): Promise<void> {
  const page = await openRendererPage(true);
  try {
    console.log(`renderer bundle: ${(page.jsBytes / 1024).toFixed(0)} KB minified, ${(gzipSync(page.js).byteLength / 1024).toFixed(0)} KB gzip (budget 350 KB gzip)`);
    const text = new TextDecoder().decode(resultOutputItems(bigResult(100_000)).find((i) => i.mime === RESULT_MIME)!.data);
    const paints: number[] = [];
    for (let i = 0; i < reps; i++) paints.push((await page.render(RESULT_MIME, text)).paintMs);
    console.log(`first grid paint after the output reaches the renderer (a capped 256 KB result): ${fmt(paints)}`);
  } finally {
    await page.close();
  }
}

function savedGrowth(): void {
  const doc = parseIpynb(JSON.stringify({ cells: [{ cell_type: 'code', source: 'SELECT 1', metadata: {}, outputs: [] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  const empty = serializeIpynb(doc).length;
  setCellOutputs(doc, 0, [{ items: resultOutputItems(bigResult(1_000_000)) }], 1);
  console.log(`a saved 1,000,000-row result adds ${((serializeIpynb(doc).length - empty) / 1024).toFixed(1)} KB to the .ipynb (cap 256 KB)`);
}

class NoHistory implements HistoryMemento {
  get<T>(): T | undefined { return undefined; }
  update(): PromiseLike<void> { return Promise.resolve(); }
}

/** An engine session that notes when the kernel asked for ExecutePlan and for Interrupt. */
function probed(session: EngineSession, marks: { execute?: number; cancel?: number }): EngineSession {
  return new Proxy(session, {
    get(target, prop, receiver) {
      if (prop === 'pyspark' && target.pyspark) {
        // PySpark cells execute their DataFrames through pyspark.executeDataFrame, not executeSql
        const py = target.pyspark;
        return Object.assign(Object.create(py) as typeof py, {
          executeDataFrame: (...args: Parameters<typeof py.executeDataFrame>) => {
            marks.execute ??= performance.now();
            return py.executeDataFrame(...args);
          },
        });
      }
      if (prop === 'executeSql') {
        return (...args: Parameters<EngineSession['executeSql']>): SqlExecution => {
          marks.execute = performance.now();
          const exec = target.executeSql(...args);
          return { operationId: exec.operationId, [Symbol.asyncIterator]: () => exec[Symbol.asyncIterator](),
            cancel: () => { marks.cancel ??= performance.now(); return exec.cancel(); } };
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function serverFigures(remote: string, pysparkOnly: boolean): Promise<void> {
  const client = new SparkConnectClient(parseConnectionString(remote));
  const logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const session = await ConnectEngineSession.open(client, logger);
  try {
    const marks: { execute?: number; cancel?: number } = {};
    const kernel = new NotebookKernel({ session: async () => ({ profile: 'bench', session: probed(session, marks) }), operations: new OperationsModel(new NoHistory(), () => 0), logger });
    if (pysparkOnly) return await pysparkFigures(kernel, marks);
    const sink = { append() {}, progress() {} };
    const cell = Array.from({ length: 50 }, (_, i) => `-- line ${i}`).join('\n') + '\nSELECT id, id * 2 AS twice FROM range(10)';
    const toExecute: number[] = [];
    for (let i = 0; i < reps; i++) {
      marks.execute = undefined;
      const t0 = performance.now();
      await kernel.runCell({ source: cell, language: 'sql', title: 'bench' }, sink, new AbortController().signal);
      toExecute.push((marks.execute ?? NaN) - t0);
    }
    console.log(`Run Cell (50-line SQL cell) to the ExecutePlan call: ${fmt(toExecute)}`);
    await pysparkFigures(kernel, marks);
    const toInterrupt: number[] = [];
    const toIdle: number[] = [];
    for (let i = 0; i < Math.min(reps, 10); i++) {
      marks.cancel = undefined;
      const ctl = new AbortController();
      const run = kernel.runCell({ source: "SELECT reflect('java.lang.Thread', 'sleep', CAST(20000 AS BIGINT))", language: 'sql', title: 'bench' }, sink, ctl.signal);
      await new Promise((r) => setTimeout(r, 300));
      const t0 = performance.now();
      ctl.abort();
      const outcome = await run;
      toIdle.push(performance.now() - t0);
      toInterrupt.push((marks.cancel ?? NaN) - t0);
      if (outcome !== 'cancelled') console.log(`  (run ${i}: outcome ${outcome})`);
    }
    console.log(`cancel to the Interrupt call: ${fmt(toInterrupt)}; to the cell ending: ${fmt(toIdle)}`);
  } finally {
    await session.close();
  }
}

/** Run Cell on the 50-line PySpark cell to the kernel's ExecutePlan call and to its first byte on the wire. */
async function pysparkFigures(kernel: NotebookKernel, marks: { execute?: number }): Promise<void> {
  if (PYSPARK_CELL.split('\n').length - 1 !== 50) throw new Error('the PySpark cell should have 50 lines');
  const sink = { append() {}, progress() {} };
  const toCall: number[] = [];
  const toByte: number[] = [];
  const callToByte: number[] = [];
  const cpu: number[] = [];
  for (let i = -3; i < reps; i++) {
    marks.execute = undefined;
    sent.length = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const outcome = await kernel.runCell({ source: PYSPARK_CELL, language: 'python', title: 'bench' }, sink, new AbortController().signal);
    if (outcome !== 'succeeded') throw new Error(`the PySpark cell ended ${outcome}`);
    const first = sent.find((s) => s.path.endsWith('/ExecutePlan'));
    if (!first || marks.execute === undefined) throw new Error('the PySpark cell sent no ExecutePlan');
    if (sent.some((s) => s.at < first.at)) throw new Error('the PySpark cell asked the server something before ExecutePlan');
    if (i < 0) continue; // warm-up: the first cells load and compile the runner
    toCall.push(marks.execute - t0);
    toByte.push(first.at - t0);
    callToByte.push(first.at - marks.execute);
    cpu.push((first.cpu.user - c0.user + first.cpu.system - c0.system) / 1000);
  }
  console.log(`Run Cell (50-line PySpark cell) to the ExecutePlan call: ${fmt(toCall)}`);
  console.log(`Run Cell (50-line PySpark cell) to the first byte of ExecutePlan: ${fmt(toByte)}; CPU time to it: ${fmt(cpu)}`);
  console.log(`  of which from the ExecutePlan call to its first byte: ${fmt(callToByte)}`);
}

async function main(): Promise<void> {
  // --pyspark: only the PySpark cell's figure (no Chromium, no SQL or cancel runs)
  const pysparkOnly = process.argv.includes('--pyspark');
  if (!pysparkOnly) {
    savedGrowth();
    await rendererFigures();
  }
  const remote = process.env.SPARK_REMOTE;
  if (remote) await serverFigures(remote, pysparkOnly);
  else console.log('SPARK_REMOTE is not set: the server figures were not measured');
}

void main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
