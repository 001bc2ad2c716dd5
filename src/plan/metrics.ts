// Merging the execution metrics of ExecutePlanResponse.Metrics onto a parsed physical plan.
//
// The server lists operators in pre-order over the executed plan (AdaptiveSparkPlan -> its final plan,
// query stage -> its plan, otherwise children; no inner children or subqueries). Each entry carries the
// JVM-wide SparkPlan.id, which has nothing to do with explain's "(N)" ids, and a parent id that Spark 3.5
// leaves at 0. So entries are matched by structure: the plan is walked the way the server walks it, the
// WholeStageCodegen/InputAdapter entries (drawn as "*" prefixes in explain text, not as nodes) are set
// aside, and the two pre-order name sequences are aligned (longest common subsequence). Entries only the
// executed plan has (query stages, AQEShuffleRead) stay unmatched, as do nodes AQE removed at run time.

import type { NodeMetricValue, PlanDocument, PlanNode } from './model';
import { physicalRoot } from './walk';

/** One value of MetricObject.execution_metrics. */
export interface ExecutionMetricValue {
  name: string;
  value: number | bigint;
  metricType: string;
}

/** One ExecutePlanResponse.Metrics.MetricObject, as plain data. */
export interface ExecutionMetric {
  name: string;
  planId: number | bigint;
  parent: number | bigint;
  executionMetrics: Record<string, ExecutionMetricValue>;
}

export interface CodegenStageMetrics {
  stageId: number;
  /** Index of the "WholeStageCodegen (k)" entry in the input. */
  metricIndex: number;
  values: NodeMetricValue[];
  /** The stage's top operator (the entry right below WholeStageCodegen), when it matched a node. */
  topNodeId?: number;
}

export interface MetricsMergeResult {
  /** Node/entry pairs that were merged. */
  matched: Array<{ nodeId: number; metricIndex: number }>;
  /** Operator entries (WholeStageCodegen/InputAdapter excluded) that matched no node. */
  unmatchedMetricIndexes: number[];
  /** Nodes on the walked path that got no metrics. */
  unmatchedNodeIds: number[];
  stages: CodegenStageMetrics[];
  /** The server sent parent ids (Spark 4.x), so every merged node knows its codegen stage. On 3.5 only
   *  each stage's top operator does. */
  parentLinks: boolean;
}

export interface MergeMetricsOptions {
  /** The tree to merge onto; default the document's physical plan. */
  root?: PlanNode;
}

// Above this many alignment cells (plan nodes x metric entries) a greedy alignment replaces the exact one.
const MAX_ALIGN_CELLS = 4_000_000;

/** The name used to compare plan nodes with metric entries: the first word, with simple mode's
 *  "FileScan" read as the "Scan" that formatted mode and the metrics print. */
