// CSV fields written as bytes straight from a column's Arrow buffers into a ByteSink, for the types a
// large export is made of: integers, longs, doubles, decimals, strings, booleans, dates and timestamps.
// No JavaScript string per cell (that was half of CSV export's time): digits are computed into the sink,
// and a string cell's UTF-8 bytes are copied from the Arrow buffer, quoted when they hold , " CR or LF.
// The bytes are exactly the UTF-8 of the cell formatter's text through RFC 4180 quoting and the formula
// guard (export-text.ts's csvCell); tests compare the two for every type. Other types have no writer here.

import { Type, type Data, type Field } from 'apache-arrow';
import { PAIRS, type ByteSink } from './byte-sink';
import { writeShortDouble } from './double-bytes';
import { isFormulaByte, quoteWritten, writeCsvString } from './csv-quote-bytes';
import { listBytes, structBytes } from './nested-bytes';
import { fastDouble, int64Words, isSet, smallInt64, smallUnscaled, splitTicks, type TickSplit } from './column-text';
import { civilFromDays, formatDays, offsetText, zoneOffsets, type ZoneOffsets } from './datetime';
import type { FormatOptions } from './formatter';
import { int64At, UNIT_TICKS } from './scalars';
import { isVariantField } from './spark-type';

/** Writes valid row i's CSV field; made for one slice of rows of one batch. */
export type FieldWriter = (i: number) => void;

/**
 * Prepares a column's writer for rows [first, first + n) of `d`. The caller skips NULL rows (bitmapOf(d)):
 * a NULL is an empty field, and checking it in the row loop saves a call per NULL cell.
 */
export type CsvFieldBytes = (d: Data, first: number, n: number) => FieldWriter;

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const TWO_32 = 4294967296;
const utf8Decoder = new TextDecoder('utf-8');
const enc = new TextEncoder();
const TRUE = enc.encode('true');
const FALSE = enc.encode('false');

function utf8Field(sink: ByteSink, guard: boolean): CsvFieldBytes {
  return (d) => {
    const offs = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    return (i) => {
      const s = offs[i];
      const e = offs[i + 1];
      // One pass: plain ASCII (most cells) is copied as it is.
      let special = false;
      for (let k = s; k < e; k++) {
        const b = bytes[k];
        if (b >= 0x80) {
          // Non-ASCII: decoded and encoded again, so malformed UTF-8 becomes U+FFFD exactly as in the text.
          const at = sink.pos;
          sink.text(utf8Decoder.decode(bytes.subarray(s, e)));
          quoteWritten(sink, at, guard);
          return;
        }
        if (b === QUOTE || b === COMMA || b === CR || b === LF) special = true;
      }
      if (!special && e > s && !(guard && isFormulaByte(bytes[s]))) sink.bytes(bytes, s, e);
      else writeCsvString(sink, bytes, s, e, guard);
    };
  };
}

function int64Field(sink: ByteSink, signed: boolean): CsvFieldBytes {
  const mag = new Uint32Array(2);
  const digits = new Uint8Array(20);
  return (d) => {
    const w = int64Words(d);
    return (i) => {
      const small = w ? smallInt64(w, i) : undefined;
      if (small !== undefined) {
        sink.integer(small);
        return;
      }
      if (!w || !signed) {
        sink.text(String(int64At(d, i)));
        return;
      }
      // Beyond 2^52: the two's complement magnitude, digits by long division.
      const negative = w[2 * i + 1] < 0;
      mag[0] = w[2 * i];
      mag[1] = w[2 * i + 1];
      if (negative) negate(mag, 2);
      const count = magnitudeDigits(mag, digits);
      sink.ensure(count + 1);
      const buf = sink.buf;
      let p = sink.pos;
      if (negative) buf[p++] = 0x2d;
      for (let k = count - 1; k >= 0; k--) buf[p++] = 0x30 + digits[k];
      sink.pos = p;
    };
  };
}

/** Two's complement negation of a little-endian multi-word integer, in place. */
function negate(w: Uint32Array, words: number): void {
  let carry = 1;
  for (let k = 0; k < words; k++) {
    const y = (~w[k] >>> 0) + carry;
    w[k] = y >>> 0;
    carry = y > 0xffffffff ? 1 : 0;
  }
}

/**
 * The decimal digits of an unsigned little-endian multi-word integer into `out`, least significant first
 * (destroys `w`); returns how many ("0" for zero). Long division by 10^6: rem * 2^32 + word stays below
 * 10^6 * 2^32 < 2^53, so double arithmetic is exact.
 */
