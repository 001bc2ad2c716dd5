// Choosing what to run from a cursor or a selection.
import { SqlStatement, splitStatements } from './split';

/**
 * The statement at a cursor offset. A statement owns its text and its terminating ';'. In the gap
 * between statements the cursor belongs to the statement that ends on the same line, else to the
 * next statement when no blank line separates them, else to the previous one when no blank line
 * separates them; after the last statement it belongs to the last one. Otherwise there is none.
 */
export function statementAt(text: string, statements: readonly SqlStatement[], offset: number): SqlStatement | undefined {
  let prev: SqlStatement | undefined;
  let next: SqlStatement | undefined;
  for (const s of statements) {
    if (offset >= s.start && offset <= s.terminatorEnd) return s;
    if (s.terminatorEnd < offset) prev = s;
    else if (s.start > offset && next === undefined) next = s;
  }
  if (prev && !text.slice(prev.terminatorEnd, offset).includes('\n')) return prev;
  if (next && !hasBlankLine(text.slice(offset, next.start))) return next;
  if (prev && !hasBlankLine(text.slice(prev.terminatorEnd, offset))) return prev;
  if (prev && !next) return prev;
  return undefined;
}

function hasBlankLine(gap: string): boolean {
  return /\n[ \t\r\f\v]*\n/.test(gap);
}

/**
 * The statements to run for an editor selection: the selected text split on its own, with offsets
 * in the document. An empty selection yields the statement at the cursor.
 */
export function statementsForSelection(text: string, selectionStart: number, selectionEnd: number): SqlStatement[] {
  if (selectionEnd > selectionStart) {
    return splitStatements(text.slice(selectionStart, selectionEnd), selectionStart);
  }
  const all = splitStatements(text);
  const at = statementAt(text, all, selectionStart);
  return at ? [at] : [];
}
