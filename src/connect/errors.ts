// One error type for everything that goes wrong in the client, typed at the library edge so that
// callers branch on fields (reason, errorClass, sqlState) and never on message text.
import { redactSecrets } from './redact';

export type SparkConnectErrorReason =
  | 'unavailable' // cannot reach the server, or the connection broke
  | 'auth' // missing or rejected credentials, TLS trust failures
  | 'analysis' // the query is wrong: parse errors, unknown tables/columns, type errors (SQLSTATE class 42 ...)
  | 'runtime' // the query failed while running (division by zero, cast overflow, executor loss ...)
  | 'cancelled' // interrupted by the user or by another client, or the call was aborted
  | 'deadline' // a time limit expired
  | 'invalid-argument' // the request itself was rejected as malformed
  | 'protocol' // the server answered something this client cannot accept (e.g. a session that changed)
  | 'config' // the client was configured wrongly (connection string, TLS files)
  | 'unknown';

/** What failed while connecting, when the failure happened before any gRPC exchange. */
export type ConnectFailure = 'dns' | 'refused' | 'tls' | 'timeout' | 'reset' | 'network' | 'not-grpc';

/** Where in the user's query an error points (Spark's QueryContext). */
export interface QueryContext {
  contextType: 'sql' | 'dataframe';
  objectType?: string;
  objectName?: string;
  /** 0-based index of the first character of the fragment in the SQL text. */
  startIndex?: number;
  /** 0-based index of the last character (inclusive) of the fragment. */
  stopIndex?: number;
  fragment?: string;
  callSite?: string;
  summary?: string;
}

export interface SparkConnectErrorInit {
  reason: SparkConnectErrorReason;
  errorClass?: string;
  sqlState?: string;
  messageParameters?: Record<string, string>;
  queryContext?: QueryContext[];
  grpcCode?: number;
  cause?: unknown;
  /** The server's identifier for fetching details (ErrorInfo metadata errorId). */
  errorId?: string;
  /** Java/Scala exception classes, most specific first (ErrorInfo metadata "classes"). */
  exceptionClasses?: string[];
  serverStackTrace?: string;
  operationId?: string;
  connectFailure?: ConnectFailure;
  /** Server-requested delay before retrying (google.rpc.RetryInfo). */
  retryDelayMs?: number;
  /** A short suggestion of what to do about it, for UIs. */
  hint?: string;
}

export class SparkConnectError extends Error {
  readonly reason: SparkConnectErrorReason;
  readonly errorClass?: string;
  readonly sqlState?: string;
  readonly messageParameters: Record<string, string>;
  readonly queryContext: QueryContext[];
  readonly grpcCode?: number;
  override readonly cause?: unknown;
  readonly errorId?: string;
  readonly exceptionClasses: string[];
  readonly serverStackTrace?: string;
  operationId?: string;
  readonly connectFailure?: ConnectFailure;
  readonly retryDelayMs?: number;
  readonly hint?: string;

  constructor(message: string, init: SparkConnectErrorInit) {
    // Redacted here, once, so that no code path can build an error that carries a secret.
    super(redactSecrets(message));
    this.name = 'SparkConnectError';
    this.reason = init.reason;
    this.errorClass = init.errorClass;
    this.sqlState = init.sqlState;
    this.messageParameters = init.messageParameters ?? {};
    this.queryContext = init.queryContext ?? [];
    this.grpcCode = init.grpcCode;
    this.cause = init.cause;
    this.errorId = init.errorId;
    this.exceptionClasses = init.exceptionClasses ?? [];
    this.serverStackTrace = init.serverStackTrace === undefined ? undefined : redactSecrets(init.serverStackTrace);
    this.operationId = init.operationId;
    this.connectFailure = init.connectFailure;
    this.retryDelayMs = init.retryDelayMs;
    this.hint = init.hint;
  }

  /** The chain of causes, this error first, for display ("caused by ..."). */
  causeChain(): unknown[] {
    const chain: unknown[] = [];
    let cur: unknown = this;
    while (cur !== undefined && cur !== null && chain.length < 32) {
      chain.push(cur);
      cur = cur instanceof Error ? (cur as Error & { cause?: unknown }).cause : undefined;
    }
    return chain;
  }
}

export function isSparkConnectError(e: unknown): e is SparkConnectError {
  return e instanceof SparkConnectError;
}

/** Error for a call made after close() or after the session was lost. */
export function closedError(what: string): SparkConnectError {
  return new SparkConnectError(`The Spark Connect session is closed; cannot ${what}.`, {
    reason: 'cancelled',
    errorClass: 'NO_ACTIVE_SESSION',
    hint: 'Connect again to start a new session.',
  });
}

/** The error an AbortSignal produces, carrying the abort reason if it is itself an error. */
export function abortError(signal: AbortSignal | undefined, what: string, operationId?: string): SparkConnectError {
  const reason: unknown = signal?.reason;
  if (reason instanceof SparkConnectError) return reason;
  return new SparkConnectError(`${what} was cancelled.`, {
    reason: 'cancelled',
    errorClass: 'OPERATION_CANCELED',
    cause: reason instanceof Error && reason.name !== 'AbortError' ? reason : undefined,
    operationId,
  });
}
