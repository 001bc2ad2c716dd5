// Time to drawn for a 1,000-node plan in the real plan webview, in Chromium (target: under 300 ms).
// Each run, inside the page: parse the explain text with src/plan (bundled for the browser), serialize
// the document the way the webview channel does (JSON), post 'plan/show' to the production bundle
// (minified, under the host's CSP), and stop the clock when the webview reports the drawing on screen
// ('plan/rendered' is posted after the next animation frame). The webview's own layout and draw times
// come from that message. For comparison, @dagrejs/dagre lays out the same graph in Node.
// Run: npx tsx bench/plan/render.bench.ts [nodes] [runs]

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dagre from '@dagrejs/dagre';
import * as esbuild from 'esbuild';
import type { PlanNode } from '../../src/plan/model';
import type { ExplainMode } from '../../src/connect/explain-mode';
import { parsePlan } from '../../src/plan/parse';
import { walkPlan } from '../../src/plan/walk';
import { projectRoot } from '../../test/support/servers';
import { launchWebview, waitFor } from '../../test/webview/support/browser';
import { countNodes, renderFormatted, renderSimple, synthesizePlanOfSize } from './synthetic-plan';

const NODES = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 10);
const TARGET_MS = 300;

interface RunResult {
  parseMs: number;
  serializeMs: number;
  layoutMs: number;
  drawMs: number;
  totalMs: number;
  drawnNodes: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function parserBundle(): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [join(projectRoot(), 'src', 'plan', 'parse.ts')], bundle: true, minify: true, write: false,
    format: 'iife', globalName: 'PlanParse', platform: 'browser', target: 'chrome114', logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

// One measured run in the page; returns its timings. `view` is already selected in the page.
const RUN_IN_PAGE = `async ({ text, mode, key }) => {
  const t0 = performance.now();
  const doc = PlanParse.parsePlan(text, { mode });
  const t1 = performance.now();
  const wire = JSON.parse(JSON.stringify(doc));
  const t2 = performance.now();
  const before = window.__posted.length;
  window.postMessage({ type: 'plan/show', planKey: key, title: 'bench', mode, modes: [mode], document: wire, executed: false }, '*');
  for (;;) {
    const m = window.__posted.slice(before).find((x) => x.type === 'plan/rendered' && x.planKey === key);
    if (m) {
      const t3 = performance.now();
      return { parseMs: t1 - t0, serializeMs: t2 - t1, layoutMs: m.layoutMs, drawMs: m.drawMs, totalMs: t3 - t0,
        drawnNodes: document.querySelectorAll(m.view === 'graph' ? 'svg g.node[data-node-id]' : '[role=treeitem][data-node-id]').length };
    }
    await new Promise((r) => setTimeout(r, 0));
  }
}`;

function dagreLayoutMs(root: PlanNode): number {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'BT', nodesep: 28, ranksep: 44 });
  g.setDefaultEdgeLabel(() => ({}));
  walkPlan(root, (e) => {
    g.setNode(String(e.node.id), { width: 196, height: 52 });
    if (e.parent) g.setEdge(String(e.node.id), String(e.parent.id));
  }, { initialPlans: true });
  const t0 = performance.now();
  dagre.layout(g);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const plan = synthesizePlanOfSize(NODES);
  const total = countNodes(plan);
  const texts: Array<[ExplainMode, string]> = [['simple', renderSimple(plan)], ['formatted', renderFormatted(plan)]];
  const wb = await launchWebview('plan', { minify: true });
  const rows: string[] = [];
  const json: Record<string, unknown> = { nodes: total, runs: RUNS, bundleBytes: wb.built.jsBytes, cssBytes: wb.built.cssBytes };
  let failed = false;
  try {
    const code = await parserBundle();
    for (const view of ['graph', 'tree'] as const) {
      for (const [mode, text] of texts) {
        const wp = await wb.open({ width: 1400, height: 900 });
        // What the page's warm-up (media/plan/warm-up.ts) cost while it waited for its first plan.
        const warmUpMs = await wp.eval<number>('performance.getEntriesByName("plan-warm-up")[0]?.duration ?? -1');
        await wp.eval(`(() => { ${code}; window.PlanParse = PlanParse; return true; })()`);
        if (view === 'tree') {
          await wp.page.click('[role=tab][data-view=tree]');
          await waitFor(wp.page, 'document.querySelector("[role=tab][data-view=tree]").getAttribute("aria-selected") === "true"');
        }
        const runs: RunResult[] = [];
        for (let i = 0; i <= RUNS; i++) {
          const r = await wp.page.evaluate(`(${RUN_IN_PAGE})(${JSON.stringify({ text, mode, key: `${view}-${mode}-${i}` })})`) as RunResult;
          if (r.drawnNodes !== total) throw new Error(`${view}/${mode}: drew ${r.drawnNodes} nodes, the plan has ${total}`);
          runs.push(r);
        }
        const csp = await wp.csp();
        if (csp.length > 0 || wp.pageErrors.length > 0) throw new Error(`page problems: ${[...csp, ...wp.pageErrors].join('; ')}`);
        await wp.close();
        const [first, ...warm] = runs;
        const m = (k: keyof RunResult) => median(warm.map((r) => r[k]));
        const totalMedian = m('totalMs');
        failed ||= totalMedian >= TARGET_MS;
        json[`${view}/${mode}`] = { warmUpMs, first, median: { parseMs: m('parseMs'), serializeMs: m('serializeMs'), layoutMs: m('layoutMs'), drawMs: m('drawMs'), totalMs: totalMedian }, runs: warm };
        rows.push(`${view.padEnd(5)} ${mode.padEnd(9)} total ${totalMedian.toFixed(1).padStart(6)} ms (first ${first.totalMs.toFixed(1)} ms, layout ${first.layoutMs.toFixed(1)} + draw ${first.drawMs.toFixed(1)}; ` +
          `page warm-up ${warmUpMs.toFixed(1)} ms) = ` +
          `parse ${m('parseMs').toFixed(1)} + serialize ${m('serializeMs').toFixed(1)} + layout ${m('layoutMs').toFixed(1)} + ` +
          `draw to screen ${m('drawMs').toFixed(1)} ms`);
      }
    }
  } finally {
    await wb.close();
  }
  const doc = parsePlan(texts[0][1], { mode: 'simple' });
  const root = doc.sections.find((s) => s.kind === 'physical')?.root;
  if (root) {
    dagreLayoutMs(root);
    const d = median(Array.from({ length: 3 }, () => dagreLayoutMs(root)));
    json.dagreLayoutMs = d;
    rows.push(`for comparison: @dagrejs/dagre layout alone of the same ${total} nodes in Node: median ${d.toFixed(0)} ms`);
  }
  const outDir = join(projectRoot(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `plan-render-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(json, null, 1));
  process.stdout.write(`plan render benchmark: ${total} nodes, Chromium (${RUNS} runs after 1 cold run), ` +
    `bundle ${(wb.built.jsBytes / 1024).toFixed(1)} KiB min + ${(wb.built.cssBytes / 1024).toFixed(1)} KiB css\n${rows.join('\n')}\n`);
  process.stdout.write(failed ? `FAIL: median time to drawn at or above ${TARGET_MS} ms\n` : `OK: medians under ${TARGET_MS} ms\n`);
  process.stdout.write(`wrote ${file}\n`);
  process.exitCode = failed ? 1 : 0;
}

void main();
