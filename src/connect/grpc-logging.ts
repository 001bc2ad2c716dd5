// grpc-js writes its own diagnostics (e.g. "rejected by server because of excess pings") to the
// console by default. Its logger is process-wide, so the library never installs one itself; the
// composition root (extension activation, CLI start) calls this once to send them to the user's log.
import { logVerbosity, setLogVerbosity, setLogger } from '@grpc/grpc-js';
import { redactSecrets } from './redact';
import type { Logger } from './logger';

export function routeGrpcLogs(logger: Logger, verbosity: 'error' | 'info' | 'debug' = 'error'): void {
  const text = (args: unknown[]) => redactSecrets(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  setLogger({
    error: (...args: unknown[]) => logger.warn(`grpc: ${text(args)}`),
    info: (...args: unknown[]) => logger.debug(`grpc: ${text(args)}`),
    debug: (...args: unknown[]) => logger.trace(`grpc: ${text(args)}`),
  });
  setLogVerbosity(verbosity === 'debug' ? logVerbosity.DEBUG : verbosity === 'info' ? logVerbosity.INFO : logVerbosity.ERROR);
}
