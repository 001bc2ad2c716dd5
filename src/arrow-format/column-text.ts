// Batch-wise cell text for exports that write millions of cells: a whole column of a record batch is
// formatted in one loop over its raw Arrow buffers (no closure per cell, no BigInt where a value fits in a
// double, one UTF-8 decode per batch for ASCII strings). Types without a loop of their own here (nested
// values, binary, intervals, variants...) go through the cell formatter row by row.
// The text is exactly the cell formatter's (createCellFormatter): tests compare the two cell by cell.

import { Type, type Data, type Field } from 'apache-arrow';
import { formatDays, offsetText, zoneOffsets, type ZoneOffsets } from './datetime';
import { createCellFormatter, type FormatOptions } from './formatter';
import { jsonString, jsonText } from './json-value';
import { formatDouble, layoutUnscaled } from './numbers';
import { int64At, UNIT_TICKS } from './scalars';
import { isVariantField } from './spark-type';

export interface ColumnText {
  /** A string column (Utf8): the only kind of cell a CSV formula guard looks at. */
  readonly isString: boolean;
  /** Its text never holds a comma, quote, CR or LF and is never empty, so CSV never quotes it. */
  readonly plain: boolean;
  /** For rows [first, first + n): out[at + k * stride] = display text of row first + k; null for SQL NULL. */
  texts(d: Data, first: number, n: number, out: (string | null)[], at: number, stride: number): void;
  /** The same for JSON source text ("null" for SQL NULL); numbers keep every digit. */
  jsons(d: Data, first: number, n: number, out: (string | null)[], at: number, stride: number): void;
  /**
   * The same for the text inside a nested value's one-line form (strings quoted, NULL as "null"); absent
   * when this column has no batch-wise loop, and then a list or struct of it goes through the cell formatter.
   */
  inners?(d: Data, first: number, n: number, out: (string | null)[], at: number, stride: number): void;
  /**
   * Arrays and structs only: the same rows as RFC 4180 CSV fields (quoted when the text holds a comma, a
   * quote, CR or LF, quotes doubled; '' for NULL), built from doubled parts instead of escaping each
   * assembled text again.
   */
  csvFields?(d: Data, first: number, n: number, out: (string | null)[], at: number, stride: number): void;
}

const TWO_32 = 4294967296;
const utf8 = new TextDecoder('utf-8');

/** Validity of row i, straight from the bitmap (null: every row is valid). */
export function bitmapOf(d: Data): Uint8Array | null {
  const bm = d.nullBitmap;
  return bm && bm.length > 0 ? bm : null;
}

export function isSet(bm: Uint8Array, j: number): boolean {
  return (bm[j >> 3] & (1 << (j & 7))) !== 0;
}

/** The 32-bit halves of a 64-bit column, to read values below 2^52 without BigInt. */
export function int64Words(d: Data): Int32Array | null {
  const v = d.values as unknown;
  if (!(v instanceof BigInt64Array)) return null;
  return new Int32Array(v.buffer, v.byteOffset, v.length * 2);
}

/** Row i of a 64-bit column as a number when |value| < 2^52, else undefined. */
export function smallInt64(w: Int32Array, i: number): number | undefined {
  const hi = w[2 * i + 1];
  return hi >= -0x100000 && hi < 0x100000 ? hi * TWO_32 + (w[2 * i] >>> 0) : undefined;
}

/** Whole seconds (floored) and the ticks left over, of a timestamp; filled in place, not allocated per cell. */
export interface TickSplit { seconds: number; frac: number }

/**
 * Splits timestamp i of `d` (ticks of `per` per second) into `out`: with doubles while the ticks fit in
 * 2^52 (`w` from int64Words), exactly with BigInt beyond. The text and the CSV-bytes writers share it.
 */
export function splitTicks(d: Data, w: Int32Array | null, i: number, per: number, perBig: bigint, out: TickSplit): void {
  const t = w ? smallInt64(w, i) : undefined;
  if (t === undefined) {
    // Rare (beyond 2^52 ticks): the exact BigInt path.
    const big = int64At(d, i);
    let s = big / perBig;
    let f = big % perBig;
    if (f < 0n) {
      f += perBig;
      s -= 1n;
    }
    out.seconds = Number(s);
    out.frac = Number(f);
    return;
  }
  let seconds = Math.floor(t / per);
  let frac = t - seconds * per;
  if (frac < 0) {
    seconds -= 1;
    frac += per;
  } else if (frac >= per) {
    seconds += 1;
    frac -= per;
  }
  out.seconds = seconds;
  out.frac = frac;
}

