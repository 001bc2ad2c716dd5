// CSV and JSON-lines formatting of a large export on worker threads: formatting is CPU-bound (about 500 ns
// per cell) and single-threaded it kept the export below disk speed, so each IPC stream of the result is
// handed to one of a few workers, which decode and format it with the same TextExportEncoder as the
// in-thread path and send its bytes back. The caller writes the results in submission order, with a bounded
// number in flight, so the file is byte for byte the in-thread one and memory stays a few streams' worth.
//
// The worker runs this same module: a module that imports it (the export bundle, dist/export-entry.js, or
// out/.../export-workers.js under tests) started as a worker with ROLE in workerData serves jobs instead of
// exporting anything, so no extra bundle or build step is needed.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { RecordBatchReader } from 'apache-arrow';
import { TextExportEncoder, type TextExportOptions, type TextFormat } from './export-text';

const ROLE = 'spark-connect-export-format';

interface WorkerSetup {
  role: typeof ROLE;
  format: TextFormat;
  options: TextExportOptions;
}

interface Job {
  id: number;
  stream: Uint8Array;
  /** The first stream of the file: its output starts with the CSV header. */
  first: boolean;
}

type Reply = { id: number; rows: number; buffer: ArrayBuffer; length: number } | { id: number; error: string };

/** One stream's formatted bytes. */
export interface FormattedStream {
  rows: number;
  bytes: Uint8Array;
}

/** Raised when a worker could not start or died: the caller may format in-thread instead. */
export class WorkerUnavailableError extends Error {
  constructor(readonly reason: unknown) {
    super(`export worker unavailable: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'WorkerUnavailableError';
  }
}

/** A growable byte buffer for one stream's output; its ArrayBuffer is transferred, not copied. */
class Output {
  buf: Uint8Array;
  len = 0;
  private readonly enc = new TextEncoder();

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = Math.max(1024, this.buf.length * 2);
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  text(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    this.room(3 * s.length);
    this.len += this.enc.encodeInto(s, this.buf.subarray(this.len)).written;
  }
}

/** Formats one whole IPC stream into bytes (the header first when `first`); used by the worker. */
function formatStream(encoder: TextExportEncoder, stream: Uint8Array, first: boolean, capacity: number): { rows: number; out: Output } {
  const out = new Output(capacity);
  const reader = RecordBatchReader.from(stream);
  reader.open();
  // Every stream of a result has the same schema; start() only derives the header and the JSON keys.
  const header = encoder.start(reader.schema);
  if (first) out.text(header);
  let rows = 0;
  for (const batch of reader) {
    for (const chunk of encoder.chunks(batch)) {
      if (typeof chunk === 'string') out.text(chunk);
      else out.bytes(chunk);
    }
    rows += batch.numRows;
  }
  return { rows, out };
}

/** The worker's side: one encoder for the file, jobs answered in the order they come. */
function serve(setup: WorkerSetup): void {
  const port = parentPort!;
  const encoder = new TextExportEncoder(setup.format, setup.options);
  // The next output buffer starts at the size of the last one, so it rarely grows.
  let capacity = 1 << 20;
  port.on('message', (job: Job) => {
    try {
      const { rows, out } = formatStream(encoder, job.stream, job.first, capacity);
      capacity = Math.max(capacity, out.len + (out.len >> 4));
      const reply: Reply = { id: job.id, rows, buffer: out.buf.buffer as ArrayBuffer, length: out.len };
      port.postMessage(reply, [reply.buffer]);
    } catch (err) {
      port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
}

const setup = workerData as Partial<WorkerSetup> | null;
if (!isMainThread && parentPort && setup?.role === ROLE) serve(setup as WorkerSetup);

interface Waiting {
  resolve(r: FormattedStream): void;
  reject(e: Error): void;
  worker: number;
}

/**
 * A few workers formatting streams for one export file. submit() answers with that stream's bytes; the
 * caller awaits the answers in submission order. close() ends the workers (always call it).
 */
export class ExportWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;

  /** `script`: the module to run as a worker (this one by default; tests point it elsewhere). */
  constructor(count: number, format: TextFormat, options: TextExportOptions, script: string = __filename) {
    const setup: WorkerSetup = { role: ROLE, format, options };
    for (let k = 0; k < count; k++) {
      const w = startWorker(script, setup);
      w.on('message', (reply: Reply) => this.answer(reply));
      w.on('error', (err: Error) => this.fail(new WorkerUnavailableError(err)));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(new WorkerUnavailableError(`the worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.busy.push(0);
    }
  }

  /** Formats one stream on the least busy worker; the stream is copied to it (the caller keeps its own). */
  submit(stream: Uint8Array, first: boolean): Promise<FormattedStream> {
    if (this.failure) return Promise.reject(this.failure);
    let k = 0;
    for (let j = 1; j < this.workers.length; j++) if (this.busy[j] < this.busy[k]) k = j;
    const id = this.nextId++;
    this.busy[k]++;
    return new Promise<FormattedStream>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, worker: k });
      this.workers[k].postMessage({ id, stream, first } satisfies Job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fail(new Error('the export was closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private answer(reply: Reply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    this.busy[w.worker]--;
    if ('error' in reply) w.reject(new Error(reply.error));
    else w.resolve({ rows: reply.rows, bytes: new Uint8Array(reply.buffer, 0, reply.length) });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }
}

/**
 * Starts `script` as a worker. Under a TypeScript loader (tsx, which runs the benchmark from source) a
 * worker does not inherit the loader on Node 20, so a .ts module is required through tsx's CommonJS hook;
 * the extension and the tests run compiled JavaScript and never take that branch.
 */
function startWorker(script: string, setup: WorkerSetup): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData: setup });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData: setup });
}
