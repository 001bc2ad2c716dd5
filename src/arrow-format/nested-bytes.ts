// Arrays and structs written as bytes: the one-line text the grid shows ([a, b], {"x": 1, "label": "p"}),
// written into the sink and then quoted in place by RFC 4180 when it holds , " CR or LF. The parts inside
// are what column-text.ts's inners() give: strings as JSON strings, NULL as null, other values as their
// display text. Tests compare every byte with csvCell of the cell formatter's text.

import { Type, type Field } from 'apache-arrow';
import type { ByteSink } from './byte-sink';
import { bitmapOf, isSet } from './column-text';
import type { CsvFieldBytes, FieldWriter } from './csv-field-bytes';
import type { FormatOptions } from './formatter';
import { jsonString } from './json-value';
import { isVariantField } from './spark-type';

const QUOTE = 0x22;
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');
const NULL = enc.encode('null');
const ITEM_SEP = enc.encode(', ');
const JSON_ITEM_SEP = enc.encode(',');

/** A scalar column's byte writer of its display text (csv-field-bytes.ts), without a formula guard. */
export type ScalarBytes = (field: Field) => CsvFieldBytes | undefined;

/** A string inside a nested value, or a JSON-lines value: its JSON string (JSON.stringify's escapes). */
export function jsonStringBytes(sink: ByteSink): CsvFieldBytes {
  return (d) => {
    const offs = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    return (i) => {
      const s = offs[i];
      const e = offs[i + 1];
      let plain = true;
      for (let k = s; k < e && plain; k++) {
        const b = bytes[k];
        plain = b >= 0x20 && b < 0x80 && b !== QUOTE && b !== 0x5c;
      }
      if (!plain) {
        sink.text(jsonString(dec.decode(bytes.subarray(s, e))));
        return;
      }
      sink.byte(QUOTE);
      sink.bytes(bytes, s, e);
      sink.byte(QUOTE);
    };
  };
}

/** Writes `null` for NULL rows, else the row through `write`. */
function orNull(sink: ByteSink, prepare: CsvFieldBytes): CsvFieldBytes {
  return (d, first, n) => {
    const write = prepare(d, first, n);
    const bm = bitmapOf(d);
    if (!bm) return write;
    const off = d.offset;
    return (i) => {
      if (isSet(bm, off + i)) write(i);
      else sink.bytes(NULL, 0, 4);
    };
  };
}

/**
 * The text of a value inside an array or struct (NULL as null), or undefined when it has no byte writer.
 * `json`: the compact JSON form (column-text.ts's jsons(): no spaces after separators; `scalar` then
 * gives JSON values).
 */
export function innerBytes(field: Field, sink: ByteSink, scalar: ScalarBytes, options: FormatOptions, json = false): CsvFieldBytes | undefined {
  if (isVariantField(field)) return undefined;
  const t = field.type as unknown as { typeId: Type; children: Field[] };
  switch (t.typeId) {
    case Type.Null:
      return () => () => sink.bytes(NULL, 0, 4);
    case Type.Utf8:
      return orNull(sink, jsonStringBytes(sink));
    case Type.List: {
      const list = listBytes(t.children[0], sink, scalar, options, json);
      return list && orNull(sink, list);
    }
    case Type.Struct: {
      const struct = structBytes(t.children, sink, scalar, options, json);
      return struct && orNull(sink, struct);
    }
    default: {
      const s = scalar(field);
      return s && orNull(sink, s);
    }
  }
}

/** ARRAY (32-bit offsets): [item, item, ...] over the items of the rows' range. */
export function listBytes(itemField: Field, sink: ByteSink, scalar: ScalarBytes, options: FormatOptions, json = false): CsvFieldBytes | undefined {
  const item = innerBytes(itemField, sink, scalar, options, json);
  if (!item) return undefined;
  const sep = json ? JSON_ITEM_SEP : ITEM_SEP;
  return (d, first, n) => {
    const offs = d.valueOffsets as Int32Array;
    const s0 = offs[first];
    const writeItem = item(d.children[0], s0, offs[first + n] - s0);
    return (i) => {
      const s = offs[i];
      const e = offs[i + 1];
      sink.byte(0x5b);
      for (let k = s; k < e; k++) {
        if (k > s) sink.bytes(sep, 0, sep.length);
        writeItem(k);
      }
      sink.byte(0x5d);
    };
  };
}

/** STRUCT: {"name": value, ...}. */
export function structBytes(fields: readonly Field[], sink: ByteSink, scalar: ScalarBytes, options: FormatOptions, json = false): CsvFieldBytes | undefined {
  const values = fields.map((f) => innerBytes(f, sink, scalar, options, json));
  if (!values.every((v): v is CsvFieldBytes => v !== undefined)) return undefined;
  // '{"a": ' for the first field, ', "b": ' for the others; JSON without the spaces.
  const keys = fields.map((f, k) => enc.encode(json
    ? (k === 0 ? '{' : ',') + jsonString(f.name) + ':'
    : (k === 0 ? '{' : ', ') + jsonString(f.name) + ': '));
  const kids = fields.length;
  return (d, first, n) => {
    const writers: FieldWriter[] = values.map((v, k) => v(d.children[k], first, n));
    return (i) => {
      if (kids === 0) {
        sink.bytes(EMPTY_STRUCT, 0, 2);
        return;
      }
      for (let k = 0; k < kids; k++) {
        sink.bytes(keys[k], 0, keys[k].length);
        writers[k](i);
      }
      sink.byte(0x7d);
    };
  };
}

const EMPTY_STRUCT = enc.encode('{}');