export function magnitudeDigits(w: Uint32Array, out: Uint8Array): number {
  let top = w.length - 1;
  while (top >= 0 && w[top] === 0) top--;
  let count = 0;
  while (top >= 0) {
    let rem = 0;
    for (let k = top; k >= 0; k--) {
      const cur = rem * TWO_32 + w[k];
      const q = Math.floor(cur / 1000000);
      w[k] = q;
      rem = cur - q * 1000000;
    }
    while (top >= 0 && w[top] === 0) top--;
    // Six digits per group (int32 arithmetic); the last (most significant) group without leading zeros.
    let r = rem | 0;
    for (let g = 0; g < 6 && (top >= 0 || r > 0); g++) {
      const q = (r / 10) | 0;
      out[count++] = r - q * 10;
      r = q;
    }
  }
  if (count === 0) out[count++] = 0;
  return count;
}

/**
 * DECIMAL(p, s): the unscaled value's digits (computed into a scratch array, least significant first), laid
 * out as numbers.ts's layoutUnscaled does: a point before the last `scale` digits, zero-padded to one
 * digit before it; a negative scale appends zeros.
 */
function decimalField(sink: ByteSink, scale: number, bitWidth: number): CsvFieldBytes {
  const words = bitWidth / 32;
  const mag = new Uint32Array(words);
  // 128-bit values have at most 39 digits, 256-bit at most 78; plus the padding for the scale.
  const digits = new Uint8Array(80 + Math.max(0, scale));
  const layout = (negative: boolean, count: number): void => {
    let len = count;
    if (scale > 0) while (len <= scale) digits[len++] = 0;
    const zeros = scale < 0 && !(count === 1 && digits[0] === 0) ? -scale : 0;
    sink.ensure(len + zeros + 2);
    const buf = sink.buf;
    let p = sink.pos;
    if (negative) buf[p++] = 0x2d;
    for (let k = len - 1; k >= 0; k--) {
      buf[p++] = 0x30 + digits[k];
      if (k === scale && scale > 0) buf[p++] = 0x2e;
    }
    for (let z = 0; z < zeros; z++) buf[p++] = 0x30;
    sink.pos = p;
  };
  return ((d: Data): FieldWriter => {
    const v = d.values as Uint32Array;
    return (i) => {
      const start = i * words;
      let small = smallUnscaled(v, start, words);
      if (small !== undefined) {
        const negative = small < 0;
        if (negative) small = -small;
        mag.fill(0);
        mag[0] = small % TWO_32;
        mag[1] = Math.floor(small / TWO_32);
        layout(negative, magnitudeDigits(mag, digits));
        return;
      }
      // Beyond 2^53: the two's complement magnitude in 32-bit words, digits by long division.
      const negative = (v[start + words - 1] & 0x80000000) !== 0;
      for (let k = 0; k < words; k++) mag[k] = v[start + k];
      if (negative) negate(mag, words);
      const count = magnitudeDigits(mag, digits);
      layout(negative, count);
    };
  });
}

/** YYYY-MM-DD as datetime.ts's formatDays writes it; years outside 0..9999 through formatDays itself. */
export function writeDays(sink: ByteSink, days: number): void {
  const { year, month, day } = civilFromDays(days);
  if (year < 0 || year > 9999) {
    sink.text(formatDays(days));
    return;
  }
  sink.padded(year, 4);
  sink.byte(0x2d);
  sink.padded(month, 2);
  sink.byte(0x2d);
  sink.padded(day, 2);
}

/** `sep` (a space, or ISO 8601's T) and HH:MM:SS of a second of the day (0..86399). */
function writeClock(sink: ByteSink, sod: number, sep: number): void {
  const h = (sod / 3600) | 0;
  const m = ((sod - h * 3600) / 60) | 0;
  const sec = sod - h * 3600 - m * 60;
  sink.ensure(9);
  const buf = sink.buf;
  const p = sink.pos;
  buf[p] = sep;
  buf[p + 1] = PAIRS[2 * h];
  buf[p + 2] = PAIRS[2 * h + 1];
  buf[p + 3] = 0x3a;
  buf[p + 4] = PAIRS[2 * m];
  buf[p + 5] = PAIRS[2 * m + 1];
  buf[p + 6] = 0x3a;
  buf[p + 7] = PAIRS[2 * sec];
  buf[p + 8] = PAIRS[2 * sec + 1];
  sink.pos = p + 9;
}

/**
 * A timestamp as its display text (YYYY-MM-DD HH:MM:SS[.fraction], local time in `zone`), or with `json`
 * as column-text.ts's JSON: ISO 8601 in quotes (a T between date and time) with the zone's offset when the
 * value is an instant (TIMESTAMP), without for TIMESTAMP_NTZ.
 */
