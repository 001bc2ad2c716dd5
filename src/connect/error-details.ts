// From a failed gRPC call to one SparkConnectError: read the google.rpc.Status trailer (ErrorInfo
// metadata), and, when the server kept the full error under an errorId, merge in what
// FetchErrorDetails returns (message, error class, SQLSTATE, parameters, query contexts, causes).
// Spark 3.5 servers have no FetchErrorDetails and send fewer metadata keys; everything here is optional.
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { SparkConnectError, type QueryContext, type SparkConnectErrorReason } from './errors';
import { spark } from './generated/spark-connect';
import { decodeRpcStatus, type RpcStatus } from './status-details';

type FetchErrorDetailsResponse = spark.connect.FetchErrorDetailsResponse.$Properties;
type DetailError = spark.connect.FetchErrorDetailsResponse.Error.$Properties;
type DetailContext = spark.connect.FetchErrorDetailsResponse.QueryContext.$Properties;

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === 'number' && 'details' in err;
}

export function readRpcStatus(metadata: Metadata | undefined): RpcStatus | undefined {
  const raw = metadata?.get('grpc-status-details-bin')[0];
  if (raw === undefined || typeof raw === 'string') return undefined;
  try {
    return decodeRpcStatus(raw);
  } catch {
    return undefined; // a proxy's garbage trailer must not hide the real error
  }
}

