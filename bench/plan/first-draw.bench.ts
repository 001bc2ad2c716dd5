// The first drawing of a fresh plan webview, with and without the page's warm-up (media/plan/warm-up.ts),
// measured the way the extension uses it: the host parses the plan (here in Node, once), and the page
// receives 'plan/show' right after it said 'ready'. Time runs from posting the message to 'plan/rendered'
// (after the next frame), so warm-up work still running when the plan arrives is counted. Pages of the two
// bundles alternate in one browser so that machine load hits both alike.
// Run: npx tsx bench/plan/first-draw.bench.ts [nodes] [pages per variant]

import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { parsePlan } from '../../src/plan/parse';
import { toWireDocument } from '../../src/protocol/plan';
import { projectRoot } from '../../test/support/servers';
import { launchWebview, type WebviewBrowser } from '../../test/webview/support/browser';
import { countNodes, renderSimple, synthesizePlanOfSize } from './synthetic-plan';

const NODES = Number(process.argv[2] ?? 1000);
const PAGES = Number(process.argv[3] ?? 7);

interface FirstDraw {
  totalMs: number;
  layoutMs: number;
  drawMs: number;
  warmUpMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Rebuilds the page bundle in place, with warm-up.ts replaced by a no-op or restored. */
async function rebuild(wb: WebviewBrowser, withWarmUp: boolean): Promise<void> {
  const stub: esbuild.Plugin = {
    name: 'no-warm-up',
    setup(build) {
      build.onResolve({ filter: /\/warm-up$/ }, () => ({ path: 'warm-up-stub', namespace: 'stub' }));
      build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export function warmUp() {}', loader: 'ts' }));
    },
  };
  await esbuild.build({
    entryPoints: [join(projectRoot(), 'media', 'plan', 'main.ts')], bundle: true, minify: true, sourcemap: false,
    format: 'iife', platform: 'browser', target: 'chrome114', outfile: join(wb.built.dir, 'plan.js'), logLevel: 'silent',
    plugins: withWarmUp ? [] : [stub],
  });
}

async function firstDraw(wb: WebviewBrowser, message: unknown): Promise<FirstDraw> {
  const wp = await wb.open({ width: 1400, height: 900 });
  try {
    const r = await wp.page.evaluate(`(async (m) => {
      const t0 = performance.now();
      window.postMessage(m, '*');
      for (;;) {
        const done = window.__posted.find((x) => x.type === 'plan/rendered' && x.planKey === m.planKey);
        if (done) return { totalMs: performance.now() - t0, layoutMs: done.layoutMs, drawMs: done.drawMs,
          warmUpMs: performance.getEntriesByName('plan-warm-up')[0]?.duration ?? 0 };
        await new Promise((r) => setTimeout(r, 0));
      }
    })(${JSON.stringify(message)})`) as FirstDraw;
    if (wp.pageErrors.length > 0) throw new Error(wp.pageErrors.join('; '));
    return r;
  } finally {
    await wp.close();
  }
}

async function main(): Promise<void> {
  const plan = synthesizePlanOfSize(NODES);
  const text = renderSimple(plan);
  const document = toWireDocument(parsePlan(text, { mode: 'simple' }));
  const wb = await launchWebview('plan', { minify: true });
  const results: Record<'with' | 'without', FirstDraw[]> = { with: [], without: [] };
  try {
    for (let i = 0; i < PAGES; i++) {
      for (const variant of ['without', 'with'] as const) {
        await rebuild(wb, variant === 'with');
        const message = { type: 'plan/show', planKey: `p${i}-${variant}`, title: 'bench', mode: 'simple', modes: ['simple'], document, executed: false };
        results[variant].push(await firstDraw(wb, message));
      }
    }
  } finally {
    await wb.close();
  }
  process.stdout.write(`first draw of a fresh plan webview, ${countNodes(plan)} nodes, graph view, ${PAGES} pages each (medians)\n`);
  for (const variant of ['without', 'with'] as const) {
    const rs = results[variant];
    const m = (k: keyof FirstDraw) => median(rs.map((r) => r[k])).toFixed(1);
    process.stdout.write(`${variant.padEnd(7)} warm-up: post to drawn ${m('totalMs')} ms (layout ${m('layoutMs')}, draw ${m('drawMs')}; ` +
      `warm-up itself ${m('warmUpMs')} ms)  all: ${rs.map((r) => r.totalMs.toFixed(0)).join(' ')}\n`);
  }
}

void main();