/** A decimal's unscaled value as a number when it is a safe integer, else undefined (readWordsSigned's fast path). */
export function smallUnscaled(v: Uint32Array, start: number, words: number): number | undefined {
  let upperZero = true;
  let upperOnes = true;
  for (let w = 2; w < words; w++) {
    const x = v[start + w];
    if (x !== 0) upperZero = false;
    if (x !== 0xffffffff) upperOnes = false;
  }
  const hi = v[start + 1];
  const lo = v[start];
  if (upperZero && hi < 0x200000) return hi * TWO_32 + lo;
  if (upperOnes && hi >= 0xffe00000) return -((0xffffffff - hi) * TWO_32 + (TWO_32 - lo));
  return undefined;
}

/**
 * formatDouble (Python's repr) without its exponent parsing where it is not needed: between 1e-4 and 1e16
 * repr and JavaScript both print the shortest round-trip digits in fixed notation, and repr adds ".0" to
 * integral values.
 */
export function fastDouble(x: number): string {
  const a = x < 0 ? -x : x;
  if (a >= 1e-4 && a < 1e16) {
    const s = '' + x;
    return s.indexOf('.') < 0 ? s + '.0' : s;
  }
  return formatDouble(x);
}

type Loop = (d: Data, i: number) => string;

/**
 * Builds a column from per-row text and JSON loops over valid rows; NULL handling is shared. Inside nested
 * values a string is quoted (its JSON text), any other scalar is its display text.
 */
function column(isString: boolean, plain: boolean, prepare: (d: Data, first: number, n: number) => { text: Loop; json: Loop }): ColumnText {
  return {
    isString, plain,
    inners(d, first, n, out, at, stride) {
      const bm = bitmapOf(d);
      const p = prepare(d, first, n);
      const inner = isString ? p.json : p.text;
      const off = d.offset;
      for (let i = first, j = at, end = first + n; i < end; i++, j += stride) out[j] = bm && !isSet(bm, off + i) ? 'null' : inner(d, i);
    },
    texts(d, first, n, out, at, stride) {
      const bm = bitmapOf(d);
      const { text } = prepare(d, first, n);
      const off = d.offset;
      for (let i = first, j = at, end = first + n; i < end; i++, j += stride) out[j] = bm && !isSet(bm, off + i) ? null : text(d, i);
    },
    jsons(d, first, n, out, at, stride) {
      const bm = bitmapOf(d);
      const { json } = prepare(d, first, n);
      const off = d.offset;
      for (let i = first, j = at, end = first + n; i < end; i++, j += stride) out[j] = bm && !isSet(bm, off + i) ? 'null' : json(d, i);
    },
  };
}

function int64Column(): ColumnText {
  return column(false, true, (d) => {
    const w = int64Words(d);
    const text = (dd: Data, i: number): string => {
      const small = w ? smallInt64(w, i) : undefined;
      return small !== undefined ? '' + small : String(int64At(dd, i));
    };
    return { text, json: text };
  });
}

/** Decimal digits of an unsigned magnitude held in little-endian 32-bit words (destroys `w`). */
function magnitudeDigits(w: Uint32Array): string {
  let top = w.length - 1;
  while (top >= 0 && w[top] === 0) top--;
  if (top < 0) return '0';
  let out = '';
  while (top >= 0) {
    // Long division by 10^5: every intermediate stays below 2^53, so double arithmetic is exact.
    let rem = 0;
    for (let k = top; k >= 0; k--) {
      const cur = rem * TWO_32 + w[k];
      const q = Math.floor(cur / 100000);
      w[k] = q;
      rem = cur - q * 100000;
    }
    while (top >= 0 && w[top] === 0) top--;
    out = (top >= 0 ? pad5(rem) : '' + rem) + out;
  }
  return out;
}

/** Five digits, zero-padded (one group of magnitudeDigits). */
function pad5(r: number): string {
  return r >= 10000 ? '' + r : r >= 1000 ? '0' + r : r >= 100 ? '00' + r : r >= 10 ? '000' + r : '0000' + r;
}

function decimalColumn(scale: number, bitWidth: number): ColumnText {
  const words = bitWidth / 32;
  const mag = new Uint32Array(words);
  return column(false, true, (d) => {
    const v = d.values as Uint32Array;
    const text = (_d: Data, i: number): string => {
      const start = i * words;
      const small = smallUnscaled(v, start, words);
      if (small !== undefined) return small < 0 ? layoutUnscaled(true, '' + -small, scale) : layoutUnscaled(false, '' + small, scale);
      // Beyond 2^53 (decimal(38,18) above 0.009): two's complement magnitude, digits by long division.
      const negative = (v[start + words - 1] & 0x80000000) !== 0;
      let carry = 1;
      for (let k = 0; k < words; k++) {
        const x = v[start + k];
        if (!negative) {
          mag[k] = x;
          continue;
        }
        const y = (~x >>> 0) + carry;
        mag[k] = y >>> 0;
        carry = y > 0xffffffff ? 1 : 0;
      }
      return layoutUnscaled(negative, magnitudeDigits(mag), scale);
    };
    return { text, json: text };
  });
}

