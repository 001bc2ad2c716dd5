// Formatting one statement: sql-formatter with the Spark 4 dialect, two touch-ups that keep the
// author's tight spelling where sql-formatter adds spaces, and the token check that decides whether
// the result may be used at all.
import { formatDialect } from 'sql-formatter';
import { keyword, tokenize } from '../sql/lexer';
import { sparkFormatDialect } from './dialect';
import type { SqlFormatOptions } from './options';
import { type SparkToken, sparkTokens } from './spark-tokens';
import { compareTokenLists } from './token-check';

export type StatementResult =
  | { kind: 'formatted'; text: string }
  /**
   * The statement stays as written. `refused`: formatting was tried and would have changed the
   * statement's tokens, or could not read it; otherwise it is a kind of statement left alone by design.
   */
  | { kind: 'kept'; refused: boolean; reason: string; offset: number };

// Statements whose text after the first words is taken raw by Spark (SET k = v takes "v" as written,
// ADD JAR a path): a formatter may not touch their spacing or case.
const RAW_STATEMENTS = new Set(['SET', 'RESET', 'ADD', 'LIST']);

/** The formatting engine: sql-formatter with our dialect (tests pass others to see the check refuse). */
export type Formatter = (text: string, options: SqlFormatOptions) => string;

const sparkFormatter: Formatter = (text, options) => formatDialect(text, {
  dialect: sparkFormatDialect,
  keywordCase: options.keywordCase,
  tabWidth: options.tabWidth,
  useTabs: options.useTabs,
});

/** Formats one statement (no terminating ';'); `eol` is the line break of the document. */
export function formatStatement(text: string, options: SqlFormatOptions, eol = '\n', formatter: Formatter = sparkFormatter): StatementResult {
  const lexed = tokenize(text);
  const first = lexed.find((t) => t.kind !== 'line-comment' && t.kind !== 'block-comment');
  const firstWord = keyword(text, first);
  if (firstWord !== undefined && RAW_STATEMENTS.has(firstWord)) {
    return { kind: 'kept', refused: false, reason: `${firstWord} statements are kept as written (Spark reads their value as raw text)`, offset: 0 };
  }
  const open = lexed.find((t) => t.unterminated);
  if (open !== undefined) {
    return { kind: 'kept', refused: true, reason: `not formatted: the ${open.kind.replace('-', ' ')} here is not closed`, offset: open.start };
  }
  let raw: string;
  try {
    raw = formatter(text, options);
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return { kind: 'kept', refused: true, reason: `not formatted: the formatter cannot read it (${message})`, offset: 0 };
  }
  const before = sparkTokens(text, lexed);
  const diff = compareTokenLists(text, before, raw, sparkTokens(raw));
  if (diff !== undefined) return { kind: 'kept', refused: true, reason: `not formatted: ${diff.message}`, offset: diff.offset };
  const tightened = tighten(text, before, raw, sparkTokens(raw));
  // The touch-ups only remove or move blanks between tokens; checked all the same.
  const again = compareTokenLists(text, before, tightened, sparkTokens(tightened));
  if (again !== undefined) return { kind: 'kept', refused: true, reason: `not formatted: ${again.message}`, offset: again.offset };
  return { kind: 'formatted', text: eol === '\n' ? tightened : tightened.replace(/\n/g, eol) };
}

const isOp = (s: string, t: SparkToken, op: string): boolean => s.slice(t.start, t.end) === op;

/**
 * Rebuilds sql-formatter's output `out` token by token (its tokens pair one to one with the input's,
 * the check said so) with two changes to the blanks between them:
 *  - where the author wrote two tokens touching and sql-formatter put spaces (not a line break) between
 *    them, they touch again when the pair is `x::t`, `v:path`, a name before "(" or "[", or a ".":
 *    `a::INT` stays `a::INT` and `v:a.b` stays `v:a.b`;
 *  - a pipe `|>` that sql-formatter left at the end of a line starts the next line instead, so each
 *    pipe step begins with `|>`.
 */
function tighten(input: string, inTokens: SparkToken[], out: string, outTokens: SparkToken[]): string {
  const gaps: string[] = outTokens.map((t, i) => out.slice(i === 0 ? 0 : outTokens[i - 1].end, t.start));
  for (let i = 1; i < outTokens.length; i++) {
    const touching = inTokens[i - 1].end === inTokens[i].start;
    if (touching && /^[ \t]+$/.test(gaps[i]) && sticky(input, inTokens[i - 1], inTokens[i])) gaps[i] = '';
  }
  for (let i = 0; i + 1 < outTokens.length; i++) {
    if (isOp(out, outTokens[i], '|>') && i > 0 && !gaps[i].includes('\n') && gaps[i + 1].includes('\n')) {
      gaps[i] = gaps[i + 1];
      gaps[i + 1] = ' ';
    }
  }
  let text = '';
  outTokens.forEach((t, i) => {
    text += gaps[i] + out.slice(t.start, t.end);
  });
  return text.trim();
}

function sticky(text: string, left: SparkToken, right: SparkToken): boolean {
  const l = text.slice(left.start, left.end);
  const r = text.slice(right.start, right.end);
  if (left.kind === 'double-colon' || right.kind === 'double-colon' || left.kind === 'colon' || right.kind === 'colon') return true;
  if (l === '.' || r === '.') return true;
  if (r === '(' || r === '[') return left.kind === 'word' || left.kind === 'quoted-identifier' || l === ')' || l === ']';
  return false;
}
