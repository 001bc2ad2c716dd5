// Explaining a statement without ever executing it, on every server version and from every entry point
// (editor command, CodeLens, explorer, history, CLI): they all come through explainWithoutRunning.
//
// Why not AnalyzePlan of the SQL relation: Spark 3.5 executes commands while it plans a SQL relation,
// so AnalyzePlan(explain) of "DROP TABLE t" dropped the table and an INSERT inserted its rows
// (measured on 3.5.7; 4.x left them alone, but nothing promises that). Instead:
//  - the text must be exactly one statement (a second one is never sent);
//  - it is sent as "EXPLAIN <MODE>\n<statement>": EXPLAIN plans its statement and runs none of it;
//  - Spark 3.5's EXPLAIN takes no SQL arguments, so there the values are written into the text as
//    literals (src/sql/inline-parameters.ts);
//  - EXPLAIN reports planning failures as text (4.x only "Error occurred during query planning"), so for
//    a query the precise error (class, SQLSTATE, position) is asked for with AnalyzePlan(schema) of
//    "SELECT * FROM (\n<statement>\n)". That wrapper makes it safe: inside FROM ( ... ) Spark's grammar
//    accepts only a query, so a command there is a parse error and nothing is planned, let alone run.
import { SparkConnectError, type QueryContext } from '../connect/errors';
import type { ExplainMode } from '../connect/explain-mode';
import { shiftMessageLine } from '../sql/error-position';
import { inlineParameters, MissingParameterError } from '../sql/inline-parameters';
import type { SqlArguments } from '../sql/parameter-values';
import { splitStatements } from '../sql/split';
import { isQueryStatement } from '../sql/statement-kind';

/** What explaining needs from a session: the two calls it makes, and nothing that executes a plan of ours. */
export interface ExplainTarget {
  /** Major Spark version of the server (3 or 4...). */
  readonly major: number;
  /** Runs one SQL statement and returns the first column of its first row as text. */
  firstValue(sql: string, args: SqlArguments | undefined, signal?: AbortSignal): Promise<string>;
  /** AnalyzePlan(schema) of one SQL statement: resolves when it analyzes, throws its analysis error otherwise. */
  analyzeSql(sql: string, args: SqlArguments | undefined, signal?: AbortSignal): Promise<void>;
}

const EXPLAIN_KEYWORD: Record<ExplainMode, string> = {
  simple: '',
  extended: ' EXTENDED',
  codegen: ' CODEGEN',
  cost: ' COST',
  formatted: ' FORMATTED',
};

/** "EXPLAIN <MODE>" on its own line, so positions in the statement move by whole lines only. */
export function explainPrefix(mode: ExplainMode): string {
  return `EXPLAIN${EXPLAIN_KEYWORD[mode]}\n`;
}

/** The wrapper that admits only a query (see the header); it adds one line before the statement. */
export const QUERY_ONLY_PREFIX = 'SELECT * FROM (\n';
export const QUERY_ONLY_SUFFIX = '\n)';

/**
 * Moves an error's positions from the prefixed text back into the statement: query contexts by the
 * prefix length, "(line L, pos P)" of parse errors by the one line the prefix adds.
 */
export function unprefixError(err: unknown, prefix: string): unknown {
  if (!(err instanceof SparkConnectError)) return err;
  const shift = prefix.length;
  const queryContext: QueryContext[] = err.queryContext.map((q) => ({
    ...q,
    ...(q.startIndex !== undefined ? { startIndex: q.startIndex - shift } : {}),
    ...(q.stopIndex !== undefined ? { stopIndex: q.stopIndex - shift } : {}),
  }));
  const message = shiftMessageLine(err.message, -1);
  return new SparkConnectError(message, {
    reason: err.reason, errorClass: err.errorClass, sqlState: err.sqlState, messageParameters: err.messageParameters,
    queryContext, grpcCode: err.grpcCode, cause: err, errorId: err.errorId, exceptionClasses: err.exceptionClasses,
    serverStackTrace: err.serverStackTrace, operationId: err.operationId, connectFailure: err.connectFailure, hint: err.hint,
  });
}

// EXPLAIN reports some planning failures as its text instead of an error: Spark 3.5 prints the
// exception, Spark 4 only "Error occurred during query planning".
const EXPLAIN_FAILURE = /^(?:== Physical Plan ==\norg\.apache\.spark\.sql\.(?:AnalysisException|catalyst\.parser\.ParseException): (.*)|(Error occurred during query planning:.*))/s;

function invalid(message: string): SparkConnectError {
  return new SparkConnectError(message, { reason: 'invalid-argument' });
}

/** The one statement of `sql`, up to its last significant token (no ';', no trailing comment). */
function singleStatement(sql: string): string {
  const statements = splitStatements(sql);
  if (statements.length === 0) throw invalid('There is no SQL statement to explain.');
  if (statements.length > 1) {
    throw invalid(`Explain takes one statement; this text has ${statements.length}. Select one statement.`);
  }
  // Leading comments stay, so that offsets the server reports still match the caller's text.
  return sql.slice(0, statements[0].end);
}

export async function explainWithoutRunning(
  target: ExplainTarget, sql: string, args: SqlArguments | undefined, mode: ExplainMode, signal?: AbortSignal,
): Promise<string> {
  let statement = singleStatement(sql);
  let sendArgs = args;
  if (args && target.major < 4) {
    try {
      statement = inlineParameters(statement, args);
    } catch (err) {
      if (err instanceof MissingParameterError) throw invalid(err.message);
      throw err;
    }
    sendArgs = undefined;
  }
  const prefix = explainPrefix(mode);
  let text: string;
  try {
    text = await target.firstValue(prefix + statement, sendArgs, signal);
  } catch (err) {
    throw unprefixError(err, prefix);
  }
  const failure = EXPLAIN_FAILURE.exec(text);
  if (!failure) return text;
  if (isQueryStatement(statement)) {
    try {
      await target.analyzeSql(QUERY_ONLY_PREFIX + statement + QUERY_ONLY_SUFFIX, sendArgs, signal);
    } catch (err) {
      if (err instanceof SparkConnectError && err.reason !== 'cancelled') throw unprefixError(err, QUERY_ONLY_PREFIX);
      throw err;
    }
  }
  const message = (failure[1] ?? failure[2]).split('\n')[0].trim();
  throw unprefixError(new SparkConnectError(message, { reason: 'analysis' }), prefix);
}
