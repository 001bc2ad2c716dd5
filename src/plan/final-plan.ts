// The final adaptive plan a run used, rebuilt from its execution metrics.
//
// Explain never executes, so with adaptive query execution (AQE) it prints the initial plan
// ("AdaptiveSparkPlan isFinalPlan=false"); explaining again after the run does not help either, since
// every explain through Spark Connect plans the query afresh. What the run used reaches the client only
// as ExecutePlanResponse.Metrics: one entry per operator of the executed plan, in pre-order, with its
// parent's id on Spark 4 (Spark 3.5 sends 0 for every parent, so its tree shape cannot be recovered).
// From those entries this builds the final plan's tree (query stages, AQE's shuffle reads, the join
// strategy AQE switched to...), and borrows from the explained initial plan the text of each operator
// that is in both (arguments, output, details), matched the way metrics are merged (metrics.ts).
// The result is a second physical section, marked 'final', beside the initial one marked 'initial'.

import { mergeMetrics, operatorKey, type ExecutionMetric } from './metrics';
import type { PlanDocument, PlanNode, PlanSection } from './model';
import { walkPlan } from './walk';

const STAGE_NAME = /^WholeStageCodegen\s*\((\d+)\)/;
/** Entries AQE adds around the operators of the initial plan; ignored when telling whether AQE changed it. */
const AQE_WRAPPERS = /^(?:\w*QueryStage|AQEShuffleRead|WholeStageCodegen|InputAdapter|AdaptiveSparkPlan)$/;

export interface FinalPlanResult {
  section: PlanSection;
  /** False when the final plan runs the initial plan's operators (AQE only cut it into query stages). */
  changed: boolean;
}

/** Why there is no final plan to show, for the panel's status line. */
export type NoFinalPlan = 'not-adaptive' | 'no-parent-links' | 'no-metrics';

/** A node of the executed plan, before it becomes a PlanNode. */
interface Built {
  entry: number;
  children: Built[];
  stage?: number;
}

/**
 * Adds the final plan to `doc` (after its physical section, which becomes the 'initial' one) and returns
 * it; or says why it cannot. Mutates `doc`: metrics are merged onto both plans.
 */
export function addFinalPlan(doc: PlanDocument, metrics: readonly ExecutionMetric[]): FinalPlanResult | NoFinalPlan {
  const index = doc.sections.findIndex((s) => s.kind === 'physical' && s.root && !s.adaptiveRole);
  const initial = index >= 0 ? doc.sections[index] : undefined;
  if (!initial?.root || initial.root.name !== 'AdaptiveSparkPlan' || initial.root.adaptive?.isFinalPlan === true) return 'not-adaptive';
  if (metrics.length === 0) return 'no-metrics';
  if (!metrics.some((m) => Number(m.parent) !== 0)) return 'no-parent-links';
  const tree = buildTree(metrics);
  if (!tree || operatorKey(metrics[tree.entry].name) !== 'AdaptiveSparkPlan') return 'no-parent-links';

  // Which initial node each entry is: the same alignment the metrics merge makes.
  const matched = new Map<number, PlanNode>();
  const byId = new Map<number, PlanNode>();
  walkPlan(initial.root, (e) => { byId.set(e.node.id, e.node); }, { innerChildren: false, initialPlans: false });
  for (const m of mergeMetrics(doc, metrics, { root: initial.root }).matched) {
    const node = byId.get(m.nodeId);
    if (node) matched.set(m.metricIndex, node);
  }

  let nextId = doc.nodeCount;
  const toNode = (b: Built): PlanNode => {
    const entry = metrics[b.entry];
    const from = matched.get(b.entry);
    const stageArg = /QueryStage$/.test(entry.name) ? String(entry.planId) : '';
    const node: PlanNode = {
      id: nextId++,
      name: entry.name,
      label: from?.label ?? [entry.name, stageArg].filter(Boolean).join(' '),
      args: from?.args ?? stageArg,
      inCodegen: b.stage !== undefined,
      unresolved: false,
      missingInput: false,
      children: b.children.map(toNode),
      innerChildren: [],
      links: [],
      rawLines: [],
      line: from?.line ?? initial.line,
    };
    if (b.stage !== undefined) node.codegenStage = b.stage;
    if (from?.nodeName !== undefined) node.nodeName = from.nodeName;
    if (from?.output) node.output = from.output;
    if (from?.operatorId !== undefined) node.operatorId = from.operatorId;
    if (from?.details) node.details = from.details;
    if (from?.detailHeader !== undefined) node.detailHeader = from.detailHeader;
    return node;
  };
  const root = toNode(tree);
  root.label = 'AdaptiveSparkPlan isFinalPlan=true';
  root.args = 'isFinalPlan=true';
  root.adaptive = { isFinalPlan: true };
  delete root.operatorId;
  doc.nodeCount = nextId;
  mergeMetrics(doc, metrics, { root });

  const section: PlanSection = {
    kind: 'physical', title: 'Final Plan', raw: renderTree(root), line: initial.line, root, unparsed: [], adaptiveRole: 'final',
  };
  initial.adaptiveRole = 'initial';
  doc.sections.splice(index + 1, 0, section);
  return { section, changed: operatorSequence(root).join() !== operatorSequence(initial.root).join() };
}

