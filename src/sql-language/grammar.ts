// The seam between the language service and a Spark SQL grammar. The service asks only these two
// questions, on the text of ONE statement (never a whole file), so the grammar behind it can be
// replaced (today dt-sql-parser's Spark 3.5 grammar; tomorrow Spark's own SqlBaseParser.g4 compiled to
// TypeScript) without touching completion or diagnostics.

/** A syntax error inside the statement text given to the grammar; offsets are 0-based into that text. */
export interface GrammarError {
  start: number;
  /** Just past the offending text (at least start + 1 when the statement is not empty). */
  end: number;
  message: string;
}

/** What the grammar expects at the caret. */
export interface GrammarCandidates {
  /** Entity kinds that may be written at the caret (table, view, column, function, database, catalog...). */
  entities: EntityKind[];
  /** Keywords (possibly multi-word, e.g. "ORDER BY") valid at the caret, upper case. */
  keywords: string[];
}

export type EntityKind = 'catalog' | 'database' | 'table' | 'view' | 'column' | 'function' | 'other';

export interface SqlGrammar {
  /** A name for logs and reports, e.g. "dt-sql-parser 4.5.1 (Spark 3.5 grammar)". */
  readonly name: string;
  syntaxErrors(statement: string): GrammarError[];
  /** Candidates at `offset` (0-based, within `statement`). */
  candidatesAt(statement: string, offset: number): GrammarCandidates;
}
