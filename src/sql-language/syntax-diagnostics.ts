// Local syntax errors, one statement at a time. Only the first error of a statement is reported: the
// errors after it are mostly the parser's recovery, not the user's mistakes. Where a statement uses
// syntax the local grammar lacks, the grammar's errors from that construct on are not trusted (the
// server judges those), and syntax the connected server's version does not have is an error there
// (version-syntax.ts). The grammar's answers are cached by statement text; the grammar itself may run
// in this thread or on a worker (grammar-host.ts).
import type { SqlStatement } from '../sql/split';
import type { SqlDiagnostic } from './diagnostic';
import type { GrammarError, SqlGrammar } from './grammar';
import type { GrammarHost, ParseOptions } from './grammar-host';
import { spark4Constructs } from './local-grammar-limits';
import { firstUnsupportedConstruct, versionMessage } from './version-syntax';

type StatementLike = Pick<SqlStatement, 'text' | 'start' | 'isScript'>;

/** Whether the grammar is asked about this statement at all (scripts and blank text are not). */
export function needsGrammar(statement: Pick<SqlStatement, 'text' | 'isScript'>): boolean {
  return !statement.isScript && statement.text.trim() !== '';
}

/**
 * The diagnostic of one statement, given the grammar's errors on its text (undefined when it was not
 * asked), for a server of version `server` (undefined: the newest Spark).
 */
export function judgeStatement(statement: StatementLike, errors: readonly GrammarError[] | undefined, server?: string): SqlDiagnostic[] {
  if (statement.text.trim() === '') return [];
  const constructs = spark4Constructs(statement.text);
  const lacking = constructs.find((c) => c.localGrammarLacks);
  const unsupported = firstUnsupportedConstruct(statement.text, server, constructs);
  const first = statement.isScript ? undefined : errors?.[0];
  const trusted = first && (!lacking || first.start < lacking.start) ? first : undefined;
  const at = (from: number, to: number, message: string): SqlDiagnostic[] => [{
    start: statement.start + from, end: statement.start + Math.max(to, from + 1), severity: 'error', message, code: 'PARSE_SYNTAX_ERROR', origin: 'local',
  }];
  if (trusted && (!unsupported || trusted.start < unsupported.start)) return at(trusted.start, trusted.end, `Syntax error: ${trusted.message}`);
  if (unsupported && server !== undefined) return at(unsupported.start, unsupported.end, versionMessage(unsupported, server));
  return [];
}

/** One statement judged with a grammar in this thread. */
export function statementSyntaxDiagnostics(grammar: SqlGrammar, statement: StatementLike, server?: string): SqlDiagnostic[] {
  return judgeStatement(statement, needsGrammar(statement) ? grammar.syntaxErrors(statement.text) : undefined, server);
}

/** How many statements go to the grammar in one request: small enough that typing can supersede the rest. */
const CHUNK = 16;

/**
 * Remembers the grammar's errors for statement texts already parsed, so an edit re-parses only the
 * statement it changed. Bounded: the oldest entries go first.
 */
export class SyntaxDiagnosticsCache {
  private readonly errors = new Map<string, GrammarError[]>();
  /** Judged diagnostics (statement offsets) by server version and text: a re-check of a large file is lookups. */
  private readonly judged = new Map<string, SqlDiagnostic[]>();

  constructor(private readonly grammar: SqlGrammar, private readonly capacity = 5000) {}

  forStatement(statement: StatementLike, server?: string): SqlDiagnostic[] {
    if (needsGrammar(statement) && !this.errors.has(statement.text)) this.remember(statement.text, this.grammar.syntaxErrors(statement.text));
    return this.judge(statement, server);
  }

  private judge(statement: StatementLike, server: string | undefined): SqlDiagnostic[] {
    const key = `${server ?? ''}\u0000${statement.isScript ? 'S' : 'Q'}${statement.text}`;
    let relative = this.judged.get(key);
    if (relative === undefined) {
      relative = judgeStatement({ ...statement, start: 0 }, needsGrammar(statement) ? this.errors.get(statement.text) ?? [] : undefined, server);
      if (this.judged.size >= this.capacity) this.judged.delete(this.judged.keys().next().value as string);
      this.judged.set(key, relative);
    }
    return relative.length === 0 ? [] : relative.map((d) => ({ ...d, start: d.start + statement.start, end: d.end + statement.start }));
  }

  /**
   * The same through `host` (a worker): the statements not yet known are parsed there, a few per
   * request. Undefined when the host gave no answer (superseded, cancelled, timed out).
   */
  async forStatements(host: GrammarHost, statements: readonly StatementLike[], server: string | undefined, options: ParseOptions = {}): Promise<SqlDiagnostic[] | undefined> {
    const missing = [...new Set(statements.filter((s) => needsGrammar(s) && !this.errors.has(s.text)).map((s) => s.text))];
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      const answer = await host.syntaxErrors(chunk, options);
      if (answer === undefined) return undefined;
      chunk.forEach((text, k) => this.remember(text, answer[k]));
    }
    return statements.flatMap((s) => this.judge(s, server));
  }

  private remember(text: string, errors: GrammarError[]): void {
    if (this.errors.size >= this.capacity) this.errors.delete(this.errors.keys().next().value as string);
    this.errors.set(text, errors);
  }
}
