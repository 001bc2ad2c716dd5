// Hints that point at plan shapes known to be expensive in Spark. Each hint names the nodes it is about so
// the plan view can select them. The rules only read the parsed tree (and execution metrics when merged);
// they stay deliberately modest: a hint says what the operator does and why it can cost, not that the
// query is wrong.

import type { PlanNode, PlanSection } from './model';
import { isEmptyList, joinType, listField, nestedJoinCondition } from './node-fields';
import { summarizeMetrics } from './metric-summary';
import { formatBytes, formatCount, formatDuration } from './number-format';
import { isShuffle } from './operator-kind';
import { parentIndex, sectionNodes } from './section-walk';

export type HintRule = 'cartesian' | 'nestedLoop' | 'shuffles' | 'unfilteredScan' | 'largeSort' | 'skewJoin' | 'hotspot';
export type HintSeverity = 'warning' | 'info';

export interface PlanHint {
  rule: HintRule;
  severity: HintSeverity;
  title: string;
  detail: string;
  /** The nodes the hint is about, the most relevant first. */
  nodeIds: number[];
}

export interface HintOptions {
  /** A sort over at least this many rows counts as large (from metrics or cost-mode statistics). */
  largeSortRows?: number;
  /** ... or over at least this many bytes. */
  largeSortBytes?: number;
  /** At least this many shuffles turn the shuffle hint from info into a warning. */
  manyShuffles?: number;
}

const DEFAULTS: Required<HintOptions> = { largeSortRows: 10_000_000, largeSortBytes: 1024 ** 3, manyShuffles: 4 };

export function planHints(section: PlanSection, options: HintOptions = {}): PlanHint[] {
  const opts = { ...DEFAULTS, ...options };
  // The initial plan of an executed AQE query is what was replaced; hints are about what runs.
  const nodes = sectionNodes(section, { initialPlans: false });
  const parents = parentIndex(section, { initialPlans: false });
  const adaptive = nodes.some((n) => n.name === 'AdaptiveSparkPlan');
  const hints: PlanHint[] = [];
  for (const n of nodes) {
    if (n.name === 'CartesianProduct') hints.push(cartesianHint(n));
    else if (n.name === 'BroadcastNestedLoopJoin') hints.push(nestedLoopHint(n));
    else if (n.name === 'SortMergeJoin' || n.name === 'ShuffledHashJoin') hints.push(skewHint(n, adaptive));
    const scan = unfilteredScanHint(n, parents);
    if (scan) hints.push(scan);
    if (n.name === 'Sort') {
      const sort = largeSortHint(n, opts);
      if (sort) hints.push(sort);
    }
  }
  const shuffles = shuffleHint(nodes, opts.manyShuffles);
  if (shuffles) hints.push(shuffles);
  const hot = hotspotHint(nodes);
  if (hot) hints.push(hot);
  const rank = (h: PlanHint) => (h.severity === 'warning' ? 0 : 1);
  return hints.sort((a, b) => rank(a) - rank(b));
}

function cartesianHint(n: PlanNode): PlanHint {
  const condition = nestedJoinCondition(n);
  return {
    rule: 'cartesian',
    severity: 'warning',
    title: 'Cartesian product',
    detail: 'Every row of one side is paired with every row of the other, so the output grows as the product of '
      + 'both inputs.' + (condition ? ` The condition ${condition} is only checked afterwards.`
        : ' There is no join condition: if the tables should match on a key, add it to the join.'),
    nodeIds: [n.id],
  };
}

function nestedLoopHint(n: PlanNode): PlanHint {
  const condition = nestedJoinCondition(n);
  const type = joinType(n);
  return {
    rule: 'nestedLoop',
    severity: 'warning',
    title: 'Broadcast nested loop join' + (type ? ` (${type})` : ''),
    detail: 'Each row of the streamed side is compared with every row of the broadcast side: there are no equality '
      + 'keys to hash on. Cheap when the broadcast side is tiny, slow otherwise.'
      + (condition ? ` Condition: ${condition}.` : ' It has no join condition at all, so it is a cartesian product.'),
    nodeIds: [n.id],
  };
}

function skewHint(n: PlanNode, adaptive: boolean): PlanHint {
  return {
    rule: 'skewJoin',
    severity: 'info',
    title: `${n.name === 'SortMergeJoin' ? 'Sort-merge' : 'Shuffled hash'} join: watch for skewed keys`,
    detail: 'Both sides are shuffled by the join keys, so all rows with one key value land in one task. If a few '
      + 'values are very common, that task runs far longer than the rest. '
      + (adaptive
        ? 'Adaptive execution can split skewed partitions (spark.sql.adaptive.skewJoin.enabled).'
        : 'Adaptive execution is off for this plan, so skewed partitions are not split (spark.sql.adaptive.enabled).'),
    nodeIds: [n.id],
  };
}

// A file scan prints PushedFilters (one-line modes, even when empty) or omits the line when empty (formatted
// mode). Partition pruning is filtering too, so a scan with partition filters is not flagged.
function isFileScan(n: PlanNode): boolean {
  if (n.name === 'FileScan' || n.name === 'BatchScan') return true;
  return n.name === 'Scan' && n.details !== undefined && n.details.some((d) => d.key === 'ReadSchema' || d.key === 'Location');
}

