// Writes a whole result to a file from the Arrow IPC streams the host holds: CSV or JSON lines through the
// CLI's writers (the same cell text as the grid and the CLI, every digit of 64-bit integers and decimals),
// or an Arrow IPC file whose messages are Spark's own bytes (src/arrow-format/ipc-file.ts). Batches are
// decoded one at a time and written with backpressure, so memory stays at one batch beyond what is held.
// No vscode here: the save dialog is the caller's.
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { RecordBatchReader } from 'apache-arrow';
import { ArrowFileAssembler } from '../../arrow-format/ipc-file';
import { ipcRowCount } from '../../arrow-format/ipc-truncate';
import { createCellFormatter } from '../../arrow-format/formatter';
import { jsonText } from '../../arrow-format/json-value';
import { CsvWriter } from '../../cli/output/csv-writer';
import { JsonLinesWriter } from '../../cli/output/json-writer';
import { streamSink } from '../../cli/output/sink';
import type { CellsFactory, ResultWriter } from '../../cli/output/writer';
import type { ExportFormat } from '../../protocol/grid';

export interface ExportSource {
  /** The result's IPC streams in arrival order (one per ExecutePlanResponse.arrow_batch). */
  streams(): Iterable<Uint8Array>;
  /** Spark's type strings by column position, when known (restores interval fields, char/varchar). */
  sparkTypes?: readonly string[];
  /** Session time zone, for timestamps inside VARIANT values. */
  timeZone?: string;
}

export interface ExportOutcome {
  rows: number;
  bytes: number;
}

function cellsFor(source: ExportSource): CellsFactory {
  return (field, batch, columnIndex, ctx) => {
    const f = createCellFormatter(field, { timeZone: ctx.timeZone || undefined, sparkType: source.sparkTypes?.[columnIndex] });
    const d = batch.data.children[columnIndex];
    return {
      text: (row) => (f.isNull(d, row) ? null : f.text(d, row)),
      json: (row) => jsonText(f.json(d, row)),
    };
  };
}

/** Streams the export to `path` (created or truncated). On a failure or abort it rejects and removes the file. */
export async function writeExport(source: ExportSource, format: ExportFormat, path: string, signal?: AbortSignal): Promise<ExportOutcome> {
  const out = createWriteStream(path);
  const opened = once(out, 'open');
  // A permanent listener: an 'error' between writes must fail the export, not crash the extension host.
  let failure: Error | undefined;
  out.on('error', (e: Error) => { failure = e; });
  let bytes = 0;
  let rows = 0;
  try {
    await opened;
    if (format === 'arrow') {
      const asm = new ArrowFileAssembler();
      const write = async (b: Uint8Array) => {
        if (failure) throw failure;
        bytes += b.byteLength;
        if (!out.write(b)) await once(out, 'drain');
      };
      let any = false;
      for (const s of source.streams()) {
        signal?.throwIfAborted();
        any = true;
        for (const piece of asm.add(s)) await write(piece);
      }
      if (!any) throw new Error('the result has no schema to write');
      await write(asm.finish());
      rows = -1;
    } else {
      const sink = streamSink(out);
      const counting = { write: (t: string) => { bytes += Buffer.byteLength(t); return sink.write(t); } };
      const ctx = { timeZone: source.timeZone ?? '' };
      const cells = cellsFor(source);
      const writer: ResultWriter = format === 'csv' ? new CsvWriter(counting, cells, ctx) : new JsonLinesWriter(counting, cells, ctx);
      let started = false;
      for (const s of source.streams()) {
        signal?.throwIfAborted();
        const reader = RecordBatchReader.from(s);
        reader.open();
        if (!started) {
          await writer.start(reader.schema);
          started = true;
        }
        for (const batch of reader) {
          await writer.batch(batch);
          rows += batch.numRows;
        }
      }
      await writer.end();
    }
  } catch (err) {
    // A half-written export is worse than none: remove it.
    out.destroy();
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw err;
  }
  out.end();
  if (!out.closed) await once(out, 'close').catch(() => undefined);
  if (failure) throw failure;
  if (rows < 0) rows = [...source.streams()].reduce((n, s) => n + ipcRowCount(s), 0);
  return { rows, bytes };
}
