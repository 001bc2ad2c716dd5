// The streaming measurement as a function any Node process can run: a bare `node`, or VS Code's
// extension host (see extension-host.ts). Appends one JSON line per query to `out`. Unlike
// ours-run.ts, it also counts the process's garbage collections, because in a shared process
// (the extension host) the cost of a major GC grows with everyone's heap, not just ours. The loop
// itself is drain.ts, the same as ours-run.ts's.
import { appendFileSync, readFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { StreamTransportChoice } from '../../src/connect/stream-transport';
import { SparkSession } from '../../src/connect/session';
import { drain } from './drain';

export interface ProbeConfig {
  remote: string;
  sqlFile: string;
  queries: number;
  /** toArrowBatches' reuseMemory (ours-run.ts uses it too). */
  reuseMemory: boolean;
  /** What carries the result streams (client option streamTransport). */
  streamTransport: StreamTransportChoice;
  out: string;
  where: string;
}

export interface ProbeResult {
  where: string;
  node: string;
  run: number;
  rows: number;
  firstBatchMs: number | null;
  totalMs: number;
  cpuMs: number;
  majorGcs: number;
  minorGcs: number;
  heapUsedMb: number;
}

/** Counts GCs by kind from Node's `gc` performance entries while it is observing. */
class GcCounter {
  major = 0;
  minor = 0;
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) this.major++;
      else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) this.minor++;
    }
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  reset(): void {
    this.major = 0;
    this.minor = 0;
  }

  stop(): void {
    this.observer.disconnect();
  }
}

export async function runProbe(c: ProbeConfig): Promise<void> {
  const query = readFileSync(c.sqlFile, 'utf8');
  const gcs = new GcCounter();
  const spark = await SparkSession.connect(c.remote, { clientType: 'bench', streamTransport: c.streamTransport });
  try {
    for await (const batch of (await spark.sql('SELECT 1 AS warm')).toArrowBatches()) void batch;
    for (let run = 1; run <= c.queries; run++) {
      const heapUsed = getHeapStatistics().used_heap_size;
      gcs.reset();
      const d = await drain(async () => (await spark.sql(query)).toArrowBatches({ reuseMemory: c.reuseMemory }));
      // GC entries are delivered asynchronously; one turn of the event loop brings the last ones.
      await new Promise((resolve) => setImmediate(resolve));
      const result: ProbeResult = {
        where: c.where, node: process.version, run, rows: d.rows,
        firstBatchMs: d.firstBatchMs === null ? null : Math.round(d.firstBatchMs),
        totalMs: Math.round(d.totalMs), cpuMs: Math.round(d.cpuMs),
        majorGcs: gcs.major, minorGcs: gcs.minor, heapUsedMb: Math.round(heapUsed / 2 ** 20),
      };
      appendFileSync(c.out, `${JSON.stringify(result)}\n`);
    }
  } finally {
    gcs.stop();
    await spark.stop();
  }
}
