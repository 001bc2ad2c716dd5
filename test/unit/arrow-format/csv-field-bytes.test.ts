// CSV fields written as bytes (csv-field-bytes.ts, nested-bytes.ts, double-bytes.ts, byte-sink.ts) must be
// exactly the UTF-8 of csvCell(cell formatter's text), with the formula guard on and off, for edge values
// of every type that has a byte writer: integer and long limits, longs beyond 2^53, negative zero, NaN and
// the infinities, decimals, dates before 1970 and beyond year 9999, timestamps in zones and units, NULLs,
// non-ASCII and malformed UTF-8 strings, strings needing quotes, formula-like starts, arrays and structs.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RecordBatchReader, Type, type RecordBatch } from 'apache-arrow';
import { ByteSink } from '../../../src/arrow-format/byte-sink';
import { batchFields } from '../../../src/arrow-format/chunks';
import { bitmapOf, fastDouble, isSet } from '../../../src/arrow-format/column-text';
import { createCsvFieldBytes, magnitudeDigits } from '../../../src/arrow-format/csv-field-bytes';
import { quoteWritten } from '../../../src/arrow-format/csv-quote-bytes';
import { writeShortDouble } from '../../../src/arrow-format/double-bytes';
import { createCellFormatter } from '../../../src/arrow-format/formatter';
import { csvCell } from '../../../src/views/results/export-text';
import { edgeBatch, N, ZONE } from '../../fixtures/arrow/edge-batch';
import { exportBatch, EXPORT_SPARK_TYPES } from '../../fixtures/arrow/export-mixed';

/** Every cell of every column in rows [first, first + n): the bytes written against csvCell of the text. */
function compare(batch: RecordBatch, sparkTypes: readonly (string | undefined)[], guard: boolean, first = 0, n = batch.numRows): number {
  let cells = 0;
  // A tiny sink, so that growing it mid-cell is exercised too.
  const sink = new ByteSink(8);
  batchFields(batch).forEach((field, c) => {
    const opts = { timeZone: ZONE, ...(sparkTypes[c] ? { sparkType: sparkTypes[c] } : {}) };
    const isString = field.type.typeId === Type.Utf8;
    const bytes = createCsvFieldBytes(field, sink, guard && isString, opts);
    assert.ok(bytes, `${field.name} (${String(field.type)}) has a byte writer`);
    const f = createCellFormatter(field, opts);
    const d = batch.data.children[c];
    const write = bytes(d, first, n);
    const bm = bitmapOf(d);
    for (let i = first; i < first + n; i++) {
      const at = sink.pos;
      if (!bm || isSet(bm, d.offset + i)) write(i);
      const want = Buffer.from(csvCell(f.isNull(d, i) ? null : f.text(d, i), guard && isString), 'utf8');
      assert.deepEqual(Buffer.from(sink.buf.subarray(at, sink.pos)), want, `${field.name} (${String(field.type)}) row ${i}`);
      cells++;
    }
  });
  return cells;
}

void describe('CSV fields as bytes', () => {
  for (const guard of [false, true]) {
    void it(`edge values of every type, formula guard ${guard ? 'on' : 'off'}`, () => {
      const b = edgeBatch();
      assert.equal(compare(b, [], guard), b.numCols * N);
      // A sliced batch: every column's data starts at an offset into its buffers.
      compare(b.slice(3, 14), [], guard);
      compare(b, [], guard, 5, 9);
    });

    void it(`the mixed benchmark result, formula guard ${guard ? 'on' : 'off'}`, () => {
      const r = RecordBatchReader.from(exportBatch(987_654, 2000));
      r.open();
      const [b] = [...r];
      compare(b, EXPORT_SPARK_TYPES, guard);
      compare(b.slice(333, 1999), EXPORT_SPARK_TYPES, guard);
    });
  }
});

void describe('writeShortDouble', () => {
  void it('writes what fastDouble prints, or nothing and false', () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const sink = new ByteSink(4);
    let short = 0;
    const check = (x: number): void => {
      const at = sink.pos;
      if (writeShortDouble(sink, x)) {
        short++;
        assert.equal(Buffer.from(sink.buf.subarray(at, sink.pos)).toString('latin1'), fastDouble(x), `${x}`);
      } else assert.equal(sink.pos, at, `nothing written for ${x}`);
    };
    for (let k = 0; k < 100_000; k++) {
      // Values with few decimals (prices, amounts), and arbitrary ones.
      const digits = Math.floor(next() * 12);
      const scale = Math.floor(next() * 10);
      const m = Math.floor(next() * 10 ** digits) * (next() < 0.5 ? -1 : 1);
      check(m / 10 ** scale);
      check((next() - 0.5) * 10 ** Math.floor(next() * 40 - 20));
    }
    for (const x of [0, -0, NaN, Infinity, -Infinity, 1e-4, 9.999999999999999e-5, 1e15, 999999999999999, 999999999999999.9, 0.1, 0.2,
      0.30000000000000004, 1.5, -2.25, 100, 123.456, 5e-324, 1e-7, 0.00012, 2.675, 1.0000000000000002]) check(x);
    assert.ok(short > 50_000, `most values with few decimals take the short path (${short})`);
  });
});

void describe('ByteSink and digits', () => {
  void it('writes integers, padded digits and UTF-8 text exactly', () => {
    const sink = new ByteSink(1);
    const want: string[] = [];
    for (const v of [0, 1, 9, 10, 99, 100, 12345678, 99999999, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 1e15, 1e15 - 1, 123456789012345]) {
      sink.integer(v);
      sink.integer(-v);
      want.push(String(v), String(-v));
    }
    sink.padded(7, 4);
    sink.padded(123456789, 9);
    sink.text('aü日\u{1F600}z');
    want.push('0007', '123456789', 'aü日\u{1F600}z');
    assert.equal(Buffer.from(sink.take()).toString('utf8'), want.join(''));
    assert.equal(sink.pos, 0);
  });

  void it('magnitudeDigits gives every digit of multi-word integers', () => {
    for (const v of [0n, 1n, 999_999n, 1_000_000n, 2n ** 64n - 1n, 10n ** 38n - 1n, 2n ** 127n, 10n ** 30n, 123_456_000_000_789n]) {
      const w = new Uint32Array(4);
      let u = v;
      for (let k = 0; k < 4; k++) {
        w[k] = Number(u & 0xffffffffn);
        u >>= 32n;
      }
      const out = new Uint8Array(40);
      const count = magnitudeDigits(w, out);
      assert.equal(Array.from(out.subarray(0, count)).reverse().join(''), v.toString());
    }
  });

  void it('quoteWritten quotes in place only what CSV needs quoted, guarded or not', () => {
    for (const text of ['plain', '', 'a,b', 'say "hi"', '"', 'x\ny', '\r', '[1, 2]', '{"x": 1}', 'ü,"ö"', '=1', '-"x"', '@ü', '\tx', '\rx', '+']) {
      for (const guard of [false, true]) {
        const sink = new ByteSink(2);
        sink.text('>');
        const at = sink.pos;
        sink.text(text);
        quoteWritten(sink, at, guard);
        assert.equal(Buffer.from(sink.take()).toString('utf8'), '>' + csvCell(text, guard), JSON.stringify(text));
      }
    }
  });
});
