// spark.createDataFrame(data, schema) from literal rows: infer or take the schema as PySpark does, then
// send the rows as Arrow IPC in a LocalRelation with the schema's JSON, as PySpark's Connect client does.
import * as A from 'apache-arrow';
import {
  ArrayType, BinaryType, BooleanType, ByteType, DataType, DateType, DecimalType, DoubleType, FloatType,
  IntegerType, LongType, MapType, NullType, ShortType, StringType, StructField, StructType, TimestampNTZType,
  TimestampType,
} from '../connect/data-types';
import { parseDataType, parseSchema } from '../connect/ddl';
import { Row } from '../connect/row';
import type { spark } from '../connect/generated/spark-connect';
import { strList } from './args';
import { typeName } from './format';
import { PyOpError } from './operators';
import { PyDate, PyDateTime, PyDecimal } from './py-literals';
import { Deferred, PyDict, PyList, PyTuple, sequenceItems } from './values';

/** The LocalRelation for createDataFrame(data, schema). */
export function localRelation(data: unknown, schemaArg: unknown): spark.connect.ILocalRelation {
  if (data instanceof Deferred) throw new PyOpError(`createDataFrame: the rows come from ${data.what}, which is only known after the code runs`);
  const rows = sequenceItems(data);
  if (!rows) throw new PyOpError(`createDataFrame: data should be a list of rows, not ${typeName(data)} (pandas DataFrames and RDDs are not supported)`);
  let schema: StructType;
  let atomic = false;
  if (schemaArg instanceof StructType) schema = schemaArg;
  else if (schemaArg instanceof DataType) { schema = new StructType([new StructField('value', schemaArg)]); atomic = true; }
  else if (typeof schemaArg === 'string') {
    try {
      schema = parseSchema(schemaArg);
    } catch {
      schema = new StructType([new StructField('value', parseDataType(schemaArg))]);
      atomic = true;
    }
    if (schema.fields.length === 1 && !/\s/.test(schemaArg.trim()) && !schemaArg.includes(':')) {
      // "int" is a single value type, "a int" a one-column schema
      try { schema = new StructType([new StructField('value', parseDataType(schemaArg))]); atomic = true; } catch { /* a column list */ }
    }
  } else {
    const names = schemaArg === undefined || schemaArg === null ? undefined : strList(schemaArg, 'schema');
    schema = inferSchema(rows, names);
  }
  // Values are checked against the schema now (a mismatch is an evaluation error), but the Arrow bytes
  // are only built when the plan is first encoded: evaluation stays cheap for code that never runs.
  const columns = rowsToValues(rows, schema, atomic);
  const relation: spark.connect.ILocalRelation = { schema: schema.json() };
  if (rows.length > 0) {
    let bytes: Uint8Array | undefined;
    Object.defineProperty(relation, 'data', {
      enumerable: true,
      get: () => (bytes ??= A.tableToIPC(arrowTable(columns, schema, rows.length), 'stream')),
    });
  }
  return relation;
}

function rowValues(row: unknown, names: readonly string[] | undefined, width: number): unknown[] {
  if (row instanceof Row) return names ? names.map((n, i) => (row.has(n) ? row.get(n) : row.values[i])) : [...row.values];
  if (row instanceof PyDict) {
    return names ? names.map((n) => row.get(n) ?? null) : row.keys().sort().map((k) => row.get(k));
  }
  const items = sequenceItems(row);
  if (items) return [...items];
  if (width === 1) return [row];
  throw new PyOpError(`createDataFrame: a row should be a tuple, list, dict or Row, not ${typeName(row)}`);
}

function inferSchema(rows: readonly unknown[], names: string[] | undefined): StructType {
  const first = rows[0];
  let fieldNames: string[];
  if (first instanceof Row) fieldNames = [...first.fields];
  else if (first instanceof PyDict) fieldNames = first.keys().map(String).sort();
  else {
    const n = sequenceItems(first)?.length ?? 1;
    fieldNames = Array.from({ length: n }, (_, i) => `_${i + 1}`);
  }
  if (names) fieldNames = fieldNames.map((f, i) => names[i] ?? f);
  if (rows.length === 0) {
    if (!names) throw new PyOpError('createDataFrame: cannot infer the schema from an empty list; give a schema');
    throw new PyOpError('createDataFrame: cannot infer column types from an empty list; give a DDL string or StructType');
  }
  const types: DataType[] = fieldNames.map(() => new NullType());
  const keyNames = first instanceof Row || first instanceof PyDict ? (first instanceof Row ? [...first.fields] : first.keys().map(String).sort()) : undefined;
  for (const row of rows) {
    const values = rowValues(row, keyNames, fieldNames.length);
    if (values.length !== fieldNames.length) throw new PyOpError(`createDataFrame: rows have different lengths (${values.length} and ${fieldNames.length})`);
    values.forEach((v, i) => { types[i] = mergeTypes(types[i]!, inferType(v), fieldNames[i]!); });
  }
  return new StructType(fieldNames.map((n, i) => new StructField(n, types[i]!, true)));
}

