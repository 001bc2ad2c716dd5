// Decoding of the rich gRPC error model carried in the `grpc-status-details-bin` trailer: a
// google.rpc.Status whose `details` are google.protobuf.Any values. Spark puts an ErrorInfo there
// (reason = exception class, metadata = errorClass, sqlState, messageParameters, errorId, classes,
// stackTrace) and may add a RetryInfo asking the client to wait before retrying.
import { google } from './generated/spark-connect';

export interface ErrorInfo {
  reason: string;
  domain: string;
  metadata: Record<string, string>;
}

export interface RpcStatus {
  code: number;
  message: string;
  errorInfo?: ErrorInfo;
  /** google.rpc.RetryInfo.retry_delay, in milliseconds. */
  retryDelayMs?: number;
  /** Type URLs of details this client does not interpret, for logs. */
  otherDetails: string[];
}

export const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';
export const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

function durationMs(d: google.protobuf.Duration.$Properties | null | undefined): number {
  const seconds = Number(d?.seconds?.toString() ?? 0);
  return seconds * 1000 + Math.floor((d?.nanos ?? 0) / 1e6);
}

/** Decodes a google.rpc.Status; throws on bytes that are not one. */
export function decodeRpcStatus(bytes: Uint8Array): RpcStatus {
  const s = google.rpc.Status.decode(bytes);
  const out: RpcStatus = { code: s.code, message: s.message, otherDetails: [] };
  for (const any of s.details) {
    const typeUrl = any.type_url ?? '';
    const value = any.value ?? new Uint8Array(0);
    if (typeUrl === ERROR_INFO_TYPE) {
      const info = google.rpc.ErrorInfo.decode(value);
      out.errorInfo = { reason: info.reason, domain: info.domain, metadata: { ...info.metadata } };
    } else if (typeUrl === RETRY_INFO_TYPE) {
      out.retryDelayMs = durationMs(google.rpc.RetryInfo.decode(value).retryDelay);
    } else {
      out.otherDetails.push(typeUrl);
    }
  }
  return out;
}

/** Encodes what Spark would send; used by tests and by the in-process fake server. */
export function encodeRpcStatus(s: { code: number; message: string; errorInfo?: ErrorInfo; retryDelayMs?: number }): Uint8Array {
  const details: google.protobuf.Any.$Properties[] = [];
  if (s.errorInfo) {
    details.push({ type_url: ERROR_INFO_TYPE, value: google.rpc.ErrorInfo.encode(s.errorInfo).finish() });
  }
  if (s.retryDelayMs !== undefined) {
    const retryDelay = { seconds: Math.floor(s.retryDelayMs / 1000), nanos: (s.retryDelayMs % 1000) * 1e6 };
    details.push({ type_url: RETRY_INFO_TYPE, value: google.rpc.RetryInfo.encode({ retryDelay }).finish() });
  }
  return google.rpc.Status.encode({ code: s.code, message: s.message, details }).finish();
}
