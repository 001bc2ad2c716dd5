// CSV and JSON-lines formatting of a large export on worker threads: formatting is CPU-bound (about 500 ns
// per cell) and single-threaded it kept the export below disk speed, so each IPC stream of the result is
// handed to one of a few workers, which decode and format it with the same TextExportEncoder as the
// in-thread path and send its bytes back. The caller writes the results in submission order, with a bounded
// number in flight, so the file is byte for byte the in-thread one and memory stays a few streams' worth.
// The workers outlive one export for a short while (unreferenced, so they keep no process alive): a
// worker's first streams run before V8 has optimised the formatters, and loading them costs as well, so
// a second export soon after reuses warm workers.
//
// The worker runs this same module: a module that imports it (the export bundle, dist/export-entry.js, or
// out/.../export-workers.js under tests) started as a worker with ROLE in workerData serves jobs instead of
// exporting anything, so no extra bundle or build step is needed.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { RecordBatchReader } from 'apache-arrow';
import { TextExportEncoder, type TextExportOptions, type TextFormat } from './export-text';

const ROLE = 'spark-connect-export-format';
/** Idle workers end after this long without a stream. */
const IDLE_MS = 30_000;

/** How the streams of one export are formatted; every job carries it, so a worker serves any export. */
interface FileSetup {
  format: TextFormat;
  options: TextExportOptions;
}

interface Job {
  id: number;
  setup: FileSetup;
  stream: Uint8Array;
  /** The first stream of the file: its output starts with the CSV header. */
  first: boolean;
}

type Reply = { id: number; rows: number; buffer: ArrayBuffer; length: number } | { id: number; error: string };

/** One stream's formatted bytes. */
export interface FormattedStream {
  rows: number;
  bytes: Uint8Array;
  /** Gives the bytes' buffer back to its worker for reuse; call only once they are written (or copied). */
  release(): void;
}

/** Raised when a worker could not start or died: the caller may format in-thread instead. */
export class WorkerUnavailableError extends Error {
  constructor(readonly reason: unknown) {
    super(`export worker unavailable: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'WorkerUnavailableError';
  }
}

/**
 * The worker's side: jobs answered in the order they come. An encoder per setup (the last few kept): a
 * stream's bytes depend only on the stream, its setup and whether it is the first, so any worker can
 * format any stream of any export.
 */
function serve(): void {
  const port = parentPort!;
  const encoders = new Map<string, TextExportEncoder>();
  // Buffers the main thread has written out and sent back, reused so that neither side allocates (and
  // collects) megabytes per stream.
  const free: ArrayBuffer[] = [];
  // A new buffer starts at the size of the last output, so it rarely grows.
  let capacity = 1 << 20;
  const spare = new Uint8Array(16);
  port.on('message', (msg: Job | { recycle: ArrayBuffer }) => {
    if ('recycle' in msg) {
      free.push(msg.recycle);
      return;
    }
    const job = msg;
    try {
      const key = JSON.stringify(job.setup);
      let encoder = encoders.get(key);
      if (!encoder) {
        if (encoders.size >= 4) encoders.clear();
        encoder = new TextExportEncoder(job.setup.format, job.setup.options);
        encoders.set(key, encoder);
      }
      const reused = free.pop();
      encoder.detach(reused && reused.byteLength >= capacity ? new Uint8Array(reused) : new Uint8Array(capacity));
      const reader = RecordBatchReader.from(job.stream);
      reader.open();
      // Every stream of a result has the same schema; start() only derives the header and the JSON keys.
      const header = encoder.start(reader.schema);
      if (job.first) encoder.appendText(header);
      let rows = 0;
      for (const batch of reader) {
        encoder.append(batch);
        rows += batch.numRows;
      }
      const out = encoder.detach(spare);
      capacity = Math.max(capacity, out.length + (out.length >> 4));
      const reply: Reply = { id: job.id, rows, buffer: out.buffer as ArrayBuffer, length: out.length };
      port.postMessage(reply, [reply.buffer]);
    } catch (err) {
      port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) serve();

interface Waiting {
  resolve(r: FormattedStream): void;
  reject(e: Error): void;
  worker: number;
}

/**
 * A few workers formatting streams. submit() answers with that stream's bytes; the caller awaits the
 * answers in submission order. While no stream is in flight the workers are unreferenced (they keep no
 * process alive) and end after IDLE_MS; close() ends them at once.
 */
export class ExportWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;
  private idle: ReturnType<typeof setTimeout> | undefined;

  /** `script`: the module to run as a worker (this one by default; tests point it elsewhere). */
  constructor(readonly count: number, script: string = __filename) {
    for (let k = 0; k < count; k++) {
      const w = startWorker(script);
      w.on('message', (reply: Reply) => this.answer(reply));
      w.on('error', (err: Error) => this.fail(new WorkerUnavailableError(err)));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(new WorkerUnavailableError(`the worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.busy.push(0);
    }
  }

  /** False once a worker failed or the pool was closed: make a new one. */
  get usable(): boolean {
    return !this.failure && !this.closed;
  }

  /** Formats one stream on the least busy worker; the stream is copied to it (the caller keeps its own). */
  submit(setup: FileSetup, stream: Uint8Array, first: boolean): Promise<FormattedStream> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the export workers were closed'));
    let k = 0;
    for (let j = 1; j < this.workers.length; j++) if (this.busy[j] < this.busy[k]) k = j;
    const id = this.nextId++;
    if (this.waiting.size === 0) this.wake();
    this.busy[k]++;
    return new Promise<FormattedStream>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, worker: k });
      this.workers[k].postMessage({ id, setup, stream, first } satisfies Job);
    });
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.closed = true;
    this.fail(new Error('the export workers were closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Work arrived: the workers keep the process alive until it is answered. */
  private wake(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    for (const w of this.workers) w.ref();
  }

  /** Nothing in flight: the workers no longer hold the process, and end if nothing comes for a while. */
  private rest(): void {
    for (const w of this.workers) w.unref();
    this.idle = setTimeout(() => void this.close(), IDLE_MS);
    this.idle.unref();
  }

  private answer(reply: Reply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    this.busy[w.worker]--;
    if (this.waiting.size === 0) this.rest();
    if ('error' in reply) w.reject(new Error(reply.error));
    else {
      const worker = this.workers[w.worker];
      const release = (): void => {
        if (this.usable) worker.postMessage({ recycle: reply.buffer }, [reply.buffer]);
      };
      w.resolve({ rows: reply.rows, bytes: new Uint8Array(reply.buffer, 0, reply.length), release });
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
    if (!this.closed) {
      this.closed = true;
      if (this.idle) clearTimeout(this.idle);
      for (const w of this.workers) void w.terminate();
    }
  }
}

let shared: ExportWorkerPool | undefined;

/** The process's pool of `count` workers, made (again) when there is none, it failed, or its size differs. */
export function sharedExportPool(count: number): ExportWorkerPool {
  if (!shared || !shared.usable || shared.count !== count) {
    void shared?.close();
    shared = new ExportWorkerPool(count);
  }
  return shared;
}

/**
 * Starts `script` as a worker. Under a TypeScript loader (tsx, which runs the benchmark from source) a
 * worker does not inherit the loader on Node 20, so a .ts module is required through tsx's CommonJS hook;
 * the extension and the tests run compiled JavaScript and never take that branch.
 */
function startWorker(script: string): Worker {
  const workerData = { role: ROLE };
  if (!script.endsWith('.ts')) return new Worker(script, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData });
}
