// Python's str() and repr() of evaluated values, and its type names (for messages and print()).
import { Column } from '../connect/column';
import { DataFrame } from '../connect/dataframe';
import { ArrayType, DataType, DecimalType, MapType, StructField } from '../connect/data-types';
import { Row } from '../connect/row';
import { Timestamp } from '../connect/timestamp';
import { Deferred, PyBuiltin, PyDict, PyFunction, PyList, PyModule, PySet, PySlice, PyTuple } from './values';

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'str';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof PyList) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PySet) return 'set';
  if (v instanceof PySlice) return 'slice';
  if (v instanceof PyFunction || v instanceof PyBuiltin) return 'function';
  if (v instanceof PyModule) return 'module';
  if (v instanceof Column) return 'Column';
  if (v instanceof DataFrame) return 'DataFrame';
  if (v instanceof Row) return 'Row';
  if (v instanceof Deferred) return v.what;
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** Python's repr() of a float: the shortest round-trip digits, exponent outside 1e-4 .. 1e16. */
export function floatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(v.toExponential())!;
  const sign = m[1]!;
  const digits = m[2]! + (m[3] ?? '');
  const exp = Number(m[4]);
  if (exp >= -5 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

export function strOf(v: unknown): string {
  if (typeof v === 'string') return v;
  return reprOf(v);
}

export function reprOf(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return floatRepr(v);
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof Uint8Array) return `b${strRepr([...v].map((b) => String.fromCharCode(b)).join(''))}`;
  if (v instanceof PyList) return `[${v.items.map(reprOf).join(', ')}]`;
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${reprOf(v.items[0])},)` : `(${v.items.map(reprOf).join(', ')})`;
  if (v instanceof PyDict) return `{${v.pairs().map(([k, x]) => `${reprOf(k)}: ${reprOf(x)}`).join(', ')}}`;
  if (v instanceof PySet) return v.items().length === 0 ? 'set()' : `{${v.items().map(reprOf).join(', ')}}`;
  if (v instanceof Column) return v.toString();
  if (v instanceof DataFrame) return 'DataFrame[...]';
  if (v instanceof Row) return `Row(${v.fields.map((f, i) => `${f}=${reprResult(v.values[i])}`).join(', ')})`;
  if (v instanceof StructField) return `StructField('${v.name}', ${typeRepr(v.dataType)}, ${v.nullable ? 'True' : 'False'})`;
  if (v instanceof DataType) return typeRepr(v);
  if (v instanceof PyFunction || v instanceof PyBuiltin) return `<function ${v.name}>`;
  if (v instanceof PyModule) return `<module '${v.name}'>`;
  if (v instanceof Timestamp) return v.toString();
  return `<${typeName(v)}>`;
}

/** repr of a value that came back from the server (rows are typed by py-results.ts). */
export function reprResult(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(reprResult).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${reprResult(k)}: ${reprResult(x)}`).join(', ')}}`;
  if (v instanceof Row) return `Row(${v.fields.map((f, i) => `${f}=${reprResult(v.values[i])}`).join(', ')})`;
  return reprOf(v);
}

function typeRepr(t: DataType): string {
  const name = t.constructor.name;
  if (name === 'StructType') {
    const fields = (t as unknown as { fields: StructField[] }).fields;
    return `StructType([${fields.map(reprOf).join(', ')}])`;
  }
  // PySpark's reprs: ArrayType(IntegerType(), True), MapType(StringType(), LongType(), True), DecimalType(10,2)
  const b = (x: boolean): string => (x ? 'True' : 'False');
  if (t instanceof ArrayType) return `ArrayType(${typeRepr(t.elementType)}, ${b(t.containsNull)})`;
  if (t instanceof MapType) return `MapType(${typeRepr(t.keyType)}, ${typeRepr(t.valueType)}, ${b(t.valueContainsNull)})`;
  if (t instanceof DecimalType) return `DecimalType(${t.precision},${t.scale})`;
  return `${name}()`;
}

function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}
