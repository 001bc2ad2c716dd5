// Server-streaming gRPC calls (ExecutePlan, ReattachExecute) over our own HTTP/2 connection
// (connection.ts) instead of grpc-js and Node's HTTP/2 session. Why: the socket's reads then land in
// one reused buffer, and together with reused message memory (message-memory.ts) a 10^7-row result
// is received with almost no garbage; through grpc-js every socket read is a new ArrayBuffer and
// the full collections they cause cost ~40% more client CPU (bench/README.md). Unary calls, the
// channel's connectivity and connection diagnosis stay on grpc-js, which has connected (and so
// checked the address, the certificate and the token's transport) before a stream starts here.
//
// The protocol is gRPC over HTTP/2 as specified: request headers, 5-byte message framing, status in
// trailers or in a trailers-only response, grpc-message percent-encoded, binary metadata in `-bin`
// trailers. Failures come out as grpc-js-shaped ServiceErrors (code, details, metadata) with the codes
// grpc-js gives for the same events, so error decoding, retry and reattach treat both paths alike.
import { Metadata, status as Status, type ServiceError } from '@grpc/grpc-js';
import type { IncomingHttpHeaders } from 'node:http2';
import type { KeepaliveOptions } from '../connection-string';
import { AligningMessageDecoder, MessageTooLargeError, arrowBatchDataOffset } from '../grpc-message-alignment';
import type { Logger } from '../logger';
import { H2Connection, type H2Stream, type H2TlsOptions, type HeaderFields, type StreamEvents, type StreamFailure } from './connection';
import { markTransportFailure } from '../transport-failure';
import { ErrorCode } from './frames';

export interface DirectStreamConfig {
  host: string;
  port: number;
  /** :authority: "host:port" as dialled (IPv6 in brackets), or the TLS server-name override. */
  authority: string;
  /** TLS, when the connection uses it. */
  tls?: H2TlsOptions;
  /** Headers sent with every call (custom headers, authorization). */
  metadata: Metadata;
  userAgent: string;
  maxReceiveMessageLength: number;
  /** Receive window per stream and per connection. */
  windowBytes: number;
  keepalive: KeepaliveOptions;
  connectTimeoutMs: number;
  logger: Logger;
}

export interface StreamCodec<Req, Res> {
  path: string;
  encode(req: Req): Uint8Array;
  decode(bytes: Uint8Array): Res;
}

/** What a server stream gives its reader: the responses in order, and a way to stop early. */
export interface ServerStream<Res> extends AsyncIterable<Res> {
  cancel(): void;
}

/** Larger DATA frames than HTTP/2's default 16 KiB: fewer frames to parse for the same bytes. */
const MAX_FRAME_BYTES = 1024 * 1024;
/** Decoded responses held before the stream's window is no longer given back (the server then stops). */
const QUEUE_HIGH = 4;
const QUEUE_LOW = 1;

/** gRPC's mapping of an HTTP status when the server sent no grpc-status, as grpc-js applies it. */
function httpStatusCode(http: number): number {
  switch (http) {
    case 400: return Status.INTERNAL;
    case 401: return Status.UNAUTHENTICATED;
    case 403: return Status.PERMISSION_DENIED;
    case 404: return Status.UNIMPLEMENTED;
    case 429: case 502: case 503: case 504: return Status.UNAVAILABLE;
    default: return Status.UNKNOWN;
  }
}

function serviceError(code: number, details: string, metadata = new Metadata()): ServiceError {
  const name = Status[code] ?? String(code);
  return Object.assign(new Error(`${code} ${name}: ${details}`), { code, details, metadata });
}

function decodeGrpcMessage(raw: string | undefined): string {
  const text = raw ?? '';
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // not percent-encoded after all: show it as sent
  }
}

/** Header fields as node:http2 presents them (repeated names become arrays), for grpc-js's Metadata. */
function toIncomingHeaders(fields: HeaderFields): IncomingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    const had = out[name];
    if (had === undefined) out[name] = value;
    else if (Array.isArray(had)) had.push(value);
    else out[name] = [had, value];
  }
  return out;
}

function firstValue(fields: HeaderFields, name: string): string | undefined {
  return fields.find(([n]) => n === name)?.[1];
}

