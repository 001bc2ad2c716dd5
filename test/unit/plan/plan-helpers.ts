// Small readers over parsed plans used by the golden tests. They look at the model only, so a parser bug
// shows up as a mismatch against what the corpus expects or against another mode's text.

import type { PlanDocument, PlanNode, PlanSection } from '../../../src/plan/model';
import { operatorKey } from '../../../src/plan/metrics';
import { flattenPlan, type WalkOptions } from '../../../src/plan/walk';
import { splitTopLevel } from '../../../src/plan/attributes';

export const JOIN_TYPES = ['Inner', 'LeftOuter', 'RightOuter', 'FullOuter', 'LeftSemi', 'LeftAnti', 'Cross', 'ExistenceJoin'];

export function sectionTitles(doc: PlanDocument): string[] {
  return doc.sections.map((s) => s.title);
}

export function physical(doc: PlanDocument): PlanSection {
  const s = doc.sections.find((x) => x.kind === 'physical');
  if (!s) throw new Error('no physical section');
  return s;
}

export function nodesOf(root: PlanNode | undefined, options: WalkOptions = {}): PlanNode[] {
  return root ? flattenPlan(root, options).map((e) => e.node) : [];
}

/** Every node of the physical section: main tree with inner children, initial plans, subquery trees. */
export function allPhysicalNodes(doc: PlanDocument): PlanNode[] {
  const s = physical(doc);
  const roots = [s.root, ...(s.subqueries ?? []).map((q) => q.root)];
  return roots.flatMap((r) => nodesOf(r, { innerChildren: true, initialPlans: true }));
}

/** The join type a join node states: formatted "Join type", else a type token among its arguments. */
export function joinType(node: PlanNode): string | undefined {
  const detail = node.details?.find((d) => d.key === 'Join type')?.value.trim();
  if (detail) return detail;
  const token = splitTopLevel(node.args).find((t) => JOIN_TYPES.includes(t));
  if (token) return token;
  // CartesianProductExec's join type is always Inner; its one-line form does not print it.
  return node.name === 'CartesianProduct' ? 'Inner' : undefined;
}

/** Pre-order signature "depth:key" of a tree, for comparing two renderings of the same plan. */
export function shape(root: PlanNode | undefined, options: WalkOptions): string[] {
  return root ? flattenPlan(root, options).map((e) => `${e.depth}:${operatorKey(e.node.name)}`) : [];
}

/** Parent-child edges as "parentKey>childKey" strings, in pre-order. */
export function edges(root: PlanNode | undefined, options: WalkOptions): string[] {
  if (!root) return [];
  return flattenPlan(root, options)
    .filter((e) => e.parent)
    .map((e) => `${operatorKey((e.parent as PlanNode).name)}>${operatorKey(e.node.name)}:${e.via}`);
}

const CONNECTOR_LINE = /^(?:(?: {3}|: {2})*)(?:\+- |:- )/;
const AQE_MARKER_LINE = /^(?: {3}|: {2})*\+- == (?:Final|Current|Initial) Plan ==$/;

/**
 * Counts node lines of a drawn tree straight from text, without the parser: one root, every line with a
 * connector except AQE's "== ... Plan ==" headers, and one undrawn root after each header.
 */
export function countTreeLines(lines: readonly string[]): number {
  let count = 0;
  let afterMarker = false;
  lines.filter((l) => l.trim() !== '').forEach((line, i) => {
    if (AQE_MARKER_LINE.test(line)) {
      afterMarker = true;
      return;
    }
    if (i === 0 || CONNECTOR_LINE.test(line) || afterMarker) count++;
    afterMarker = false;
  });
  return count;
}
