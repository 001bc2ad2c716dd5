// The formatted mode's physical section (ExplainUtils.processPlan): a tree of "Name (N)" lines, then one
// detail block per operator ("(N) Name [codegen id : K]" + "Key [n]: value" lines), then optionally
// "===== Subqueries =====" with "Subquery:i Hosting operator id = X Hosting Expression = ..." entries, each
// with its own tree and blocks, and "===== Adaptively Optimized Out Exchanges =====" with "Subplan:i" entries.

import type { DetailField, OptimizedOutExchange, PlanNode, SubqueryEntry } from './model';
import { outputFromDetails } from './node-text';
import { buildTree, type BuildContext, type SourceLine } from './tree';
import { isBlank } from './tree-line';

export interface DetailBlock {
  operatorId: number;
  /** Operator name as the header prints it (Spark's nodeName). */
  name: string;
  codegenStage?: number;
  reusesOperatorId?: number;
  header: string;
  fields: DetailField[];
  lines: string[];
}

export interface FormattedBody {
  root?: PlanNode;
  subqueries: SubqueryEntry[];
  optimizedOutExchanges: OptimizedOutExchange[];
  /** Every node of every tree in the section, in text order. */
  nodes: PlanNode[];
  unparsed: string[];
}

const BLOCK_HEADER = /^\((\d+)\) (.*)$/;
const FIELD = /^([A-Za-z][\w .\-]{0,48}?)(?: \[(\d+)\])? ?:(?: (.*))?$/;
const SUBQUERY = /^Subquery:(\d+) Hosting operator id = (\d+) Hosting Expression = (.*)$/;
const SUBPLAN = /^Subplan:(\d+)\s*$/;
const SUBQUERIES_BANNER = /^={3,} Subqueries ={3,}\s*$/;
const OPTIMIZED_OUT_BANNER = /^={3,} Adaptively Optimized Out Exchanges ={3,}\s*$/;

/** Parses "(N) Name [codegen id : K] [Reuses operator id: M]". */
export function parseBlockHeader(text: string): Omit<DetailBlock, 'fields' | 'lines'> | undefined {
  const m = BLOCK_HEADER.exec(text);
  if (!m) return undefined;
  let name = m[2].trim();
  const block: Omit<DetailBlock, 'fields' | 'lines'> = { operatorId: Number(m[1]), name, header: text };
  for (let suffix = /\s\[([^[\]]*)\]$/.exec(name); suffix; suffix = /\s\[([^[\]]*)\]$/.exec(name)) {
    const stage = /^codegen id : (\d+)$/.exec(suffix[1]);
    const reuse = /^Reuses operator id: (\d+)$/.exec(suffix[1]);
    if (stage) block.codegenStage = Number(stage[1]);
    else if (reuse) block.reusesOperatorId = Number(reuse[1]);
    else break;
    name = name.slice(0, suffix.index).trim();
  }
  block.name = name;
  return block;
}

/** Reads the formatted physical section's lines (header excluded). Never throws. */
export function parseFormattedBody(lines: readonly SourceLine[], ctx: BuildContext): FormattedBody {
  const body: FormattedBody = { subqueries: [], optimizedOutExchanges: [], nodes: [], unparsed: [] };
  const blocks: DetailBlock[] = [];
  let i = 0;

  // One tree: the non-blank lines from i, stopping before anything that starts a block or an entry.
  const readTree = (): PlanNode | undefined => {
    while (i < lines.length && isBlank(lines[i].text)) i++;
    const start = i;
    while (i < lines.length && !isBlank(lines[i].text) && !startsRegion(lines[i].text)) i++;
    if (i === start) return undefined;
    const tree = buildTree(lines.slice(start, i), true, ctx);
    body.nodes.push(...tree.nodes);
    body.unparsed.push(...tree.unparsed);
    return tree.root;
  };

  // Detail blocks until the next banner or entry header.
  const readBlocks = (): void => {
    let current: DetailBlock | undefined;
    // Bracket depth of the last field's value so far: while it is open, lines continue that value.
    let openDepth = 0;
    for (; i < lines.length; i++) {
      const text = lines[i].text;
      const kind = classify(text);
      if (kind === 'banner' || kind === 'entry') return;
      if (kind === 'blank') {
        if (current) current.lines.push(text);
        continue;
      }
      const header = kind === 'header' ? parseBlockHeader(text) : undefined;
      if (header) {
        current = header as DetailBlock;
        current.fields = [];
        current.lines = [text];
        blocks.push(current);
        openDepth = 0;
        continue;
      }
      if (!current) {
        body.unparsed.push(text);
        continue;
      }
      current.lines.push(text);
      const previous = current.fields[current.fields.length - 1];
      const field = openDepth > 0 ? null : FIELD.exec(text);
      if (field) {
        const f: DetailField = { key: field[1].trim(), value: field[3] ?? '' };
        if (field[2] !== undefined) f.count = Number(field[2]);
        current.fields.push(f);
        openDepth = bracketDelta(f.value, 0);
      } else if (previous) {
        previous.value += `\n${text}`;
        openDepth = bracketDelta(text, openDepth);
      } else {
        body.unparsed.push(text);
      }
    }
  };

  body.root = readTree();
  readBlocks();
  let region: 'subqueries' | 'optimizedOut' | undefined;
  while (i < lines.length) {
    const text = lines[i].text;
    if (SUBQUERIES_BANNER.test(text)) {
      region = 'subqueries';
      i++;
      continue;
    }
    if (OPTIMIZED_OUT_BANNER.test(text)) {
      region = 'optimizedOut';
      i++;
      continue;
    }
    const sub = SUBQUERY.exec(text);
    const plan = SUBPLAN.exec(text);
    if (sub && region !== 'optimizedOut') {
      const start = i++;
      const expression = sub[3];
      const entry: SubqueryEntry = {
        index: Number(sub[1]),
        hostingOperatorId: Number(sub[2]),
        hostingExpression: expression,
        hostNodeIds: [],
        reused: expression.startsWith('ReusedSubquery'),
        raw: '',
      };
      const root = readTree();
      if (root) entry.root = root;
      readBlocks();
      entry.raw = lines.slice(start, i).map((l) => l.text).join('\n');
      body.subqueries.push(entry);
    } else if (plan) {
      const start = i++;
      const entry: OptimizedOutExchange = { index: Number(plan[1]), raw: '' };
      const root = readTree();
      if (root) entry.root = root;
      readBlocks();
      entry.raw = lines.slice(start, i).map((l) => l.text).join('\n');
      body.optimizedOutExchanges.push(entry);
    } else {
      if (!isBlank(text)) body.unparsed.push(text);
      i++;
    }
  }
  joinDetails(body, blocks, ctx);
  return body;
}

