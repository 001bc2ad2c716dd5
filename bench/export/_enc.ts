import { RecordBatchReader, type RecordBatch } from 'apache-arrow';
import { TextExportEncoder } from '../../src/views/results/export-text';
import { EXPORT_SPARK_TYPES, exportBatch } from '../../test/fixtures/arrow/export-mixed';
const batches: RecordBatch[] = [];
let schema;
for (let s = 0; s < 200000; s += 10000) { const r = RecordBatchReader.from(exportBatch(s, 10000)); r.open(); schema = r.schema; for (const b of r) batches.push(b); }
const only = process.argv[2];
for (const fmt of ['csv', 'jsonl'] as const) {
  if (only && only !== fmt) continue;
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    const enc = new TextExportEncoder(fmt, { sparkTypes: EXPORT_SPARK_TYPES, timeZone: 'America/Los_Angeles' });
    enc.start(schema!);
    let bytes = 0;
    for (const b of batches) for (const t of enc.chunks(b)) bytes += Buffer.from(t, "utf8").length;
    const c = process.cpuUsage(c0);
    console.log(fmt, (bytes / 2 ** 20 / ((c.user + c.system) / 1e6)).toFixed(1), 'MiB/cpu-s');
  }
}
