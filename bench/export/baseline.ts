// The export as it was before the columnar writer (2026-12-06): the CLI's row-by-row CSV and JSON-lines
// writers over per-cell formatters, decoded batch by batch. Kept only so the benchmark can show the old and
// the new speed side by side on the same data, under the same machine load.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { RecordBatchReader } from 'apache-arrow';
import { createCellFormatter } from '../../src/arrow-format/formatter';
import { jsonText } from '../../src/arrow-format/json-value';
import { CsvWriter } from '../../src/cli/output/csv-writer';
import { JsonLinesWriter } from '../../src/cli/output/json-writer';
import { streamSink } from '../../src/cli/output/sink';
import type { CellsFactory, ResultWriter } from '../../src/cli/output/writer';

export async function baselineExport(streams: readonly Uint8Array[], sparkTypes: readonly string[], timeZone: string,
  format: 'csv' | 'jsonl', path: string): Promise<{ rows: number; bytes: number }> {
  const out = createWriteStream(path);
  await once(out, 'open');
  const sink = streamSink(out);
  let bytes = 0;
  let rows = 0;
  const counting = { write: (t: string) => { bytes += Buffer.byteLength(t); return sink.write(t); } };
  const cells: CellsFactory = (field, batch, columnIndex, ctx) => {
    const f = createCellFormatter(field, { timeZone: ctx.timeZone || undefined, sparkType: sparkTypes[columnIndex] });
    const d = batch.data.children[columnIndex];
    return { text: (row) => (f.isNull(d, row) ? null : f.text(d, row)), json: (row) => jsonText(f.json(d, row)) };
  };
  const ctx = { timeZone };
  const writer: ResultWriter = format === 'csv' ? new CsvWriter(counting, cells, ctx) : new JsonLinesWriter(counting, cells, ctx);
  let started = false;
  for (const s of streams) {
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
  out.end();
  await once(out, 'close');
  return { rows, bytes };
}
