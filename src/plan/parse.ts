// Entry point: explain() text -> PlanDocument. Splits the text into "== Title ==" sections, hands each to
// the tree builder (or the formatted/codegen readers), links reused nodes, and settles which mode the text
// was. It never throws: whatever it cannot read stays in `raw`, `unparsed` or a node's `rawLines`.

import { CODEGEN_FOUND, parseCodegen } from './codegen';
import { parseFormattedBody } from './formatted';
import { linkReusedNodes } from './links';
import type { ExplainMode } from '../connect/explain-mode';
import type { PlanDocument, PlanSection, SchemaField, SectionKind } from './model';
import { buildTree, type BuildContext, type SourceLine } from './tree';
import { isBlank } from './tree-line';

export interface ParsePlanOptions {
  /** The mode the text was requested with. When absent it is recognised from the text. */
  mode?: ExplainMode;
}

const SECTION_HEADER = /^== (.+) ==\s*$/;
const KINDS: Record<string, SectionKind> = {
  'Parsed Logical Plan': 'parsed',
  'Analyzed Logical Plan': 'analyzed',
  'Optimized Logical Plan': 'optimized',
  'Physical Plan': 'physical',
};
// A Java/Scala exception or an error class where a plan should be.
const ERROR_LINE = /^(?:(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)\b|\[[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)?\])/;

export function parsePlan(text: string, options: ParsePlanOptions = {}): PlanDocument {
  const raw = typeof text === 'string' ? text : String(text ?? '');
  const ctx: BuildContext = { nextId: 0, warnings: [] };
  const lines = splitLines(raw);
  const firstText = lines.find((l) => !isBlank(l.text));
  const doc: PlanDocument = { mode: options.mode ?? 'simple', raw, sections: [], nodeCount: 0, warnings: ctx.warnings };

  if (options.mode === 'codegen' || (options.mode === undefined && firstText && CODEGEN_FOUND.test(firstText.text))) {
    doc.mode = 'codegen';
    doc.sections.push(parseCodegen(lines, raw, ctx));
    doc.nodeCount = ctx.nextId;
    return doc;
  }

  const chunks = splitSections(lines);
  const formatted = options.mode === 'formatted' || (options.mode === undefined && looksFormatted(chunks));
  for (const chunk of chunks) doc.sections.push(parseSection(chunk, formatted, raw, ctx));
  if (options.mode === undefined) doc.mode = recogniseMode(doc.sections, formatted);
  doc.nodeCount = ctx.nextId;
  return doc;
}

interface Chunk {
  title: string;
  headerLine?: SourceLine;
  body: SourceLine[];
}

