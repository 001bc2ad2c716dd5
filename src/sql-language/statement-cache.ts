// The statements of a document and the one at the caret, without re-splitting a large file on every
// keystroke: the split of the last text seen is kept (a 10,000-line file is split once per edit, not
// once per request). Only the caret's statement is ever given to the grammar.
import { splitStatements, type SqlStatement } from '../sql/split';
import { statementAt } from '../sql/statement-at';

export class StatementCache {
  private text: string | undefined;
  private statements: SqlStatement[] = [];

  all(text: string): readonly SqlStatement[] {
    if (text !== this.text) {
      this.statements = this.text === undefined ? splitStatements(text) : resplit(this.text, this.statements, text);
      this.text = text;
    }
    return this.statements;
  }

  /** The statement the caret belongs to, or undefined between statements. */
  at(text: string, offset: number): SqlStatement | undefined {
    return statementAt(text, this.all(text), offset);
  }
}

/**
 * The statements of `next`, given those of `prev`: an edit changes the text between a common prefix
 * and a common suffix, so only the statements from the last one that ends before the edit up to the
 * first one that starts after it are split again; the others keep their text and shift by the edit's
 * length. The re-split window must end cleanly (its last statement closed by ";" with only whitespace
 * after it) for the statements after it to stay valid; otherwise (an unclosed string or comment now
 * runs on) the whole text is split.
 */
export function resplit(prev: string, statements: readonly SqlStatement[], next: string): SqlStatement[] {
  const max = Math.min(prev.length, next.length);
  const prefix = commonPrefix(prev, next, max);
  const suffix = commonSuffix(prev, next, max - prefix);
  const delta = next.length - prev.length;
  // Statements wholly before the edit (and their terminators): kept as they are.
  let keep = 0;
  while (keep < statements.length && statements[keep].terminatorEnd < prefix && statements[keep].terminatorEnd > statements[keep].end) keep++;
  const from = keep > 0 ? statements[keep - 1].terminatorEnd : 0;
  // The first statement wholly after the edit, reached only when the statement before it ended with ";".
  const editEndPrev = prev.length - suffix;
  let after = keep;
  while (after < statements.length && statements[after].start < editEndPrev) after++;
  if (after < statements.length && (after === 0 || statements[after - 1].terminatorEnd === statements[after - 1].end)) {
    return splitStatements(next);
  }
  // The window ends where an old statement starts; when text typed before it runs into it (no ";" yet),
  // the window takes in that statement too, a few times at most.
  let middle: SqlStatement[] | undefined;
  for (let tries = 0; tries < 8; tries++, after++) {
    const to = after < statements.length ? statements[after].start + delta : next.length;
    const split = splitStatements(next.slice(from, to), from);
    const last = split[split.length - 1];
    if (after >= statements.length || (last !== undefined && last.terminatorEnd > last.end && next.slice(last.terminatorEnd, to).trim() === '')) {
      middle = split;
      break;
    }
  }
  if (!middle) return splitStatements(next);
  // Statements before the edit are shared, not copied: nothing mutates them.
  const out = statements.slice(0, keep);
  for (const s of middle) out.push(moved(s, out.length, 0));
  for (let i = after; i < statements.length; i++) out.push(moved(statements[i], out.length, delta));
  return out;
}

/**
 * The statement being typed at the caret: the caret's statement extended to the caret when the caret
 * sits past its last token (so "SELECT * FROM " completes inside the statement it is part of), or a
 * new empty statement when the caret is alone.
 */
export function statementForCaret(text: string, cache: StatementCache, offset: number): SqlStatement {
  const s = cache.at(text, offset);
  if (s && offset >= s.start && offset <= s.end) return s;
  if (s && offset > s.end && !text.slice(s.end, offset).includes(';')) {
    return { ...s, text: text.slice(s.start, offset), end: offset, terminatorEnd: offset };
  }
  // After a ';' or in a gap: a statement that starts at the first word before the caret on this run.
  return { index: -1, text: '', start: offset, end: offset, terminatorEnd: offset, isScript: false };
}

// Chunks first (native string comparison of slices), then characters: a character loop over a
// 10,000-line document costs milliseconds per keystroke.
const CHUNK = 2048;

function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** A statement at a new index, shifted by delta (an object literal of one shape: spreading is slower). */
function moved(s: SqlStatement, index: number, delta: number): SqlStatement {
  return { index, text: s.text, start: s.start + delta, end: s.end + delta, terminatorEnd: s.terminatorEnd + delta, isScript: s.isScript };
}