/**
 * A session's result streams: one connection, opened on first use and again once it has ended
 * (server GOAWAY, failure). A server that objects to our keepalive pings (GOAWAY ENHANCE_YOUR_CALM
 * "too_many_pings", gRPC-Java's policy) gets half the ping rate from then on, as grpc-js does.
 */
export class DirectStreams {
  private connection?: H2Connection;
  private pingIntervalMs: number;
  private closed = false;
  /** The headers every call sends after its pseudo-headers (the metadata does not change). */
  private readonly callHeaders: HeaderFields;

  constructor(private readonly config: DirectStreamConfig) {
    this.pingIntervalMs = config.keepalive.timeMs;
    this.callHeaders = [['content-type', 'application/grpc'], ['te', 'trailers'], ['user-agent', config.userAgent], ['grpc-accept-encoding', 'identity']];
    for (const [name, value] of Object.entries(config.metadata.toHttp2Headers())) {
      for (const v of Array.isArray(value) ? value : [value]) this.callHeaders.push([name, String(v)]);
    }
  }

  close(): void {
    this.closed = true;
    this.connection?.close();
    this.connection = undefined;
  }

  open<Req, Res>(codec: StreamCodec<Req, Res>, req: Req): ServerStream<Res> {
    if (this.closed) return failedStream(serviceError(Status.CANCELLED, 'The connection is closed.'));
    const body = codec.encode(req);
    const framed = Buffer.allocUnsafe(5 + body.length);
    framed[0] = 0; // not compressed
    framed.writeUInt32BE(body.length, 1);
    framed.set(body, 5);
    const c = this.config;
    const headers: HeaderFields = [
      [':method', 'POST'], [':scheme', c.tls ? 'https' : 'http'], [':path', codec.path], [':authority', c.authority], ...this.callHeaders,
    ];
    const stream = new DirectServerStream(codec, new AligningMessageDecoder(c.maxReceiveMessageLength, arrowBatchDataOffset, undefined, true));
    try {
      stream.attach(this.connectionForCall().request(headers, framed, stream));
    } catch (err) {
      return failedStream(serviceError(Status.UNAVAILABLE, `Could not start the call: ${(err as Error).message}`));
    }
    return stream;
  }

  private connectionForCall(): H2Connection {
    const existing = this.connection;
    if (existing?.usable) return existing;
    const c = this.config;
    const connection = new H2Connection({
      host: c.host, port: c.port, tls: c.tls, windowBytes: c.windowBytes, maxFrameBytes: MAX_FRAME_BYTES, connectTimeoutMs: c.connectTimeoutMs,
      keepalive: { ...c.keepalive, timeMs: this.pingIntervalMs }, logger: c.logger,
    }, (calm) => {
      if (calm) {
        this.pingIntervalMs *= 2;
        c.logger.debug(`server asked for fewer keepalive pings; now every ${this.pingIntervalMs} ms`);
      }
      if (this.connection === connection) this.connection = undefined;
    });
    this.connection = connection;
    return connection;
  }
}

function failedStream<Res>(err: ServiceError): ServerStream<Res> {
  return {
    cancel: () => undefined,
    [Symbol.asyncIterator]: async function* () {
      await Promise.resolve();
      throw err;
    },
  };
}

class DirectServerStream<Res> implements ServerStream<Res>, StreamEvents {
  private stream?: H2Stream;
  private readonly queue: Res[] = [];
  private wake?: () => void;
  private httpStatus?: number;
  /** undefined while running; null once it ended OK; an error otherwise. */
  private status?: ServiceError | null;

  constructor(private readonly codec: StreamCodec<unknown, Res>, private readonly decoder: AligningMessageDecoder) {}

  attach(stream: H2Stream): void {
    this.stream = stream;
  }

