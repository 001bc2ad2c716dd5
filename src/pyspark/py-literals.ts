// Python values as Spark literals, with PySpark's lit() inference: int -> INT when it fits 32 bits,
// else BIGINT; float -> DOUBLE; str -> STRING; bool; None -> NULL; bytes -> BINARY; list/tuple ->
// array(...); dict -> map(...); datetime.date -> DATE; datetime.datetime -> TIMESTAMP; Decimal -> DECIMAL.
import { Column, unresolvedFunction } from '../connect/column';
import { dateLiteral, decimalLiteral, int64 } from '../connect/literals';
import { spark } from '../connect/generated/spark-connect';
import { Deferred, NeedsRunPhase, PyDict, PyList, PyTuple } from './values';
import { typeName } from './format';

/** datetime.date(y, m, d) */
export class PyDate {
  constructor(readonly year: number, readonly month: number, readonly day: number) {}
  iso(): string {
    return `${String(this.year).padStart(4, '0')}-${pad(this.month)}-${pad(this.day)}`;
  }
}

/**
 * datetime.datetime(...) without a time zone: local wall-clock time of this process, as PySpark reads
 * a naive datetime in its Python process's time zone.
 */
export class PyDateTime {
  constructor(readonly date: PyDate, readonly hour = 0, readonly minute = 0, readonly second = 0, readonly micro = 0) {}
  epochMicros(): bigint {
    const d = new Date(this.date.year, this.date.month - 1, this.date.day, this.hour, this.minute, this.second);
    if (this.date.year < 100) d.setFullYear(this.date.year);
    const ms = d.getTime();
    return BigInt(ms) * 1000n + BigInt(this.micro);
  }
  iso(): string {
    const frac = this.micro ? `.${String(this.micro).padStart(6, '0')}` : '';
    return `${this.date.iso()} ${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${frac}`;
  }
}

/** decimal.Decimal("1.50") */
export class PyDecimal {
  constructor(readonly text: string) {}
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

export class LiteralError extends Error {}

export function literalExpr(v: unknown): spark.connect.IExpression {
  if (v instanceof Column) return v.expr;
  if (v === null || v === undefined) return { literal: { null: { null: {} } } };
  if (typeof v === 'boolean') return { literal: { boolean: v } };
  if (typeof v === 'bigint') {
    if (v >= INT_MIN && v <= INT_MAX) return { literal: { integer: Number(v) } };
    if (v >= LONG_MIN && v <= LONG_MAX) return { literal: { long: int64(v) } };
    throw new LiteralError(`${v} is out of the range of a Spark BIGINT`);
  }
  if (typeof v === 'number') return { literal: { double: v } };
  if (typeof v === 'string') return { literal: { string: v } };
  if (v instanceof Uint8Array) return { literal: { binary: v } };
  if (v instanceof PyList || v instanceof PyTuple) return unresolvedFunction('array', v.items.map(literalExpr));
  if (v instanceof PyDict) {
    const args: spark.connect.IExpression[] = [];
    for (const [k, x] of v.pairs()) args.push(literalExpr(k), literalExpr(x));
    return unresolvedFunction('map', args);
  }
  if (v instanceof PyDateTime) return { literal: { timestamp: int64(v.epochMicros()) } };
  if (v instanceof PyDate) return { literal: dateLiteral(v.iso()) };
  if (v instanceof PyDecimal) return { literal: decimalLiteral(v.text) };
  if (v instanceof Deferred) {
    throw new NeedsRunPhase(v.what, `the value of ${v.what} is only known after the code runs; a plan cannot be built from it`);
  }
  throw new LiteralError(`a value of type '${typeName(v)}' cannot be a Spark literal`);
}

/** lit(v) as a Column. */
export function toLiteralColumn(v: unknown): Column {
  return v instanceof Column ? v : new Column(literalExpr(v));
}