function utf8Column(): ColumnText {
  return column(true, false, (d, first, n) => {
    const offs = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    const base = offs[first];
    const end = offs[first + n];
    // An all-ASCII batch (the common case) is decoded once; each cell is then a slice of it. When no byte
    // needs a JSON escape (control characters, '"', '\\'), a cell's JSON is its text in quotes.
    let ascii = true;
    let plainJson = true;
    for (let k = base; k < end; k++) {
      const b = bytes[k];
      if (b >= 0x80) {
        ascii = false;
        break;
      }
      if (b < 0x20 || b === 0x22 || b === 0x5c) plainJson = false;
    }
    const whole = ascii ? utf8.decode(bytes.subarray(base, end)) : '';
    const text = (_d: Data, i: number): string => (ascii
      ? whole.slice(offs[i] - base, offs[i + 1] - base)
      : utf8.decode(bytes.subarray(offs[i], offs[i + 1])));
    const json = ascii && plainJson
      ? (_d: Data, i: number): string => '"' + whole.slice(offs[i] - base, offs[i + 1] - base) + '"'
      : (dd: Data, i: number): string => jsonString(text(dd, i));
    return { text, json };
  });
}

const PAD2 = Array.from({ length: 60 }, (_, k) => (k < 10 ? '0' + k : '' + k));

/** formatWallClock (datetime.ts) for a run of values: the date part is kept while the day stays the same. */
class WallClock {
  private day = NaN;
  private dayText = '';

  constructor(private readonly digits: number, private readonly sep: string) {}

  format(epochSeconds: number, frac: number): string {
    const days = Math.floor(epochSeconds / 86400);
    if (days !== this.day) {
      this.day = days;
      this.dayText = formatDays(days) + this.sep;
    }
    const sod = epochSeconds - days * 86400;
    const text = this.dayText + PAD2[Math.floor(sod / 3600)] + ':' + PAD2[Math.floor((sod % 3600) / 60)] + ':' + PAD2[sod % 60];
    return frac === 0 || this.digits === 0 ? text : text + '.' + String(frac).padStart(this.digits, '0');
  }
}

function timestampColumn(unit: number, zone: string | null): ColumnText {
  const [perBig, digits] = UNIT_TICKS[unit];
  const per = Number(perBig);
  const tz: ZoneOffsets | null = zone ? zoneOffsets(zone) : null;
  return column(false, true, (d) => {
    const w = int64Words(d);
    const at: TickSplit = { seconds: 0, frac: 0 };
    const split = (dd: Data, i: number): void => splitTicks(dd, w, i, per, perBig, at);
    const plain = new WallClock(digits, ' ');
    const iso = new WallClock(digits, 'T');
    let lastOff = NaN;
    let lastOffText = '';
    return {
      text: (dd, i) => {
        split(dd, i);
        return plain.format(at.seconds + (tz ? tz.offsetAt(at.seconds) : 0), at.frac);
      },
      // ISO 8601 for JSON: with the offset when the value is an instant, without for TIMESTAMP_NTZ. Nothing
      // in the text needs a JSON escape, so quotes around it are its JSON string.
      json: (dd, i) => {
        split(dd, i);
        if (!tz) return '"' + iso.format(at.seconds, at.frac) + '"';
        const off = tz.offsetAt(at.seconds);
        if (off !== lastOff) {
          lastOff = off;
          lastOffText = offsetText(off);
        }
        return '"' + iso.format(at.seconds + off, at.frac) + lastOffText + '"';
      },
    };
  });
}

type Fill = (c: ColumnText, d: Data, first: number, n: number, out: (string | null)[], at: number, stride: number) => void;
const fillInner: Fill = (c, d, first, n, out, at, stride) => c.inners!(d, first, n, out, at, stride);
const fillJson: Fill = (c, d, first, n, out, at, stride) => c.jsons(d, first, n, out, at, stride);

