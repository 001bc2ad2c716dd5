// Visits every node of one explain section: the main tree (inner children before children, as Spark
// prints them), AQE's initial plan when asked, then the formatted mode's subquery and optimized-out
// exchange trees and codegen mode's subtrees. The plan view counts nodes with the same walk, so what is
// drawn and what the parser produced can be compared one to one. Built on walkPlan (walk.ts).

import type { PlanNode, PlanSection } from './model';
import { walkPlan } from './walk';

export interface SectionWalkOptions {
  /** Include AdaptiveSparkPlan's "== Initial Plan ==" trees (default true). Hint rules leave them out:
   *  they describe what AQE replaced, not what runs. */
  initialPlans?: boolean;
}

export type NodeVisitor = (node: PlanNode, parent: PlanNode | undefined, depth: number) => void;

/** The roots of a section that are not inside another tree of the section. */
export function sectionRoots(section: PlanSection): PlanNode[] {
  const roots: PlanNode[] = [];
  if (section.root) roots.push(section.root);
  for (const s of section.subqueries ?? []) if (s.root) roots.push(s.root);
  for (const s of section.optimizedOutExchanges ?? []) if (s.root) roots.push(s.root);
  for (const s of section.codegenSubtrees ?? []) if (s.root) roots.push(s.root);
  return roots;
}

export function walkSection(section: PlanSection, visit: NodeVisitor, options: SectionWalkOptions = {}): void {
  const initialPlans = options.initialPlans ?? true;
  for (const root of sectionRoots(section)) {
    walkPlan(root, (e) => { visit(e.node, e.parent, e.depth); }, { innerChildren: true, initialPlans });
  }
}

export function sectionNodes(section: PlanSection, options: SectionWalkOptions = {}): PlanNode[] {
  const out: PlanNode[] = [];
  walkSection(section, (n) => out.push(n), options);
  return out;
}

/** Node id -> parent node, for rules that look upwards. */
export function parentIndex(section: PlanSection, options: SectionWalkOptions = {}): Map<number, PlanNode> {
  const parents = new Map<number, PlanNode>();
  walkSection(section, (n, p) => { if (p) parents.set(n.id, p); }, options);
  return parents;
}
