// pyspark.sql.types: the type classes (for casts, schemas and createDataFrame) and Row.
import {
  ArrayType, BinaryType, BooleanType, ByteType, CalendarIntervalType, CharType, DataType, DateType,
  DayTimeIntervalType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MapType, NullType, ShortType,
  StringType, StructField, StructType, TimestampNTZType, TimestampType, VarcharType, VariantType,
  YearMonthIntervalType,
} from '../connect/data-types';
import { Row } from '../connect/row';
import { bind, bool, int, str } from './args';
import { typeName } from './format';
import { PyOpError, truthy } from './operators';
import { CallArgs, PyBuiltin, PyDict, PyList, PyModule, sequenceItems } from './values';

function dataType(v: unknown, what: string): DataType {
  if (v instanceof DataType) return v;
  throw new PyOpError(`${what} should be a DataType, got ${typeName(v)}`);
}

function simple(name: string, make: () => DataType): [string, PyBuiltin] {
  return [name, new PyBuiltin(name, () => make())];
}

function metadataOf(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!(v instanceof PyDict)) throw new PyOpError('metadata should be a dict');
  const out: Record<string, unknown> = {};
  for (const [k, x] of v.pairs()) out[String(k)] = typeof x === 'bigint' ? Number(x) : x;
  return out;
}

export function structFieldOf(a: CallArgs): StructField {
  const b = bind(a, 'StructField', 'name, dataType, nullable=, metadata=');
  return new StructField(str(b['name'], 'name'), dataType(b['dataType'], 'dataType'),
    b['nullable'] === undefined ? true : truthy(b['nullable']), metadataOf(b['metadata']));
}

export function structTypeOf(fields: unknown): StructType {
  if (fields === undefined || fields === null) return new StructType([]);
  const items = sequenceItems(fields);
  if (!items) throw new PyOpError('StructType takes a list of StructField');
  return new StructType(items.map((f) => {
    if (!(f instanceof StructField)) throw new PyOpError(`StructType fields should be StructField, got ${typeName(f)}`);
    return f;
  }));
}

/** Row(a=1, b="x") or Row("a", "b") (a row class, called with values). */
function makeRow(a: CallArgs): unknown {
  if (a.kw.size > 0) return new Row([...a.kw.keys()], [...a.kw.values()]);
  const names = a.pos.map((p) => str(p, 'Row field'));
  return new PyBuiltin('Row', (b) => new Row(names, b.pos));
}