export function operatorKey(name: string): string {
  const first = name.trim().split(/[\s(]/, 1)[0] ?? '';
  return first === 'FileScan' ? 'Scan' : first;
}

const STAGE_NAME = /^WholeStageCodegen\s*\((\d+)\)/;

/**
 * Sets `metrics` on the nodes of the physical plan that match an entry, and reports what matched.
 * Mutates the walked nodes: metrics from an earlier merge are cleared first.
 */
export function mergeMetrics(doc: PlanDocument, metrics: readonly ExecutionMetric[], options: MergeMetricsOptions = {}): MetricsMergeResult {
  const result: MetricsMergeResult = {
    matched: [],
    unmatchedMetricIndexes: [],
    unmatchedNodeIds: [],
    stages: [],
    parentLinks: metrics.some((m) => Number(m.parent) !== 0),
  };
  const root = options.root ?? physicalRoot(doc);
  const nodes = root ? executedOrder(root) : [];
  for (const node of nodes) delete node.metrics;

  const operatorIndexes: number[] = [];
  metrics.forEach((m, i) => {
    const stage = STAGE_NAME.exec(m.name);
    if (stage) result.stages.push({ stageId: Number(stage[1]), metricIndex: i, values: toValues(m) });
    else if (operatorKey(m.name) !== 'InputAdapter') operatorIndexes.push(i);
  });

  const stageOf = result.parentLinks ? stagesFromParents(metrics) : stagesFromOrder(metrics);
  const pairs = align(nodes.map((n) => operatorKey(n.nodeName ?? n.name)), operatorIndexes.map((i) => operatorKey(metrics[i].name)));
  const matchedNodes = new Set<number>();
  const matchedMetrics = new Set<number>();
  const nodeOfMetric = new Map<number, number>();
  for (const [a, b] of pairs) {
    const node = nodes[a];
    const index = operatorIndexes[b];
    const entry = metrics[index];
    node.metrics = { planId: entry.planId, values: toValues(entry) };
    const stage = stageOf[index];
    if (stage !== undefined) node.metrics.codegenStage = stage;
    matchedNodes.add(a);
    matchedMetrics.add(index);
    nodeOfMetric.set(index, node.id);
    result.matched.push({ nodeId: node.id, metricIndex: index });
  }
  for (const stage of result.stages) {
    const top = nodeOfMetric.get(stage.metricIndex + 1);
    if (top !== undefined) stage.topNodeId = top;
  }
  result.unmatchedMetricIndexes = operatorIndexes.filter((i) => !matchedMetrics.has(i));
  result.unmatchedNodeIds = nodes.filter((_, i) => !matchedNodes.has(i)).map((n) => n.id);
  return result;
}

/** The plan's nodes in the order the server lists them: pre-order through children only, the final
 *  plan for AdaptiveSparkPlan (its children[0]), no inner children, no initial plan. */
function executedOrder(root: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const stack: PlanNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as PlanNode;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

function toValues(m: ExecutionMetric): NodeMetricValue[] {
  return Object.entries(m.executionMetrics ?? {}).map(([key, v]) => ({
    key,
    name: v.name,
    value: v.value,
    metricType: v.metricType,
  }));
}

// With parent ids: an entry runs in stage k if its nearest WholeStageCodegen ancestor is k and no
// InputAdapter (which starts a new pipeline input) lies between them.
function stagesFromParents(metrics: readonly ExecutionMetric[]): Array<number | undefined> {
  const stage: Array<number | undefined> = [];
  const lastIndexOfId = new Map<string, number>();
  metrics.forEach((m, i) => {
    const parentKey = String(m.parent);
    const p = parentKey === String(m.planId) ? undefined : lastIndexOfId.get(parentKey);
    if (p !== undefined) {
      const parentName = metrics[p].name;
      const parentStage = STAGE_NAME.exec(parentName);
      if (parentStage) stage[i] = Number(parentStage[1]);
      else if (operatorKey(parentName) !== 'InputAdapter') stage[i] = stage[p];
    }
    lastIndexOfId.set(String(m.planId), i);
  });
  return stage;
}

// Without parent ids only the entry right after "WholeStageCodegen (k)" is surely in stage k.
function stagesFromOrder(metrics: readonly ExecutionMetric[]): Array<number | undefined> {
  const stage: Array<number | undefined> = [];
  metrics.forEach((m, i) => {
    const s = STAGE_NAME.exec(m.name);
    if (s && i + 1 < metrics.length) stage[i + 1] = Number(s[1]);
  });
  return stage;
}

/** Longest common subsequence of two key sequences, as index pairs in order. */
export function align(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  // Identical heads and tails (all of it when the explained plan is the executed one) need no table.
  let lo = 0;
  while (lo < a.length && lo < b.length && a[lo] === b[lo]) {
    pairs.push([lo, lo]);
    lo++;
  }
  let hiA = a.length;
  let hiB = b.length;
  const tail: Array<[number, number]> = [];
  while (hiA > lo && hiB > lo && a[hiA - 1] === b[hiB - 1]) tail.push([--hiA, --hiB]);
  const n = hiA - lo;
  const m = hiB - lo;
  if (n > 0 && m > 0) {
    const middle = n * m > MAX_ALIGN_CELLS ? greedyAlign(a.slice(lo, hiA), b.slice(lo, hiB)) : lcs(codes(a, lo, hiA, b, lo, hiB));
    for (const [i, j] of middle) pairs.push([i + lo, j + lo]);
  }
  for (let k = tail.length - 1; k >= 0; k--) pairs.push(tail[k]);
  return pairs;
}

// Small integers instead of strings, so the table compares numbers.
function codes(a: readonly string[], a0: number, a1: number, b: readonly string[], b0: number, b1: number): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const code = (k: string): number => {
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = ids.size));
    return id;
  };
  return [Int32Array.from(a.slice(a0, a1), code), Int32Array.from(b.slice(b0, b1), code)];
}

function lcs([a, b]: [Int32Array, Int32Array]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  // dp[i*w+j] = LCS length of a[i..] and b[j..]; lengths fit 16 bits when either side is shorter than 65536.
  const dp = Math.min(n, m) < 0xffff ? new Uint16Array((n + 1) * w) : new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    const row = i * w;
    const next = row + w;
    const ai = a[i];
    for (let j = m - 1; j >= 0; j--) {
      dp[row + j] = ai === b[j] ? dp[next + j + 1] + 1 : Math.max(dp[next + j], dp[row + j + 1]);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i++, j++]);
    } else if (dp[i * w + j + 1] >= dp[(i + 1) * w + j]) {
      // On a tie skip the metric entry: the executed plan has wrappers (query stages) the explain lacks.
      j++;
    } else {
      i++;
    }
  }
  return pairs;
}

function greedyAlign(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    for (let k = j; k < Math.min(b.length, j + 64); k++) {
      if (a[i] === b[k]) {
        pairs.push([i, k]);
        j = k + 1;
        break;
      }
    }
  }
  return pairs;
}

/**
 * Reads metrics from protobuf-shaped objects without depending on generated types: accepts the
 * protobufjs object form (camelCase, int64 as Long or number), protobuf's JSON mapping (int64 as
 * strings, zero values possibly omitted) and snake_case field names. Anything unreadable is skipped.
 */
export function readExecutionMetrics(input: unknown): ExecutionMetric[] {
  const list = Array.isArray(input) ? input : isRecord(input) && Array.isArray(input.metrics) ? input.metrics : [];
  const out: ExecutionMetric[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string') continue;
    const raw = item.executionMetrics ?? item.execution_metrics;
    const executionMetrics: Record<string, ExecutionMetricValue> = {};
    if (isRecord(raw)) {
      for (const [key, v] of Object.entries(raw)) {
        if (!isRecord(v)) continue;
        executionMetrics[key] = {
          name: typeof v.name === 'string' ? v.name : key,
          value: toInt(v.value),
          metricType: String(v.metricType ?? v.metric_type ?? ''),
        };
      }
    }
    out.push({ name: item.name, planId: toInt(item.planId ?? item.plan_id), parent: toInt(item.parent), executionMetrics });
  }
  return out;
}

/** An int64 from number, bigint, decimal string or a Long-like object, as a number when it is exact. */
export function toInt(value: unknown): number | bigint {
  if (typeof value === 'number') return value;
  let big: bigint;
  try {
    if (typeof value === 'bigint') big = value;
    else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) big = BigInt(value.trim());
    else if (isRecord(value) && typeof value.toString === 'function') big = BigInt(String(value));
    else return 0;
  } catch {
    return 0;
  }
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
