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
      this.statements = splitStatements(text);
      this.text = text;
    }
    return this.statements;
  }

  /** The statement the caret belongs to, or undefined between statements. */
  at(text: string, offset: number): SqlStatement | undefined {
    const all = this.all(text);
    const s = statementAt(text, all, offset);
    if (s) return s;
    return undefined;
  }
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