export function timestampField(sink: ByteSink, unit: number, zone: string | null, json = false): CsvFieldBytes {
  const [perBig, digits] = UNIT_TICKS[unit];
  const per = Number(perBig);
  const tz: ZoneOffsets | null = zone ? zoneOffsets(zone) : null;
  const sep = json ? 0x54 /* T */ : 0x20;
  // JSON: the offset's text, kept while the offset stays the same.
  let lastOffset = NaN;
  let offsetBytes = new Uint8Array(0);
  // Consecutive rows are mostly on the same day: its bytes are kept and copied.
  let lastDay = NaN;
  const dayBytes = new Uint8Array(16);
  let dayLength = 0;
  const at: TickSplit = { seconds: 0, frac: 0 };
  return ((d: Data): FieldWriter => {
    const w = int64Words(d);
    return (i) => {
      splitTicks(d, w, i, per, perBig, at);
      const { seconds, frac } = at;
      // datetime.ts's formatWallClock: local date, a space, HH:MM:SS, and the fraction when non-zero.
      const offset = tz ? tz.offsetAt(seconds) : 0;
      const local = seconds + offset;
      const days = Math.floor(local / 86400);
      if (json) sink.byte(QUOTE);
      const sod = local - days * 86400;
      if (days === lastDay) sink.bytes(dayBytes, 0, dayLength);
      else {
        const at = sink.pos;
        writeDays(sink, days);
        dayLength = sink.pos - at;
        if (dayLength <= dayBytes.length) {
          dayBytes.set(sink.buf.subarray(at, sink.pos));
          lastDay = days;
        } else lastDay = NaN;
      }
      writeClock(sink, sod, sep);
      if (frac !== 0 && digits !== 0) {
        sink.byte(0x2e);
        sink.padded(frac, digits);
      }
      if (!json) return;
      if (tz) {
        if (offset !== lastOffset) {
          lastOffset = offset;
          offsetBytes = enc.encode(offsetText(offset));
        }
        sink.bytes(offsetBytes, 0, offsetBytes.length);
      }
      sink.byte(QUOTE);
    };
  });
}

/**
 * The byte writer of a column's CSV fields, or undefined when its type has none (nested values, binary,
 * intervals, variants, ...: those go through the column's text). `guard`: the formula guard is on.
 */
export function createCsvFieldBytes(field: Field, sink: ByteSink, guard: boolean, options: FormatOptions = {}): CsvFieldBytes | undefined {
  if (isVariantField(field)) return undefined;
  const t = field.type as unknown as { typeId: Type; children: Field[]; bitWidth?: number; isSigned?: boolean; precision?: number; scale?: number; unit?: number; timezone?: string | null };
  switch (t.typeId) {
    case Type.Null:
      return () => () => undefined;
    case Type.Int:
      if (t.bitWidth === 64) return int64Field(sink, t.isSigned !== false);
      return ((d: Data): FieldWriter => {
        const v = d.values as unknown as ArrayLike<number>;
        return (i) => sink.integer(v[i]);
      });
    case Type.Float:
      if (t.precision !== 2) return undefined;
      return ((d: Data): FieldWriter => {
        const v = d.values as Float64Array;
        // Shortest round-trip digits need the engine's number printing; the string is copied as ASCII.
        return (i) => {
          if (!writeShortDouble(sink, v[i])) sink.text(fastDouble(v[i]));
        };
      });
    case Type.Decimal:
      return decimalField(sink, t.scale ?? 0, t.bitWidth ?? 128);
    case Type.Utf8:
      return utf8Field(sink, guard);
    case Type.Bool:
      return ((d: Data): FieldWriter => {
        const v = d.values as Uint8Array;
        const off = d.offset;
        return (i) => sink.bytes(isSet(v, off + i) ? TRUE : FALSE, 0, isSet(v, off + i) ? 4 : 5);
      });
    case Type.Date:
      if (t.unit !== 0) return undefined;
      return ((d: Data): FieldWriter => {
        const v = d.values as Int32Array;
        return (i) => writeDays(sink, v[i]);
      });
    case Type.Timestamp:
      // A zone other than the column's own is the cell formatter's to decide (see its build()).
      if (options.overrideTimeZone) return undefined;
      return timestampField(sink, t.unit ?? 2, t.timezone ? t.timezone : null);
    case Type.List:
      return quoted(sink, listBytes(t.children[0], sink, (f) => createCsvFieldBytes(f, sink, false, options), options));
    case Type.Struct:
      return quoted(sink, structBytes(t.children, sink, (f) => createCsvFieldBytes(f, sink, false, options), options));
    default:
      return undefined;
  }
}

/** A nested value's text as a CSV field: written, then quoted in place when it needs it. */
function quoted(sink: ByteSink, text: CsvFieldBytes | undefined): CsvFieldBytes | undefined {
  if (!text) return undefined;
  return (d, first, n) => {
    const write = text(d, first, n);
    return (i) => {
      const at = sink.pos;
      write(i);
      quoteWritten(sink, at);
    };
  };
}
