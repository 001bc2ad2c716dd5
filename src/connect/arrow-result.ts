// Arrow on top of an ExecutionStream. Every arrow event carries one complete Arrow IPC stream (its
// own schema message and one record batch), so each can be decoded alone, forwarded as raw bytes to a
// webview, or gathered into one Table. Values keep Arrow's types: int64 stays BigInt, binary stays bytes.
import { RecordBatch, Table } from 'apache-arrow';
import { IpcDecoder } from './arrow-ipc-decoder';
import type { ExecuteEvent } from './execution';
import { messageMemory } from './message-memory';
import type { spark } from './generated/spark-connect';

export interface IpcBatch {
  /** The Arrow IPC stream bytes exactly as received. */
  data: Uint8Array;
  /** Row count the server announced for this batch. */
  rowCount: number;
  startOffset?: number;
}

export interface CollectedResult {
  table: Table;
  /** Spark's schema of the result (with Spark types, e.g. varchar lengths Arrow does not keep). */
  schema?: spark.connect.DataType.$Properties;
  metrics?: spark.connect.ExecutePlanResponse.Metrics.$Properties;
  observedMetrics?: spark.connect.ExecutePlanResponse.ObservedMetrics.$Properties[];
  /** The last progress report seen (Spark 4.x). */
  progress?: spark.connect.ExecutePlanResponse.ExecutionProgress.$Properties;
  /** Results of SQL commands (DDL, SHOW ...) that come back as a relation instead of rows. */
  sqlCommandResult?: spark.connect.Relation.$Properties;
  rowCount: number;
}

/** Decodes one IPC stream into its record batches (a result's many: one IpcDecoder for all). */
export function decodeIpc(data: Uint8Array): RecordBatch[] {
  return new IpcDecoder().decode(data);
}

/** An ArrayBuffer holding exactly these bytes (copies when the view is part of a larger buffer). */
export function exactArrayBuffer(data: Uint8Array): ArrayBuffer {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data.buffer;
  return data.slice().buffer as ArrayBuffer;
}

/** The raw IPC batches of a stream, as they arrive; other events are dropped. */
export async function* ipcBatches(events: AsyncIterable<ExecuteEvent>): AsyncGenerator<IpcBatch> {
  for await (const e of events) {
    if (e.kind !== 'arrow') continue;
    const b: IpcBatch = { data: e.data, rowCount: e.rowCount };
    if (e.startOffset !== undefined) b.startOffset = e.startOffset;
    yield b;
  }
}

export interface RecordBatchOptions {
  /**
   * Receive the next batches into the memory of those already read (default false). Each batch is
   * then valid only until the next one is asked for: read it, or copy out what you need, before
   * continuing the loop. Made for readers that drop each batch (writing it out, aggregating); it
   * spares the garbage collector most of its work on large results (message-memory.ts).
   */
  reuseMemory?: boolean;
}

/** Decoded record batches, one at a time, as they arrive. */
export async function* recordBatches(events: AsyncIterable<ExecuteEvent>, opts: RecordBatchOptions = {}): AsyncGenerator<RecordBatch> {
  const decoder = new IpcDecoder();
  for await (const e of events) {
    if (e.kind !== 'arrow') continue;
    for (const batch of decoder.decode(e.data)) yield batch;
    // Only reached when the reader asked for more after the last batch of this message, so it is
    // done with them (breaking out of the loop never gets here: the last batch may still be in use).
    if (opts.reuseMemory) messageMemory.release(e.memory);
  }
}

/** Consumes the whole stream into one Table plus the metadata that came with it. */
export async function collectResult(events: AsyncIterable<ExecuteEvent>): Promise<CollectedResult> {
  const batches: RecordBatch[] = [];
  const decoder = new IpcDecoder();
  const out: Omit<CollectedResult, 'table'> = { rowCount: 0 };
  for await (const e of events) {
    switch (e.kind) {
      case 'arrow':
        for (const batch of decoder.decode(e.data)) {
          batches.push(batch);
          out.rowCount += batch.numRows;
        }
        break;
      case 'schema': out.schema = e.schema; break;
      case 'metrics': out.metrics = e.metrics; break;
      case 'observed-metrics': out.observedMetrics = e.observedMetrics; break;
      case 'progress': out.progress = e.progress; break;
      case 'sql-command-result': out.sqlCommandResult = e.relation; break;
      default: break;
    }
  }
  return { table: batches.length > 0 ? new Table(batches) : new Table(), ...out };
}
