// Host-side results benchmark (not a test): the same 1e6 x 20 batches as run.ts, pushed through the
// results panel's ResultFeed (exact-length copies, flow control with immediate acks, pages by the memory
// cap) and then exported to disk as CSV, JSON lines and an Arrow IPC file.
//   npx tsx bench/grid/host.ts [rows] [batchRows] [pageMB]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportFormat } from '../../src/protocol/grid';
import { writeExport } from '../../src/views/results/result-export';
import { ResultFeed } from '../../src/views/results/result-feed';
import { benchBatch } from './data';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const BATCH_ROWS = Number(process.argv[3] ?? 10_000);
const PAGE_MB = Number(process.argv[4] ?? 256);
const ms = (t0: bigint) => Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;

async function main(): Promise<void> {
  const batches: Uint8Array[] = [];
  for (let start = 0; start < ROWS; start += BATCH_ROWS) batches.push(benchBatch(start, Math.min(BATCH_ROWS, ROWS - start)));
  const arrowBytes = batches.reduce((n, b) => n + b.byteLength, 0);

  let posted = 0;
  let postedBytes = 0;
  const feed: ResultFeed = new ResultFeed({
    resultId: 'bench', start: { startedAt: Date.now() }, pageBytes: PAGE_MB * 1024 * 1024,
    post: (m) => {
      if (m.type !== 'result/batch') return;
      posted++;
      postedBytes += m.data.byteLength;
      // The webview acknowledges at once: this measures the host's own cost.
      queueMicrotask(() => feed.ack(m.seq));
    },
  });
  feed.begin();
  const t0 = process.hrtime.bigint();
  for (const b of batches) {
    feed.addBatch(b, BATCH_ROWS);
    await Promise.resolve();
  }
  feed.complete(0);
  const feedMs = ms(t0);
  console.log(`rows ${ROWS}, ${batches.length} batches, Arrow ${(arrowBytes / 2 ** 20).toFixed(1)} MiB`);
  console.log(`feed: ${feedMs} ms to copy and post (${(arrowBytes / 2 ** 20 / (feedMs / 1000)).toFixed(0)} MiB/s); ` +
    `${feed.pages.length} page(s) at ${PAGE_MB} MiB; ${posted} batches (${(postedBytes / 2 ** 20).toFixed(1)} MiB) went to the webview`);

  const dir = mkdtempSync(join(tmpdir(), 'results-host-bench-'));
  try {
    for (const format of ['arrow', 'csv', 'jsonl'] as ExportFormat[]) {
      const path = join(dir, `out.${format}`);
      const t = process.hrtime.bigint();
      const rss0 = process.memoryUsage().rss;
      const out = await writeExport({ streams: () => feed.streams() }, format, path);
      const took = ms(t);
      const size = statSync(path).size;
      console.log(`export ${format}: ${out.rows} rows, ${(size / 2 ** 20).toFixed(1)} MiB in ${took} ms ` +
        `(${(size / 2 ** 20 / (took / 1000)).toFixed(0)} MiB/s), RSS +${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(0)} MiB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
