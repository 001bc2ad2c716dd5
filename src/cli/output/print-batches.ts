// Streams one result's batches through the --format writer: shared by `sql` (one per statement) and
// `pyspark` (one per DataFrame the code shows), so both separate and skip results the same way.
import type { RecordBatch } from 'apache-arrow';
import { createWriter, type WriterOptions } from './create-writer';
import type { TextSink } from './sink';
import type { CellContext } from './writer';

/** Prints the batches; returns whether a result was printed (commands with no columns print nothing). */
export async function printBatches(
  o: WriterOptions, sink: TextSink, ctx: CellContext, separate: boolean, batches: AsyncIterable<RecordBatch>,
): Promise<boolean> {
  const writer = createWriter(o, sink, ctx);
  let started = false;
  let printed = false;
  // Each batch becomes text before the next is read, so the next may be received into its memory.
  for await (const batch of batches) {
    if (!started) {
      started = true;
      printed = batch.schema.fields.length > 0;
      if (!printed) continue;
      // One empty line between two results, in the format's own line ending; JSON lines need none.
      if (separate && o.format !== 'json') await sink.write(o.format === 'csv' ? '\r\n' : '\n');
      await writer.start(batch.schema);
    }
    if (printed) await writer.batch(batch);
  }
  if (printed) await writer.end();
  return printed;
}
