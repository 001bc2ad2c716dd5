// The first plan a fresh webview draws takes longer than the next ones. Part of that is V8 running the
// display-tree and layout code interpreted until it is hot (the graph layout of 1,000 nodes: ~40 ms cold,
// ~4 ms warm, bench/plan/first-draw.bench.ts). While the host is still answering 'ready' (it explains or
// parses the plan first), the page is idle, so it lays out a synthetic plan a few times: the code is
// compiled by the time the real plan arrives. The DOM part of the first draw (the browser's first style
// and layout of the nodes) did not get faster from drawing into detached views, so that is not done.
// Nothing is attached to the document, posted or stored.

import type { PlanNode, PlanSection } from '../../src/plan/model';
import { buildDisplayTree } from './display-tree';
import { layoutGraph } from './graph-layout';
import { computeHeat } from './heat';

const OPERATORS = ['Project', 'Filter', 'HashAggregate', 'Exchange', 'Sort', 'Scan parquet', 'Window', 'Range'];

function node(id: number, name: string, children: PlanNode[]): PlanNode {
  return {
    id, name, label: `${name} [a#${id}L, b#${id + 1}]`, args: `[a#${id}L, b#${id + 1}]`, inCodegen: id % 3 !== 0,
    codegenStage: id % 3 !== 0 ? 1 + (id % 4) : undefined, unresolved: false, missingInput: false, children,
    innerChildren: [], links: [], rawLines: [], line: id,
    metrics: { planId: id, values: [
      { key: 'numOutputRows', name: 'number of output rows', value: 1000 + id * 7, metricType: 'sum' },
      { key: 'aggTime', name: 'time in aggregation build', value: id % 11, metricType: 'timing' },
    ] },
  };
}

/** A plan of about `size` operators: chains of unary operators joined pairwise, like a many-way join. */
export function syntheticSection(size: number): PlanSection {
  let id = 0;
  const chain = (length: number): PlanNode => {
    let top = node(id++, 'Range', []);
    for (let i = 1; i < length; i++) top = node(id++, OPERATORS[i % OPERATORS.length], [top]);
    return top;
  };
  let root = chain(6);
  while (id < size) root = node(id++, id % 2 ? 'SortMergeJoin' : 'BroadcastHashJoin', [root, chain(6)]);
  return { kind: 'physical', title: 'Physical Plan', raw: '', line: 0, root, unparsed: [] };
}

/** Builds and lays out a synthetic plan a few times, to compile that code before real use. */
export function warmUp(size = 200, rounds = 2): void {
  // Recorded as a performance measure ('plan-warm-up') so the benchmark can report what it costs.
  const start = performance.now();
  for (let round = 0; round < rounds; round++) {
    const tree = buildDisplayTree(syntheticSection(size));
    computeHeat(tree.planNodes.flatMap((d) => (d.node ? [d.node] : [])));
    layoutGraph(tree, { 1: 3, 2: 5 });
  }
  performance.measure('plan-warm-up', { start, end: performance.now() });
}
