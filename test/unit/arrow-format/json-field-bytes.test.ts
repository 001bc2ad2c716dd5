// JSON-lines values written as bytes (json-field-bytes.ts) must be exactly the UTF-8 of column-text.ts's
// jsons() (itself tested against the cell formatter), for edge values of every type that has a byte writer:
// integer and long limits, longs beyond 2^53, negative zero, NaN and the infinities (as strings), decimals,
// dates before 1970 and beyond year 9999, timestamps in zones and units (ISO 8601, with the offset for an
// instant), NULL-typed columns, non-ASCII, malformed UTF-8 and strings needing escapes, arrays and structs
// (also of structs, with NULL items and fields, and empty).

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RecordBatchReader, type RecordBatch } from 'apache-arrow';
import { ByteSink } from '../../../src/arrow-format/byte-sink';
import { batchFields } from '../../../src/arrow-format/chunks';
import { bitmapOf, createColumnText, isSet } from '../../../src/arrow-format/column-text';
import { createJsonFieldBytes } from '../../../src/arrow-format/json-field-bytes';
import { edgeBatch, N, ZONE } from '../../fixtures/arrow/edge-batch';
import { exportBatch, EXPORT_SPARK_TYPES } from '../../fixtures/arrow/export-mixed';
import { loadFixture, sparkVersions } from '../../fixtures/arrow/load';

/** Every cell of every column with a byte writer in rows [first, first + n), against jsons(); the columns compared. */
function compare(batch: RecordBatch, sparkTypes: readonly (string | undefined)[], first = 0, n = batch.numRows): string[] {
  const compared: string[] = [];
  // A tiny sink, so that growing it mid-cell is exercised too.
  const sink = new ByteSink(8);
  batchFields(batch).forEach((field, c) => {
    const opts = { timeZone: ZONE, ...(sparkTypes[c] ? { sparkType: sparkTypes[c] } : {}) };
    const bytes = createJsonFieldBytes(field, sink, opts);
    if (!bytes) return;
    compared.push(field.name);
    const d = batch.data.children[c];
    const want = new Array<string | null>(n);
    createColumnText(field, opts).jsons(d, first, n, want, 0, 1);
    const write = bytes(d, first, n);
    const bm = bitmapOf(d);
    for (let i = first; i < first + n; i++) {
      const at = sink.pos;
      if (!bm || isSet(bm, d.offset + i)) write(i);
      else sink.text('null');
      assert.equal(Buffer.from(sink.buf.subarray(at, sink.pos)).toString('utf8'), want[i - first], `${field.name} (${String(field.type)}) row ${i}`);
      // The UTF-8 is valid (malformed input became U+FFFD), so the string comparison above is a byte comparison.
      assert.deepEqual(Buffer.from(sink.buf.subarray(at, sink.pos)), Buffer.from(want[i - first]!, 'utf8'));
    }
  });
  return compared;
}

void describe('JSON-lines values as bytes', () => {
  void it('edge values of every type with a byte writer', () => {
    const b = edgeBatch();
    const compared = compare(b, []);
    for (const name of ['i8', 'i16', 'i32', 'i64', 'u64', 'dbl', 'dec', 'dec0', 'dec_neg_scale', 'day', 'ts', 'ts_kolkata', 'ts_ntz', 'ts_ns',
      'ts_ms', 'ts_s', 'flag', 'nothing', 'text', 'tags', 'point', 'points', 'empty_struct']) assert.ok(compared.includes(name), `${name} has a byte writer`);
    // A sliced batch: every column's data starts at an offset into its buffers.
    compare(b.slice(3, 14), []);
    compare(b, [], 5, N - 5);
  });

  void it('the mixed benchmark result', () => {
    const r = RecordBatchReader.from(exportBatch(987_654, 2000));
    r.open();
    const [b] = [...r];
    assert.ok(compare(b, EXPORT_SPARK_TYPES).length >= 12);
    compare(b.slice(333, 1999), EXPORT_SPARK_TYPES);
  });

  void it('every type Spark sends (captured fixtures)', () => {
    for (const v of sparkVersions()) {
      const fx = loadFixture(v, 'all-types');
      const types = fx.expected.columns.map((c) => c.sparkType);
      for (const stream of fx.batches) {
        const r = RecordBatchReader.from(stream);
        r.open();
        for (const b of r) compare(b, types);
      }
    }
  });

});
