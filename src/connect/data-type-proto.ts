// The Connect DataType message <-> the client-side DataType model (data-types.ts).
import { spark } from './generated/spark-connect';
import {
  ArrayType, BinaryType, BooleanType, ByteType, CalendarIntervalType, CharType, DataType, DateType,
  DayTimeIntervalType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MapType, NullType,
  OpaqueType, ShortType, StringType, StructField, StructType, TimeType, TimestampNTZType, TimestampType,
  VarcharType, VariantType, YearMonthIntervalType,
} from './data-types';
import { parseDataType } from './ddl';

type ProtoType = spark.connect.IDataType;

/** Converts a DataType message (from AnalyzePlan or an ExecutePlan schema) to the readable model. */
export function dataTypeFromProto(t: ProtoType | null | undefined): DataType {
  if (!t) return new NullType();
  if (t.null) return new NullType();
  if (t.binary) return new BinaryType();
  if (t.boolean) return new BooleanType();
  if (t.byte) return new ByteType();
  if (t.short) return new ShortType();
  if (t.integer) return new IntegerType();
  if (t.long) return new LongType();
  if (t.float) return new FloatType();
  if (t.double) return new DoubleType();
  if (t.decimal) return new DecimalType(t.decimal.precision ?? 10, t.decimal.scale ?? 0);
  if (t.string) return new StringType(t.string.collation || undefined);
  if (t.char) return new CharType(t.char.length ?? 0);
  if (t.varChar) return new VarcharType(t.varChar.length ?? 0);
  if (t.date) return new DateType();
  if (t.timestamp) return new TimestampType();
  if (t.timestampNtz) return new TimestampNTZType();
  if (t.calendarInterval) return new CalendarIntervalType();
  if (t.yearMonthInterval) {
    return new YearMonthIntervalType(t.yearMonthInterval.startField ?? 0, t.yearMonthInterval.endField ?? 1);
  }
  if (t.dayTimeInterval) {
    return new DayTimeIntervalType(t.dayTimeInterval.startField ?? 0, t.dayTimeInterval.endField ?? 3);
  }
  if (t.array) {
    return new ArrayType(dataTypeFromProto(t.array.elementType), t.array.containsNull ?? false);
  }
  if (t.map) {
    return new MapType(dataTypeFromProto(t.map.keyType), dataTypeFromProto(t.map.valueType),
      t.map.valueContainsNull ?? false);
  }
  if (t.struct) {
    return new StructType((t.struct.fields ?? []).map((f) => new StructField(
      f.name ?? '', dataTypeFromProto(f.dataType), f.nullable ?? false, parseMetadata(f.metadata))));
  }
  if (t.variant) return new VariantType();
  if (t.time) return new TimeType(t.time.precision ?? 6);
  if (t.udt) {
    // A UDT reads back as its SQL type when the server sends one; the class name alone means nothing here.
    return t.udt.sqlType ? dataTypeFromProto(t.udt.sqlType) : new OpaqueType(t.udt.type || 'udt');
  }
  if (t.unparsed) return parseDataType(t.unparsed.dataTypeString ?? '');
  if (t.geometry) return new OpaqueType(`geometry(${t.geometry.srid ?? 0})`);
  if (t.geography) return new OpaqueType(`geography(${t.geography.srid ?? 0})`);
  return new OpaqueType('unknown');
}

function parseMetadata(s: string | null | undefined): Record<string, unknown> {
  if (!s) return {};
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' ? v as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

/** Converts the readable model to a DataType message (for casts, null literals, ToSchema). */
export function dataTypeToProto(t: DataType): ProtoType {
  if (t instanceof NullType) return { null: {} };
  if (t instanceof BinaryType) return { binary: {} };
  if (t instanceof BooleanType) return { boolean: {} };
  if (t instanceof ByteType) return { byte: {} };
  if (t instanceof ShortType) return { short: {} };
  if (t instanceof IntegerType) return { integer: {} };
  if (t instanceof LongType) return { long: {} };
  if (t instanceof FloatType) return { float: {} };
  if (t instanceof DoubleType) return { double: {} };
  if (t instanceof DecimalType) return { decimal: { precision: t.precision, scale: t.scale } };
  if (t instanceof StringType) return { string: t.collation ? { collation: t.collation } : {} };
  if (t instanceof CharType) return { char: { length: t.length } };
  if (t instanceof VarcharType) return { varChar: { length: t.length } };
  if (t instanceof DateType) return { date: {} };
  if (t instanceof TimestampType) return { timestamp: {} };
  if (t instanceof TimestampNTZType) return { timestampNtz: {} };
  if (t instanceof CalendarIntervalType) return { calendarInterval: {} };
  if (t instanceof YearMonthIntervalType) {
    return { yearMonthInterval: { startField: t.startField, endField: t.endField } };
  }
  if (t instanceof DayTimeIntervalType) {
    return { dayTimeInterval: { startField: t.startField, endField: t.endField } };
  }
  if (t instanceof ArrayType) {
    return { array: { elementType: dataTypeToProto(t.elementType), containsNull: t.containsNull } };
  }
  if (t instanceof MapType) {
    return {
      map: {
        keyType: dataTypeToProto(t.keyType), valueType: dataTypeToProto(t.valueType),
        valueContainsNull: t.valueContainsNull,
      },
    };
  }
  if (t instanceof StructType) {
    return {
      struct: {
        fields: t.fields.map((f) => {
          const field: spark.connect.DataType.IStructField = {
            name: f.name, dataType: dataTypeToProto(f.dataType), nullable: f.nullable,
          };
          if (Object.keys(f.metadata).length > 0) field.metadata = JSON.stringify(f.metadata);
          return field;
        }),
      },
    };
  }
  if (t instanceof VariantType) return { variant: {} };
  if (t instanceof TimeType) return { time: { precision: t.precision } };
  // Anything else travels as text for the server's parser to resolve.
  return { unparsed: { dataTypeString: t.simpleString() } };
}
