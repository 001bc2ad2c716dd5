// Subscripts (x[k], x[a:b]) and iteration over evaluated values: Python containers and strings,
// df["col"] / df[["a", "b"]] / df[condition], col[key] / col[a:b], struct types and rows.
import { Column } from '../connect/column';
import { DataFrame } from '../connect/dataframe';
import { StructType } from '../connect/data-types';
import { Row } from '../connect/row';
import { typeName } from './format';
import { PyOpError } from './operators';
import { toLiteralColumn } from './py-literals';
import { Deferred, NeedsRunPhase, PyDict, PyList, PySet, PySlice, PyTuple } from './values';

function index(i: bigint | boolean, length: number): number {
  let n = Number(i);
  if (n < 0) n += length;
  if (n < 0 || n >= length) throw new PyOpError('index out of range');
  return n;
}

function sliceIndices(s: PySlice, length: number): number[] {
  const step = s.step === null || s.step === undefined ? 1 : Number(s.step as bigint);
  if (step === 0) throw new PyOpError('slice step cannot be zero');
  const norm = (v: unknown, dflt: number): number => {
    if (v === null || v === undefined) return dflt;
    let n = Number(v as bigint);
    if (n < 0) n += length;
    return step > 0 ? Math.min(Math.max(n, 0), length) : Math.min(Math.max(n, -1), length - 1);
  };
  const start = norm(s.start, step > 0 ? 0 : length - 1);
  const stop = norm(s.stop, step > 0 ? length : -1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

export function subscript(obj: unknown, key: unknown): unknown {
  if (obj instanceof Deferred || key instanceof Deferred) {
    return new Deferred(obj instanceof Deferred ? obj.what : 'a value', async () =>
      subscript(obj instanceof Deferred ? await obj.resolve() : obj, key instanceof Deferred ? await key.resolve() : key));
  }
  if (obj instanceof DataFrame) return dataFrameItem(obj, key);
  if (obj instanceof Column) {
    if (key instanceof PySlice) {
      if (key.step !== null && key.step !== undefined) throw new PyOpError('Column slices take no step');
      return obj.substr(key.start as never, key.stop as never);
    }
    return obj.getItem(toLiteralColumn(key));
  }
  if (typeof obj === 'string') {
    if (key instanceof PySlice) return sliceIndices(key, obj.length).map((i) => obj[i]).join('');
    if (typeof key === 'bigint' || typeof key === 'boolean') return obj[index(key, obj.length)];
  }
  if (obj instanceof PyList || obj instanceof PyTuple) {
    if (key instanceof PySlice) {
      const items = sliceIndices(key, obj.items.length).map((i) => obj.items[i]);
      return obj instanceof PyList ? new PyList(items) : new PyTuple(items);
    }
    if (typeof key === 'bigint' || typeof key === 'boolean') return obj.items[index(key, obj.items.length)];
  }
  if (obj instanceof PyDict) {
    if (!obj.has(key)) throw new PyOpError(`KeyError: ${String(key)}`);
    return obj.get(key);
  }
  if (obj instanceof StructType) {
    if (typeof key === 'string') return obj.field(key);
    if (typeof key === 'bigint') return obj.fields[index(key, obj.fields.length)];
  }
  if (obj instanceof Row) {
    if (typeof key === 'string') return obj.get(key);
    if (typeof key === 'bigint') return obj.get(index(key, obj.length));
  }
  if (Array.isArray(obj) && typeof key === 'bigint') return obj[index(key, obj.length)];
  if (obj instanceof Map) return obj.get(key);
  throw new PyOpError(`'${typeName(obj)}' object is not subscriptable with ${typeName(key)}`);
}

function dataFrameItem(df: DataFrame, key: unknown): unknown {
  if (typeof key === 'string') return df.col(key);
  if (key instanceof Column) return df.filter(key);
  if (key instanceof PyList || key instanceof PyTuple) {
    return df.select(key.items.map((k) => (k instanceof Column ? k : typeof k === 'string' ? k : badKey(k))));
  }
  if (typeof key === 'bigint') {
    throw new PyOpError('df[int] needs the schema; use df.columns[i] or a column name');
  }
  return badKey(key);
}

function badKey(k: unknown): never {
  throw new PyOpError(`a DataFrame cannot be indexed with ${typeName(k)}`);
}

/** The items a for loop or comprehension walks. */
export function iterate(v: unknown): unknown[] {
  if (v instanceof PyList || v instanceof PyTuple) return [...v.items];
  if (v instanceof PySet) return v.items();
  if (v instanceof PyDict) return v.keys();
  if (typeof v === 'string') return [...v];
  if (v instanceof Uint8Array) return [...v].map((b) => BigInt(b));
  if (v instanceof StructType) return [...v.fields];
  if (v instanceof Row) return [...v.values];
  if (Array.isArray(v)) return [...v];
  if (v instanceof Deferred) {
    throw new NeedsRunPhase(v.what, `cannot loop over ${v.what}: its value is only known after the code runs`);
  }
  if (v instanceof Column) throw new PyOpError('Column is not iterable');
  if (v instanceof DataFrame) throw new PyOpError("'DataFrame' object is not iterable; loop over df.columns or df.collect() instead");
  throw new PyOpError(`'${typeName(v)}' object is not iterable`);
}
