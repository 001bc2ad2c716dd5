// The tree both views draw, built from one explain section. Plan nodes keep Spark's order (inner children
// such as subquery plans first, then children); a few display-only group nodes make the structure Spark
// prints as headers visible: AQE's "Final Plan" / "Initial Plan", the formatted mode's subqueries and
// optimized-out exchanges, codegen mode's subtrees. No DOM here.

import type { PlanNode, PlanSection } from '../../src/plan/model';
import { operatorKind, type OperatorKind } from '../../src/plan/operator-kind';

export interface DisplayNode {
  /** Unique in the tree: "n<id>" for plan nodes, "g..." for groups, "root" for the invisible root. */
  key: string;
  node?: PlanNode;
  title: string;
  /** Secondary text for groups (a subquery's hosting expression...). */
  subtitle?: string;
  kind: OperatorKind | 'group';
  /** Printed by Spark as an inner child (a subquery plan, a cached relation's plan). */
  inner: boolean;
  children: DisplayNode[];
  parent?: DisplayNode;
  depth: number;
}

export interface DisplayTree {
  root: DisplayNode;
  /** Plan nodes in display (pre-)order. */
  planNodes: DisplayNode[];
  byNodeId: Map<number, DisplayNode>;
  byKey: Map<string, DisplayNode>;
}

function group(key: string, title: string, subtitle?: string): DisplayNode {
  const g: DisplayNode = { key, title, kind: 'group', inner: false, children: [], depth: 0 };
  if (subtitle) g.subtitle = subtitle;
  return g;
}

function planNode(node: PlanNode, inner: boolean): DisplayNode {
  return { key: `n${node.id}`, node, title: node.name, kind: operatorKind(node.name, node.label), inner, children: [], depth: 0 };
}

// Iterative: generated plans (long UNION or CASE chains) can nest deeper than the call stack likes.
function expand(top: DisplayNode): void {
  const stack: DisplayNode[] = [top];
  while (stack.length > 0) {
    const d = stack.pop()!;
    const n = d.node;
    if (!n) continue;
    const kids: DisplayNode[] = n.innerChildren.map((c) => planNode(c, true));
    const initial = n.adaptive?.initialPlan;
    if (initial) {
      const current = group(`g${n.id}-current`, n.adaptive?.currentPlanLabel ?? 'Final Plan');
      current.children = n.children.map((c) => planNode(c, false));
      const init = group(`g${n.id}-initial`, 'Initial Plan');
      init.children = [planNode(initial, false)];
      kids.push(current, init);
      stack.push(...current.children, ...init.children);
    } else {
      kids.push(...n.children.map((c) => planNode(c, false)));
    }
    d.children = kids;
    for (const k of kids) if (k.node) stack.push(k);
  }
}

export function buildDisplayTree(section: PlanSection): DisplayTree {
  const root = group('root', section.title);
  if (section.root) root.children.push(planNode(section.root, false));
  const subqueries = section.subqueries ?? [];
  if (subqueries.length > 0) {
    const all = group('g-subqueries', 'Subqueries');
    for (const sq of subqueries) {
      const g = group(`g-subquery-${sq.index}`, `Subquery:${sq.index}`, sq.hostingExpression);
      if (sq.root) g.children.push(planNode(sq.root, false));
      all.children.push(g);
    }
    root.children.push(all);
  }
  const outs = section.optimizedOutExchanges ?? [];
  if (outs.length > 0) {
    const all = group('g-optimized-out', 'Adaptively optimized out exchanges');
    for (const o of outs) {
      const g = group(`g-subplan-${o.index}`, `Subplan:${o.index}`);
      if (o.root) g.children.push(planNode(o.root, false));
      all.children.push(g);
    }
    root.children.push(all);
  }
  for (const st of section.codegenSubtrees ?? []) {
    const g = group(`g-subtree-${st.index}`, `Subtree ${st.index} / ${st.total}`,
      st.codegenStage !== undefined ? `WholeStageCodegen (${st.codegenStage})` : undefined);
    if (st.root) g.children.push(planNode(st.root, false));
    root.children.push(g);
  }
  // Groups hold plan roots at any level; expand each plan root found below them.
  const groups: DisplayNode[] = [root];
  while (groups.length > 0) {
    for (const c of groups.pop()!.children) {
      if (c.node) expand(c);
      else groups.push(c);
    }
  }
  return index(root);
}

function index(root: DisplayNode): DisplayTree {
  const planNodes: DisplayNode[] = [];
  const byNodeId = new Map<number, DisplayNode>();
  const byKey = new Map<string, DisplayNode>();
  const stack: DisplayNode[] = [root];
  while (stack.length > 0) {
    const d = stack.pop()!;
    byKey.set(d.key, d);
    if (d.node) {
      planNodes.push(d);
      byNodeId.set(d.node.id, d);
    }
    for (let i = d.children.length - 1; i >= 0; i--) {
      const c = d.children[i];
      c.parent = d;
      c.depth = d.depth + 1;
      stack.push(c);
    }
  }
  return { root, planNodes, byNodeId, byKey };
}

/** All display nodes below `root` in pre-order, root excluded. */
export function preOrder(root: DisplayNode): DisplayNode[] {
  const out: DisplayNode[] = [];
  const stack = [...root.children].reverse();
  while (stack.length > 0) {
    const d = stack.pop()!;
    out.push(d);
    for (let i = d.children.length - 1; i >= 0; i--) stack.push(d.children[i]);
  }
  return out;
}
