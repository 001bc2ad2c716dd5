// The client never writes to the console: whoever embeds it (the extension's output channel, the CLI,
// a test) passes a Logger. Every message goes through redaction before it reaches the sink, so a
// token can never leak through a log line, whatever the caller logs.
import { redactSecrets } from './redact';

export interface Logger {
  trace(msg: string): void;
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const noopLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Wraps a sink so that every line is redacted and carries a fixed prefix (e.g. the session id). */
export function redactingLogger(inner: Logger, prefix = ''): Logger {
  // Nothing is written anywhere: skip formatting and redaction (a debug line per call adds up).
  if (inner === noopLogger) return noopLogger;
  const wrap = (write: (msg: string) => void) => (msg: string): void => {
    write(redactSecrets(prefix ? `${prefix} ${msg}` : msg));
  };
  return {
    trace: wrap((m) => inner.trace(m)),
    debug: wrap((m) => inner.debug(m)),
    info: wrap((m) => inner.info(m)),
    warn: wrap((m) => inner.warn(m)),
    error: wrap((m) => inner.error(m)),
  };
}

/** Formats an unknown thrown value for a log line without dumping whole objects. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
