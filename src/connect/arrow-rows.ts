// Arrow results -> Row objects, exactly (see row.ts for the value representation). Values are read
// from the Arrow buffers directly where apache-arrow's own get() would round: 64-bit timestamps
// (it returns milliseconds as a double) and 128-bit decimals.
import { Data, DataType as ArrowType, DateUnit, IntervalUnit, Table, TimeUnit, makeVector } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { Row } from './row';
import { Timestamp } from './timestamp';

type Getter = (i: number) => unknown;

/** All rows of an Arrow table. */
export function tableToRows(table: Table): Row[] {
  const rows: Row[] = [];
  for (const batch of table.batches) rows.push(...batchToRows(batch));
  return rows;
}

/** The rows of one record batch. */
export function batchToRows(batch: RecordBatch): Row[] {
  const names = batch.schema.fields.map((f) => f.name);
  const getters = batch.data.children.map((child) => valueGetter(child));
  const rows: Row[] = new Array<Row>(batch.numRows);
  for (let i = 0; i < batch.numRows; i++) {
    rows[i] = new Row(names, getters.map((g) => g(i)));
  }
  return rows;
}

/** A reader for one column's values, null-aware, recursing into nested types. */
export function valueGetter(data: Data): Getter {
  const inner = rawGetter(data);
  if (data.nullCount === 0) return inner;
  return (i) => (data.getValid(i) ? inner(i) : null);
}

function rawGetter(data: Data): Getter {
  const type = data.type;
  const is = ArrowType;
  if (is.isNull(type)) return () => null;
  if (is.isInt(type)) {
    const values = data.values as ArrayLike<number | bigint>;
    return (i) => values[i];
  }
  if (is.isDecimal(type)) {
    const words = data.values as Uint32Array;
    const stride = type.bitWidth / 32;
    return (i) => decimalText(words, i * stride, stride, type.scale);
  }
  if (is.isDate(type)) {
    const values = data.values as ArrayLike<number | bigint>;
    // DateDay holds days; DateMillisecond holds milliseconds.
    const days = type.unit === DateUnit.DAY;
    return (i) => formatDays(days ? Number(values[i]) : Math.floor(Number(values[i]) / 86_400_000));
  }
  if (is.isTimestamp(type)) {
    const values = data.values as BigInt64Array;
    const toMicros = unitToMicros(type.unit);
    const zone = type.timezone ?? undefined;
    return (i) => new Timestamp(toMicros(BigInt(values[i]!)), zone);
  }
  if (is.isDuration(type)) {
    const values = data.values as BigInt64Array;
    const toMicros = unitToMicros(type.unit);
    return (i) => toMicros(BigInt(values[i]!));
  }
  if (is.isInterval(type) && type.unit === IntervalUnit.YEAR_MONTH) {
    // Spark sends YEAR TO MONTH intervals as Arrow YEAR_MONTH: one int32 of months.
    const values = data.values as Int32Array;
    return (i) => values[i];
  }
  if (is.isList(type) || is.isLargeList(type)) {
    const offsets = data.valueOffsets as ArrayLike<number | bigint>;
    const child = valueGetter(data.children[0]!);
    return (i) => {
      const out: unknown[] = [];
      for (let j = Number(offsets[i]); j < Number(offsets[i + 1]); j++) out.push(child(j));
      return out;
    };
  }
  if (is.isFixedSizeList(type)) {
    const size = type.listSize;
    const child = valueGetter(data.children[0]!);
    return (i) => Array.from({ length: size }, (_, j) => child(i * size + j));
  }
  if (is.isStruct(type)) {
    const names = type.children.map((f) => f.name);
    const children = data.children.map((c) => valueGetter(c));
    return (i) => new Row(names, children.map((g) => g(i)));
  }
  if (is.isMap(type)) {
    const offsets = data.valueOffsets as Int32Array;
    const entries = data.children[0]!;
    const key = valueGetter(entries.children[0]!);
    const value = valueGetter(entries.children[1]!);
    return (i) => {
      const m = new Map<unknown, unknown>();
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) m.set(key(j), value(j));
      return m;
    };
  }
  // Booleans, strings, binaries, floats: apache-arrow's own reading is exact for these.
  const v = makeVector(data);
  return (i) => v.get(i);
}

function unitToMicros(unit: TimeUnit): (v: bigint) => bigint {
  switch (unit) {
    case TimeUnit.SECOND: return (v) => v * 1_000_000n;
    case TimeUnit.MILLISECOND: return (v) => v * 1000n;
    // Nanoseconds floor to whole microseconds, the finest unit Spark timestamps have.
    case TimeUnit.NANOSECOND: return (v) => (v >= 0n ? v / 1000n : -((-v + 999n) / 1000n));
    default: return (v) => v;
  }
}

const TWO_128 = 1n << 128n;

/** A little-endian two's-complement integer of `stride` 32-bit words, as a plain decimal string. */
export function decimalText(words: Uint32Array, at: number, stride: number, scale: number): string {
  let n = 0n;
  for (let k = stride - 1; k >= 0; k--) n = (n << 32n) | BigInt(words[at + k]!);
  const bits = BigInt(stride * 32);
  if (words[at + stride - 1]! & 0x8000_0000) n -= stride === 4 ? TWO_128 : 1n << bits;
  return formatUnscaled(n, scale);
}

/** Places the decimal point `scale` digits from the right of an unscaled integer. */
export function formatUnscaled(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  } else if (scale < 0) {
    digits += '0'.repeat(-scale);
  }
  return negative ? `-${digits}` : digits;
}

/** Days since the epoch as "YYYY-MM-DD" in the proleptic Gregorian calendar, as Spark prints dates. */
export function formatDays(days: number): string {
  const d = new Date(days * 86_400_000);
  const y = d.getUTCFullYear();
  const year = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
  return `${year}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}
