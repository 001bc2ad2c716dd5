// Turns any failure into the text printed on stderr and the exit code. What the user sees: what failed
// (error class, SQLSTATE, message), where (line and column in their SQL, with the fragment underlined),
// and for connection problems what to check. Every line passes through redaction: a token must never be
// printed, even when a server or library echoes it back.
import { isSparkConnectError, type SparkConnectError } from '../connect/errors';
import { ConnectionStringError } from '../connect/connection-string';
import { redactSecrets } from '../connect/redact';
import { UsageError } from './args';
import { ExitCode, type ExitCodeValue } from './exit-codes';
import { OutputClosedError } from './output/sink';
import type { SqlStatement } from '../sql/split';
import {
  parsePositionFromMessage, rangeFromParsePosition, rangeFromQueryContexts, type OffsetRange,
} from '../sql/error-position';
import { LineIndex } from '../sql/line-index';

/** Where the failing SQL came from, to translate server positions back into the user's text. */
export interface StatementOrigin {
  /** The whole script the statement was split from (the command-line SQL, or the file's text). */
  script: string;
  statement: SqlStatement;
  /** Number of statements in the script. */
  count: number;
  /** The file the script was read from; undefined for SQL given on the command line. */
  file?: string;
}

/** A failure we raise ourselves and want reported with a given exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCodeValue) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Report {
  exitCode: ExitCodeValue;
  /** Text for stderr, ending with a newline; empty when nothing should be printed. */
  text: string;
}

export function exitCodeFor(err: SparkConnectError): ExitCodeValue {
  switch (err.reason) {
    case 'unavailable':
    case 'auth':
    case 'config':
      return ExitCode.connection;
    case 'cancelled':
      return ExitCode.interrupted;
    case 'protocol':
    case 'unknown':
      return ExitCode.internal;
    default:
      // analysis, runtime, invalid-argument, deadline (a statement time limit)
      return ExitCode.queryError;
  }
}

// Spark 3.5 sends analysis errors without a query context; their message carries "; line L pos P;"
// (P 0-based), the same coordinates as a parse error's "(line L, pos P)".
const LEGACY_ANALYSIS_POSITION = /;\s*line (\d+) pos (\d+)(?:;|$)/m;

function legacyPosition(message: string): { line: number; pos: number; at: number } | undefined {
  const m = LEGACY_ANALYSIS_POSITION.exec(message);
  return m ? { line: Number(m[1]), pos: Number(m[2]), at: m.index } : undefined;
}

/** The script range an error points at: its query context, else the position written in its message. */
function errorRange(err: SparkConnectError, origin: StatementOrigin): OffsetRange | undefined {
  const statement = { text: origin.statement.text, start: origin.statement.start };
  const fromContext = rangeFromQueryContexts(statement, err.queryContext);
  if (fromContext !== undefined) return fromContext;
  const parsed = parsePositionFromMessage(err.message) ?? legacyPosition(err.message);
  return parsed === undefined ? undefined : rangeFromParsePosition(statement, parsed.line, parsed.pos);
}

/** "at line 1, col 8: 'FROM'" and the line with the fragment underlined. */
export function describePosition(origin: StatementOrigin, range: OffsetRange): string[] {
  const index = new LineIndex(origin.script);
  const start = index.positionAt(range.start);
  const fragment = origin.script.slice(range.start, range.end);
  const where = `${origin.file !== undefined ? `${origin.file} ` : ''}line ${start.line + 1}, col ${start.character + 1}`;
  const out = [`  at ${where}: '${fragment}'`];
  const lineStart = index.offsetAt({ line: start.line, character: 0 });
  const lineText = origin.script.slice(lineStart).split(/\r?\n/)[0];
  // Very long lines (generated SQL) would make the underline useless; the position line says enough.
  if (lineText.length <= 200) {
    const length = Math.max(1, Math.min(range.end - range.start, lineText.length - start.character));
    out.push(`    ${lineText}`, `    ${' '.repeat(start.character)}${'^'.repeat(length)}`);
  }
  return out;
}

/**
 * The message without the context Spark appends after "SQLSTATE: xxxxx" (4.x) or after "; line L pos P;"
 * (3.5): the statement with carets, or the unresolved logical plan. The position is shown below in the
 * user's own terms instead. Display only; nothing is decided on this text. --verbose prints it whole.
 */
export function headline(message: string, sqlState: string | undefined): string {
  const text = message.trim();
  if (sqlState !== undefined) {
    const marker = `SQLSTATE: ${sqlState}`;
    const at = text.indexOf(marker);
    if (at >= 0) return text.slice(0, at + marker.length);
  }
  const legacy = legacyPosition(text);
  return legacy === undefined ? text : text.slice(0, legacy.at).trimEnd();
}

function sparkReport(err: SparkConnectError, origin: StatementOrigin | undefined, verbose: boolean): string[] {
  const lines: string[] = [];
  const head = err.reason === 'cancelled' ? 'Cancelled' : 'Error';
  lines.push(`${head}: ${verbose ? err.message.trim() : headline(err.message, err.sqlState)}`);
  if (err.errorClass !== undefined) lines.push(`  error class: ${err.errorClass}`);
  if (err.sqlState !== undefined) lines.push(`  SQLSTATE: ${err.sqlState}`);
  const range = origin === undefined ? undefined : errorRange(err, origin);
  if (origin !== undefined && range !== undefined) lines.push(...describePosition(origin, range));
  if (origin !== undefined && origin.count > 1) {
    lines.push(`  in statement ${origin.statement.index + 1} of ${origin.count}`);
  }
  if (err.hint !== undefined) lines.push(`  hint: ${err.hint}`);
  return lines;
}

/** Builds the report for anything thrown while running a command. */
export function reportError(err: unknown, origin?: StatementOrigin, verbose = false): Report {
  let exitCode: ExitCodeValue;
  let lines: string[];
  if (err instanceof OutputClosedError) {
    // The reader of our output left (e.g. `| head`); that is how pipelines end, not a failure.
    return { exitCode: ExitCode.ok, text: '' };
  } else if (err instanceof UsageError) {
    exitCode = ExitCode.usage;
    const more = err.command ? `spark-connect ${err.command} --help` : 'spark-connect --help';
    lines = [`Error: ${err.message}`, `Run '${more}' for usage.`];
  } else if (err instanceof ConnectionStringError) {
    exitCode = ExitCode.connection;
    lines = [`Error: invalid connection string: ${err.message}`];
  } else if (isSparkConnectError(err)) {
    exitCode = exitCodeFor(err);
    lines = sparkReport(err, origin, verbose);
  } else if (err instanceof CliError) {
    exitCode = err.exitCode;
    lines = [`Error: ${err.message}`];
  } else {
    exitCode = ExitCode.internal;
    lines = [`Internal error: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`];
  }
  return { exitCode, text: `${redactSecrets(lines.join('\n'))}\n` };
}

/** The stack trace --verbose prints after an internal error, redacted like every other line. */
export function verboseStack(err: unknown): string | undefined {
  return err instanceof Error && err.stack ? `${redactSecrets(err.stack)}\n` : undefined;
}
