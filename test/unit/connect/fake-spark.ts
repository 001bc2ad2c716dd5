// An in-process gRPC server speaking the SparkConnectService wire protocol, for client tests that need
// real gRPC (metadata, status trailers, stream breaks, TLS) without a Spark server. Each RPC's handler
// is replaceable per test; every request is recorded with its metadata.
import {
  Metadata, Server, ServerCredentials, status, type ServerUnaryCall, type ServerWritableStream,
  type ServiceDefinition, type UntypedServiceImplementation, type sendUnaryData,
} from '@grpc/grpc-js';
import { METHODS, type RpcMethod } from '../../../src/connect/rpc';
import { encodeRpcStatus, type ErrorInfo } from '../../../src/connect/status-details';
import type { spark } from '../../../src/connect/generated/spark-connect';

export type Resp = spark.connect.ExecutePlanResponse.$Properties;
type Stream<Req> = ServerWritableStream<Req, unknown>;
export type StreamHandler<Req> = (call: Stream<Req>) => void | Promise<void>;
export type UnaryHandler<Req> = (req: Req, md: Metadata) => unknown | Promise<unknown>;

export interface Recorded {
  method: string;
  request: unknown;
  metadata: Record<string, unknown>;
}

/** An error a handler can throw to answer with a gRPC status plus Spark's ErrorInfo/RetryInfo. */
export class GrpcFailure extends Error {
  constructor(readonly code: number, message: string, readonly errorInfo?: ErrorInfo, readonly retryDelayMs?: number) {
    super(message);
  }
  toStatus(): { code: number; details: string; metadata: Metadata } {
    const metadata = new Metadata();
    if (this.errorInfo || this.retryDelayMs !== undefined) {
      metadata.set('grpc-status-details-bin', Buffer.from(encodeRpcStatus({ code: this.code, message: this.message, errorInfo: this.errorInfo, retryDelayMs: this.retryDelayMs })));
    }
    return { code: this.code, details: this.message, metadata };
  }
}

type Req<M> = M extends RpcMethod<infer R, unknown> ? R : never;

export class FakeSpark {
  readonly calls: Recorded[] = [];
  serverSideSessionId = 'server-session-1';
  executePlan: StreamHandler<Req<typeof METHODS.executePlan>> = (call) => { call.end(); };
  reattachExecute: StreamHandler<Req<typeof METHODS.reattachExecute>> = (call) => { call.end(); };
  analyzePlan: UnaryHandler<Req<typeof METHODS.analyzePlan>> = () => ({ sparkVersion: { version: '4.3.0' } });
  config: UnaryHandler<Req<typeof METHODS.config>> = () => ({ pairs: [] });
  interrupt: UnaryHandler<Req<typeof METHODS.interrupt>> = () => ({ interruptedIds: [] });
  releaseExecute: UnaryHandler<Req<typeof METHODS.releaseExecute>> = () => ({});
  releaseSession: UnaryHandler<Req<typeof METHODS.releaseSession>> = () => ({});
  fetchErrorDetails: UnaryHandler<Req<typeof METHODS.fetchErrorDetails>> = () => { throw new GrpcFailure(status.NOT_FOUND, 'no such error'); };

  private server?: Server;
  port = 0;

  calledWith(method: string): Recorded[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Fills in the session fields a real server sets on every response. */
  stamp<T extends object>(req: { sessionId?: string | null }, resp: T): T & { sessionId: string; serverSideSessionId: string } {
    return { sessionId: req.sessionId ?? '', serverSideSessionId: this.serverSideSessionId, ...resp };
  }

  async start(credentials = ServerCredentials.createInsecure(), port = 0): Promise<number> {
    const server = new Server();
    const def: Record<string, ServiceDefinition[string]> = {};
    const impl: UntypedServiceImplementation = {};
    const add = <Q, R>(key: keyof typeof METHODS, m: RpcMethod<Q, R>, streaming: boolean) => {
      def[m.name] = {
        path: m.path, requestStream: false, responseStream: streaming, originalName: m.name,
        requestSerialize: (r: Q) => Buffer.from(m.request.encode(r).finish()),
        requestDeserialize: (b: Buffer) => m.request.decode(b),
        responseSerialize: (r: R) => Buffer.from(m.response.encode(r).finish()),
        responseDeserialize: (b: Buffer) => m.response.decode(b),
      };
      if (streaming) {
        impl[m.name] = (call: Stream<Q>) => {
          this.calls.push({ method: m.name, request: call.request, metadata: call.metadata.getMap() });
          const handler = (this as unknown as Record<string, StreamHandler<Q>>)[key];
          Promise.resolve().then(() => handler(call)).catch((err: unknown) => {
            failStream(call, err instanceof GrpcFailure ? err : new GrpcFailure(status.INTERNAL, String(err)));
          });
        };
      } else {
        impl[m.name] = (call: ServerUnaryCall<Q, R>, cb: sendUnaryData<R>) => {
          this.calls.push({ method: m.name, request: call.request, metadata: call.metadata.getMap() });
          const handler = (this as unknown as Record<string, UnaryHandler<Q>>)[key];
          Promise.resolve().then(() => handler(call.request, call.metadata)).then(
            (resp) => cb(null, this.stamp(call.request as { sessionId?: string }, resp as object) as unknown as R),
            (err: unknown) => cb(err instanceof GrpcFailure ? err.toStatus() : { code: status.INTERNAL, details: String(err) }),
          );
        };
      }
    };
    add('executePlan', METHODS.executePlan, true);
    add('reattachExecute', METHODS.reattachExecute, true);
    add('analyzePlan', METHODS.analyzePlan, false);
    add('config', METHODS.config, false);
    add('interrupt', METHODS.interrupt, false);
    add('releaseExecute', METHODS.releaseExecute, false);
    add('releaseSession', METHODS.releaseSession, false);
    add('fetchErrorDetails', METHODS.fetchErrorDetails, false);
    server.addService(def as ServiceDefinition, impl);
    this.port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`127.0.0.1:${port}`, credentials, (err, p) => (err ? reject(err) : resolve(p)));
    });
    this.server = server;
    return this.port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { s.forceShutdown(); resolve(); }, 500);
      s.tryShutdown(() => { clearTimeout(t); resolve(); });
    });
  }

  /** Kills the server and every connection at once (a crash, not a shutdown). */
  kill(): void {
    this.server?.forceShutdown();
    this.server = undefined;
  }
}

/** Ends a server stream with a gRPC error status (grpc-js sends the status on an 'error' event). */
export function failStream(call: ServerWritableStream<unknown, unknown>, failure: GrpcFailure): void {
  call.emit('error', Object.assign(new Error(failure.message), failure.toStatus()));
}

/** Writes responses to a server stream, waiting for the client to accept each (backpressure). */
export async function writeAll(call: ServerWritableStream<unknown, unknown>, responses: Resp[]): Promise<void> {
  for (const r of responses) {
    if (call.cancelled || call.destroyed) return;
    if (!call.write(r)) await new Promise((resolve) => call.once('drain', resolve));
  }
}
