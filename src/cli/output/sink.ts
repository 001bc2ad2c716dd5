// Text output that respects backpressure: write() resolves only once the stream can take more, so a
// slow consumer (a pager, `| head`, a full pipe) slows the reading of the result instead of letting the
// process buffer gigabytes. When the reader goes away (EPIPE), writes fail with OutputClosedError so the
// command can stop the server operation and exit quietly.

export class OutputClosedError extends Error {
  constructor() {
    super('The output was closed by the reader.');
    this.name = 'OutputClosedError';
  }
}

export interface TextSink {
  write(text: string): Promise<void>;
}

interface WritableLike {
  write(chunk: string, cb?: (err?: Error | null) => void): boolean;
  once(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
  removeListener(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
  writableLength?: number;
  destroyed?: boolean;
}

function isPipeClosed(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}

/** Wraps a Node writable (process.stdout in the CLI). */
export function streamSink(stream: WritableLike): TextSink {
  let failure: Error | undefined;
  const onError = (err: unknown): void => {
    failure = isPipeClosed(err) ? new OutputClosedError() : (err as Error);
  };
  // Keep a permanent listener: an unhandled 'error' on stdout would crash the process with a stack trace.
  const keep = (err: unknown): void => onError(err);
  (stream as unknown as NodeJS.EventEmitter).on?.('error', keep);

  return {
    write(text: string): Promise<void> {
      if (failure !== undefined) return Promise.reject(failure);
      if (stream.destroyed) return Promise.reject(new OutputClosedError());
      if (text.length === 0) return Promise.resolve();
      const ok = stream.write(text, (err) => {
        if (err) onError(err);
      });
      if (ok) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const done = (): void => {
          stream.removeListener('drain', done);
          stream.removeListener('error', fail);
          stream.removeListener('close', done);
          if (failure !== undefined) reject(failure);
          else resolve();
        };
        const fail = (err: unknown): void => {
          onError(err);
          done();
        };
        stream.once('drain', done);
        stream.once('error', fail);
        stream.once('close', done);
      });
    },
  };
}

/** Collects output in memory, for tests and for callers that want the text. */
export class StringSink implements TextSink {
  private readonly parts: string[] = [];
  write(text: string): Promise<void> {
    this.parts.push(text);
    return Promise.resolve();
  }
  text(): string {
    return this.parts.join('');
  }
}
