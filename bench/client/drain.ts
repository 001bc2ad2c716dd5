// Reading a result to its end while timing it: shared by the benchmark's runner (ours-run.ts) and the
// extension-host probe (stream-probe.ts), so both measure the same loop.
import type { RecordBatch } from 'apache-arrow';

export interface Drained {
  rows: number;
  batches: number;
  arrowBytes: number;
  /** From the call to the first batch with rows; null when none had any. */
  firstBatchMs: number | null;
  totalMs: number;
  /** This process's user + system CPU over the same interval, all threads. */
  cpuMs: number;
}

/**
 * Consumes `open()`'s batches, checking each column's decoded length and null count (set from the IPC
 * metadata, so no values are read, as PySpark's toArrow() reads none), and drops them. `each` runs
 * after every batch; the clock starts before `open` so the plan's round trip is included.
 */
export async function drain(open: () => Promise<AsyncIterable<RecordBatch>>, each?: (batches: number) => void): Promise<Drained> {
  let rows = 0;
  let batches = 0;
  let arrowBytes = 0;
  let firstAt: number | undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for await (const batch of await open()) {
    if (firstAt === undefined && batch.numRows > 0) firstAt = performance.now();
    rows += batch.numRows;
    batches++;
    arrowBytes += batch.data.byteLength;
    for (const column of batch.data.children) {
      if (column.length !== batch.numRows || column.nullCount > column.length) throw new Error('malformed batch');
    }
    each?.(batches);
  }
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    rows, batches, arrowBytes, firstBatchMs: firstAt === undefined ? null : firstAt - t0, totalMs: t1 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}