function inferType(v: unknown): DataType {
  if (v === null || v === undefined) return new NullType();
  if (typeof v === 'boolean') return new BooleanType();
  if (typeof v === 'bigint') return new LongType();
  if (typeof v === 'number') return new DoubleType();
  if (typeof v === 'string') return new StringType();
  if (v instanceof Uint8Array) return new BinaryType();
  if (v instanceof PyDecimal) return new DecimalType(38, 18);
  if (v instanceof PyDateTime) return new TimestampType();
  if (v instanceof PyDate) return new DateType();
  if (v instanceof PyList) {
    let t: DataType = new NullType();
    for (const x of v.items) t = mergeTypes(t, inferType(x), 'element');
    return new ArrayType(t, true);
  }
  if (v instanceof PyDict) {
    let k: DataType = new NullType();
    let x: DataType = new NullType();
    for (const [a, b] of v.pairs()) { k = mergeTypes(k, inferType(a), 'key'); x = mergeTypes(x, inferType(b), 'value'); }
    return new MapType(k, x, true);
  }
  if (v instanceof Row) return new StructType(v.fields.map((f, i) => new StructField(f, inferType(v.values[i]), true)));
  if (v instanceof PyTuple) return new StructType(v.items.map((x, i) => new StructField(`_${i + 1}`, inferType(x), true)));
  throw new PyOpError(`createDataFrame: cannot infer a Spark type for a value of type ${typeName(v)}`);
}

function mergeTypes(a: DataType, b: DataType, field: string): DataType {
  if (a instanceof NullType) return b;
  if (b instanceof NullType) return a;
  if (a instanceof ArrayType && b instanceof ArrayType) return new ArrayType(mergeTypes(a.elementType, b.elementType, field), true);
  if (a instanceof MapType && b instanceof MapType) {
    return new MapType(mergeTypes(a.keyType, b.keyType, field), mergeTypes(a.valueType, b.valueType, field), true);
  }
  if (a instanceof StructType && b instanceof StructType) {
    const fields = a.fields.map((f) => {
      const o = b.fields.find((g) => g.name === f.name);
      return o ? new StructField(f.name, mergeTypes(f.dataType, o.dataType, f.name), true) : f;
    });
    for (const g of b.fields) if (!fields.some((f) => f.name === g.name)) fields.push(g);
    return new StructType(fields);
  }
  if (a.simpleString() === b.simpleString()) return a;
  throw new PyOpError(`createDataFrame: column '${field}' mixes ${a.simpleString()} and ${b.simpleString()} values`);
}

// ---- Python values -> Arrow ----

function arrowType(t: DataType): A.DataType {
  if (t instanceof BooleanType) return new A.Bool();
  if (t instanceof ByteType) return new A.Int8();
  if (t instanceof ShortType) return new A.Int16();
  if (t instanceof IntegerType) return new A.Int32();
  if (t instanceof LongType) return new A.Int64();
  if (t instanceof FloatType) return new A.Float32();
  if (t instanceof DoubleType) return new A.Float64();
  if (t instanceof StringType) return new A.Utf8();
  if (t instanceof BinaryType) return new A.Binary();
  if (t instanceof DateType) return new A.DateDay();
  if (t instanceof TimestampType) return new A.TimestampMicrosecond('UTC');
  if (t instanceof TimestampNTZType) return new A.TimestampMicrosecond();
  if (t instanceof DecimalType) return new A.Decimal(t.scale, t.precision, 128);
  if (t instanceof NullType) return new A.Null();
  if (t instanceof ArrayType) return new A.List(new A.Field('element', arrowType(t.elementType), true));
  if (t instanceof MapType) {
    // The typings of Map_ want its key and value types as type parameters; the fields are built at run time.
    const entries = new A.Struct([
      new A.Field('key', arrowType(t.keyType), false), new A.Field('value', arrowType(t.valueType), true),
    ]) as A.Struct<{ key: A.DataType; value: A.DataType }>;
    return new A.Map_(new A.Field('entries', entries, false) as never);
  }
  if (t instanceof StructType) return new A.Struct(t.fields.map((f) => new A.Field(f.name, arrowType(f.dataType), true)));
  throw new PyOpError(`createDataFrame: the type ${t.simpleString()} is not supported for local rows`);
}

