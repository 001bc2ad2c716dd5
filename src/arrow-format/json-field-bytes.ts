// JSON-lines values written as bytes straight from a column's Arrow buffers into a ByteSink, as CSV's are
// (csv-field-bytes.ts): no JavaScript string per cell, no join of a slice's pieces and no second pass to
// encode them (together about half of JSON-lines export's time). The bytes are exactly the UTF-8 of
// column-text.ts's jsons(): numbers, decimals and booleans as their text (every digit), strings as JSON
// strings, NaN and the infinities as strings, dates in quotes, timestamps as quoted ISO 8601 (with the
// offset for an instant). Types without a writer here (arrays, structs, binary, intervals, variants...)
// go through jsons() as text; tests compare the two for every type that has one.

import { Type, type Data, type Field } from 'apache-arrow';
import type { ByteSink } from './byte-sink';
import { fastDouble } from './column-text';
import { createCsvFieldBytes, timestampField, writeDays, type CsvFieldBytes, type FieldWriter } from './csv-field-bytes';
import { writeShortDouble } from './double-bytes';
import type { FormatOptions } from './formatter';
import { jsonStringBytes, listBytes, structBytes } from './nested-bytes';
import { isVariantField } from './spark-type';

const QUOTE = 0x22;
const NULL = new TextEncoder().encode('null');

/** Options for a nested value's parts, as column-text.ts's nestedOptions: Spark's type string describes the column, not its parts. */
function nested(options: FormatOptions): FormatOptions {
  return { ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
    ...(options.overrideTimeZone !== undefined ? { overrideTimeZone: options.overrideTimeZone } : {}) };
}

/**
 * The byte writer of a column's JSON values, or undefined when its type has none (then jsons() gives the
 * text). Like the CSV writers it is called for valid rows only: the caller writes null for NULL rows.
 */
export function createJsonFieldBytes(field: Field, sink: ByteSink, options: FormatOptions = {}): CsvFieldBytes | undefined {
  if (isVariantField(field)) return undefined;
  const t = field.type as unknown as { typeId: Type; children: Field[]; bitWidth?: number; precision?: number; scale?: number; unit?: number; timezone?: string | null };
  switch (t.typeId) {
    case Type.Null:
      // Every row (a NULL-typed column may have no validity bitmap to skip them by).
      return () => () => sink.bytes(NULL, 0, 4);
    // Integers, longs, decimals and booleans: JSON is their display text, which the CSV writers write
    // (never quoted there, as the text of these holds no comma, quote or line break).
    case Type.Int:
    case Type.Decimal:
    case Type.Bool:
      return createCsvFieldBytes(field, sink, false, options);
    case Type.Float:
      if (t.precision !== 2) return undefined;
      return ((d: Data): FieldWriter => {
        const v = d.values as Float64Array;
        return (i) => {
          const x = v[i];
          if (writeShortDouble(sink, x)) return;
          // JSON has no NaN or Infinity: like Spark's to_json those become strings (their text needs no escape).
          if (Number.isFinite(x)) sink.text(fastDouble(x));
          else {
            sink.byte(QUOTE);
            sink.text(fastDouble(x));
            sink.byte(QUOTE);
          }
        };
      });
    case Type.Utf8:
      return jsonStringBytes(sink);
    case Type.Date:
      if (t.unit !== 0) return undefined;
      return ((d: Data): FieldWriter => {
        const v = d.values as Int32Array;
        return (i) => {
          sink.byte(QUOTE);
          writeDays(sink, v[i]);
          sink.byte(QUOTE);
        };
      });
    case Type.Timestamp:
      // A zone other than the column's own is the cell formatter's to decide (see its build()).
      if (options.overrideTimeZone) return undefined;
      return timestampField(sink, t.unit ?? 2, t.timezone ? t.timezone : null, true);
    // Arrays and structs in their compact JSON form, from their children's JSON values.
    case Type.List:
      return listBytes(t.children[0], sink, (f) => createJsonFieldBytes(f, sink, nested(options)), nested(options), true);
    case Type.Struct:
      return structBytes(t.children, sink, (f) => createJsonFieldBytes(f, sink, nested(options)), nested(options), true);
    default:
      return undefined;
  }
}
