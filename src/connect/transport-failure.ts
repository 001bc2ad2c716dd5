// Why a call's transport failed, as a typed mark on the error, so that retry and reattach decide on a
// field (retry.ts isReattachable) and not on message text. The direct reader (h2/direct-stream.ts)
// marks every error it makes. grpc-js gives no typed cause for the statuses it makes up itself (its
// subchannel call knows the RST_STREAM code but drops it before the error reaches us), so its fixed
// texts are read here, in this one place, and nowhere else.
import { status as Status } from '@grpc/grpc-js';

export type TransportFailureKind =
  /** The peer (the server, a proxy, a load balancer) reset the stream, or ended it without a status. */
  | 'stream-reset'
  /** The connection under the call dropped or failed (including an HTTP/2 violation by the peer). */
  | 'connection-lost'
  /** The server did not process the call (REFUSED_STREAM, or GOAWAY below the stream's id). */
  | 'refused'
  /** The server closed the connection over our keepalive pings (GOAWAY ENHANCE_YOUR_CALM). */
  | 'ping-policy';

const KINDS: ReadonlySet<string> = new Set<TransportFailureKind>(['stream-reset', 'connection-lost', 'refused', 'ping-policy']);

export interface TransportFailureMark {
  transportFailure: TransportFailureKind;
  /** The HTTP/2 error code, when a RST_STREAM or GOAWAY carried one. */
  http2Code?: number;
}

export function markTransportFailure<E extends Error>(err: E, kind: TransportFailureKind, http2Code?: number): E & TransportFailureMark {
  return Object.assign(err, http2Code === undefined ? { transportFailure: kind } : { transportFailure: kind, http2Code });
}

/** The transport failure behind `err` or any error in its cause chain; undefined when there is none. */
export function transportFailureOf(err: unknown): TransportFailureKind | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 16 && typeof cur === 'object' && cur !== null; depth++) {
    const mark = (cur as Partial<TransportFailureMark>).transportFailure;
    if (typeof mark === 'string' && KINDS.has(mark)) return mark as TransportFailureKind;
    const grpc = grpcJsFailure(cur);
    if (grpc !== undefined) return grpc;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The statuses grpc-js makes up for transport events (@grpc/grpc-js subchannel-call.ts), by their fixed text. */
function grpcJsFailure(e: object): TransportFailureKind | undefined {
  const { code, details } = e as { code?: unknown; details?: unknown };
  if (typeof code !== 'number' || typeof details !== 'string') return undefined;
  if (code === Status.INTERNAL && details.startsWith('Received RST_STREAM with code ')) return 'stream-reset';
  if (code === Status.UNAVAILABLE && details === 'Connection dropped') return 'connection-lost';
  if (code === Status.UNAVAILABLE && details === 'Stream refused by server') return 'refused';
  if (code === Status.RESOURCE_EXHAUSTED && details === 'Bandwidth exhausted or memory limit exceeded') return 'ping-policy';
  return undefined;
}
