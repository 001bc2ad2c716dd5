// Walking and flattening plan trees. Iterative (an explicit stack), so a very deep plan cannot overflow
// the call stack. Order is the text's: a node, its innerChildren, its children, then (when asked) the
// initial plan AQE printed below the final one.

import type { PlanDocument, PlanNode, PlanSection } from './model';

/** How a node hangs from the one above it. */
export type PlanEdgeKind = 'root' | 'child' | 'inner' | 'initialPlan';

export interface WalkEntry {
  node: PlanNode;
  parent?: PlanNode;
  depth: number;
  via: PlanEdgeKind;
}

export interface WalkOptions {
  /** Visit innerChildren (subquery plans, cached plans). Default true. */
  innerChildren?: boolean;
  /** Visit AdaptiveSparkPlan's initial plan when it was printed apart. Default false. */
  initialPlans?: boolean;
}

/**
 * Calls visit for every node under root in pre-order. Returning false from visit skips that node's
 * subtree.
 */
export function walkPlan(root: PlanNode, visit: (entry: WalkEntry) => boolean | void, options: WalkOptions = {}): void {
  const inner = options.innerChildren ?? true;
  const initial = options.initialPlans ?? false;
  const stack: WalkEntry[] = [{ node: root, depth: 0, via: 'root' }];
  while (stack.length > 0) {
    const entry = stack.pop() as WalkEntry;
    if (visit(entry) === false) continue;
    const { node, depth } = entry;
    // Pushed in reverse so they pop in printed order.
    const next: WalkEntry[] = [];
    if (inner) for (const c of node.innerChildren) next.push({ node: c, parent: node, depth: depth + 1, via: 'inner' });
    for (const c of node.children) next.push({ node: c, parent: node, depth: depth + 1, via: 'child' });
    const initialPlan = node.adaptive?.initialPlan;
    if (initial && initialPlan) next.push({ node: initialPlan, parent: node, depth: depth + 1, via: 'initialPlan' });
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
}

/** The nodes under root in pre-order, with parent and depth. */
export function flattenPlan(root: PlanNode, options: WalkOptions = {}): WalkEntry[] {
  const out: WalkEntry[] = [];
  walkPlan(root, (e) => {
    out.push(e);
  }, options);
  return out;
}

export type RootRole = 'main' | 'subquery' | 'optimizedOutExchange' | 'codegenSubtree';

export interface SectionRoot {
  section: PlanSection;
  root: PlanNode;
  role: RootRole;
}

/** Every tree root of a document: each section's plan, the formatted mode's subqueries and optimized-out
 *  exchanges, codegen subtrees. */
export function documentRoots(doc: PlanDocument): SectionRoot[] {
  const roots: SectionRoot[] = [];
  for (const section of doc.sections) {
    if (section.root) roots.push({ section, root: section.root, role: 'main' });
    for (const s of section.subqueries ?? []) if (s.root) roots.push({ section, root: s.root, role: 'subquery' });
    for (const s of section.optimizedOutExchanges ?? []) {
      if (s.root) roots.push({ section, root: s.root, role: 'optimizedOutExchange' });
    }
    for (const s of section.codegenSubtrees ?? []) if (s.root) roots.push({ section, root: s.root, role: 'codegenSubtree' });
  }
  return roots;
}

/** Every node of the document, each once, initial plans and inner children included. */
export function allNodes(doc: PlanDocument): PlanNode[] {
  const out: PlanNode[] = [];
  for (const { root } of documentRoots(doc)) {
    walkPlan(root, (e) => {
      out.push(e.node);
    }, { innerChildren: true, initialPlans: true });
  }
  return out;
}

/** Looks a node up by PlanNode.id (a linear scan; build a map from allNodes for many lookups). */
export function findNodeById(doc: PlanDocument, id: number): PlanNode | undefined {
  return allNodes(doc).find((n) => n.id === id);
}

/** The first section of the given kind. */
export function findSection(doc: PlanDocument, kind: PlanSection['kind']): PlanSection | undefined {
  return doc.sections.find((s) => s.kind === kind);
}

/** The physical plan's root, if the document has one. */
export function physicalRoot(doc: PlanDocument): PlanNode | undefined {
  return findSection(doc, 'physical')?.root;
}

/** A formatted node's detail field by key ("Output", "Condition", "PushedFilters", ...). */
export function detailValue(node: PlanNode, key: string): string | undefined {
  return node.details?.find((d) => d.key === key)?.value;
}