  cancel(): void {
    if (this.status !== undefined) return;
    this.status = serviceError(Status.CANCELLED, 'Cancelled on client');
    this.stream?.cancel();
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Res> {
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next !== undefined) {
          if (this.queue.length <= QUEUE_LOW) this.stream?.resume();
          yield next;
          continue;
        }
        if (this.status === null) return;
        if (this.status !== undefined) throw this.status;
        await new Promise<void>((resolve) => { this.wake = resolve; });
      }
    } finally {
      this.cancel();
    }
  }

  // ---- StreamEvents ----

  headers(fields: HeaderFields, endStream: boolean): void {
    if (this.status !== undefined) return;
    if (this.httpStatus === undefined) {
      this.httpStatus = Number(firstValue(fields, ':status'));
      // A trailers-only response carries grpc-status in its one header block.
      if (firstValue(fields, 'grpc-status') === undefined && !endStream) return;
    }
    this.finish(this.statusOf(fields));
  }

  data(bytes: Buffer): void {
    if (this.status !== undefined) return;
    try {
      for (const message of this.decoder.write(bytes)) {
        if (message[0] !== 0) throw new Error('the server sent a compressed message, which this client did not ask for');
        this.queue.push(this.codec.decode(message.subarray(5)));
      }
    } catch (err) {
      // A proxy's HTML error page is not gRPC: its HTTP status says more than the framing error.
      const text = (err as Error).message;
      this.stream?.cancel();
      this.finish(this.httpStatus !== undefined && this.httpStatus !== 200
        ? serviceError(httpStatusCode(this.httpStatus), `Received HTTP status code ${this.httpStatus}`)
        : serviceError(err instanceof MessageTooLargeError ? Status.RESOURCE_EXHAUSTED : Status.INTERNAL, text));
      return;
    }
    if (this.queue.length >= QUEUE_HIGH) this.stream?.pause();
    this.notify();
  }

  end(): void {
    this.finish(this.httpStatus !== undefined && this.httpStatus !== 200
      ? serviceError(httpStatusCode(this.httpStatus), `Received HTTP status code ${this.httpStatus}`)
      : markTransportFailure(serviceError(Status.INTERNAL, 'Received RST_STREAM with code 0 (the server ended the stream without a status)'), 'stream-reset'));
  }

  failed(failure: StreamFailure): void {
    this.finish(this.failureStatus(failure));
  }

  // ----

  private finish(status: ServiceError | null): void {
    if (this.status !== undefined) return;
    this.status = status;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private statusOf(fields: HeaderFields): ServiceError | null {
    const raw = firstValue(fields, 'grpc-status');
    if (raw === undefined) {
      if (this.httpStatus !== undefined && this.httpStatus !== 200) {
        return serviceError(httpStatusCode(this.httpStatus), `Received HTTP status code ${this.httpStatus}`);
      }
      return serviceError(Status.UNKNOWN, 'The server ended the call without a grpc-status');
    }
    const code = Number(raw);
    if (code === Status.OK) return null;
    const metadata = Metadata.fromHttp2Headers(toIncomingHeaders(fields));
    for (const k of ['grpc-status', 'grpc-message', ':status', 'content-type']) metadata.remove(k);
    return serviceError(Number.isInteger(code) ? code : Status.UNKNOWN, decodeGrpcMessage(firstValue(fields, 'grpc-message')), metadata);
  }

  /**
   * What grpc-js says for the same event (code and text), marked with the typed cause that retry and
   * reattach decide on (transport-failure.ts).
   */
  private failureStatus(f: StreamFailure): ServiceError {
    switch (f.kind) {
      case 'refused': return markTransportFailure(serviceError(Status.UNAVAILABLE, `Stream refused: ${f.reason}`), 'refused');
      case 'connection':
        return f.calm
          ? markTransportFailure(serviceError(Status.RESOURCE_EXHAUSTED, `Bandwidth exhausted: ${f.reason}`), 'ping-policy', ErrorCode.enhanceYourCalm)
          : markTransportFailure(serviceError(Status.UNAVAILABLE, `Connection dropped: ${f.reason}`), 'connection-lost');
      case 'reset':
        if (f.code === ErrorCode.cancel) return serviceError(Status.CANCELLED, 'Call cancelled by the server (RST_STREAM CANCEL)');
        if (f.code === ErrorCode.enhanceYourCalm) {
          return markTransportFailure(serviceError(Status.RESOURCE_EXHAUSTED, 'Bandwidth exhausted or memory limit exceeded'), 'ping-policy', f.code);
        }
        return markTransportFailure(serviceError(Status.INTERNAL, `Received RST_STREAM with code ${f.code}`), 'stream-reset', f.code);
      case 'protocol':
        return markTransportFailure(serviceError(Status.INTERNAL, `HTTP/2 stream error (code ${f.code}): ${f.reason}`), 'stream-reset', f.code);
    }
  }
}