function splitSections(lines: readonly SourceLine[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { title: '', body: [] };
  for (const line of lines) {
    const header = line.text.charCodeAt(0) === 61 /* = */ ? SECTION_HEADER.exec(line.text) : null;
    if (header) {
      if (current.headerLine || current.body.some((l) => !isBlank(l.text))) chunks.push(current);
      current = { title: header[1].trim(), headerLine: line, body: [] };
    } else {
      current.body.push(line);
    }
  }
  if (current.headerLine || current.body.some((l) => !isBlank(l.text))) chunks.push(current);
  return chunks;
}

// Formatted output numbers its operators: "Name (N)" tree lines and "(N) Name" detail blocks.
function looksFormatted(chunks: readonly Chunk[]): boolean {
  const physical = chunks.find((c) => c.title === 'Physical Plan');
  if (!physical) return false;
  return physical.body.some((l) => /^\(\d+\) \S/.test(l.text)) &&
    physical.body.some((l) => / \(\d+\)(?:$|,| \()/.test(l.text));
}

function recogniseMode(sections: readonly PlanSection[], formatted: boolean): ExplainMode {
  if (formatted) return 'formatted';
  const kinds = sections.map((s) => s.kind);
  if (kinds.includes('parsed') || kinds.includes('analyzed')) return 'extended';
  if (kinds.includes('optimized')) return 'cost';
  return 'simple';
}

function parseSection(chunk: Chunk, formatted: boolean, raw: string, ctx: BuildContext): PlanSection {
  const kind: SectionKind = chunk.headerLine ? KINDS[chunk.title] ?? 'other' : 'other';
  const all = chunk.headerLine ? [chunk.headerLine, ...chunk.body] : chunk.body;
  const section: PlanSection = {
    kind,
    title: chunk.title,
    raw: sliceLines(raw, all),
    line: all[0]?.line ?? 0,
    unparsed: [],
  };
  if (kind === 'other') return section;

  const first = chunk.body.find((l) => !isBlank(l.text));
  if (first && ERROR_LINE.test(first.text.trim())) {
    section.error = sliceLines(raw, chunk.body).trim();
    return section;
  }
  if (kind === 'physical' && formatted) {
    const parsed = parseFormattedBody(chunk.body, ctx);
    if (parsed.root) section.root = parsed.root;
    section.subqueries = parsed.subqueries;
    if (parsed.optimizedOutExchanges.length > 0) section.optimizedOutExchanges = parsed.optimizedOutExchanges;
    section.unparsed.push(...parsed.unparsed);
    return section;
  }
  let body = chunk.body.filter((l) => !isBlank(l.text));
  if (kind === 'analyzed' && body.length >= 2 && isSchemaLine(body[0].text, body[1].text)) {
    const schema = parseSchemaLine(body[0].text);
    section.schema = schema.fields;
    if (schema.more !== undefined) section.schemaMoreFields = schema.more;
    body = body.slice(1);
  }
  const tree = buildTree(body, false, ctx);
  if (tree.root) section.root = tree.root;
  section.unparsed.push(...tree.unparsed);
  linkReusedNodes(tree.nodes);
  return section;
}

// The analyzed plan starts with "name: type, ..." when the plan has output. That line has no tree drawing,
// and neither does the root below it: two undrawn lines in a row mean the first is the schema.
function isSchemaLine(first: string, second: string): boolean {
  if (/^[ :+]/.test(second)) return false;
  return /^\S.*?: \S/.test(first) || /^\.\.\. \d+ more fields?$/.test(first.trim());
}

function parseSchemaLine(text: string): { fields: SchemaField[]; more?: number } {
  const fields: SchemaField[] = [];
  let more: number | undefined;
  for (const part of splitSchema(text)) {
    const truncated = /^\.\.\. (\d+) more fields?$/.exec(part);
    if (truncated) {
      more = Number(truncated[1]);
      continue;
    }
    const at = part.indexOf(': ');
    if (at > 0) fields.push({ name: part.slice(0, at), type: part.slice(at + 2) });
    else fields.push({ name: part, type: '' });
  }
  return more === undefined ? { fields } : { fields, more };
}

// Type names nest with <> (struct<a:int,b:string>, map<string,bigint>) and () (decimal(10,2)); a comma
// inside either belongs to the type.
function splitSchema(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(') depth++;
    else if ((c === '>' || c === ')') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}

/** Lines with their offsets in the input, so section text can be cut from it unchanged (CRLF kept). */
function splitLines(raw: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  for (let line = 0; ; line++) {
    const nl = raw.indexOf('\n', start);
    const stop = nl < 0 ? raw.length : nl;
    const end = stop > start && raw.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    lines.push({ text: raw.slice(start, end), line, start, end });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

/** The input from the first given line through the last non-blank one. */
function sliceLines(raw: string, lines: readonly SourceLine[]): string {
  let last = lines.length - 1;
  while (last >= 0 && isBlank(lines[last].text)) last--;
  if (last < 0) return '';
  const from = lines[0].start;
  const to = lines[last].end;
  if (from === undefined || to === undefined) return lines.slice(0, last + 1).map((l) => l.text).join('\n');
  return raw.slice(from, to);
}
