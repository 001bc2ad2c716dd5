// Renderers for Spark's scalar types, reading the raw Arrow buffers.

import type { Data } from 'apache-arrow';
import {
  formatDays, formatTimeOfDay, formatWallClock, offsetText, splitTicks, zoneOffsets, type ZoneOffsets,
} from './datetime';
import {
  DEFAULT_DT, DEFAULT_YM, formatDayTime, formatYearMonth, type DayTimeField, type IntervalFields,
  type YearMonthField,
} from './intervals';
import { jsonNumber, jsonString, type JsonValue } from './json-value';
import { formatDouble, formatFloat32, formatUnscaled, halfToNumber, readWordsSigned } from './numbers';
import type { Renderer } from './renderer';
import { base64 } from './variant';

const utf8 = new TextDecoder('utf-8');

type AnyValues = ArrayLike<number | bigint>;

function values(d: Data): AnyValues {
  return d.values as unknown as AnyValues;
}

/** A 64-bit integer cell, whatever typed array arrow-js chose for it. */
export function int64At(d: Data, i: number): bigint {
  const v = d.values as unknown;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return v[i];
  const w = v as Int32Array;
  // Older layouts keep 64-bit values as (lo, hi) int32 pairs.
  return (BigInt(w[2 * i + 1]) << 32n) | BigInt(w[2 * i] >>> 0);
}

function simple(type: string, numeric: boolean, text: (d: Data, i: number) => string,
  json: (d: Data, i: number, text: string) => JsonValue, quoteInner = false): Renderer {
  return {
    type, nested: false, numeric, text,
    inner: quoteInner ? (d, i) => jsonString(text(d, i)) : text,
    json: (d, i) => json(d, i, text(d, i)),
  };
}

const asNumber = (_d: Data, _i: number, t: string): JsonValue => jsonNumber(t);
const asString = (_d: Data, _i: number, t: string): JsonValue => t;

export function intRenderer(type: string, bitWidth: number): Renderer {
  if (bitWidth === 64) return simple(type, true, (d, i) => String(int64At(d, i)), asNumber);
  return simple(type, true, (d, i) => String(values(d)[i]), asNumber);
}

export function floatRenderer(type: string, precision: number): Renderer {
  const text = precision === 0
    ? (d: Data, i: number) => formatDouble(halfToNumber(Number(values(d)[i])))
    : precision === 1
      ? (d: Data, i: number) => formatFloat32(Number(values(d)[i]))
      : (d: Data, i: number) => formatDouble(Number(values(d)[i]));
  // JSON has no NaN or Infinity; like Spark's to_json those become strings.
  return simple(type, true, text, (_d, _i, t) => (/^-?\d/.test(t) ? jsonNumber(t) : t));
}

export function decimalRenderer(type: string, scale: number, bitWidth: number): Renderer {
  const words = bitWidth / 32;
  return simple(type, true,
    (d, i) => formatUnscaled(readWordsSigned(d.values as Uint32Array, i * words, words), scale), asNumber);
}

function utf8Text(d: Data, i: number): string {
  const offs = d.valueOffsets as unknown as AnyValues;
  const start = Number(offs[i]);
  const end = Number(offs[i + 1]);
  return utf8.decode((d.values as Uint8Array).subarray(start, end));
}

export function stringRenderer(type: string): Renderer {
  return simple(type, false, utf8Text, asString, true);
}

function bytesAt(d: Data, i: number): Uint8Array {
  const offs = d.valueOffsets as unknown as AnyValues;
  return (d.values as Uint8Array).subarray(Number(offs[i]), Number(offs[i + 1]));
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));

/** Spark's df.show() binary style: "[00 FF 10]". */
export function hexText(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let k = 0; k < bytes.length; k++) parts[k] = HEX[bytes[k]];
  return '[' + parts.join(' ') + ']';
}

export function binaryRenderer(type: string): Renderer {
  // JSON export uses base64, as Spark's to_json does for BINARY.
  return simple(type, false, (d, i) => hexText(bytesAt(d, i)), (d, i) => base64(bytesAt(d, i)));
}

export function boolRenderer(type: string): Renderer {
  const at = (d: Data, i: number): boolean => {
    const j = d.offset + i;
    return ((d.values as Uint8Array)[j >> 3] & (1 << (j & 7))) !== 0;
  };
  return simple(type, false, (d, i) => (at(d, i) ? 'true' : 'false'), (d, i) => at(d, i));
}

export function dateRenderer(type: string, unitDay: boolean): Renderer {
  const days = unitDay
    ? (d: Data, i: number) => Number(values(d)[i])
    : (d: Data, i: number) => Number(splitTicks(int64At(d, i), 86_400_000n).seconds);
  return simple(type, false, (d, i) => formatDays(days(d, i)), asString);
}

/** Ticks per second and fraction digits for Arrow TimeUnit (0 s, 1 ms, 2 us, 3 ns). */
export const UNIT_TICKS: readonly [bigint, number][] = [[1n, 0], [1000n, 3], [1_000_000n, 6], [1_000_000_000n, 9]];

export function timestampRenderer(type: string, unit: number, zone: string | null): Renderer {
  const [per, digits] = UNIT_TICKS[unit];
  const tz: ZoneOffsets | null = zone ? zoneOffsets(zone) : null;
  const parts = (d: Data, i: number) => {
    const { seconds, frac } = splitTicks(int64At(d, i), per);
    const off = tz ? tz.offsetAt(seconds) : 0;
    return { seconds, frac, off };
  };
  const text = (d: Data, i: number): string => {
    const p = parts(d, i);
    return formatWallClock(p.seconds + p.off, p.frac, digits);
  };
  return {
    type, nested: false, numeric: false, text, inner: text,
    // ISO 8601 for JSON: with the offset when the value is an instant, without for TIMESTAMP_NTZ.
    json: (d, i) => {
      const p = parts(d, i);
      const wall = formatWallClock(p.seconds + p.off, p.frac, digits, 'T');
      return tz ? wall + offsetText(p.off) : wall;
    },
  };
}

export function timeRenderer(type: string, unit: number, precision: number | undefined): Renderer {
  const [per, unitDigits] = UNIT_TICKS[unit];
  const digits = precision ?? unitDigits;
  const text = (d: Data, i: number): string => {
    const ticks = unit >= 2 ? int64At(d, i) : BigInt(Number(values(d)[i]));
    const { seconds, frac } = splitTicks(ticks, per);
    // Rescale the fraction to the column's declared precision (Spark TIME(6) arrives as nanoseconds).
    const scaled = digits >= unitDigits ? frac * 10 ** (digits - unitDigits) : Math.floor(frac / 10 ** (unitDigits - digits));
    return formatTimeOfDay(seconds, scaled, digits);
  };
  return simple(type, false, text, asString);
}

export function yearMonthRenderer(type: string, fields: IntervalFields<YearMonthField> = DEFAULT_YM): Renderer {
  return simple(type, false, (d, i) => formatYearMonth(Number(values(d)[i]), fields), asString);
}

export function durationRenderer(type: string, unit: number, fields: IntervalFields<DayTimeField> = DEFAULT_DT):
  Renderer {
  const toMicros = [(v: bigint) => v * 1_000_000n, (v: bigint) => v * 1000n, (v: bigint) => v,
    (v: bigint) => v / 1000n][unit];
  return simple(type, false, (d, i) => formatDayTime(toMicros(int64At(d, i)), fields), asString);
}

export function nullRenderer(): Renderer {
  return simple('void', false, () => 'NULL', () => null);
}
