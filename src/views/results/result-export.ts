// Writes a whole result to a file: CSV or JSON lines (export-text.ts: column by column, a batch at a time,
// the same cell text as the grid and the CLI, every digit of 64-bit integers and decimals), or an Arrow IPC
// file whose messages are Spark's own bytes (src/arrow-format/ipc-file.ts). ExportFile takes the result's
// IPC streams one at a time and writes with backpressure, so it serves both the batches the host holds
// (writeExport) and a re-run streamed straight to disk without keeping it (rerun-export.ts).
// No vscode here: the save dialog is the caller's.
import { createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { RecordBatchReader } from 'apache-arrow';
import { ArrowFileAssembler } from '../../arrow-format/ipc-file';
import { ipcRowCount } from '../../arrow-format/ipc-truncate';
import type { ExportFormat } from '../../protocol/grid';
import { TextExportEncoder, type TextExportOptions } from './export-text';
import { ExportWorkerPool, sharedExportPool, WorkerUnavailableError, type FormattedStream } from './export-workers';

export interface ExportSource {
  /** The result's IPC streams in arrival order (one per ExecutePlanResponse.arrow_batch). */
  streams(): Iterable<Uint8Array>;
  /** Spark's type strings by column position, when known (restores interval fields, char/varchar). */
  sparkTypes?: readonly string[];
  /** Session time zone, for timestamps inside VARIANT values. */
  timeZone?: string;
}

/** The text of a slice of rows is encoded into a buffer of this size; full buffers go to the file. */
const STAGING_BYTES = 4 * 1024 * 1024;
/** Formatted bytes of at least this size (a worker's whole stream) go to the file as they are, not through staging. */
const DIRECT_BYTES = 1024 * 1024;
/**
 * Below this much Arrow IPC (about 120,000 rows of a 15-column result, under a second to format) the export
 * formats in-thread: starting a worker and loading the formatting code into it costs about 130 ms of CPU.
 */
const WORKER_MIN_ARROW_BYTES = 16 * 1024 * 1024;
/** More workers than this only wait on the disk. */
const MAX_WORKERS = 4;

export interface ExportOutcome {
  rows: number;
  bytes: number;
}

export interface ExportOptions {
  /** CSV: prefix formula-like string cells with a quote (see export-text.ts). Default true. */
  csvFormulaGuard?: boolean;
  /**
   * Worker threads that format CSV / JSON lines (export-workers.ts); 0 formats in-thread. Default: one per
   * core up to MAX_WORKERS for a result of at least WORKER_MIN_ARROW_BYTES on two or more cores, else 0.
   */
  workers?: number;
}

export interface ParallelOptions {
  /** Worker threads formatting the text; 0 (the default) formats in-thread. */
  workers?: number;
  /** The module the workers run (export-workers.ts by default; tests point it at a broken one). */
  workerScript?: string;
}

/** A stream handed to a worker, in file order. */
interface InFlight {
  stream: Uint8Array;
  first: boolean;
  result: Promise<FormattedStream>;
}

/** One export file being written: add the result's IPC streams in order, then finish (or abort). */
export class ExportFile {
  private failure: Error | undefined;
  private readonly encoder: TextExportEncoder | undefined;
  private readonly arrow: ArrowFileAssembler | undefined;
  private started = false;
  /** Text: the encoder has seen the schema (start()), and the header is in the file. */
  private encoderStarted = false;
  private headerWritten = false;
  private closed = false;
  private pool: ExportWorkerPool | undefined;
  /** The pool is this file's own (a test's worker script), closed with the file; else the shared one. */
  private ownPool = false;
  private readonly textOptions: TextExportOptions;
  private inFlight: InFlight[] = [];
  private maxInFlight = 0;
  private rowCount = 0;
  private byteCount = 0;
  private staging: Buffer | undefined;
  private staged = 0;

  private constructor(private readonly out: WriteStream, readonly path: string, readonly format: ExportFormat, options: TextExportOptions,
    parallel: ParallelOptions) {
    // A permanent listener: an 'error' between writes must fail the export, not crash the extension host.
    out.on('error', (e: Error) => { this.failure = e; });
    this.textOptions = options;
    if (format === 'arrow') this.arrow = new ArrowFileAssembler();
    else {
      this.encoder = new TextExportEncoder(format, options);
      const workers = parallel.workers ?? 0;
      if (workers > 0) {
        this.ownPool = parallel.workerScript !== undefined;
        this.pool = this.ownPool ? new ExportWorkerPool(workers, parallel.workerScript) : sharedExportPool(workers);
        // Two streams per worker: one being formatted, one queued, while the oldest answer is written.
        this.maxInFlight = 2 * workers;
      }
    }
  }

  /** Creates (or truncates) `path`; rejects when it cannot be opened. */
  static async open(path: string, format: ExportFormat, options: TextExportOptions = {}, parallel: ParallelOptions = {}): Promise<ExportFile> {
    const out = createWriteStream(path);
    const file = new ExportFile(out, path, format, options, parallel);
    try {
      await once(out, 'open');
    } catch (err) {
      file.closed = true;
      await file.closePool();
      throw err;
    }
    return file;
  }

  get rows(): number {
    return this.rowCount;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** Writes one IPC stream (schema + batches); resolves when the file can take more. */
  async add(stream: Uint8Array): Promise<void> {
    if (this.arrow) {
      for (const piece of this.arrow.add(stream)) await this.write(piece);
      this.rowCount += ipcRowCount(stream);
      this.started = true;
      return;
    }
    if (this.pool) {
      const result = this.pool.submit({ format: this.encoder!.format, options: this.textOptions }, stream, !this.started);
      // Awaited in order by writeFormatted; until then a rejection is not unhandled.
      result.catch(() => undefined);
      this.inFlight.push({ stream, first: !this.started, result });
      this.started = true;
      while (this.inFlight.length > this.maxInFlight) await this.writeFormatted();
      return;
    }
    await this.addInThread(stream);
  }

  private async addInThread(stream: Uint8Array): Promise<void> {
    const encoder = this.encoder!;
    const reader = RecordBatchReader.from(stream);
    reader.open();
    this.started = true;
    if (!this.encoderStarted) {
      this.encoderStarted = true;
      const header = encoder.start(reader.schema);
      if (!this.headerWritten) {
        this.headerWritten = true;
        await this.writeText(header);
      }
    }
    for (const batch of reader) {
      for (const chunk of encoder.chunks(batch)) await (typeof chunk === 'string' ? this.writeText(chunk) : this.writeBytes(chunk));
      this.rowCount += batch.numRows;
    }
  }

  /** Ends the file; an Arrow file needs at least one stream (its schema). */
  async finish(): Promise<ExportOutcome> {
    while (this.inFlight.length > 0) await this.writeFormatted();
    await this.closePool();
    if (this.arrow) {
      if (!this.started) throw new Error('the result has no schema to write');
      await this.write(this.arrow.finish());
    }
    await this.flushStaging();
    this.closed = true;
    this.out.end();
    if (!this.out.closed) await once(this.out, 'close').catch(() => undefined);
    if (this.failure) throw this.failure;
    return { rows: this.rowCount, bytes: this.byteCount };
  }

  /** A half-written export is worse than none: closes and removes the file. */
  async abort(): Promise<void> {
    this.closed = true;
    this.inFlight = [];
    await this.closePool();
    this.out.destroy();
    if (!this.out.closed) await once(this.out, 'close').catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
  }

  /**
   * Writes the oldest stream's bytes from its worker. When the workers are unavailable (they could not
   * start, or one died), that stream and every later one are formatted in-thread instead: whole streams
   * are written in order, so the file goes on exactly where the workers stopped.
   */
  private async writeFormatted(): Promise<void> {
    const job = this.inFlight.shift()!;
    let formatted: FormattedStream;
    try {
      formatted = await job.result;
    } catch (err) {
      if (!(err instanceof WorkerUnavailableError)) throw err;
      const rest = [job, ...this.inFlight];
      this.inFlight = [];
      await this.closePool();
      for (const j of rest) await this.addInThread(j.stream);
      return;
    }
    if (job.first) this.headerWritten = true;
    if (await this.writeOwned(formatted.bytes)) formatted.release();
    this.rowCount += formatted.rows;
  }

  /** Done with the workers: the file's own pool ends; the shared one rests for the next export. */
  private async closePool(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool && this.ownPool) await pool.close();
  }

  /**
   * Bytes nobody else will touch (a worker's output): large ones go to the file without a copy. True when
   * they are out of the buffer (copied, or written and drained), so it can be reused.
   */
  private async writeOwned(bytes: Uint8Array): Promise<boolean> {
    if (bytes.length < DIRECT_BYTES) {
      await this.writeBytes(bytes);
      return true;
    }
    await this.flushStaging();
    return this.write(bytes);
  }

  /** Encodes text into the staging buffer (no intermediate Buffer per string); a full buffer is written out. */
  private async writeText(text: string): Promise<void> {
    if (text.length === 0) return;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const worst = text.length * 3;
    if (this.staging && this.staged + worst > this.staging.length) await this.flushStaging();
    if (worst > STAGING_BYTES) {
      await this.write(Buffer.from(text, 'utf8'));
      return;
    }
    this.staging ??= Buffer.allocUnsafe(STAGING_BYTES);
    this.staged += this.staging.write(text, this.staged, 'utf8');
  }

  /** Copies bytes into the staging buffer (the encoder reuses its own); a full buffer is written out. */
  private async writeBytes(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    if (this.staging && this.staged + bytes.length > this.staging.length) await this.flushStaging();
    if (bytes.length > STAGING_BYTES) {
      await this.write(Buffer.from(bytes));
      return;
    }
    this.staging ??= Buffer.allocUnsafe(STAGING_BYTES);
    this.staging.set(bytes, this.staged);
    this.staged += bytes.length;
  }

  private async flushStaging(): Promise<void> {
    if (!this.staging || this.staged === 0) return;
    // The stream keeps the written buffer until it reaches the disk, so the next text gets a new one.
    const full = this.staging.subarray(0, this.staged);
    this.staging = undefined;
    this.staged = 0;
    await this.write(full);
  }

  /** Writes with backpressure; true when it waited for 'drain' (so every write so far reached the file). */
  private async write(b: Uint8Array): Promise<boolean> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the export file is closed');
    this.byteCount += b.byteLength;
    if (this.out.write(b)) return false;
    await this.drained();
    if (this.failure) throw this.failure;
    return true;
  }

  /**
   * Resolves at the stream's next 'drain' or 'close', and leaves no listener behind: racing two once()
   * promises left the loser's listeners (and once()'s 'error' ones) on the stream at every wait, so a
   * long export piled them up (MaxListenersExceededWarning after ten waits).
   */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
    });
  }
}