const TYPE_CLASSES: Array<[string, PyBuiltin]> = [
  simple('NullType', () => new NullType()),
  simple('BinaryType', () => new BinaryType()),
  simple('BooleanType', () => new BooleanType()),
  simple('DateType', () => new DateType()),
  simple('TimestampType', () => new TimestampType()),
  simple('TimestampNTZType', () => new TimestampNTZType()),
  simple('VariantType', () => new VariantType()),
  simple('CalendarIntervalType', () => new CalendarIntervalType()),
  simple('StringType', () => new StringType()),
  simple('ByteType', () => new ByteType()),
  simple('ShortType', () => new ShortType()),
  simple('IntegerType', () => new IntegerType()),
  simple('LongType', () => new LongType()),
  simple('FloatType', () => new FloatType()),
  simple('DoubleType', () => new DoubleType()),
  ['CharType', new PyBuiltin('CharType', (a) => new CharType(int(bind(a, 'CharType', 'length')['length'], 'length')))],
  ['VarcharType', new PyBuiltin('VarcharType', (a) => new VarcharType(int(bind(a, 'VarcharType', 'length')['length'], 'length')))],
  ['DecimalType', new PyBuiltin('DecimalType', (a) => {
    const b = bind(a, 'DecimalType', 'precision=, scale=');
    return new DecimalType(b['precision'] === undefined ? 10 : int(b['precision'], 'precision'), b['scale'] === undefined ? 0 : int(b['scale'], 'scale'));
  })],
  ['DayTimeIntervalType', new PyBuiltin('DayTimeIntervalType', (a) => {
    const b = bind(a, 'DayTimeIntervalType', 'startField=, endField=');
    const s = b['startField'] === undefined ? 0 : int(b['startField'], 'startField');
    return new DayTimeIntervalType(s, b['endField'] === undefined ? (b['startField'] === undefined ? 3 : s) : int(b['endField'], 'endField'));
  })],
  ['YearMonthIntervalType', new PyBuiltin('YearMonthIntervalType', (a) => {
    const b = bind(a, 'YearMonthIntervalType', 'startField=, endField=');
    const s = b['startField'] === undefined ? 0 : int(b['startField'], 'startField');
    return new YearMonthIntervalType(s, b['endField'] === undefined ? (b['startField'] === undefined ? 1 : s) : int(b['endField'], 'endField'));
  })],
  ['ArrayType', new PyBuiltin('ArrayType', (a) => {
    const b = bind(a, 'ArrayType', 'elementType, containsNull=');
    return new ArrayType(dataType(b['elementType'], 'elementType'), b['containsNull'] === undefined ? true : bool(b['containsNull'], 'containsNull'));
  })],
  ['MapType', new PyBuiltin('MapType', (a) => {
    const b = bind(a, 'MapType', 'keyType, valueType, valueContainsNull=');
    return new MapType(dataType(b['keyType'], 'keyType'), dataType(b['valueType'], 'valueType'),
      b['valueContainsNull'] === undefined ? true : bool(b['valueContainsNull'], 'valueContainsNull'));
  })],
  ['StructField', new PyBuiltin('StructField', structFieldOf)],
  ['StructType', new PyBuiltin('StructType', (a) => structTypeOf(bind(a, 'StructType', 'fields=')['fields']))],
  ['Row', new PyBuiltin('Row', makeRow)],
];

export const typesModule = new PyModule('pyspark.sql.types', new Map<string, unknown>(TYPE_CLASSES));

export const rowBuiltin = new PyBuiltin('Row', makeRow);

/** Attributes of DataType values: StructType's fields/names/add/fieldNames, every type's json/simpleString. */
export function dataTypeAttribute(t: DataType, name: string): unknown {
  const m = (f: (a: CallArgs) => unknown) => new PyBuiltin(name, f);
  switch (name) {
    case 'simpleString': return m(() => t.simpleString());
    case 'typeName': return m(() => t.typeName());
    case 'json': return m(() => t.json());
    case 'jsonValue': return m(() => toPy(t.jsonValue()));
  }
  if (t instanceof StructType) {
    switch (name) {
      case 'fields': return new PyList([...t.fields]);
      case 'names': return new PyList([...t.names]);
      case 'fieldNames': return m(() => new PyList([...t.names]));
      case 'treeString': return m(() => t.treeString());
      case 'add': return m((a) => {
        const b = bind(a, 'add', 'field, data_type=, nullable=, metadata=');
        if (b['field'] instanceof StructField) return t.add(b['field']);
        return t.add(str(b['field'], 'field'), dataType(b['data_type'], 'data_type'),
          b['nullable'] === undefined ? true : truthy(b['nullable']), metadataOf(b['metadata']));
      });
    }
  }
  if (t instanceof ArrayType) {
    if (name === 'elementType') return t.elementType;
    if (name === 'containsNull') return t.containsNull;
  }
  if (t instanceof MapType) {
    if (name === 'keyType') return t.keyType;
    if (name === 'valueType') return t.valueType;
  }
  if (t instanceof DecimalType) {
    if (name === 'precision') return BigInt(t.precision);
    if (name === 'scale') return BigInt(t.scale);
  }
  return undefined;
}

export function structFieldAttribute(f: StructField, name: string): unknown {
  switch (name) {
    case 'name': return f.name;
    case 'dataType': return f.dataType;
    case 'nullable': return f.nullable;
    case 'metadata': return toPy(f.metadata);
    case 'simpleString': return new PyBuiltin(name, () => f.simpleString());
    default: return undefined;
  }
}

function toPy(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return new PyList(v.map(toPy));
  if (v !== null && typeof v === 'object') return PyDict.of(Object.entries(v).map(([k, x]) => [k, toPy(x)]));
  return v;
}
