// Formatting a whole SQL document, or the statements a range touches. Each statement is formatted on
// its own (src/sql/split.ts finds them), so one that cannot be formatted is kept as written and the
// others still are. Between statements only comments and semicolons live; they are kept, and the
// blank lines between statements become `linesBetweenStatements`.
import { type Token, tokenize } from '../sql/lexer';
import { type SqlStatement, splitStatements } from '../sql/split';
import { formatScript } from './format-script';
import { formatStatement } from './format-statement';
import type { SqlFormatOptions } from './options';

/** A statement left as written, and why. Lines and columns are 1-based, in the original text. */
export interface KeptStatement {
  /** 0-based position of the statement in the document. */
  index: number;
  line: number;
  column: number;
  /** True when formatting was tried and refused; false for statements left alone by design (SET). */
  refused: boolean;
  reason: string;
}

export interface DocumentFormat {
  text: string;
  changed: boolean;
  kept: KeptStatement[];
}

/** An edit in offsets of the original text. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export function formatSqlDocument(text: string, options: SqlFormatOptions): DocumentFormat {
  const steps = documentSteps(text, options);
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/**
 * The same, for the editor: it yields to the event loop every few milliseconds (a 10,000-line file
 * takes seconds) and stops, answering undefined, once `signal` is aborted.
 */
export async function formatSqlDocumentAsync(text: string, options: SqlFormatOptions, signal?: AbortSignal): Promise<DocumentFormat | undefined> {
  const steps = documentSteps(text, options);
  let slice = Date.now();
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    if (Date.now() - slice > 20) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = Date.now();
    }
    if (signal?.aborted) return undefined;
  }
}

/** Formats the document one statement per step. */
function* documentSteps(text: string, options: SqlFormatOptions): Generator<void, DocumentFormat> {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const statements = splitStatements(text);
  const kept: KeptStatement[] = [];
  const lines = Math.max(0, Math.floor(options.linesBetweenStatements));
  let out = '';
  let cursor = 0;
  for (const [i, s] of statements.entries()) {
    out += formatGap(text.slice(cursor, s.start), eol, lines, i === 0 ? 'start' : 'between');
    out += formatOne(text, s, options, eol, kept);
    // Between the statement and its ';' only blanks are dropped; a comment there stays as it is.
    const beforeTerminator = text.slice(s.end, s.terminatorEnd);
    out += /^\s*;$/.test(beforeTerminator) ? ';' : beforeTerminator;
    cursor = s.terminatorEnd;
    yield;
  }
  out += formatGap(text.slice(cursor), eol, lines, statements.length === 0 ? 'whole' : 'end');
  return { text: out, changed: out !== text, kept };
}

/** Edits that format the statements overlapping [start, end) and nothing else. */
export function formatSqlRange(text: string, start: number, end: number, options: SqlFormatOptions): { edits: OffsetEdit[]; kept: KeptStatement[] } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const kept: KeptStatement[] = [];
  const edits: OffsetEdit[] = [];
  for (const s of splitStatements(text)) {
    const overlaps = s.start < end && s.end > start || (start === end && s.start <= start && start <= s.end);
    if (!overlaps) continue;
    const newText = formatOne(text, s, options, eol, kept);
    if (newText !== s.text) edits.push({ start: s.start, end: s.end, newText });
  }
  return { edits, kept };
}

function formatOne(text: string, s: SqlStatement, options: SqlFormatOptions, eol: string, kept: KeptStatement[]): string {
  const r = s.isScript ? formatScript(s.text, options, eol) : formatStatement(s.text, options, eol);
  if (r.kind === 'formatted') return r.text;
  kept.push({ index: s.index, ...lineColumn(text, s.start + r.offset), refused: r.refused, reason: r.reason });
  return s.text;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The text between two statements (or before the first, after the last): its comments and stray
 * semicolons in order, each on the line it was on relative to its neighbours, with runs of line breaks
 * clamped to 1..lines+1, so "-- about the next one" stays above the next statement and a comment after
 * a ';' stays on that line.
 */
function formatGap(gap: string, eol: string, lines: number, where: 'start' | 'between' | 'end' | 'whole'): string {
  const tokens: Token[] = tokenize(gap);
  const breaks = (ws: string, min: number): string => {
    const n = ws.split('\n').length - 1;
    return n === 0 && min === 0 ? (ws.length > 0 ? ' ' : '') : eol.repeat(Math.min(Math.max(n, min), lines + 1));
  };
  if (tokens.length === 0) {
    if (where === 'between') return eol.repeat(lines + 1);
    if (where === 'end') return gap.includes('\n') ? eol : '';
    return '';
  }
  let out = '';
  let prevEnd = 0;
  // Whether a comment so far started on a line of its own (else they all trail the previous statement).
  let ownLine = false;
  tokens.forEach((t, i) => {
    const ws = gap.slice(prevEnd, t.start);
    if (ws.includes('\n')) ownLine = true;
    if (i === 0 && (where === 'start' || where === 'whole')) out += '';
    else if (ws.includes('\n')) out += breaks(ws, 1);
    else out += ws.length === 0 ? '' : ' ';
    out += gap.slice(t.start, t.end);
    prevEnd = t.end;
  });
  const tail = gap.slice(prevEnd);
  if (where === 'between' && !ownLine) return out + eol.repeat(lines + 1);
  if (where === 'between' || where === 'start') return out + (tail.includes('\n') ? breaks(tail, 1) : ' ');
  return out + (tail.includes('\n') ? eol : '');
}