/**
 * The executed plan's tree from pre-order entries with parent ids. WholeStageCodegen (k) and InputAdapter
 * are explain's "*(k)" marks, not operators: their children take their place, marked with stage k.
 */
function buildTree(metrics: readonly ExecutionMetric[]): Built | undefined {
  const built: Array<Built | undefined> = [];
  /** For each entry, the Built its children attach to (itself, or its own attach point for wrappers). */
  const attach: Array<Built | undefined> = [];
  const stageOf: Array<number | undefined> = [];
  const lastIndexOfId = new Map<string, number>();
  let root: Built | undefined;
  metrics.forEach((m, i) => {
    const key = String(m.parent);
    // Ids repeat (query stages count from 0): the parent is the nearest earlier entry with that id.
    const p = key === String(m.planId) ? undefined : lastIndexOfId.get(key);
    lastIndexOfId.set(String(m.planId), i);
    const stage = STAGE_NAME.exec(m.name);
    const inherited = p === undefined ? undefined : stageOf[p];
    if (stage || operatorKey(m.name) === 'InputAdapter') {
      // A stage mark applies to what is below it; an InputAdapter ends the stage of its parent.
      stageOf[i] = stage ? Number(stage[1]) : undefined;
      attach[i] = p === undefined ? undefined : attach[p];
      return;
    }
    const b: Built = { entry: i, children: [] };
    if (inherited !== undefined) b.stage = inherited;
    stageOf[i] = inherited;
    built[i] = b;
    attach[i] = b;
    const parent = p === undefined ? undefined : attach[p];
    if (parent) parent.children.push(b);
    else root ??= b;
  });
  return root;
}

function operatorSequence(root: PlanNode): string[] {
  const out: string[] = [];
  walkPlan(root, (e) => {
    const k = operatorKey(e.node.nodeName ?? e.node.name);
    if (!AQE_WRAPPERS.test(k)) out.push(k);
  }, { innerChildren: false, initialPlans: false });
  return out;
}

/** The final plan as explain's simple mode would draw it, for copying and the text view. */
export function renderTree(root: PlanNode): string {
  const lines: string[] = [];
  const visit = (n: PlanNode, prefix: string, last: boolean, top: boolean) => {
    const mark = n.codegenStage !== undefined ? `*(${n.codegenStage}) ` : '';
    lines.push(`${top ? '' : `${prefix}${last ? '+- ' : ':- '}`}${mark}${n.label}`);
    const next = top ? '' : `${prefix}${last ? '   ' : ':  '}`;
    n.children.forEach((c, i) => visit(c, next, i === n.children.length - 1, false));
  };
  visit(root, '', true, true);
  return lines.join('\n');
}