const CSV_SPECIAL = /[",\r\n]/;
const QUOTE = /"/g;

/** Text with every double quote doubled (CSV escaping commutes with concatenation, so parts can be escaped apart). */
function doubled(text: string): string {
  return text.indexOf('"') < 0 ? text : text.replace(QUOTE, '""');
}

/** ARRAY (32-bit offsets): the items of the rows' range formatted at once, then joined per row. */
function listColumn(item: ColumnText): ColumnText {
  const rows = (d: Data, first: number, n: number, out: (string | null)[], at: number, stride: number,
    fill: Fill, sep: string, nullText: string | null): void => {
    const bm = bitmapOf(d);
    const off = d.offset;
    const offs = d.valueOffsets as Int32Array;
    const s0 = offs[first];
    const items = new Array<string | null>(offs[first + n] - s0);
    fill(item, d.children[0], s0, items.length, items, 0, 1);
    for (let i = first, j = at, end = first + n; i < end; i++, j += stride) {
      if (bm && !isSet(bm, off + i)) {
        out[j] = nullText;
        continue;
      }
      const s = offs[i] - s0;
      const e = offs[i + 1] - s0;
      let t = '[';
      for (let k = s; k < e; k++) t += k > s ? sep + items[k] : items[k];
      out[j] = t + ']';
    }
  };
  const csvFields = (d: Data, first: number, n: number, out: (string | null)[], at: number, stride: number): void => {
    const bm = bitmapOf(d);
    const off = d.offset;
    const offs = d.valueOffsets as Int32Array;
    const s0 = offs[first];
    const items = new Array<string | null>(offs[first + n] - s0);
    const special = new Array<boolean>(items.length);
    fillInner(item, d.children[0], s0, items.length, items, 0, 1);
    for (let k = 0; k < items.length; k++) {
      const x = items[k] as string;
      special[k] = CSV_SPECIAL.test(x);
      if (special[k]) items[k] = doubled(x);
    }
    for (let i = first, j = at, end = first + n; i < end; i++, j += stride) {
      if (bm && !isSet(bm, off + i)) {
        out[j] = '';
        continue;
      }
      const s = offs[i] - s0;
      const e = offs[i + 1] - s0;
      let t = '[';
      for (let k = s; k < e; k++) t += k > s ? ', ' + items[k] : items[k];
      // Two items mean a ", " separator; one item needs quotes only when its own text does.
      out[j] = e - s >= 2 || (e - s === 1 && special[s]) ? '"' + t + ']"' : t + ']';
    }
  };
  return {
    isString: false, plain: false,
    texts: (d, first, n, out, at, stride) => rows(d, first, n, out, at, stride, fillInner, ', ', null),
    inners: (d, first, n, out, at, stride) => rows(d, first, n, out, at, stride, fillInner, ', ', 'null'),
    jsons: (d, first, n, out, at, stride) => rows(d, first, n, out, at, stride, fillJson, ',', 'null'),
    csvFields,
  };
}

/** STRUCT: each field formatted for the rows at once, then assembled per row as {"name": value, ...}. */
function structColumn(fields: readonly { name: string; column: ColumnText }[]): ColumnText {
  const textKeys = fields.map((f, k) => (k === 0 ? '{' : ', ') + jsonString(f.name) + ': ');
  const jsonKeys = fields.map((f, k) => (k === 0 ? '{' : ',') + jsonString(f.name) + ':');
  const rows = (d: Data, first: number, n: number, out: (string | null)[], at: number, stride: number,
    fill: Fill, keys: readonly string[], nullText: string | null): void => {
    const bm = bitmapOf(d);
    const off = d.offset;
    const kids = fields.length;
    const values = new Array<string | null>(n * kids);
    for (let k = 0; k < kids; k++) fill(fields[k].column, d.children[k], first, n, values, k, kids);
    for (let r = 0, j = at; r < n; r++, j += stride) {
      if (bm && !isSet(bm, off + first + r)) {
        out[j] = nullText;
        continue;
      }
      if (kids === 0) {
        out[j] = '{}';
        continue;
      }
      let t = '';
      for (let k = 0, v = r * kids; k < kids; k++, v++) t += keys[k] + values[v];
      out[j] = t + '}';
    }
  };
  // Every key is a quoted name, so a struct with fields is always a quoted CSV field.
  const csvKeys = textKeys.map((k, i) => (i === 0 ? '"' : '') + doubled(k));
  const fillInnerDoubled: Fill = (c, dd, f, n, out, at, stride) => {
    fillInner(c, dd, f, n, out, at, stride);
    for (let j = at, k = 0; k < n; k++, j += stride) out[j] = doubled(out[j] as string);
  };
  return {
    isString: false, plain: false,
    texts: (d, first, n, out, at, stride) => rows(d, first, n, out, at, stride, fillInner, textKeys, null),
    inners: (d, first, n, out, at, stride) => rows(d, first, n, out, at, stride, fillInner, textKeys, 'null'),
    jsons: (d, first, n, out, at, stride) => rows(d, first, n, out, at, stride, fillJson, jsonKeys, 'null'),
    csvFields: (d, first, n, out, at, stride) => {
      if (fields.length === 0) {
        rows(d, first, n, out, at, stride, fillInner, textKeys, '');
        return;
      }
      rows(d, first, n, out, at, stride, fillInnerDoubled, csvKeys, '');
      for (let j = at, k = 0; k < n; k++, j += stride) if (out[j] !== '') out[j] += '"';
    },
  };
}

/** Any type, row by row through the cell formatter. */
function formatterColumn(field: Field, options: FormatOptions): ColumnText {
  const f = createCellFormatter(field, options);
  return {
    isString: field.type.typeId === Type.LargeUtf8, plain: false,
    texts(d, first, n, out, at, stride) {
      for (let i = first, j = at, end = first + n; i < end; i++, j += stride) out[j] = f.isNull(d, i) ? null : f.text(d, i);
    },
    jsons(d, first, n, out, at, stride) {
      for (let i = first, j = at, end = first + n; i < end; i++, j += stride) out[j] = jsonText(f.json(d, i));
    },
  };
}

/** Options for a nested value's parts: Spark's type string describes the column, not its parts. */
function nestedOptions(options: FormatOptions): FormatOptions {
  return { ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
    ...(options.overrideTimeZone !== undefined ? { overrideTimeZone: options.overrideTimeZone } : {}) };
}

/** The batch-wise formatter of one result column, for the same field and options as createCellFormatter. */
export function createColumnText(field: Field, options: FormatOptions = {}): ColumnText {
  const t = field.type as unknown as {
    typeId: Type; children: Field[]; bitWidth?: number; precision?: number; scale?: number; unit?: number; timezone?: string | null;
  };
  if (isVariantField(field)) return formatterColumn(field, options);
  switch (t.typeId) {
    case Type.Null:
      return {
        isString: false, plain: true,
        texts: (_d, first, n, out, at, stride) => {
          for (let i = first, j = at, end = first + n; i < end; i++, j += stride) out[j] = null;
        },
        jsons: (_d, first, n, out, at, stride) => {
          for (let i = first, j = at, end = first + n; i < end; i++, j += stride) out[j] = 'null';
        },
        inners: (_d, first, n, out, at, stride) => {
          for (let i = first, j = at, end = first + n; i < end; i++, j += stride) out[j] = 'null';
        },
      };
    case Type.Int:
      if (t.bitWidth === 64) return int64Column();
      return column(false, true, (d) => {
        const v = d.values as unknown as ArrayLike<number>;
        const text = (_d: Data, i: number): string => '' + v[i];
        return { text, json: text };
      });
    case Type.Float:
      if (t.precision !== 2) break;
      return column(false, true, (d) => {
        const v = d.values as Float64Array;
        // JSON has no NaN or Infinity; like Spark's to_json those become strings.
        return { text: (_d, i) => fastDouble(v[i]), json: (_d, i) => (Number.isFinite(v[i]) ? fastDouble(v[i]) : jsonString(fastDouble(v[i]))) };
      });
    case Type.Decimal:
      return decimalColumn(t.scale ?? 0, t.bitWidth ?? 128);
    case Type.Utf8:
      return utf8Column();
    case Type.Bool:
      return column(false, true, (d) => {
        const v = d.values as Uint8Array;
        const off = d.offset;
        const text = (_d: Data, i: number): string => (isSet(v, off + i) ? 'true' : 'false');
        return { text, json: text };
      });
    case Type.Date:
      if (t.unit !== 0) break;
      return column(false, true, (d) => {
        const v = d.values as Int32Array;
        return { text: (_d, i) => formatDays(v[i]), json: (_d, i) => jsonString(formatDays(v[i])) };
      });
    case Type.List: {
      const item = createColumnText(t.children[0] as Field, nestedOptions(options));
      if (item.inners) return listColumn(item);
      break;
    }
    case Type.Struct: {
      const fields = (t.children as Field[]).map((f) => ({ name: f.name, column: createColumnText(f, nestedOptions(options)) }));
      if (fields.every((f) => f.column.inners)) return structColumn(fields);
      break;
    }
    case Type.Timestamp: {
      // A zone other than the column's own is the cell formatter's to decide (see its build()).
      if (options.overrideTimeZone) break;
      return timestampColumn(t.unit ?? 2, t.timezone ? t.timezone : null);
    }
    default:
      break;
  }
  return formatterColumn(field, options);
}
