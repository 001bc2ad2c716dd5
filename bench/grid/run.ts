// Grid benchmark (not a test): 1e6 rows x 20 mixed columns, fed to the real grid bundle in Chromium the
// way the host will (one IPC stream per message, at most 8 unacknowledged), then scrolled.
//   npx tsx bench/grid/run.ts [rows] [batchRows]
// Measures: first batch received -> first rows painted; all batches -> rendered; per-frame work and
// frame intervals while scrolling (rAF timestamps); sort and filter times; JS heap and renderer memory
// against the Arrow bytes. Goals: first paint < 100 ms, p95 frame < 16 ms, memory < 3x Arrow bytes.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildGrid, CHROMIUM_ARGS, fillTemplate, HOST_STUB, serve } from '../../test/webview/grid/harness';
import { benchBatch } from './data';

const ROWS = Number(process.argv[2] ?? 1_000_000);
// Spark's default spark.sql.execution.arrow.maxRecordsPerBatch.
const BATCH_ROWS = Number(process.argv[3] ?? 10_000);

/** Resident memory (KiB) of the renderer processes under a browser process. */
function rendererRssKiB(browserPid: number): number {
  const children = new Map<number, number[]>();
  const info = new Map<number, { rss: number; renderer: boolean }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${d}/status`, 'utf8'))?.[1] ?? 0);
      info.set(Number(d), { rss, renderer: cmd.includes('--type=renderer') });
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      if (info.get(c)?.renderer) total += info.get(c)!.rss;
      walk(c);
    }
  };
  walk(browserPid);
  return total;
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const round = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'grid-bench-'));
  const server = await serve(dir);
  const browserServer = await chromium.launchServer({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  try {
    const tGen = performance.now();
    let arrowBytes = 0;
    const files: string[] = [];
    for (let start = 0, k = 0; start < ROWS; start += BATCH_ROWS, k++) {
      const bytes = benchBatch(start, Math.min(BATCH_ROWS, ROWS - start));
      const name = `b${String(k).padStart(5, '0')}.arrows`;
      writeFileSync(join(dir, name), bytes);
      arrowBytes += bytes.byteLength;
      files.push(name);
    }
    const built = await buildGrid(dir, true);
    const gz = gzipSync(readFileSync(join(dir, 'grid.js')), { level: 9 }).byteLength;
    console.log(`data: ${ROWS} rows x 20 columns in ${files.length} IPC streams, ${(arrowBytes / 2 ** 20).toFixed(1)} MiB ` +
      `(generated in ${Math.round(performance.now() - tGen)} ms); grid.js ${built.jsBytes} B min, ${gz} B gzip`);

    // The benchmark page may fetch its data files; everything else is the host's CSP.
    const nonce = randomBytes(16).toString('base64');
    writeFileSync(join(dir, 'bench.html'), fillTemplate(server.origin, nonce, `connect-src ${server.origin}; `));
    const browser = await chromium.connect(browserServer.wsEndpoint());
    const pid = browserServer.process().pid!;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript({ content: HOST_STUB });
    await page.goto(`${server.origin}/bench.html`);
    // A cold start first: the first result in a fresh webview also pays for loading the grid's fonts.
    const cold = await page.evaluate<{ dom: number; frame: number }>(`(async () => {
      const app = window.sparkGrid;
      const buf = await fetch(${JSON.stringify(files[0])}).then((r) => r.arrayBuffer());
      window.__host({ type: 'result/start', resultId: 'cold', startedAt: Date.now() });
      await new Promise((r) => requestAnimationFrame(r));
      window.postMessage({ type: 'result/batch', resultId: 'cold', seq: 0, data: buf }, '*', [buf]);
      while (app.timings.firstPaintAt === 0) await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(r));
      return { dom: app.timings.firstPaintAt - app.timings.firstBatchAt, frame: performance.now() - app.timings.firstBatchAt };
    })()`);
    await page.evaluate(`window.__host({ type: 'result/start', resultId: 'empty', startedAt: Date.now() })`);
    await page.evaluate('gc(); gc();');
    await new Promise((r) => setTimeout(r, 500));
    const heapBefore = await page.evaluate<number>('performance.memory.usedJSHeapSize');
    const rssBefore = rendererRssKiB(pid);
    await page.evaluate(`(async () => {
      window.__bufs = await Promise.all(${JSON.stringify(files)}.map((f) => fetch(f).then((r) => r.arrayBuffer())));
    })()`);

    // Feed the batches like the host: one message per stream, at most 8 unacknowledged, bytes transferred.
    const load = await page.evaluate<{ firstDom: number; firstFrame: number; allRendered: number; rows: number }>(`(async () => {
      const app = window.sparkGrid;
      const bufs = window.__bufs;
      window.__bufs = null;
      const posted = window.__posted;
      let seen = posted.length, acked = 0;
      const countAcks = () => { for (; seen < posted.length; seen++) if (posted[seen].type === 'batch/ack') acked++; };
      const frame = () => new Promise((r) => requestAnimationFrame((t) => r(t)));
      window.__host({ type: 'result/start', resultId: 'bench', startedAt: Date.now(), title: 'bench' });
      await frame();
      let sent = 0;
      const send = () => { const b = bufs[sent]; bufs[sent] = null; window.postMessage({ type: 'result/batch', resultId: 'bench', seq: sent, data: b }, '*', [b]); sent++; };
      send();
      while (app.timings.firstPaintAt === 0) await new Promise((r) => setTimeout(r, 0));
      const firstDom = app.timings.firstPaintAt - app.timings.firstBatchAt;
      // The first frame presented after the rows were put in the DOM.
      await frame();
      const firstFrame = performance.now() - app.timings.firstBatchAt;
      while (acked < bufs.length) {
        countAcks();
        while (sent < bufs.length && sent - acked < 8) send();
        await new Promise((r) => setTimeout(r, 0));
      }
      window.__host({ type: 'result/progress', resultId: 'bench', rows: app.store.rowCount, elapsedMs: 1, done: true });
      await frame(); await frame();
      return { firstDom, firstFrame, allRendered: performance.now() - app.timings.firstBatchAt, rows: app.store.rowCount };
    })()`);
    await page.evaluate('gc(); gc();');
    await new Promise((r) => setTimeout(r, 500));
    const heapAfter = await page.evaluate<number>('performance.memory.usedJSHeapSize');
    const rssAfter = rendererRssKiB(pid);

    // Scrolling: rAF-driven programmatic scroll in three patterns; per frame we record the interval between
    // rAF timestamps and the work until the grid has rendered and layout is clean.
    const scroll = await page.evaluate<Record<string, { intervals: number[]; work: number[] }>>(`(async () => {
      const app = window.sparkGrid;
      const s = document.querySelector('.grid-scroll');
      const out = {};
      const run = (name, frames, move) => new Promise((resolve) => {
        const intervals = [], work = [];
        app.grid.onRendered = (t) => { void document.body.offsetHeight; work.push(performance.now() - t); };
        let last = 0, k = 0;
        const step = (t) => {
          if (last) intervals.push(t - last);
          last = t;
          if (k++ >= frames) { app.grid.onRendered = null; out[name] = { intervals, work }; return resolve(); }
          move(k);
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
      const max = () => s.scrollHeight - s.clientHeight;
      await run('smooth', 300, (k) => { s.scrollTop = Math.min(max(), k * 40); });
      let seed = 7;
      const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      await run('jumps', 200, () => { s.scrollTop = rnd() * max(); });
      await run('horizontal', 150, (k) => { s.scrollLeft = (k * 23) % (s.scrollWidth - s.clientWidth); });
      return out;
    })()`);

    const ops = await page.evaluate<Record<string, number>>(`(async () => {
      const app = window.sparkGrid;
      const cols = app.store.fields.map((f) => f.name);
      const t = {};
      t.sort_price_ms = app.rows.applySort({ column: cols.indexOf('price'), descending: false });
      t.sort_big_int64_ms = app.rows.applySort({ column: cols.indexOf('big'), descending: true });
      t.sort_user_string_ms = app.rows.applySort({ column: cols.indexOf('user'), descending: false });
      app.rows.applySort(null);
      let t0 = performance.now();
      await app.rows.setFilter('user_4242', app.layout.columns, () => {});
      t.filter_all_columns_ms = performance.now() - t0;
      t.filter_matches = app.rows.length;
      await app.rows.setFilter('', app.layout.columns, () => {});
      return t;
    })()`);

    const report = {
      rows: load.rows, columns: 20, batches: files.length, arrowMiB: round(arrowBytes / 2 ** 20),
      bundle: { minBytes: built.jsBytes, gzipBytes: gz },
      coldFirstBatchToRowsInDomMs: round(cold.dom),
      coldFirstBatchToNextFrameMs: round(cold.frame),
      firstBatchToRowsInDomMs: round(load.firstDom),
      firstBatchToNextFrameMs: round(load.firstFrame),
      firstBatchToAllRenderedMs: Math.round(load.allRendered),
      scroll: Object.fromEntries(Object.entries(scroll).map(([k, v]) => [k, {
        frames: v.intervals.length,
        intervalP50: round(pct(v.intervals, 50)), intervalP95: round(pct(v.intervals, 95)),
        workP50: round(pct(v.work, 50)), workP95: round(pct(v.work, 95)), workMax: round(Math.max(...v.work)),
      }])),
      memory: {
        jsHeapDeltaMiB: round((heapAfter - heapBefore) / 2 ** 20),
        rendererRssDeltaMiB: round((rssAfter - rssBefore) / 1024),
        rendererRssAfterMiB: round(rssAfter / 1024),
        jsHeapPerArrowByte: round((heapAfter - heapBefore) / arrowBytes * 100) / 100,
        rssDeltaPerArrowByte: round(((rssAfter - rssBefore) * 1024) / arrowBytes * 100) / 100,
      },
      operations: Object.fromEntries(Object.entries(ops).map(([k, v]) => [k, Math.round(v)])),
      pageErrors: errors,
    };
    console.log(JSON.stringify(report, null, 2));
    await browser.close();
  } finally {
    await browserServer.close();
    await new Promise<void>((r) => server.server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