/** Streams the held result to `path` (created or truncated). On a failure or abort it rejects and removes the file. */
export async function writeExport(source: ExportSource, format: ExportFormat, path: string, signal?: AbortSignal,
  options: ExportOptions = {}): Promise<ExportOutcome> {
  signal?.throwIfAborted();
  // The host holds every stream already: listing them costs references, and their size picks the threads.
  const streams = [...source.streams()];
  const workers = format === 'arrow' ? 0 : options.workers ?? defaultWorkers(streams);
  const file = await ExportFile.open(path, format, {
    ...(source.sparkTypes ? { sparkTypes: source.sparkTypes } : {}),
    ...(source.timeZone ? { timeZone: source.timeZone } : {}),
    csvFormulaGuard: options.csvFormulaGuard ?? true,
  }, { workers });
  try {
    for (const s of streams) {
      signal?.throwIfAborted();
      await file.add(s);
    }
    return await file.finish();
  } catch (err) {
    await file.abort();
    throw err;
  }
}


/** Workers for a result of these streams: none for a small one or on one core. */
function defaultWorkers(streams: readonly Uint8Array[]): number {
  let bytes = 0;
  for (const s of streams) bytes += s.byteLength;
  const cores = availableParallelism();
  return bytes < WORKER_MIN_ARROW_BYTES || cores < 2 ? 0 : Math.min(MAX_WORKERS, cores);
}
