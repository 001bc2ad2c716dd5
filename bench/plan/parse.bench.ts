// Parse time of a realistic 1,000-node plan in simple and formatted mode (target: under 20 ms), plus the
// metrics merge on the same plan. Run: npx tsx bench/plan/parse.bench.ts [nodes] [runs]

import { parsePlan } from '../../src/plan/parse';
import { mergeMetrics, type ExecutionMetric } from '../../src/plan/metrics';
import { flattenPlan, physicalRoot } from '../../src/plan/walk';
import type { PlanNode } from '../../src/plan/model';
import type { ExplainMode } from '../../src/connect/explain-mode';
import { countNodes, renderFormatted, renderSimple, synthesizePlanOfSize } from './synthetic-plan';

const NODES = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 50);
const WARMUP = 10;
const TARGET_MS = 20;

function stats(samples: number[]): { median: number; p95: number; min: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))], min: s[0] };
}

function time(fn: () => void): number[] {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

const plan = synthesizePlanOfSize(NODES);
const total = countNodes(plan);
const texts: Array<[ExplainMode, string]> = [['simple', renderSimple(plan)], ['formatted', renderFormatted(plan)]];
const results: string[] = [];
let failed = false;

for (const [mode, text] of texts) {
  const doc = parsePlan(text, { mode });
  const parsed = flattenPlan(physicalRoot(doc) as PlanNode).length;
  if (parsed !== total) throw new Error(`${mode}: parsed ${parsed} nodes, rendered ${total}`);
  const s = stats(time(() => parsePlan(text, { mode })));
  const auto = stats(time(() => parsePlan(text)));
  failed ||= s.median >= TARGET_MS;
  results.push(`${mode.padEnd(9)} ${total} nodes, ${text.split('\n').length} lines, ${(text.length / 1024).toFixed(0)} KiB: ` +
    `median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, min ${s.min.toFixed(2)} ms ` +
    `(mode recognised from text: median ${auto.median.toFixed(2)} ms)`);
}

// Metrics as the server would send them for this plan: pre-order, with a WholeStageCodegen entry above each
// stage's top operator and an InputAdapter above each pipeline input.
const doc = parsePlan(texts[0][1], { mode: 'simple' });
const metrics: ExecutionMetric[] = [];
let id = 1;
for (const e of flattenPlan(physicalRoot(doc) as PlanNode)) {
  const stage = e.node.codegenStage;
  if (stage !== undefined && e.parent?.codegenStage !== stage) {
    metrics.push({ name: `WholeStageCodegen (${stage})`, planId: id++, parent: 0, executionMetrics: {} });
  }
  if (e.parent && e.parent.codegenStage !== undefined && stage === undefined) {
    metrics.push({ name: 'InputAdapter', planId: id++, parent: 0, executionMetrics: {} });
  }
  metrics.push({
    name: e.node.name === 'FileScan' ? 'Scan parquet t' : e.node.name, planId: id++, parent: 0,
    executionMetrics: { numOutputRows: { name: 'number of output rows', value: 1000, metricType: 'sum' } },
  });
}
const merge = stats(time(() => {
  const r = mergeMetrics(doc, metrics);
  if (r.matched.length !== total) throw new Error(`merged ${r.matched.length} of ${total}`);
}));
results.push(`merge     ${total} nodes, ${metrics.length} metric entries: median ${merge.median.toFixed(2)} ms, p95 ${merge.p95.toFixed(2)} ms`);

process.stdout.write(`plan parse benchmark (Node ${process.version}, ${RUNS} runs after ${WARMUP} warm-up)\n${results.join('\n')}\n`);
process.stdout.write(failed ? `FAIL: median at or above ${TARGET_MS} ms\n` : `OK: medians under ${TARGET_MS} ms\n`);
process.exitCode = failed ? 1 : 0;
