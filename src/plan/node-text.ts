// Reading one node's text, once the tree drawing ("   :  +- ") is gone: codegen marker, state prefix,
// operator name and arguments, formatted-mode operator id, statistics, and the output attributes.

import { matchingBracket, parseAttributeList } from './attributes';
import type { Attribute, DetailField, PlanStatistics } from './model';
import { parseStatistics, splitStatistics } from './statistics';

export interface NodeText {
  name: string;
  label: string;
  args: string;
  inCodegen: boolean;
  codegenStage?: number;
  operatorId?: number;
  unresolved: boolean;
  missingInput: boolean;
  stats?: PlanStatistics;
  /** Formatted mode: text after "(N)", e.g. "(columnarIn=false, columnarOut=true)". */
  tail?: string;
}

const STAGE_MARKER = /^\*\((\d+)\) /;
const NAME = /^[A-Za-z_][\w$]*/;
// "(N)" ends the node in formatted mode, but a few operators print more after it: ", Statistics(...)" for
// query stages, " (columnarIn=..., columnarOut=...)" for in-memory scans.
const OPERATOR_ID = / \((\d+)\)(?=$|,| \()/g;

/** Parses a node's text; `formatted` says whether an operator id "(N)" is expected. */
export function parseNodeText(body: string, formatted: boolean): NodeText {
  let text = body.trim();
  let inCodegen = false;
  let codegenStage: number | undefined;
  const stage = STAGE_MARKER.exec(text);
  if (stage) {
    inCodegen = true;
    codegenStage = Number(stage[1]);
    text = text.slice(stage[0].length);
  } else if (text.startsWith('* ')) {
    inCodegen = true;
    text = text.slice(2);
  }
  let unresolved = false;
  let missingInput = false;
  if (text.startsWith("'")) {
    unresolved = true;
    text = text.slice(1);
  } else if (text.startsWith('!')) {
    missingInput = true;
    text = text.slice(1);
  }
  let operatorId: number | undefined;
  let tail: string | undefined;
  if (formatted) {
    let last: RegExpExecArray | undefined;
    OPERATOR_ID.lastIndex = 0;
    for (let m = OPERATOR_ID.exec(text); m; m = OPERATOR_ID.exec(text)) last = m;
    if (last) {
      operatorId = Number(last[1]);
      const rest = text.slice(last.index + last[0].length).trim();
      if (rest) tail = rest;
      text = text.slice(0, last.index);
    }
  }
  let stats: PlanStatistics | undefined;
  if (tail !== undefined) {
    const m = /^,?\s*Statistics\((.*)\)$/.exec(tail);
    if (m) {
      stats = parseStatistics(m[1]);
      tail = undefined;
    }
  } else {
    const split = splitStatistics(text);
    text = split.text;
    stats = split.stats;
  }
  // Text Spark prints after the id, such as an in-memory scan's "(columnarIn=false, columnarOut=true)",
  // still describes the node.
  const label = tail !== undefined ? `${text.trim()} ${tail}` : text.trim();
  const nameMatch = NAME.exec(label);
  const name = nameMatch ? nameMatch[0] : label.split(/[\s([]/, 1)[0] || label;
  const args = label.slice(name.length).trim();
  const result: NodeText = { name, label, args, inCodegen, unresolved, missingInput };
  if (codegenStage !== undefined) result.codegenStage = codegenStage;
  if (operatorId !== undefined) result.operatorId = operatorId;
  if (stats) result.stats = stats;
  if (tail !== undefined) result.tail = tail;
  return result;
}

/** The top-level "[...]" groups of text (not those nested in parentheses or other brackets). */
export function topLevelLists(text: string): string[] {
  const lists: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (c === '[' && depth === 0) {
      const end = matchingBracket(text, i);
      if (end < 0) break;
      lists.push(text.slice(i + 1, end - 1));
      i = end - 1;
    }
  }
  return lists;
}

// Operators whose first top-level list is their output (Project's list holds "expr AS name" items; the
// scans print the columns they read right after the table name).
const FIRST_LIST_IS_OUTPUT = new Set([
  'Project', 'LocalTableScan', 'LocalRelation', 'InMemoryRelation', 'ReusedExchange', 'Scan', 'FileScan',
  'Relation', 'BatchScan', 'View', 'LogicalRDD', 'ExternalRDD', 'RDDScan', 'ExistingRDD',
]);
// Operators whose second top-level list is their output: Aggregate [groupings], [aggregates];
// Expand [[projections]], [output].
const SECOND_LIST_IS_OUTPUT = new Set(['Aggregate', 'Expand']);

/**
 * Output attributes from a simple/extended/cost line. Only where the text states them: aggregates'
 * "output=[...]" (extended mode), and the operators listed above. Others (Filter, Join, Window...) derive
 * their output from children, which the text does not repeat, so they get none.
 */
export function outputFromArgs(name: string, args: string): Attribute[] | undefined {
  const at = args.indexOf('output=[');
  if (at >= 0) {
    const end = matchingBracket(args, at + 'output='.length);
    if (end > 0) return parseAttributeList(args.slice(at + 'output=['.length, end - 1));
  }
  // Spark leaves empty lists out of a node's text, so a bare "Project" projects nothing.
  if (name === 'Project' && args === '') return [];
  if (FIRST_LIST_IS_OUTPUT.has(name) || SECOND_LIST_IS_OUTPUT.has(name)) {
    const lists = topLevelLists(args);
    const list = SECOND_LIST_IS_OUTPUT.has(name) ? lists[1] : lists[0];
    if (list !== undefined) return parseAttributeList(list);
  }
  return undefined;
}

// Formatted-mode operators whose output is their input; Spark prints only "Input" for them.
const PASS_THROUGH = new Set([
  'Filter', 'Sort', 'Exchange', 'BroadcastExchange', 'ColumnarToRow', 'RowToColumnar', 'Coalesce', 'Sample',
  'CollectLimit', 'GlobalLimit', 'LocalLimit', 'WindowGroupLimit', 'AQEShuffleRead', 'CustomShuffleReader',
]);

/** Output attributes from formatted details: "Output", else an aggregate's "Results", else a
 *  pass-through operator's "Input". */
export function outputFromDetails(name: string, details: DetailField[]): Attribute[] | undefined {
  const field = (key: string): DetailField | undefined => details.find((d) => d.key === key);
  const source = field('Output') ?? field('Results') ?? (PASS_THROUGH.has(name) ? field('Input') : undefined);
  if (!source) return undefined;
  const value = source.value.trim();
  if (!value.startsWith('[')) return undefined;
  const end = matchingBracket(value, 0);
  return parseAttributeList(value.slice(1, end > 0 ? end - 1 : value.length));
}
