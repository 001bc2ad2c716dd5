// JavaScript values -> Connect Expression.Literal, with the type inference PySpark's lit() applies,
// adapted to JavaScript's value kinds:
//   number: an integer in int32 range -> INT, another safe integer -> BIGINT, anything else -> DOUBLE
//   bigint -> BIGINT (range-checked); string -> STRING; boolean -> BOOLEAN; null/undefined -> NULL
//   Date -> TIMESTAMP (an instant, millisecond precision); Timestamp -> TIMESTAMP or TIMESTAMP_NTZ (exact)
//   Uint8Array (and Buffer) -> BINARY
// Typed constructors (decimal, timestamp from micros, date, float, ...) cover what inference can't say.
import { spark } from './generated/spark-connect';
import { DataType } from './data-types';
import { dataTypeToProto } from './data-type-proto';
import { Timestamp } from './timestamp';

type Literal = spark.connect.Expression.ILiteral;

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A value lit() can turn into a literal on its own. */
export type LiteralValue = null | undefined | boolean | number | bigint | string | Date | Timestamp | Uint8Array;

export function isLiteralValue(v: unknown): v is LiteralValue {
  return v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number'
    || typeof v === 'bigint' || typeof v === 'string' || v instanceof Date || v instanceof Timestamp
    || v instanceof Uint8Array;
}

/** The literal for a single JS value, inferring its Spark type. */
export function literalOf(v: LiteralValue): Literal {
  if (v === null || v === undefined) return { null: { null: {} } };
  if (typeof v === 'boolean') return { boolean: v };
  if (typeof v === 'string') return { string: v };
  if (typeof v === 'bigint') return longLiteral(v);
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
      if (v >= INT_MIN && v <= INT_MAX) return { integer: v };
      if (Number.isSafeInteger(v)) return { long: v };
    }
    return { double: v };
  }
  if (v instanceof Timestamp) return timestampLiteral(v);
  if (v instanceof Date) return timestampLiteral(v);
  if (v instanceof Uint8Array) return { binary: v };
  throw new TypeError(`Unsupported literal value of type ${typeof v}`);
}

function longLiteral(v: bigint): Literal {
  if (v < LONG_MIN || v > LONG_MAX) throw new RangeError(`${v} is outside the BIGINT range`);
  return { long: int64(v) };
}

/** A typed NULL, e.g. nullLiteral(new IntegerType()) for CAST(NULL AS INT). */
export function nullLiteral(type: DataType): Literal {
  return { null: dataTypeToProto(type) };
}

export function byteLiteral(v: number): Literal {
  checkIntRange(v, -128, 127, 'TINYINT');
  return { byte: v };
}

export function shortLiteral(v: number): Literal {
  checkIntRange(v, -32768, 32767, 'SMALLINT');
  return { short: v };
}

export function intLiteral(v: number): Literal {
  checkIntRange(v, INT_MIN, INT_MAX, 'INT');
  return { integer: v };
}

export function bigintLiteral(v: number | bigint | string): Literal {
  return longLiteral(BigInt(v));
}

export function floatLiteral(v: number): Literal {
  return { float: v };
}

export function doubleLiteral(v: number): Literal {
  return { double: v };
}

/**
 * An int64 field value. protobufjs encodes a decimal string exactly (through its Long support) at
 * any magnitude, but its typings only admit number | Long, hence the cast.
 */
export function int64(v: bigint | number): number {
  return (typeof v === 'number' ? v : v.toString()) as unknown as number;
}