function unfilteredScanHint(n: PlanNode, parents: Map<number, PlanNode>): PlanHint | undefined {
  if (!isFileScan(n)) return undefined;
  const pushed = listField(n, 'PushedFilters');
  const partition = listField(n, 'PartitionFilters');
  const noPushed = pushed === undefined ? n.details !== undefined : isEmptyList(pushed);
  const noPartition = partition === undefined || isEmptyList(partition);
  if (!noPushed || !noPartition) return undefined;
  const filter = filterAbove(n, parents);
  const table = (n.nodeName ?? n.label).replace(/^(?:File)?Scan\s+/, '').replace(/\[.*$/, '');
  return {
    rule: 'unfilteredScan',
    severity: 'info',
    title: `Scan without pushed filters: ${table}`,
    detail: filter
      ? 'A Filter sits above this scan but none of its conditions reached the data source, so every row is read '
        + 'and filtered afterwards. Conditions on plain columns (not on expressions or UDFs) can be pushed down.'
      : 'No filter reaches this scan: it reads every file of the table.',
    nodeIds: filter ? [n.id, filter.id] : [n.id],
  };
}

// Operators that sit between a Filter and its scan without changing which rows are read.
const PASS_THROUGH = new Set(['ColumnarToRow', 'InputAdapter', 'Project', 'WholeStageCodegen']);

function filterAbove(n: PlanNode, parents: Map<number, PlanNode>): PlanNode | undefined {
  for (let p = parents.get(n.id); p; p = parents.get(p.id)) {
    if (p.name === 'Filter') return p;
    if (!PASS_THROUGH.has(p.name)) return undefined;
  }
  return undefined;
}

function largeSortHint(n: PlanNode, opts: Required<HintOptions>): PlanHint | undefined {
  const own = summarizeMetrics(n.metrics);
  const child = n.children[0];
  const input = summarizeMetrics(child?.metrics);
  const rows = Math.max(own.rows ?? -1, input.rows ?? -1, n.stats?.rowCount ?? -1, child?.stats?.rowCount ?? -1);
  const bytes = Math.max(input.bytes ?? -1, n.stats?.sizeInBytes ?? -1, child?.stats?.sizeInBytes ?? -1);
  const spill = own.spillBytes ?? 0;
  if (spill <= 0 && rows < opts.largeSortRows && bytes < opts.largeSortBytes) return undefined;
  const size = [rows >= 0 ? `${formatCount(rows)} rows` : '', bytes >= 0 ? formatBytes(bytes) : ''].filter(Boolean).join(', ');
  return {
    rule: 'largeSort',
    severity: 'warning',
    title: spill > 0 ? `Sort spilled ${formatBytes(spill)} to disk` : `Sort of a large input (${size})`,
    detail: 'Sorting holds each partition in memory and spills to disk when it does not fit. '
      + (/,\s*true,/.test(n.args) || /\btrue\b/.test(n.details?.find((d) => d.key === 'Arguments')?.value ?? '')
        ? 'This is a global sort (ORDER BY), which also range-shuffles all rows; a LIMIT lets Spark keep only the top rows.'
        : 'More partitions (spark.sql.shuffle.partitions) make each sort smaller.'),
    nodeIds: [n.id],
  };
}

function shuffleHint(nodes: readonly PlanNode[], many: number): PlanHint | undefined {
  const shuffles = nodes.filter((n) => isShuffle(n.name));
  if (shuffles.length === 0) return undefined;
  const reused = nodes.filter((n) => n.name === 'ReusedExchange').length;
  return {
    rule: 'shuffles',
    severity: shuffles.length >= many ? 'warning' : 'info',
    title: shuffles.length === 1 ? '1 shuffle' : `${shuffles.length} shuffles`,
    detail: 'Each Exchange writes all its input rows to local disk and sends them over the network to the next stage.'
      + (reused > 0 ? ` ${reused} more ${reused === 1 ? 'is' : 'are'} reused instead of being computed again.` : ''),
    nodeIds: shuffles.map((n) => n.id),
  };
}

function hotspotHint(nodes: readonly PlanNode[]): PlanHint | undefined {
  let total = 0;
  let timed = 0;
  let hottest: { node: PlanNode; ms: number } | undefined;
  for (const n of nodes) {
    const ms = summarizeMetrics(n.metrics).timeMs;
    if (ms === undefined) continue;
    timed++;
    total += ms;
    if (!hottest || ms > hottest.ms) hottest = { node: n, ms };
  }
  if (!hottest || timed < 2 || total <= 0 || hottest.ms <= 0) return undefined;
  const share = Math.round((hottest.ms / total) * 100);
  return {
    rule: 'hotspot',
    severity: 'info',
    title: `Most time: ${hottest.node.name} (${formatDuration(hottest.ms)})`,
    detail: `${share}% of the time the operators of this plan report (summed over tasks).`,
    nodeIds: [hottest.node.id],
  };
}
