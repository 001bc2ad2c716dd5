// Loads the Spark Connect client (gRPC, protobuf, Arrow: most of the code) on first use rather
// than at activation, so that activating the extension stays fast. The loader passed in is a dynamic
// import(); esbuild.mjs builds each dynamically imported module as a bundle of its own (the client is
// dist/connect-engine.js) and turns the import() into a require() of it, so dist/extension.js stays small.
import type { Logger } from '../connect/logger';
import type { ProfileClientOptions } from '../profiles/connection-options';
import type { EngineSession, ResumeSession, SparkEngine } from './engine';

export class LazyEngine implements SparkEngine {
  private engine: Promise<SparkEngine> | undefined;

  constructor(private readonly load: () => Promise<SparkEngine>) {}

  async connect(options: ProfileClientOptions, signal?: AbortSignal, resume?: ResumeSession): Promise<EngineSession> {
    if (!this.engine) {
      const loading = this.load();
      this.engine = loading;
      // A failed load (a broken install) is retried on the next connect.
      loading.catch(() => {
        if (this.engine === loading) this.engine = undefined;
      });
    }
    return (await this.engine).connect(options, signal, resume);
  }
}

/**
 * The loader the extension gives LazyEngine: the production engine, with grpc-js's own diagnostics
 * (process-wide, so set here once, when gRPC is first loaded) sent to `log`, redacted.
 */
export function connectEngineLoader(log: Logger, clientType: string): () => Promise<SparkEngine> {
  return async () => {
    // One import: routeGrpcLogs must come from the same bundle as the client, or it would configure a
    // second copy of grpc-js (esbuild.mjs gives every dynamically imported module a bundle of its own).
    const { ConnectEngine, routeGrpcLogs } = await import('./connect-engine');
    routeGrpcLogs(log);
    return new ConnectEngine(log, clientType);
  };
}