function parseJson<T>(text: string | undefined, fallback: T): T {
  if (text === undefined || text.length === 0) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const CANCELLED_CLASSES = new Set(['OPERATION_CANCELED', 'OPERATION_CANCELLED']);
const ANALYSIS_EXCEPTIONS = ['AnalysisException', 'ParseException'];

export function classifyReason(code: number | undefined, errorClass?: string, sqlState?: string, classes: string[] = []): SparkConnectErrorReason {
  if (errorClass !== undefined && CANCELLED_CLASSES.has(errorClass)) return 'cancelled';
  // The session is gone (closed, expired, or the server restarted): nothing in the query is wrong.
  if (errorClass?.startsWith('INVALID_HANDLE.SESSION_')) return 'unavailable';
  switch (code) {
    case GrpcStatus.CANCELLED: return 'cancelled';
    case GrpcStatus.DEADLINE_EXCEEDED: return 'deadline';
    case GrpcStatus.UNAUTHENTICATED:
    case GrpcStatus.PERMISSION_DENIED: return 'auth';
    case GrpcStatus.UNAVAILABLE: return 'unavailable';
    case GrpcStatus.UNIMPLEMENTED: return 'protocol';
    default: break;
  }
  if (classes.some((c) => ANALYSIS_EXCEPTIONS.some((a) => c.endsWith(`.${a}`)))) return 'analysis';
  // SQLSTATE class 42: syntax error or access rule violation (unresolved names, type mismatches ...).
  if (sqlState?.startsWith('42')) return 'analysis';
  if (errorClass !== undefined || sqlState !== undefined || classes.length > 0) return 'runtime';
  if (code === GrpcStatus.INVALID_ARGUMENT) return 'invalid-argument';
  return 'unknown';
}

function hintFor(reason: SparkConnectErrorReason): string | undefined {
  switch (reason) {
    case 'auth': return 'Check the token (or client certificate) configured for this connection.';
    case 'unavailable': return 'Check that the Spark Connect server is running and reachable, then reconnect.';
    case 'protocol': return 'The server may run an older Spark version that does not support this request.';
    default: return undefined;
  }
}

// Spark 3.5 servers put only the exception classes in ErrorInfo; the error class and (sometimes) the
// SQLSTATE exist only in the message Spark formats as "[ERROR_CLASS] text ... SQLSTATE: 42P01". Only
// used when the structured fields are missing.
const MESSAGE_ERROR_CLASS = /^\s*\[([A-Z][A-Z0-9_]*(?:\.[A-Z][A-Z0-9_]*)*)\]/;
const MESSAGE_SQLSTATE = /SQLSTATE: ([0-9A-Z]{5})\b/;

/** Where a call went, so errors that come from a proxy rather than Spark can say which one and why. */
export interface CallEndpoint {
  /** host:port as dialed. */
  where: string;
  tls: boolean;
  /** A client certificate was configured (mutual TLS). */
  clientCert: boolean;
}

interface HttpAnswer {
  text: string;
  reason?: SparkConnectErrorReason;
  hint?: string;
}

// grpc-js reports an HTTP/2 peer that answers with a plain HTTP status (a web server, or a TLS proxy
// refusing the request before it reaches Spark) as "Received HTTP status code N". The status says why.
function httpAnswer(status: number, endpoint: CallEndpoint | undefined): HttpAnswer {
  const who = endpoint ? endpoint.where : 'the server';
  if (status === 400 && endpoint?.tls) {
    return {
      text: `${who} refused the request with HTTP 400 before it reached Spark Connect. A TLS proxy answers this way when it requires a client certificate (mutual TLS) that was not sent or not accepted.`,
      reason: 'auth',
      hint: endpoint.clientCert
        ? 'The proxy did not accept the configured client certificate: use one signed by a CA the proxy trusts.'
        : 'Configure a client certificate and key (mutual TLS) for this connection.',
    };
  }
  if (status === 401 || status === 403) {
    return { text: `${who} refused the request with HTTP ${status} before it reached Spark Connect.`, reason: 'auth', hint: 'Check the credentials (token or client certificate) the proxy in front of Spark expects.' };
  }
  if (status === 502 || status === 503 || status === 504) {
    return { text: `${who} answered HTTP ${status}: a proxy is there, but the Spark Connect server behind it did not answer.`, reason: 'unavailable', hint: 'Check that the Spark Connect server behind the proxy is running.' };
  }
  return { text: `${who} answered with HTTP status ${status} instead of gRPC; is this a Spark Connect endpoint?` };
}

/** Builds the error from the call failure alone (no extra RPC). */
export function fromServiceError(err: ServiceError, what: string, operationId?: string, endpoint?: CallEndpoint): SparkConnectError {
  const status = readRpcStatus(err.metadata);
  const md = status?.errorInfo?.metadata ?? {};
  const classes = parseJson<string[]>(md.classes, []);
  const fromSpark = status?.errorInfo !== undefined;
  const errorClass = md.errorClass || (fromSpark ? MESSAGE_ERROR_CLASS.exec(status?.message ?? '')?.[1] : undefined);
  const sqlState = md.sqlState || (fromSpark ? MESSAGE_SQLSTATE.exec(status?.message ?? '')?.[1] : undefined);
  let reason = classifyReason(err.code, errorClass, sqlState, classes);
  let text = (status?.message || err.details || err.message).trimStart();
  let hint = hintFor(reason);
  const http = status === undefined ? /Received HTTP status code (\d+)/.exec(text) : null;
  if (http) {
    const answer = httpAnswer(Number(http[1]), endpoint);
    text = answer.text;
    reason = answer.reason ?? reason;
    hint = answer.hint ?? hintFor(reason);
  }
  const message = reason === 'unavailable' || reason === 'auth' || reason === 'deadline' || http ? `${what} failed: ${text}` : text;
  return new SparkConnectError(message, {
    reason,
    errorClass,
    sqlState,
    messageParameters: parseJson<Record<string, string>>(md.messageParameters, {}),
    grpcCode: err.code,
    errorId: md.errorId || undefined,
    exceptionClasses: classes.length > 0 ? classes : status?.errorInfo?.reason ? [status.errorInfo.reason] : [],
    serverStackTrace: md.stackTrace || undefined,
    retryDelayMs: status?.retryDelayMs,
    operationId,
    hint,
    cause: err,
  });
}

function toQueryContext(c: DetailContext): QueryContext {
  const ctx: QueryContext = {
    contextType: c.contextType === spark.connect.FetchErrorDetailsResponse.QueryContext.ContextType.DATAFRAME ? 'dataframe' : 'sql',
  };
  if (c.objectType) ctx.objectType = c.objectType;
  if (c.objectName) ctx.objectName = c.objectName;
  if (c.startIndex !== undefined && c.startIndex !== null) ctx.startIndex = c.startIndex;
  if (c.stopIndex !== undefined && c.stopIndex !== null) ctx.stopIndex = c.stopIndex;
  if (c.fragment) ctx.fragment = c.fragment;
  if (c.callSite) ctx.callSite = c.callSite;
  if (c.summary) ctx.summary = c.summary;
  return ctx;
}

function stackTraceText(e: DetailError): string | undefined {
  const frames = e.stackTrace ?? [];
  if (frames.length === 0) return undefined;
  return frames.map((f) => `at ${f.declaringClass}.${f.methodName}(${f.fileName ?? 'Unknown Source'}:${f.lineNumber ?? 0})`).join('\n');
}

function fromDetailError(errors: DetailError[], idx: number, grpcCode: number | undefined, seen: Set<number>, operationId?: string): SparkConnectError {
  seen.add(idx);
  const e = errors[idx];
  const t = e.sparkThrowable ?? undefined;
  const classes = e.errorTypeHierarchy ?? [];
  const errorClass = t?.errorClass ?? undefined;
  const sqlState = t?.sqlState ?? undefined;
  const causeIdx = e.causeIdx;
  const cause = causeIdx !== undefined && causeIdx !== null && causeIdx >= 0 && causeIdx < errors.length && !seen.has(causeIdx)
    ? fromDetailError(errors, causeIdx, undefined, seen)
    : undefined;
  const reason = classifyReason(grpcCode, errorClass, sqlState, classes);
  return new SparkConnectError(e.message ?? '', {
    reason,
    errorClass,
    sqlState,
    messageParameters: { ...(t?.messageParameters ?? {}) },
    queryContext: (t?.queryContexts ?? []).map(toQueryContext),
    grpcCode,
    exceptionClasses: classes,
    serverStackTrace: stackTraceText(e),
    operationId,
    hint: hintFor(reason),
    cause,
  });
}

/**
 * Merges a FetchErrorDetails response into the error built from the trailer. The details win where
 * both say something (the trailer's message is truncated by the server), the trailer fills gaps.
 */
export function enrichError(base: SparkConnectError, resp: FetchErrorDetailsResponse): SparkConnectError {
  const errors = resp.errors ?? [];
  const rootIdx = resp.rootErrorIdx ?? 0;
  if (errors.length === 0 || rootIdx < 0 || rootIdx >= errors.length) return base;
  const root = fromDetailError(errors, rootIdx, base.grpcCode, new Set(), base.operationId);
  const e = new SparkConnectError(root.message || base.message, {
    reason: root.reason === 'unknown' ? base.reason : root.reason,
    errorClass: root.errorClass ?? base.errorClass,
    sqlState: root.sqlState ?? base.sqlState,
    messageParameters: Object.keys(root.messageParameters).length > 0 ? root.messageParameters : base.messageParameters,
    queryContext: root.queryContext.length > 0 ? root.queryContext : base.queryContext,
    grpcCode: base.grpcCode,
    errorId: base.errorId,
    exceptionClasses: root.exceptionClasses.length > 0 ? root.exceptionClasses : base.exceptionClasses,
    serverStackTrace: root.serverStackTrace ?? base.serverStackTrace,
    operationId: base.operationId,
    retryDelayMs: base.retryDelayMs,
    hint: base.hint,
    // The server-side cause chain when there is one; otherwise keep the gRPC error for debugging.
    cause: root.cause ?? base.cause,
  });
  return e;
}
