// Export benchmark (not a test): writes a 10^6-row mixed result (bench/export/data.ts) as CSV and as JSON
// lines to a temporary file through the results panel's export (writeExport), the way "Export" does from
// the batches the host holds, and prints the speed in MiB of output per second.
//   npx tsx bench/export/run.ts [--rows 1000000] [--batch-rows 10000] [--reps 3] [--baseline] [--only csv|jsonl] [--workers N]
// The clock covers decoding every IPC stream, formatting every cell and writing to disk (the file is closed
// before the clock stops). Goal: at least 50 MiB/s for both formats. --baseline also runs the row-by-row
// writers the export used before (baseline.ts), alternating with the new one, so both see the same load.
// Besides wall-clock MiB/s it prints MiB per CPU second of this process, which moves less on a busy machine.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeExport } from '../../src/views/results/result-export';
import { baselineExport } from './baseline';
import { EXPORT_SPARK_TYPES, exportBatch } from '../../test/fixtures/arrow/export-mixed';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROWS = arg('rows', 1_000_000);
// Spark's default spark.sql.execution.arrow.maxRecordsPerBatch.
const BATCH_ROWS = arg('batch-rows', 10_000);
const REPS = arg('reps', 3);
const BASELINE = process.argv.includes('--baseline');
// Worker threads formatting the text (writeExport's `workers`); absent: writeExport's default for the size.
const WORKERS = process.argv.includes('--workers') ? arg('workers', 0) : undefined;
const FORMATS = (['csv', 'jsonl'] as const).filter((f) => !process.argv.includes('--only') || process.argv.includes(f));
const ZONE = 'America/Los_Angeles';

interface Run { wall: number; cpu: number; bytes: number }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function timed(f: () => Promise<{ rows: number; bytes: number }>): Promise<Run> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = await f();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  if (out.rows !== ROWS) throw new Error(`wrote ${out.rows} rows, expected ${ROWS}`);
  return { wall, cpu: (c.user + c.system) / 1e6, bytes: out.bytes };
}

async function main(): Promise<void> {
  const streams: Uint8Array[] = [];
  for (let start = 0; start < ROWS; start += BATCH_ROWS) streams.push(exportBatch(start, Math.min(BATCH_ROWS, ROWS - start)));
  const arrowBytes = streams.reduce((n, s) => n + s.byteLength, 0);
  console.log(`${ROWS} rows x ${EXPORT_SPARK_TYPES.length} columns in ${streams.length} batches, ${(arrowBytes / 2 ** 20).toFixed(1)} MiB of Arrow IPC`);
  const dir = mkdtempSync(join(tmpdir(), 'export-bench-'));
  try {
    for (const format of FORMATS) {
      const runs: Record<string, Run[]> = { columnar: [], baseline: [] };
      for (let r = 0; r < REPS; r++) {
        const path = join(dir, `out.${format}`);
        const now = await timed(() => writeExport({ streams: () => streams, sparkTypes: EXPORT_SPARK_TYPES, timeZone: ZONE }, format, path, undefined,
          WORKERS === undefined ? {} : { workers: WORKERS }));
        runs.columnar.push(now);
        if (BASELINE) runs.baseline.push(await timed(() => baselineExport(streams, EXPORT_SPARK_TYPES, ZONE, format, path)));
      }
      for (const [name, rs] of Object.entries(runs)) {
        if (rs.length === 0) continue;
        const mib = rs[0].bytes / 2 ** 20;
        const speed = rs.map((x) => mib / x.wall);
        const cpuSpeed = rs.map((x) => mib / x.cpu);
        console.log(`${format.padEnd(5)} ${name.padEnd(8)} ${mib.toFixed(1)} MiB  wall: median ${median(speed).toFixed(1)} MiB/s, best ${Math.max(...speed).toFixed(1)} MiB/s  per CPU second: median ${median(cpuSpeed).toFixed(1)} MiB/s`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
