// The rows of one Arrow IPC stream (schema + record batches, as Spark sends per ExecutePlanResponse) from
// row `from` on, as a new IPC stream. A result read up to a row limit can stop inside a batch; the rows
// after the limit are the first rows "Fetch more" shows when it reads on in the same execution, so they
// are kept as a batch of their own. Unlike truncation (ipc-truncate.ts) dropping leading rows moves
// offsets and validity bits, so the batch is decoded and written again by arrow-js, which rebases them.
import { RecordBatchReader, Table, tableToIPC } from 'apache-arrow';

export function dropIpcRows(stream: Uint8Array, from: number): Uint8Array {
  if (from <= 0) return stream;
  const reader = RecordBatchReader.from(stream);
  reader.open();
  const table = new Table(reader.schema, [...reader]);
  return tableToIPC(table.slice(from), 'stream');
}
