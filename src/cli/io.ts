// What a command may touch in the outside world, passed in so commands stay testable in-process and
// src/cli.ts stays the only place that knows about process.*.
import type { Logger } from '../connect/logger';
import type { TextSink } from './output/sink';

export interface CliIO {
  stdout: TextSink;
  /** Diagnostics, errors and --verbose logs; never results. */
  stderr(text: string): void;
  /** Reads a script file; '-' means standard input. */
  readText(path: string): Promise<string>;
  /** Writes a whole file (the executed notebook), replacing it; absent where a command never writes files. */
  writeText?(path: string, text: string): Promise<void>;
  /** Aborted on Ctrl+C: the running server operation is interrupted and the command winds down. */
  signal: AbortSignal;
  logger: Logger;
  /** This tool's version (package.json). */
  version: string;
}

/** A logger that writes "level message" lines to stderr; the client redacts before logging. */
export function stderrLogger(write: (text: string) => void, verbose: boolean): Logger {
  const line = (level: string) => (msg: string): void => write(`[${level}] ${msg}\n`);
  const off = (): void => undefined;
  return {
    trace: off,
    debug: verbose ? line('debug') : off,
    info: verbose ? line('info') : off,
    warn: verbose ? line('warn') : off,
    error: verbose ? line('error') : off,
  };
}
