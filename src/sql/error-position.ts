// Where in the document a server error points. Spark reports positions relative to the SQL text it
// received, which is exactly a statement's `text`, so document offset = statement.start + index.
//  - Analysis and runtime errors carry query contexts: 0-based startIndex and inclusive stopIndex
//    plus the fragment they cover (checked against Spark 4.3: "SELECT 1 FROM nosuchtable" gives
//    14..24 "nosuchtable").
//  - Parse errors carry no query context; their message ends with "(line L, pos P)", L 1-based and
//    P 0-based within that line. Spark 3.5 analysis errors have no query context either and say
//    "; line L pos P;" instead. That text is the only place Spark puts those positions.
import { isWordChar } from './lexer';

/** The fields of a Spark query context this module needs (structurally compatible with the client's). */
export interface QueryContextLike {
  contextType?: string;
  objectType?: string;
  objectName?: string;
  startIndex?: number;
  stopIndex?: number;
  fragment?: string;
}

export interface StatementLike {
  text: string;
  start: number;
}

export interface OffsetRange {
  start: number;
  end: number;
}

/**
 * The document range of the first query context that points into this statement. Contexts inside
 * views or other objects (objectType set) point into their own text and are skipped. When the
 * indexes do not match the fragment, the fragment is looked up in the text; an ambiguous fragment
 * gives no range rather than a wrong one.
 */
export function rangeFromQueryContexts(statement: StatementLike, contexts: readonly QueryContextLike[]): OffsetRange | undefined {
  for (const ctx of contexts) {
    if (ctx.contextType !== undefined && ctx.contextType.toLowerCase() !== 'sql') continue;
    if (ctx.objectType) continue;
    const r = rangeFromContext(statement, ctx);
    if (r) return r;
  }
  return undefined;
}

function rangeFromContext(statement: StatementLike, ctx: QueryContextLike): OffsetRange | undefined {
  const { text } = statement;
  const { startIndex, stopIndex, fragment } = ctx;
  if (startIndex !== undefined && stopIndex !== undefined && startIndex >= 0 && stopIndex >= startIndex && stopIndex < text.length) {
    const covered = text.slice(startIndex, stopIndex + 1);
    if (fragment === undefined || fragment === '' || covered === fragment) {
      return { start: statement.start + startIndex, end: statement.start + stopIndex + 1 };
    }
  }
  if (fragment) {
    const first = text.indexOf(fragment);
    if (first >= 0 && text.indexOf(fragment, first + 1) < 0) {
      return { start: statement.start + first, end: statement.start + first + fragment.length };
    }
  }
  return undefined;
}

const MESSAGE_POSITION = /\(line (\d+), pos (\d+)\)|; line (\d+) pos (\d+)/;

/** Line (1-based) and position (0-based) from an error message, if it has them. */
export function parsePositionFromMessage(message: string): { line: number; pos: number } | undefined {
  const m = MESSAGE_POSITION.exec(message);
  if (!m) return undefined;
  return { line: Number(m[1] ?? m[3]), pos: Number(m[2] ?? m[4]) };
}

/** The message with the line number of its position moved by `delta` (for text we prefixed). */
export function shiftMessageLine(message: string, delta: number): string {
  return message.replace(MESSAGE_POSITION, (whole, l1?: string, p1?: string, l2?: string, p2?: string) => {
    const line = Number(l1 ?? l2) + delta;
    if (line < 1) return whole;
    return l1 !== undefined ? `(line ${line}, pos ${p1})` : `; line ${line} pos ${p2}`;
  });
}

/**
 * The document range for a parse error position: the word (or single character) at that place in
 * the statement. Positions past the text point at its last character.
 */
export function rangeFromParsePosition(statement: StatementLike, line: number, pos: number): OffsetRange | undefined {
  const { text } = statement;
  if (text.length === 0 || line < 1) return undefined;
  let lineStart = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', lineStart);
    if (nl < 0) return undefined;
    lineStart = nl + 1;
  }
  let at = Math.min(lineStart + pos, text.length - 1);
  const lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd >= 0 && at > lineEnd) at = lineEnd;
  let end = at + 1;
  if (isWordChar(text[at])) {
    while (end < text.length && isWordChar(text[end])) end++;
  }
  return { start: statement.start + at, end: statement.start + end };
}
