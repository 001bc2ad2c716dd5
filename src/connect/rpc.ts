// The gRPC transport: one grpc-js Client per session, the SparkConnectService method table with
// protobufjs serializers, unary calls as promises (deadline + AbortSignal), server streams as Node
// readables (so HTTP/2 flow control applies when the consumer is slow), and a bounded wait for the
// channel to become ready that explains connection failures instead of hanging.
import {
  Client, Metadata, connectivityState as State, type CallOptions as GrpcCallOptions, type ChannelCredentials,
  type ChannelOptions, type ServiceError,
} from '@grpc/grpc-js';
import type { Writer } from 'protobufjs/minimal';
import { diagnoseConnection, type DiagnoseTarget } from './connect-diagnosis';
import { SparkConnectError, abortError } from './errors';
import { spark } from './generated/spark-connect';
import { DirectStreams, type DirectStreamConfig, type ServerStream } from './h2/direct-stream';
import { describeError, type Logger } from './logger';

export interface MessageCodec<T> {
  encode(message: T, writer?: Writer): Writer;
  decode(bytes: Uint8Array): T;
}

export interface RpcMethod<Req, Res> {
  name: string;
  path: string;
  request: MessageCodec<Req>;
  response: MessageCodec<Res>;
}

function method<Req, Res>(name: string, request: MessageCodec<Req>, response: MessageCodec<Res>): RpcMethod<Req, Res> {
  return { name, path: `/spark.connect.SparkConnectService/${name}`, request, response };
}

const c = spark.connect;
export const METHODS = {
  executePlan: method<spark.connect.ExecutePlanRequest.$Properties, spark.connect.ExecutePlanResponse>('ExecutePlan', c.ExecutePlanRequest, c.ExecutePlanResponse),
  reattachExecute: method<spark.connect.ReattachExecuteRequest.$Properties, spark.connect.ExecutePlanResponse>('ReattachExecute', c.ReattachExecuteRequest, c.ExecutePlanResponse),
  analyzePlan: method<spark.connect.AnalyzePlanRequest.$Properties, spark.connect.AnalyzePlanResponse>('AnalyzePlan', c.AnalyzePlanRequest, c.AnalyzePlanResponse),
  config: method<spark.connect.ConfigRequest.$Properties, spark.connect.ConfigResponse>('Config', c.ConfigRequest, c.ConfigResponse),
  interrupt: method<spark.connect.InterruptRequest.$Properties, spark.connect.InterruptResponse>('Interrupt', c.InterruptRequest, c.InterruptResponse),
  releaseExecute: method<spark.connect.ReleaseExecuteRequest.$Properties, spark.connect.ReleaseExecuteResponse>('ReleaseExecute', c.ReleaseExecuteRequest, c.ReleaseExecuteResponse),
  releaseSession: method<spark.connect.ReleaseSessionRequest.$Properties, spark.connect.ReleaseSessionResponse>('ReleaseSession', c.ReleaseSessionRequest, c.ReleaseSessionResponse),
  fetchErrorDetails: method<spark.connect.FetchErrorDetailsRequest.$Properties, spark.connect.FetchErrorDetailsResponse>('FetchErrorDetails', c.FetchErrorDetailsRequest, c.FetchErrorDetailsResponse),
  artifactStatus: method<spark.connect.ArtifactStatusesRequest.$Properties, spark.connect.ArtifactStatusesResponse>('ArtifactStatus', c.ArtifactStatusesRequest, c.ArtifactStatusesResponse),
  getStatus: method<spark.connect.GetStatusRequest.$Properties, spark.connect.GetStatusResponse>('GetStatus', c.GetStatusRequest, c.GetStatusResponse),
} as const;

export interface RpcCallOptions {
  signal?: AbortSignal;
  /** Per-call deadline; undefined means none (streams are watched by keepalive instead). */
  timeoutMs?: number;
}

export interface TransportConfig {
  target: string;
  credentials: ChannelCredentials;
  channelOptions: ChannelOptions;
  metadata: Metadata;
  logger: Logger;
  /** What to probe when the channel does not become ready. */
  diagnose: Omit<DiagnoseTarget, 'timeoutMs'>;
  /**
   * When set, server streams go over the client's own HTTP/2 connection (h2/direct-stream.ts, for the
   * CPU it saves on large results); otherwise, and for unary calls always, over grpc-js.
   */
  directStreams?: Omit<DirectStreamConfig, 'logger'>;
}

export class Transport {
  private readonly client: Client;
  private readonly logger: Logger;
  private closed = false;
  /** True once the channel has been READY: later connection failures are worth retrying. */
  everReady = false;

  private readonly streams?: DirectStreams;