/** A Python value as the JS value the Arrow builder for type `t` takes. */
function arrowValue(v: unknown, t: DataType, field: string): unknown {
  if (v === null || v === undefined) return null;
  const bad = (): never => { throw new PyOpError(`createDataFrame: field ${field}: ${t.simpleString()} can not accept object ${typeName(v)}`); };
  if (t instanceof BooleanType) return typeof v === 'boolean' ? v : bad();
  if (t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType) {
    return typeof v === 'bigint' ? Number(v) : bad();
  }
  if (t instanceof LongType) return typeof v === 'bigint' ? v : bad();
  if (t instanceof FloatType || t instanceof DoubleType) {
    return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : bad();
  }
  if (t instanceof StringType) return typeof v === 'string' ? v : bad();
  if (t instanceof BinaryType) return v instanceof Uint8Array ? v : bad();
  if (t instanceof DateType) {
    const d = v instanceof PyDateTime ? v.date : v instanceof PyDate ? v : bad();
    return new Date(Date.UTC(d.year, d.month - 1, d.day));
  }
  if (t instanceof TimestampType || t instanceof TimestampNTZType) {
    const dt = v instanceof PyDateTime ? v : v instanceof PyDate ? new PyDateTime(v) : bad();
    return Number(dt.epochMicros()) / 1000;
  }
  if (t instanceof DecimalType) {
    const text = v instanceof PyDecimal ? v.text : typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? String(v) : bad();
    return decimalWords(text, t.scale);
  }
  if (t instanceof ArrayType) {
    const items = sequenceItems(v) ?? bad();
    return items.map((x) => arrowValue(x, t.elementType, field));
  }
  if (t instanceof MapType) {
    if (!(v instanceof PyDict)) return bad();
    return new Map(v.pairs().map(([k, x]) => [arrowValue(k, t.keyType, field), arrowValue(x, t.valueType, field)]));
  }
  if (t instanceof StructType) {
    const values = v instanceof Row ? t.names.map((n, i) => (v.has(n) ? v.get(n) : v.values[i]))
      : v instanceof PyDict ? t.names.map((n) => v.get(n) ?? null) : [...(sequenceItems(v) ?? bad())];
    const out: Record<string, unknown> = {};
    t.fields.forEach((f, i) => { out[f.name] = arrowValue(values[i], f.dataType, `${field}.${f.name}`); });
    return out;
  }
  return bad();
}

/** An unscaled decimal as the four little-endian 32-bit words of a 128-bit two's complement integer. */
function decimalWords(text: string, scale: number): Uint32Array {
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) throw new PyOpError(`"${text}" is not a decimal number`);
  const frac = (m[3] ?? '').padEnd(scale, '0').slice(0, scale);
  let n = BigInt((m[2] || '0') + frac);
  if (m[1] === '-') n = -n;
  const u = BigInt.asUintN(128, n);
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++) words[i] = Number((u >> BigInt(32 * i)) & 0xffffffffn);
  return words;
}

function rowsToValues(rows: readonly unknown[], schema: StructType, atomic: boolean): unknown[][] {
  const names = schema.names;
  const columns: unknown[][] = names.map(() => []);
  for (const row of rows) {
    const values = atomic ? [row] : rowValues(row, row instanceof PyDict || row instanceof Row ? names : undefined, names.length);
    if (values.length !== names.length) {
      throw new PyOpError(`createDataFrame: a row has ${values.length} values but the schema has ${names.length} fields`);
    }
    values.forEach((v, i) => columns[i]!.push(arrowValue(v, schema.fields[i]!.dataType, names[i]!)));
  }
  return columns;
}

function arrowTable(columns: unknown[][], schema: StructType, length: number): A.Table {
  // Field nullability must match the schema's: the server checks the data against it.
  const vectors = schema.fields.map((f, i) => vectorOf(columns[i]!, f.dataType));
  const fields = schema.fields.map((f, i) => new A.Field(f.name, vectors[i]!.type as A.DataType, f.nullable));
  const data = A.makeData({
    type: new A.Struct(fields), length, nullCount: 0,
    children: vectors.map((v) => (v.data.length === 1 ? v.data[0]! : A.makeVector(v.data).data[0]!)),
  });
  return new A.Table([new A.RecordBatch(new A.Schema(fields), data)]);
}

function vectorOf(values: unknown[], t: DataType): A.Vector {
  if (t instanceof TimestampType || t instanceof TimestampNTZType) {
    // The Arrow builder takes milliseconds; build microseconds exactly from an Int64 vector instead.
    const micros = values.map((v) => (v === null ? null : BigInt(Math.round((v as number) * 1000))));
    const d = A.vectorFromArray(micros, new A.Int64()).data[0]!;
    return A.makeVector(A.makeData({
      type: arrowType(t) as A.TimestampMicrosecond, length: d.length, nullCount: d.nullCount,
      nullBitmap: d.nullBitmap, data: d.values as unknown as BigInt64Array,
    }));
  }
  return A.vectorFromArray(values, arrowType(t));
}
