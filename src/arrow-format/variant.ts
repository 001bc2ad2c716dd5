// Decodes Spark's VARIANT binary encoding (value + metadata, the Parquet Variant spec) into an exact JSON
// value. Spark 4 sends a VARIANT column as an Arrow struct<value: binary, metadata: binary> whose metadata
// child carries the field metadata variant=true.
//
// Rendering follows PySpark's VariantVal.toJson(): object keys in the encoded (sorted) order, no spaces,
// dates and timestamps as quoted strings (timestamps in the session zone with their offset), binary as
// base64, decimals in plain notation, doubles in the same text as a DOUBLE cell.

import { formatDays, formatTimeOfDay, formatWallClock, offsetText, splitTicks, zoneOffsets } from './datetime';
import { jsonNumber, jsonObject, type JsonValue } from './json-value';
import { formatDouble, formatFloat32, formatUnscaled } from './numbers';

export class MalformedVariantError extends Error {
  constructor(detail: string) {
    super(`malformed variant value: ${detail}`);
    this.name = 'MalformedVariantError';
  }
}

const utf8 = new TextDecoder('utf-8');

function readUint(b: Uint8Array, pos: number, size: number): number {
  if (pos + size > b.length) throw new MalformedVariantError('read past the end');
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + b[pos + i];
  return v;
}

function readSigned(b: Uint8Array, pos: number, size: number): bigint {
  if (pos + size > b.length) throw new MalformedVariantError('read past the end');
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[pos + i]);
  const bits = BigInt(size * 8);
  if (v >> (bits - 1n)) v -= 1n << bits;
  return v;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + '=';
  }
  return out;
}

class Metadata {
  private readonly offsetSize: number;
  private readonly size: number;
  private readonly keys: (string | undefined)[];

  constructor(private readonly bytes: Uint8Array) {
    if (bytes.length < 1) throw new MalformedVariantError('empty metadata');
    const header = bytes[0];
    if ((header & 0x0f) !== 1) throw new MalformedVariantError(`metadata version ${header & 0x0f}`);
    this.offsetSize = ((header >> 6) & 0x3) + 1;
    this.size = readUint(bytes, 1, this.offsetSize);
    this.keys = new Array<string | undefined>(this.size);
  }

  key(id: number): string {
    if (id >= this.size) throw new MalformedVariantError(`field id ${id} out of range`);
    const cached = this.keys[id];
    if (cached !== undefined) return cached;
    const base = 1 + this.offsetSize;
    const start = readUint(this.bytes, base + id * this.offsetSize, this.offsetSize);
    const end = readUint(this.bytes, base + (id + 1) * this.offsetSize, this.offsetSize);
    const stringsAt = base + (this.size + 1) * this.offsetSize;
    const k = utf8.decode(this.bytes.subarray(stringsAt + start, stringsAt + end));
    this.keys[id] = k;
    return k;
  }
}

export interface VariantOptions {
  /** Zone for TIMESTAMP values inside the variant (the session time zone). */
  timeZone: string;
}

function decodeValue(v: Uint8Array, pos: number, meta: Metadata, opts: VariantOptions, depth: number): JsonValue {
  if (depth > 512) throw new MalformedVariantError('nesting too deep');
  if (pos >= v.length) throw new MalformedVariantError('value offset out of range');
  const header = v[pos];
  const basic = header & 0x3;
  const info = header >> 2;
  switch (basic) {
    case 1: return utf8.decode(v.subarray(pos + 1, pos + 1 + info));
    case 2: {
      const offSize = (info & 0x3) + 1;
      const idSize = ((info >> 2) & 0x3) + 1;
      const large = (info >> 4) & 1;
      const countSize = large ? 4 : 1;
      const n = readUint(v, pos + 1, countSize);
      const idsAt = pos + 1 + countSize;
      const offsAt = idsAt + n * idSize;
      const dataAt = offsAt + (n + 1) * offSize;
      const entries: [string, JsonValue][] = [];
      for (let i = 0; i < n; i++) {
        const key = meta.key(readUint(v, idsAt + i * idSize, idSize));
        const off = readUint(v, offsAt + i * offSize, offSize);
        entries.push([key, decodeValue(v, dataAt + off, meta, opts, depth + 1)]);
      }
      return jsonObject(entries);
    }
    case 3: {
      const offSize = (info & 0x3) + 1;
      const large = (info >> 2) & 1;
      const countSize = large ? 4 : 1;
      const n = readUint(v, pos + 1, countSize);
      const offsAt = pos + 1 + countSize;
      const dataAt = offsAt + (n + 1) * offSize;
      const items: JsonValue[] = [];
      for (let i = 0; i < n; i++) {
        items.push(decodeValue(v, dataAt + readUint(v, offsAt + i * offSize, offSize), meta, opts, depth + 1));
      }
      return items;
    }
    default: return decodePrimitive(v, pos + 1, info, opts);
  }
}

function decodePrimitive(v: Uint8Array, p: number, typeId: number, opts: VariantOptions): JsonValue {
  switch (typeId) {
    case 0: return null;
    case 1: return true;
    case 2: return false;
    case 3: return jsonNumber(String(readSigned(v, p, 1)));
    case 4: return jsonNumber(String(readSigned(v, p, 2)));
    case 5: return jsonNumber(String(readSigned(v, p, 4)));
    case 6: return jsonNumber(String(readSigned(v, p, 8)));
    case 7: return floatToken(new DataView(v.buffer, v.byteOffset + p, 8).getFloat64(0, true), false);
    case 14: return floatToken(new DataView(v.buffer, v.byteOffset + p, 4).getFloat32(0, true), true);
    case 8: case 9: case 10: {
      const size = typeId === 8 ? 4 : typeId === 9 ? 8 : 16;
      return jsonNumber(formatUnscaled(readSigned(v, p + 1, size), v[p]));
    }
    case 11: return formatDays(Number(readSigned(v, p, 4)));
    case 12: case 18: return zonedText(readSigned(v, p, 8), typeId === 12 ? 1_000_000n : 1_000_000_000n, opts);
    case 13: case 19: {
      const per = typeId === 13 ? 1_000_000n : 1_000_000_000n;
      const { seconds, frac } = splitTicks(readSigned(v, p, 8), per);
      return formatWallClock(seconds, frac, per === 1_000_000n ? 6 : 9);
    }
    case 15: return base64(v.subarray(p + 4, p + 4 + readUint(v, p, 4)));
    case 16: return utf8.decode(v.subarray(p + 4, p + 4 + readUint(v, p, 4)));
    case 17: {
      const { seconds, frac } = splitTicks(readSigned(v, p, 8), 1_000_000n);
      return formatTimeOfDay(seconds, frac, 6);
    }
    case 20: {
      let hex = '';
      for (let i = 0; i < 16; i++) hex += v[p + i].toString(16).padStart(2, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    default: throw new MalformedVariantError(`unknown primitive type ${typeId}`);
  }
}

function floatToken(x: number, single: boolean): JsonValue {
  const text = single ? formatFloat32(x) : formatDouble(x);
  return Number.isFinite(x) ? jsonNumber(text) : text;
}

function zonedText(ticks: bigint, per: bigint, opts: VariantOptions): string {
  const { seconds, frac } = splitTicks(ticks, per);
  const off = zoneOffsets(opts.timeZone).offsetAt(seconds);
  return formatWallClock(seconds + off, frac, per === 1_000_000n ? 6 : 9) + offsetText(off);
}

export function decodeVariant(value: Uint8Array, metadata: Uint8Array, opts: VariantOptions): JsonValue {
  return decodeValue(value, 0, new Metadata(metadata), opts, 0);
}