function checkIntRange(v: number, min: number, max: number, name: string): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${v} is not a valid ${name}`);
}

/**
 * An exact DECIMAL from its text ("12.340") or a bigint. Precision and scale default to the
 * value's own digits, as Spark infers them for a decimal literal.
 */
export function decimalLiteral(value: string | bigint, precision?: number, scale?: number): Literal {
  const text = typeof value === 'bigint' ? value.toString() : value.trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new SyntaxError(`"${value}" is not a decimal number`);
  const intDigits = (m[2] ?? '').replace(/^0+/, '');
  const fracDigits = m[3] ?? '';
  const s = scale ?? fracDigits.length;
  const p = precision ?? Math.max(intDigits.length + fracDigits.length, s, 1);
  if (p > 38 || s > p) throw new RangeError(`decimal(${p},${s}) is not a valid decimal type`);
  return { decimal: { value: text, precision: p, scale: s } };
}

/**
 * A TIMESTAMP literal: from a Date (milliseconds), a Timestamp (exact), or a bigint of
 * microseconds since the epoch.
 */
export function timestampLiteral(v: Date | Timestamp | bigint): Literal {
  const micros = microsOf(v);
  if (v instanceof Timestamp && v.isNtz) return { timestampNtz: int64(micros) };
  return { timestamp: int64(micros) };
}

/** A TIMESTAMP_NTZ literal: the wall clock written as if it were UTC. */
export function timestampNtzLiteral(v: Date | Timestamp | bigint): Literal {
  return { timestampNtz: int64(microsOf(v)) };
}

function microsOf(v: Date | Timestamp | bigint): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof Timestamp) return v.epochMicros;
  const ms = v.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return BigInt(ms) * 1000n;
}

/** A DATE literal from "YYYY-MM-DD", a Date (its UTC calendar day), or days since the epoch. */
export function dateLiteral(v: string | Date | number): Literal {
  if (typeof v === 'number') return { date: v };
  if (v instanceof Date) return { date: Math.floor(v.getTime() / 86_400_000) };
  const m = /^(-?\d{1,6})-(\d{2})-(\d{2})$/.exec(v.trim());
  if (!m) throw new SyntaxError(`"${v}" is not a YYYY-MM-DD date`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new RangeError(`"${v}" is not a valid date`);
  }
  // Date.UTC maps years 0..99 to 1900..1999; set the year explicitly.
  d.setUTCFullYear(Number(m[1]));
  return { date: Math.floor(d.getTime() / 86_400_000) };
}

export function binaryLiteral(v: Uint8Array): Literal {
  return { binary: v };
}

/**
 * An ARRAY literal whose elements are all literal values of one kind, with its element type
 * spelled out (Spark 3.5 needs element_type; 4.x still reads it).
 */
export function arrayLiteral(values: readonly LiteralValue[], elementType?: DataType): Literal {
  const elements = values.map(literalOf);
  const element = elementType ? dataTypeToProto(elementType) : inferElementType(elements);
  return { array: { elementType: element, elements } };
}

function inferElementType(elements: Literal[]): spark.connect.IDataType {
  const kinds = new Set<string>();
  for (const e of elements) if (!e.null) kinds.add(literalKind(e));
  // Mixed INT and BIGINT widen to BIGINT; INT/BIGINT with DOUBLE to DOUBLE.
  if (kinds.has('double') && [...kinds].every((k) => ['double', 'integer', 'long'].includes(k))) {
    for (const e of elements) {
      if (e.integer !== undefined && e.integer !== null) { e.double = e.integer; delete e.integer; }
      if (e.long !== undefined && e.long !== null) { e.double = Number(e.long); delete e.long; }
    }
    return { double: {} };
  }
  if (kinds.has('long') && [...kinds].every((k) => ['integer', 'long'].includes(k))) {
    for (const e of elements) {
      if (e.integer !== undefined && e.integer !== null) { e.long = e.integer; delete e.integer; }
    }
    return { long: {} };
  }
  if (kinds.size > 1) throw new TypeError(`Array literal mixes element types: ${[...kinds].join(', ')}`);
  const only = [...kinds][0];
  if (!only) return { null: {} };
  return { [only === 'timestampNtz' ? 'timestampNtz' : only]: {} } as spark.connect.IDataType;
}

function literalKind(l: Literal): string {
  for (const k of ['boolean', 'integer', 'long', 'double', 'string', 'binary', 'timestamp', 'timestampNtz',
    'date', 'float', 'short', 'byte'] as const) {
    if (l[k] !== undefined && l[k] !== null) return k;
  }
  if (l.decimal) return 'decimal';
  throw new TypeError('Unsupported array element literal');
}