type LineKind = 'blank' | 'banner' | 'entry' | 'header' | 'text';

// Looks at the first character before trying a pattern: this runs for every line of the section.
function classify(text: string): LineKind {
  const c = text.charCodeAt(0);
  if (c === 61 /* = */) return SUBQUERIES_BANNER.test(text) || OPTIMIZED_OUT_BANNER.test(text) ? 'banner' : 'text';
  if (c === 83 /* S */) return SUBQUERY.test(text) || SUBPLAN.test(text) ? 'entry' : 'text';
  if (c === 40 /* ( */) return BLOCK_HEADER.test(text) ? 'header' : 'text';
  return isBlank(text) ? 'blank' : 'text';
}

function startsRegion(text: string): boolean {
  return classify(text) !== 'text';
}

// A value whose brackets are not closed yet continues on the next line even if that line looks like a key
// (InMemoryRelation's Arguments print a whole plan on 3.5).
function bracketDelta(text: string, depth: number): number {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 40 || c === 91) depth++;
    else if ((c === 41 || c === 93) && depth > 0) depth--;
  }
  return depth;
}

/** Attaches each detail block to the node(s) with its operator id, and adds reuse and subquery links. */
function joinDetails(body: FormattedBody, blocks: readonly DetailBlock[], ctx: BuildContext): void {
  const byOperator = new Map<number, PlanNode[]>();
  for (const node of body.nodes) {
    if (node.operatorId === undefined) continue;
    const list = byOperator.get(node.operatorId);
    if (list) list.push(node);
    else byOperator.set(node.operatorId, [node]);
  }
  const seen = new Set<number>();
  for (const block of blocks) {
    const targets = byOperator.get(block.operatorId);
    if (!targets || seen.has(block.operatorId)) {
      ctx.warnings.push(`detail block "${block.header}" matches no operator in the tree`);
      body.unparsed.push(...block.lines);
      continue;
    }
    seen.add(block.operatorId);
    for (const node of targets) {
      node.details = block.fields;
      node.detailHeader = block.header;
      node.nodeName = block.name;
      if (block.codegenStage !== undefined) node.codegenStage = block.codegenStage;
      const args = block.fields.find((f) => f.key === 'Arguments');
      if (args) node.args = args.value;
      const output = outputFromDetails(node.name, block.fields);
      if (output) node.output = output;
      if (node.adaptive) {
        const final = /isFinalPlan=(true|false)/.exec(node.args);
        if (final) node.adaptive.isFinalPlan = final[1] === 'true';
      }
      if (block.reusesOperatorId !== undefined) {
        const reused = byOperator.get(block.reusesOperatorId)?.[0];
        if (reused) node.links.push({ kind: 'reuses', targetId: reused.id });
        else ctx.warnings.push(`operator ${block.operatorId} reuses operator ${block.reusesOperatorId}, which is not listed`);
      }
    }
  }
  for (const entry of body.subqueries) {
    const hosts = entry.hostingOperatorId === undefined ? [] : byOperator.get(entry.hostingOperatorId) ?? [];
    entry.hostNodeIds = hosts.map((h) => h.id);
    const target = entry.reused ? originalOf(entry, body.subqueries) : entry.root;
    if (!target) continue;
    for (const host of hosts) {
      host.links.push({ kind: entry.reused ? 'reusesSubquery' : 'subquery', targetId: target.id, label: entry.hostingExpression });
    }
  }
}

// A reused subquery's expression names the same "[id=#N]" as the subquery it reuses.
function originalOf(entry: SubqueryEntry, all: readonly SubqueryEntry[]): PlanNode | undefined {
  const id = /\[id=#(\d+)\]/.exec(entry.hostingExpression)?.[0];
  const plain = entry.hostingExpression.replace(/^ReusedSubquery\s+/, '');
  const original = all.find((e) => !e.reused && e.root &&
    (id !== undefined ? e.hostingExpression.includes(id) : e.hostingExpression === plain));
  return original?.root;
}
