// Builds PlanNode trees from the lines of one drawn tree. The same builder serves every mode: the
// drawing is identical, only the node text differs (formatted mode ends nodes with "(N)").
//
// Placement rules, from TreeNode.generateTreeString:
//  - a line with a connector at depth d is a child of the latest node at depth d-1;
//  - innerChildren (subquery plans, a cached relation's plan) are printed before the children at depth
//    d+2, so a line at depth d whose d-1 slot is empty belongs to the node at d-2 as an inner child;
//  - AdaptiveSparkPlan prints "+- == Final Plan ==" (or Current) and "+- == Initial Plan ==" headers, each
//    followed by a fresh tree whose root has no connector and sits at the header's depth;
//  - any other line without a connector after the root is text that wrapped (a literal with a newline),
//    kept on the node before it.

import { adaptiveMarker, isBlank, lexTreeLine } from './tree-line';
import type { PlanNode } from './model';
import { outputFromArgs, parseNodeText } from './node-text';

export interface SourceLine {
  /** The line without its line break. */
  text: string;
  /** Zero-based line number in the whole input. */
  line: number;
  /** Offsets of the line's text in the whole input, when known. */
  start?: number;
  end?: number;
}

/** Shared by every tree of one document so node ids stay unique and warnings end up in one place. */
export interface BuildContext {
  nextId: number;
  warnings: string[];
}

export interface BuiltTree {
  root?: PlanNode;
  /** Every node created, in text order (initial plans and inner children included). */
  nodes: PlanNode[];
  /** Lines that could not be placed (text before the root, an AQE header with no AdaptiveSparkPlan above). */
  unparsed: string[];
}

export function createNode(ctx: BuildContext, body: string, formatted: boolean, source: SourceLine): PlanNode {
  const t = parseNodeText(body, formatted);
  const node: PlanNode = {
    id: ctx.nextId++,
    name: t.name,
    label: t.label,
    args: t.args,
    inCodegen: t.inCodegen,
    unresolved: t.unresolved,
    missingInput: t.missingInput,
    children: [],
    innerChildren: [],
    links: [],
    rawLines: [source.text],
    line: source.line,
  };
  if (t.codegenStage !== undefined) node.codegenStage = t.codegenStage;
  if (t.operatorId !== undefined) node.operatorId = t.operatorId;
  if (t.stats) node.stats = t.stats;
  if (!formatted) {
    const output = outputFromArgs(t.name, t.args);
    if (output) node.output = output;
  }
  if (t.name === 'AdaptiveSparkPlan') {
    node.adaptive = {};
    const final = /isFinalPlan=(true|false)/.exec(t.args);
    if (final) node.adaptive.isFinalPlan = final[1] === 'true';
  }
  return node;
}

interface PendingSubPlan {
  owner: PlanNode;
  depth: number;
  initial: boolean;
}

/** Builds one tree from consecutive lines. Blank lines are skipped. Never throws. */
export function buildTree(lines: readonly SourceLine[], formatted: boolean, ctx: BuildContext): BuiltTree {
  const nodes: PlanNode[] = [];
  const unparsed: string[] = [];
  // at[d] = the latest node drawn at depth d that can still receive children.
  const at: Array<PlanNode | undefined> = [];
  let root: PlanNode | undefined;
  let last: PlanNode | undefined;
  let pending: PendingSubPlan | undefined;

  const add = (body: string, source: SourceLine, depth: number): PlanNode => {
    const node = createNode(ctx, body, formatted, source);
    nodes.push(node);
    at.length = Math.min(at.length, depth);
    at[depth] = node;
    last = node;
    return node;
  };

  for (const source of lines) {
    if (isBlank(source.text)) continue;
    const tl = lexTreeLine(source.text);
    const marker = adaptiveMarker(tl.body);
    if (marker) {
      const owner = nearest(at, tl.depth - 1);
      if (owner) {
        owner.adaptive ??= {};
        if (marker !== 'Initial') owner.adaptive.currentPlanLabel = `${marker} Plan`;
        owner.rawLines.push(source.text);
        pending = { owner, depth: tl.depth, initial: marker === 'Initial' };
        at.length = Math.min(at.length, tl.depth);
      } else {
        ctx.warnings.push(`line ${source.line + 1}: "${tl.body.trim()}" without an AdaptiveSparkPlan above it`);
        unparsed.push(source.text);
      }
      continue;
    }
    if (!tl.connector) {
      if (!root) {
        root = add(tl.body, source, tl.depth);
      } else if (pending && tl.depth === pending.depth) {
        const node = add(tl.body, source, tl.depth);
        const info = (pending.owner.adaptive ??= {});
        if (pending.initial && !info.initialPlan) {
          info.initialPlan = node;
        } else {
          // A second initial plan cannot be real output; hang it among the children so it stays reachable.
          if (pending.initial) ctx.warnings.push(`line ${source.line + 1}: a second "== Initial Plan =="`);
          pending.owner.children.push(node);
        }
        pending = undefined;
      } else if (last) {
        last.rawLines.push(source.text);
      } else {
        unparsed.push(source.text);
      }
      continue;
    }
    if (!root) {
      // A tree that starts with a connector: the text was cut above its root. Keep the line as a root
      // so nothing is lost.
      ctx.warnings.push(`line ${source.line + 1}: tree starts below its root`);
      root = add(tl.body, source, tl.depth);
      continue;
    }
    const d = tl.depth;
    let parent = at[d - 1];
    let inner = false;
    if (!parent && d >= 2 && at[d - 2]) {
      parent = at[d - 2];
      inner = true;
    }
    if (!parent) {
      parent = nearest(at, d - 1);
      ctx.warnings.push(`line ${source.line + 1}: no parent at depth ${d - 1}; attached to the nearest node above`);
    }
    const node = add(tl.body, source, d);
    if (!parent) {
      // Only possible when the root sits deeper than this line; keep the node reachable from the root.
      root.children.push(node);
    } else if (inner) {
      parent.innerChildren.push(node);
    } else {
      parent.children.push(node);
    }
  }
  const built: BuiltTree = { nodes, unparsed };
  if (root) built.root = root;
  return built;
}

function nearest(at: ReadonlyArray<PlanNode | undefined>, from: number): PlanNode | undefined {
  for (let d = Math.min(from, at.length - 1); d >= 0; d--) {
    const n = at[d];
    if (n) return n;
  }
  return undefined;
}
