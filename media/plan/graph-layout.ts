// Positions for the graph view. A physical plan is a tree plus a few cross-links (a ReusedExchange and the
// exchange it reuses, a subquery and the operator hosting it), so the tidy-tree layout of d3-hierarchy
// places it (about 6 ms for 1,000 nodes) and the cross-links are drawn over it as dashed curves. A layered
// layout (dagre) would route those links better but costs over half a second at that size. No DOM here.

import { hierarchy, tree, type HierarchyPointNode } from 'd3-hierarchy';
import type { PlanLinkKind } from '../../src/plan/model';
import type { DisplayNode, DisplayTree } from './display-tree';

export const NODE_W = 196;
export const NODE_H = 52;
export const GROUP_H = 24;
const GAP_X = 28;
const LEVEL_H = 96;
const CLUSTER_PAD = 10;

export interface GNode {
  d: DisplayNode;
  /** Centre x, top y. */
  x: number;
  y: number;
  w: number;
  h: number;
  parent?: GNode;
  children: GNode[];
}

export interface GEdge {
  child: GNode;
  parent: GNode;
}

export interface GLink {
  from: GNode;
  to: GNode;
  kind: PlanLinkKind;
  label?: string;
}

export interface GCluster {
  stage: number;
  x: number;
  y: number;
  w: number;
  h: number;
  timeMs?: number;
}

export interface GraphLayout {
  nodes: GNode[];
  byKey: Map<string, GNode>;
  edges: GEdge[];
  links: GLink[];
  clusters: GCluster[];
  bounds: { x: number; y: number; w: number; h: number };
}

export function stageOf(d: DisplayNode): number | undefined {
  return d.node?.codegenStage ?? d.node?.metrics?.codegenStage;
}

export function layoutGraph(t: DisplayTree, stageTimes?: Record<number, number>): GraphLayout {
  const h = hierarchy(t.root, (d) => d.children);
  const laid: HierarchyPointNode<DisplayNode> = tree<DisplayNode>()
    .nodeSize([NODE_W + GAP_X, LEVEL_H])
    .separation((a, b) => (a.parent === b.parent ? 1 : 1.15))(h);

  const nodes: GNode[] = [];
  const byKey = new Map<string, GNode>();
  const byNodeId = new Map<number, GNode>();
  // The invisible root's children are the drawn roots: one level up.
  laid.each((p) => {
    if (p.depth === 0) return;
    const isGroup = p.data.node === undefined;
    const g: GNode = { d: p.data, x: p.x, y: (p.depth - 1) * LEVEL_H, w: isGroup ? NODE_W * 0.8 : NODE_W, h: isGroup ? GROUP_H : NODE_H, children: [] };
    nodes.push(g);
    byKey.set(p.data.key, g);
    if (p.data.node) byNodeId.set(p.data.node.id, g);
  });
  const edges: GEdge[] = [];
  for (const g of nodes) {
    const parentKey = g.d.parent?.key;
    const parent = parentKey ? byKey.get(parentKey) : undefined;
    if (!parent) continue;
    g.parent = parent;
    parent.children.push(g);
    edges.push({ child: g, parent });
  }
  const links: GLink[] = [];
  for (const g of nodes) {
    for (const l of g.d.node?.links ?? []) {
      const to = byNodeId.get(l.targetId);
      if (!to || to === g) continue;
      links.push(l.label === undefined ? { from: g, to, kind: l.kind } : { from: g, to, kind: l.kind, label: l.label });
    }
  }
  return { nodes, byKey, edges, links, clusters: clusters(nodes, stageTimes), bounds: bounds(nodes) };
}

// One cluster per connected run of nodes sharing a codegen stage: AQE's initial and final plans reuse
// stage ids in separate branches, which must not merge into one box.
function clusters(nodes: readonly GNode[], stageTimes?: Record<number, number>): GCluster[] {
  const clusterOf = new Map<GNode, GNode[]>();
  const runs: Array<{ stage: number; members: GNode[] }> = [];
  for (const g of nodes) {
    const stage = stageOf(g.d);
    if (stage === undefined) continue;
    const p = g.parent;
    const run = p && stageOf(p.d) === stage ? clusterOf.get(p) : undefined;
    if (run) {
      run.push(g);
      clusterOf.set(g, run);
    } else {
      const members = [g];
      runs.push({ stage, members });
      clusterOf.set(g, members);
    }
  }
  return runs.map(({ stage, members }) => {
    const b = bounds(members);
    const c: GCluster = { stage, x: b.x - CLUSTER_PAD, y: b.y - CLUSTER_PAD - 12, w: b.w + 2 * CLUSTER_PAD, h: b.h + 2 * CLUSTER_PAD + 12 };
    const t = stageTimes?.[stage];
    if (t !== undefined) c.timeMs = t;
    return c;
  });
}

function bounds(nodes: readonly GNode[]): { x: number; y: number; w: number; h: number } {
  if (nodes.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x - n.w / 2);
    maxX = Math.max(maxX, n.x + n.w / 2);
    minY = Math.min(minY, n.y);
    maxY = Math.max(maxY, n.y + n.h);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}
