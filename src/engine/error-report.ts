// Errors as the user sees them: one line for a notification (what happened, error class, SQLSTATE),
// the full story for the log, and flags the UI branches on. Everything is redacted first. Decisions
// are made on the typed fields of SparkConnectError, never on message text; the only text we read is
// the message itself, to shorten it for display.
import { redactSecrets } from '../connect/redact';
import { SparkConnectError, type SparkConnectErrorReason } from '../connect/errors';

export interface FailureDescription {
  /** One line: what happened, without the class and SQLSTATE. */
  summary: string;
  /** One line for a notification: summary plus "(CLASS, SQLSTATE x)". */
  message: string;
  reason?: SparkConnectErrorReason;
  errorClass?: string;
  sqlState?: string;
  hint?: string;
  /** Everything known, for the log channel. */
  detail: string;
  cancelled: boolean;
  /** The session or connection is gone; the profile should show as failed. */
  connectionLost: boolean;
}

const CONNECT_FAILURE_TEXT: Record<string, string> = {
  dns: 'host name not found',
  refused: 'connection refused',
  tls: 'TLS handshake failed',
  timeout: 'timed out',
  reset: 'connection reset',
  network: 'network error',
};

/** First line of a Spark message, without the leading [CLASS] and the trailing SQLSTATE part. */
export function shortMessage(message: string, errorClass?: string): string {
  // Some Spark messages start with a line break; the first line with text is the one that matters.
  let line = (message.split('\n').find((l) => l.trim().length > 0) ?? '').trim();
  const prefix = /^\[([A-Z0-9_.]+)\]\s*/.exec(line);
  if (prefix && (!errorClass || prefix[1] === errorClass)) line = line.slice(prefix[0].length);
  line = line.replace(/\s*SQLSTATE:\s*[0-9A-Z]{5}.*$/, '').replace(/\s*\(line \d+, pos \d+\)\s*$/, '').replace(/;\s*line \d+ pos \d+;?\s*$/, '');
  return line.length > 0 ? line : message.trim();
}

export function describeFailure(err: unknown): FailureDescription {
  if (err instanceof SparkConnectError) {
    const summary = redactSecrets(shortMessage(err.message, err.errorClass));
    const tags = [err.errorClass, err.sqlState ? `SQLSTATE ${err.sqlState}` : undefined].filter(Boolean).join(', ');
    const failure = err.connectFailure ? CONNECT_FAILURE_TEXT[err.connectFailure] : undefined;
    const detailLines = [
      redactSecrets(err.message),
      `reason: ${err.reason}${failure ? ` (${failure})` : ''}`,
      ...(err.errorClass ? [`error class: ${err.errorClass}`] : []),
      ...(err.sqlState ? [`SQLSTATE: ${err.sqlState}`] : []),
      ...(err.operationId ? [`operation: ${err.operationId}`] : []),
      ...(err.grpcCode !== undefined ? [`gRPC status: ${err.grpcCode}`] : []),
      ...err.queryContext.map((q) => `query context: ${q.contextType} ${q.objectType ?? ''} ${q.objectName ?? ''} [${q.startIndex ?? '?'}..${q.stopIndex ?? '?'}] ${JSON.stringify(q.fragment ?? '')}`),
      ...(err.hint ? [`hint: ${redactSecrets(err.hint)}`] : []),
      ...(err.serverStackTrace ? ['server stack trace:', err.serverStackTrace] : []),
    ];
    return {
      summary,
      message: tags ? `${summary} (${tags})` : summary,
      reason: err.reason,
      errorClass: err.errorClass,
      sqlState: err.sqlState,
      hint: err.hint ? redactSecrets(err.hint) : undefined,
      // The server's stack trace and query context too: the detail also goes to the results webview.
      detail: redactSecrets(detailLines.join('\n')),
      cancelled: err.reason === 'cancelled',
      connectionLost: err.reason === 'unavailable' || (err.errorClass?.startsWith('INVALID_HANDLE.SESSION') ?? false),
    };
  }
  if (err instanceof Error) {
    const summary = redactSecrets(err.message.split('\n')[0]);
    return {
      summary,
      message: summary,
      detail: redactSecrets(err.stack ?? `${err.name}: ${err.message}`),
      cancelled: err.name === 'AbortError',
      connectionLost: false,
    };
  }
  const text = redactSecrets(String(err));
  return { summary: text, message: text, detail: text, cancelled: false, connectionLost: false };
}

/** "Test connection" failures in words: what went wrong while connecting and what to do. */
export function describeConnectFailure(err: unknown): string {
  const d = describeFailure(err);
  if (err instanceof SparkConnectError) {
    const what = err.connectFailure ? CONNECT_FAILURE_TEXT[err.connectFailure]
      : err.reason === 'auth' ? 'authentication failed'
        : err.reason === 'deadline' ? 'timed out'
          : err.reason === 'config' ? 'invalid configuration'
            : err.reason === 'unavailable' ? 'server unavailable'
              : undefined;
    const head = what ? `${what[0].toUpperCase()}${what.slice(1)}: ${d.summary}` : d.summary;
    return d.hint ? `${head} ${d.hint}` : head;
  }
  return d.summary;
}
