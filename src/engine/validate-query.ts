// Asking the server whether a statement analyzes, without running it: the language service's server
// diagnostics. It takes explain.ts's safe path: only a statement our splitter and statement-kind
// reader call a query is sent, and it is sent wrapped as "SELECT * FROM (\n<statement>\n)", where
// Spark's grammar admits only a query, so even a command taken for a query would be a parse error
// and never run (Spark 3.5 executes commands while it analyzes a SQL relation: issue 15).
import { SparkConnectError } from '../connect/errors';
import { isQueryStatement } from '../sql/statement-kind';
import { splitStatements } from '../sql/split';
import { QUERY_ONLY_PREFIX, QUERY_ONLY_SUFFIX, unprefixError, type ExplainTarget } from './explain';

/**
 * Resolves when `statement` (exactly one query) analyzes; throws the server's error otherwise, with
 * positions relative to `statement`. Throws 'invalid-argument' without sending anything when the text
 * is not exactly one query.
 */
export async function validateQueryWithoutRunning(
  target: Pick<ExplainTarget, 'analyzeSql'>, statement: string, signal?: AbortSignal,
): Promise<void> {
  const statements = splitStatements(statement);
  if (statements.length !== 1 || !isQueryStatement(statements[0].text)) {
    throw new SparkConnectError('Only a single query is validated on the server; this text is not one.', { reason: 'invalid-argument' });
  }
  // Leading comments stay so that positions still match; nothing after the statement's last token is sent.
  const text = statement.slice(0, statements[0].end);
  try {
    await target.analyzeSql(QUERY_ONLY_PREFIX + text + QUERY_ONLY_SUFFIX, undefined, signal);
  } catch (err) {
    throw unprefixError(err, QUERY_ONLY_PREFIX);
  }
}