  constructor(private readonly config: TransportConfig) {
    this.client = new Client(config.target, config.credentials, config.channelOptions);
    this.logger = config.logger;
    if (config.directStreams) this.streams = new DirectStreams({ ...config.directStreams, logger: config.logger });
  }

  /** What carries server streams ("direct" or "grpc-js"), for logs and tests. */
  get streamTransport(): 'direct' | 'grpc-js' {
    return this.streams ? 'direct' : 'grpc-js';
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.streams?.close();
    this.client.close();
  }

  private callOptions(opts: RpcCallOptions): GrpcCallOptions {
    return opts.timeoutMs !== undefined ? { deadline: Date.now() + opts.timeoutMs } : {};
  }

  unary<Req, Res>(m: RpcMethod<Req, Res>, req: Req, opts: RpcCallOptions = {}): Promise<Res> {
    const started = Date.now();
    this.logger.debug(`→ ${m.name}`);
    return new Promise<Res>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(abortError(opts.signal, m.name));
        return;
      }
      const onAbort = (): void => call.cancel();
      const call = this.client.makeUnaryRequest<Req, Res>(
        m.path,
        (r) => Buffer.from(m.request.encode(r).finish()),
        (b) => m.response.decode(b),
        req,
        this.config.metadata.clone(),
        this.callOptions(opts),
        (err: ServiceError | null, res?: Res) => {
          opts.signal?.removeEventListener('abort', onAbort);
          if (err) {
            this.logger.debug(`← ${m.name} failed in ${Date.now() - started} ms: ${err.code} ${err.details}`);
            reject(opts.signal?.aborted ? abortError(opts.signal, m.name) : err);
            return;
          }
          this.logger.debug(`← ${m.name} ok in ${Date.now() - started} ms`);
          resolve(res as Res);
        },
      );
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A server-streaming call. It has no deadline: a result stream runs as long as its query, until cancel(). */
  serverStream<Req, Res>(m: RpcMethod<Req, Res>, req: Req): ServerStream<Res> {
    this.logger.debug(`→ ${m.name} (stream${this.streams ? ', direct' : ''})`);
    if (this.streams) {
      return this.streams.open({ path: m.path, encode: (r: Req) => m.request.encode(r).finish(), decode: (b) => m.response.decode(b) }, req);
    }
    return this.client.makeServerStreamRequest<Req, Res>(
      m.path,
      (r) => Buffer.from(m.request.encode(r).finish()),
      (b) => m.response.decode(b),
      req,
      this.config.metadata.clone(),
      {},
    );
  }

  /**
   * Resolves once the channel is READY. Fails with a diagnosed SparkConnectError when the channel
   * reports a failure, or after timeoutMs when it stays CONNECTING (a server that accepts TCP but never
   * answers). Cheap when already connected, so it runs before every call.
   */
  async ensureReady(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.closed) throw new SparkConnectError('The connection is closed.', { reason: 'cancelled', errorClass: 'NO_ACTIVE_SESSION' });
    const channel = this.client.getChannel();
    let state = channel.getConnectivityState(true);
    if (state === State.READY) {
      this.everReady = true;
      return;
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (state === State.READY) {
        this.everReady = true;
        return;
      }
      if (state === State.SHUTDOWN) throw new SparkConnectError('The connection is closed.', { reason: 'cancelled', errorClass: 'NO_ACTIVE_SESSION' });
      if (state === State.TRANSIENT_FAILURE) throw await this.connectError(timeoutMs, false);
      const changed = await new Promise<boolean>((resolve, reject) => {
        const onAbort = (): void => reject(abortError(signal, 'Connecting'));
        if (signal?.aborted) {
          onAbort();
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        channel.watchConnectivityState(state, deadline, (err?: Error) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(err === undefined);
        });
      });
      if (!changed) throw await this.connectError(timeoutMs, true);
      state = channel.getConnectivityState(true);
    }
  }

  private async connectError(timeoutMs: number, timedOut: boolean): Promise<SparkConnectError> {
    const target = this.config.target;
    try {
      const d = await diagnoseConnection({ ...this.config.diagnose, timeoutMs: Math.min(timeoutMs, 3_000), channelFailed: !timedOut });
      this.logger.debug(`connect to ${target} failed: ${d.failure} ${d.code ?? ''} ${d.message}`);
      return new SparkConnectError(d.message, {
        reason: d.trust ? 'auth' : 'unavailable',
        grpcCode: 14,
        connectFailure: d.failure,
        hint: d.hint,
      });
    } catch (err) {
      this.logger.debug(`connection diagnosis failed: ${describeError(err)}`);
      return new SparkConnectError(
        timedOut ? `Could not connect to ${target} within ${timeoutMs} ms.` : `Could not connect to ${target}.`,
        { reason: 'unavailable', grpcCode: 14, connectFailure: timedOut ? 'timeout' : 'network' },
      );
    }
  }
}
