// Local syntax errors, one statement at a time. Only the first error of a statement is reported: the
// errors after it are mostly the parser's recovery, not the user's mistakes. Statements that use
// syntax the local grammar lacks get none (local-grammar-limits.ts); the server tier judges those.
import type { SqlStatement } from '../sql/split';
import type { SqlDiagnostic } from './diagnostic';
import type { SqlGrammar } from './grammar';
import { beyondLocalGrammar } from './local-grammar-limits';

export function statementSyntaxDiagnostics(grammar: SqlGrammar, statement: Pick<SqlStatement, 'text' | 'start' | 'isScript'>): SqlDiagnostic[] {
  if (statement.isScript || statement.text.trim() === '') return [];
  if (beyondLocalGrammar(statement.text) !== undefined) return [];
  const first = grammar.syntaxErrors(statement.text)[0];
  if (!first) return [];
  return [{
    start: statement.start + first.start,
    end: statement.start + Math.max(first.end, first.start + 1),
    severity: 'error',
    message: `Syntax error: ${first.message}`,
    code: 'PARSE_SYNTAX_ERROR',
    origin: 'local',
  }];
}

/**
 * Remembers the diagnostics of statement texts already checked, so an edit re-parses only the statement
 * it changed. Bounded: the oldest entries go first.
 */
export class SyntaxDiagnosticsCache {
  private readonly byText = new Map<string, Array<Omit<SqlDiagnostic, 'start' | 'end'> & { from: number; to: number }>>();

  constructor(private readonly grammar: SqlGrammar, private readonly capacity = 5000) {}

  forStatement(statement: Pick<SqlStatement, 'text' | 'start' | 'isScript'>): SqlDiagnostic[] {
    const key = `${statement.isScript ? 'S' : 'Q'}${statement.text}`;
    let relative = this.byText.get(key);
    if (relative === undefined) {
      relative = statementSyntaxDiagnostics(this.grammar, { ...statement, start: 0 })
        .map(({ start, end, ...rest }) => ({ ...rest, from: start, to: end }));
      if (this.byText.size >= this.capacity) this.byText.delete(this.byText.keys().next().value as string);
      this.byText.set(key, relative);
    }
    return relative.map(({ from, to, ...rest }) => ({ ...rest, start: statement.start + from, end: statement.start + to }));
  }
}
