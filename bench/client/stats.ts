// Summaries and the printed table of the client benchmark.

/** What one measured run reports, from either client (same field names on both sides). */
export interface RunResult {
  client: 'ours' | 'pyspark';
  /** 1 for a process's first query; higher for the later queries of the same process. */
  run?: number;
  version: string;
  rows: number;
  firstBatchMs: number | null;
  totalMs: number;
  cpuMs: number;
  rssBeforeKb: number;
  rssAfterKb: number;
  peakRssKb: number;
  arrowBytes?: number;
  batches?: number;
}

export interface Summary {
  n: number;
  median: number;
  min: number;
}

export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: values.length, median, min: sorted[0] };
}

export interface SizeSummary {
  rows: number;
  /** 'fresh': each process's first query (a cold process); 'warm': each process's last query. */
  process: 'fresh' | 'warm';
  ours: ClientSummary;
  pyspark: ClientSummary;
  /**
   * ours / PySpark, on medians (and on minimums); totalPaired is the median of the per-repetition
   * ratios (run i of ours against run i of PySpark, which ran right after it), the figure that holds
   * best when the shared server's speed drifts; streamMedian compares the time after the first batch.
   */
  ratio: { firstBatchMedian?: number; firstBatchMin?: number; totalMedian?: number; totalMin?: number; totalPaired?: number; streamMedian?: number };
}

export interface ClientSummary {
  runs: number;
  failures: string[];
  firstBatchMs?: Summary;
  totalMs?: Summary;
  /** Total minus first batch: the transfer and decoding once the server has rows (its compute excluded). */
  afterFirstMs?: Summary;
  /** Client CPU time as a share of wall time, per run. */
  cpuShare?: Summary;
  peakRssMb?: Summary;
  /** Resident memory just before the query, to tell the query's cost from the runtime's. */
  rssBeforeMb?: Summary;
}

export function summarizeClient(runs: readonly RunResult[], failures: string[]): ClientSummary {
  const mb = (kb: number): number => kb / 1024;
  return {
    runs: runs.length,
    failures,
    firstBatchMs: summarize(runs.flatMap((r) => (r.firstBatchMs === null ? [] : [r.firstBatchMs]))),
    totalMs: summarize(runs.map((r) => r.totalMs)),
    afterFirstMs: summarize(runs.flatMap((r) => (r.firstBatchMs === null ? [] : [r.totalMs - r.firstBatchMs]))),
    cpuShare: summarize(runs.map((r) => r.cpuMs / r.totalMs)),
    peakRssMb: summarize(runs.map((r) => mb(Math.max(r.peakRssKb, r.rssAfterKb)))),
    rssBeforeMb: summarize(runs.map((r) => mb(r.rssBeforeKb))),
  };
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/** Median of ours[i].totalMs / pyspark[i].totalMs over the repetitions both completed. */
export function pairedTotalRatio(ours: readonly RunResult[], pyspark: readonly RunResult[]): number | undefined {
  const n = Math.min(ours.length, pyspark.length);
  return summarize(Array.from({ length: n }, (_, i) => ours[i].totalMs / pyspark[i].totalMs))?.median;
}

export function compare(rows: number, ours: ClientSummary, pyspark: ClientSummary, totalPaired?: number,
  process: SizeSummary['process'] = 'fresh'): SizeSummary {
  return {
    rows,
    process,
    ours,
    pyspark,
    ratio: {
      firstBatchMedian: ratio(ours.firstBatchMs?.median, pyspark.firstBatchMs?.median),
      firstBatchMin: ratio(ours.firstBatchMs?.min, pyspark.firstBatchMs?.min),
      totalMedian: ratio(ours.totalMs?.median, pyspark.totalMs?.median),
      totalMin: ratio(ours.totalMs?.min, pyspark.totalMs?.min),
      totalPaired,
      streamMedian: ratio(ours.afterFirstMs?.median, pyspark.afterFirstMs?.median),
    },
  };
}

const fmtMs = (s: Summary | undefined): string => (s ? `${Math.round(s.median)} / ${Math.round(s.min)}` : '-');
const fmtPct = (s: Summary | undefined): string => (s ? `${(s.median * 100).toFixed(1)}%` : '-');
const fmtMb = (s: Summary | undefined): string => (s ? `${Math.round(s.median)}` : '-');
const fmtRatio = (r: number | undefined): string => (r === undefined ? '-' : r.toFixed(2));

/** A compact fixed-width table: one line per (size, client), then the ratios. */
export function formatTable(sizes: readonly SizeSummary[]): string {
  const header = ['rows', 'client', 'runs', 'first batch ms med/min', 'total ms med/min', 'paired', 'after first ms med', 'CPU/wall', 'RSS before MB', 'peak RSS MB'];
  const lines: string[][] = [header];
  for (const s of sizes) {
    for (const [name, c] of [['ours', s.ours], ['pyspark', s.pyspark]] as const) {
      lines.push([
        `${s.rows.toExponential(0).replace('+', '')}${s.process === 'warm' ? ' warm' : ''}`, name, `${c.runs}${c.failures.length ? ` (+${c.failures.length} failed)` : ''}`,
        fmtMs(c.firstBatchMs), fmtMs(c.totalMs), '', c.afterFirstMs ? `${Math.round(c.afterFirstMs.median)}` : '-',
        fmtPct(c.cpuShare), fmtMb(c.rssBeforeMb), fmtMb(c.peakRssMb),
      ]);
    }
    lines.push([
      '', 'ours/pyspark', '', `${fmtRatio(s.ratio.firstBatchMedian)} / ${fmtRatio(s.ratio.firstBatchMin)}`,
      `${fmtRatio(s.ratio.totalMedian)} / ${fmtRatio(s.ratio.totalMin)}`, fmtRatio(s.ratio.totalPaired), fmtRatio(s.ratio.streamMedian), '', '', '',
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
