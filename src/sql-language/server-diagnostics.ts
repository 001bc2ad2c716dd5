// Server diagnostics: the connected Spark analyzes the statement (AnalyzePlan through the engine's
// safe path, src/engine/validate-query.ts) and its error lands where the server points, with its error
// class. Only queries are sent; commands, scripts and statements with parameter markers are not (the
// markers would be unbound, a false error). Connection trouble is not a diagnostic: it says nothing.
import { SparkConnectError } from '../connect/errors';
import { shortMessage } from '../engine/error-report';
import { parsePositionFromMessage, rangeFromParsePosition, rangeFromQueryContexts } from '../sql/error-position';
import { findParameterMarkers } from '../sql/parameters';
import type { SqlStatement } from '../sql/split';
import { isQueryStatement } from '../sql/statement-kind';
import type { SqlDiagnostic } from './diagnostic';

/** Validates one query on the server; throws its SparkConnectError. */
export type ValidateQuery = (sql: string, signal?: AbortSignal) => Promise<void>;

// Errors about the text we sent rather than the user's statement.
const SILENT_CLASSES = new Set(['UNBOUND_SQL_PARAMETER']);

/** True when the statement is one the server tier checks. */
export function isServerCheckable(statement: Pick<SqlStatement, 'text' | 'isScript'>): boolean {
  if (statement.isScript || statement.text.trim() === '') return false;
  if (!isQueryStatement(statement.text)) return false;
  const markers = findParameterMarkers(statement.text);
  return markers.named.length === 0 && markers.positional.length === 0;
}

export async function serverDiagnostics(
  validate: ValidateQuery, statement: Pick<SqlStatement, 'text' | 'start' | 'end' | 'isScript'>, signal?: AbortSignal,
): Promise<SqlDiagnostic[]> {
  if (!isServerCheckable(statement)) return [];
  try {
    await validate(statement.text, signal);
    return [];
  } catch (err) {
    // Not an answer about the statement (cancelled, connection trouble): the caller must not remember it.
    if (signal?.aborted || !(err instanceof SparkConnectError) || err.reason !== 'analysis') throw err;
    const d = diagnosticFromError(err, statement);
    return d ? [d] : [];
  }
}

/** The diagnostic for a server error on `statement`, or undefined when the error is not about its text. */
export function diagnosticFromError(err: unknown, statement: Pick<SqlStatement, 'text' | 'start' | 'end'>): SqlDiagnostic | undefined {
  if (!(err instanceof SparkConnectError)) return undefined;
  // Only errors about the statement count (parse and analysis); a broken connection is not a squiggle.
  if (err.reason !== 'analysis') return undefined;
  if (err.errorClass !== undefined && SILENT_CLASSES.has(err.errorClass)) return undefined;
  let range = rangeFromQueryContexts(statement, err.queryContext);
  if (!range) {
    const pos = parsePositionFromMessage(err.message);
    if (pos) range = rangeFromParsePosition(statement, pos.line, pos.pos);
  }
  const r = range ?? { start: statement.start, end: statement.end };
  let message = shortMessage(err.message, err.errorClass);
  const suggestion = err.messageParameters.proposal;
  if (suggestion && !message.includes(suggestion)) message += ` Did you mean one of: ${suggestion}?`;
  return {
    start: r.start, end: Math.max(r.end, r.start + 1), severity: 'error', message,
    code: err.errorClass ?? 'ANALYSIS_ERROR', origin: 'server',
  };
}
