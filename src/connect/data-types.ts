// Spark SQL data types as a readable client-side model, shaped like pyspark.sql.types:
// the same class names, typeName()/simpleString()/jsonValue()/json(), StructType.treeString().
// Conversions to and from the Connect DataType message live in data-type-proto.ts, DDL text in
// ddl.ts, so this file stays the one place that knows each type's spelling.

export abstract class DataType {
  /** Name used in JSON schemas and printSchema (PySpark's typeName()). */
  abstract typeName(): string;

  /** Catalyst's compact spelling (`int`, `bigint`, `array<string>`, `struct<a:int>`). */
  simpleString(): string {
    return this.typeName();
  }

  /** The JSON value Spark uses for this type inside a schema JSON document. */
  jsonValue(): unknown {
    return this.typeName();
  }

  json(): string {
    return JSON.stringify(this.jsonValue());
  }

  /** SQL spelling used in DDL (`INT`, `DECIMAL(10,2)`, `STRUCT<a: INT>`). */
  sql(): string {
    return this.simpleString().toUpperCase();
  }

  equals(other: DataType): boolean {
    return this.json() === other.json();
  }

  toString(): string {
    return this.simpleString();
  }
}

abstract class AtomicType extends DataType {}

export class NullType extends AtomicType {
  typeName(): string { return 'void'; }
}
export class BinaryType extends AtomicType {
  typeName(): string { return 'binary'; }
}
export class BooleanType extends AtomicType {
  typeName(): string { return 'boolean'; }
}
export class DateType extends AtomicType {
  typeName(): string { return 'date'; }
}
export class TimestampType extends AtomicType {
  typeName(): string { return 'timestamp'; }
}
export class TimestampNTZType extends AtomicType {
  typeName(): string { return 'timestamp_ntz'; }
}
export class VariantType extends AtomicType {
  typeName(): string { return 'variant'; }
}
export class CalendarIntervalType extends AtomicType {
  typeName(): string { return 'calendarinterval'; }
  override simpleString(): string { return 'interval'; }
}

export class StringType extends AtomicType {
  /** Collation name; undefined (or UTF8_BINARY) means the default binary collation. */
  constructor(readonly collation?: string) { super(); }
  typeName(): string { return 'string'; }
  override simpleString(): string {
    return this.collation && this.collation.toUpperCase() !== 'UTF8_BINARY'
      ? `string collate ${this.collation}` : 'string';
  }
  override jsonValue(): unknown { return this.simpleString(); }
}

export class CharType extends AtomicType {
  constructor(readonly length: number) { super(); }
  typeName(): string { return 'char'; }
  override simpleString(): string { return `char(${this.length})`; }
  override jsonValue(): unknown { return this.simpleString(); }
}
export class VarcharType extends AtomicType {
  constructor(readonly length: number) { super(); }
  typeName(): string { return 'varchar'; }
  override simpleString(): string { return `varchar(${this.length})`; }
  override jsonValue(): unknown { return this.simpleString(); }
}

export abstract class NumericType extends AtomicType {}
export class ByteType extends NumericType {
  typeName(): string { return 'byte'; }
  override simpleString(): string { return 'tinyint'; }
}
export class ShortType extends NumericType {
  typeName(): string { return 'short'; }
  override simpleString(): string { return 'smallint'; }
}
export class IntegerType extends NumericType {
  typeName(): string { return 'integer'; }
  override simpleString(): string { return 'int'; }
}
export class LongType extends NumericType {
  typeName(): string { return 'long'; }
  override simpleString(): string { return 'bigint'; }
}
export class FloatType extends NumericType {
  typeName(): string { return 'float'; }
}
export class DoubleType extends NumericType {
  typeName(): string { return 'double'; }
}
export class DecimalType extends NumericType {
  // PySpark's DecimalType() defaults to (10, 0), as does Spark SQL's bare DECIMAL.
  constructor(readonly precision = 10, readonly scale = 0) { super(); }
  typeName(): string { return 'decimal'; }
  override simpleString(): string { return `decimal(${this.precision},${this.scale})`; }
  override jsonValue(): unknown { return this.simpleString(); }
}

/** TIME(p), Spark 4.1+. */
export class TimeType extends AtomicType {
  constructor(readonly precision = 6) { super(); }
  typeName(): string { return 'time'; }
  override simpleString(): string { return `time(${this.precision})`; }
  override jsonValue(): unknown { return this.simpleString(); }
}

const DAY_TIME_FIELDS = ['day', 'hour', 'minute', 'second'] as const;
const YEAR_MONTH_FIELDS = ['year', 'month'] as const;

function intervalName(fields: readonly string[], start: number, end: number): string {
  const s = fields[start] ?? '?';
  const e = fields[end] ?? '?';
  return s === e ? `interval ${s}` : `interval ${s} to ${e}`;
}

export class DayTimeIntervalType extends AtomicType {
  static readonly DAY = 0;
  static readonly HOUR = 1;
  static readonly MINUTE = 2;
  static readonly SECOND = 3;
  constructor(readonly startField = 0, readonly endField = 3) { super(); }
  typeName(): string { return 'daytimeinterval'; }
  override simpleString(): string { return intervalName(DAY_TIME_FIELDS, this.startField, this.endField); }
  override jsonValue(): unknown { return this.simpleString(); }
}

export class YearMonthIntervalType extends AtomicType {
  static readonly YEAR = 0;
  static readonly MONTH = 1;
  constructor(readonly startField = 0, readonly endField = 1) { super(); }
  typeName(): string { return 'yearmonthinterval'; }
  override simpleString(): string { return intervalName(YEAR_MONTH_FIELDS, this.startField, this.endField); }
  override jsonValue(): unknown { return this.simpleString(); }
}

export class ArrayType extends DataType {
  constructor(readonly elementType: DataType, readonly containsNull = true) { super(); }
  typeName(): string { return 'array'; }
  override simpleString(): string { return `array<${this.elementType.simpleString()}>`; }
  override sql(): string { return `ARRAY<${this.elementType.sql()}>`; }
  override jsonValue(): unknown {
    return { type: 'array', elementType: this.elementType.jsonValue(), containsNull: this.containsNull };
  }
}

export class MapType extends DataType {
  constructor(readonly keyType: DataType, readonly valueType: DataType, readonly valueContainsNull = true) {
    super();
  }
  typeName(): string { return 'map'; }
  override simpleString(): string {
    return `map<${this.keyType.simpleString()},${this.valueType.simpleString()}>`;
  }
  override sql(): string { return `MAP<${this.keyType.sql()}, ${this.valueType.sql()}>`; }
  override jsonValue(): unknown {
    return {
      type: 'map', keyType: this.keyType.jsonValue(), valueType: this.valueType.jsonValue(),
      valueContainsNull: this.valueContainsNull,
    };
  }
}

/** A type the client has no model for (user-defined types, geometry, ...), kept by name. */
export class OpaqueType extends DataType {
  constructor(readonly name: string, readonly json_?: unknown) { super(); }
  typeName(): string { return this.name; }
  override jsonValue(): unknown { return this.json_ ?? this.name; }
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Backticks a name unless it is a plain identifier, as Spark's quoteIfNeeded does. */
export function quoteIfNeeded(name: string): string {
  return PLAIN_IDENTIFIER.test(name) ? name : '`' + name.replace(/`/g, '``') + '`';
}

export class StructField {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable = true,
    readonly metadata: Record<string, unknown> = {},
  ) {}

  /** The column comment, which Spark keeps in the field metadata. */
  get comment(): string | undefined {
    const c = this.metadata['comment'];
    return typeof c === 'string' ? c : undefined;
  }

  simpleString(): string {
    return `${this.name}:${this.dataType.simpleString()}`;
  }

  jsonValue(): Record<string, unknown> {
    return { name: this.name, type: this.dataType.jsonValue(), nullable: this.nullable, metadata: this.metadata };
  }

  toDDL(): string {
    const comment = this.comment === undefined ? '' : ` COMMENT '${escapeSqlString(this.comment)}'`;
    return `${quoteIfNeeded(this.name)} ${this.dataType.sql()}${this.nullable ? '' : ' NOT NULL'}${comment}`;
  }
}

export class StructType extends DataType {
  readonly fields: StructField[];

  constructor(fields: StructField[] = []) {
    super();
    this.fields = [...fields];
  }

  /** PySpark's fluent add(): returns a new StructType (ours are immutable). */
  add(field: string | StructField, dataType?: DataType, nullable = true,
    metadata: Record<string, unknown> = {}): StructType {
    const f = typeof field === 'string' ? new StructField(field, requireType(dataType), nullable, metadata) : field;
    return new StructType([...this.fields, f]);
  }

  get names(): string[] {
    return this.fields.map((f) => f.name);
  }

  fieldNames(): string[] {
    return this.names;
  }

  /** A field by name or position, like PySpark's struct["name"] / struct[0]. */
  field(key: string | number): StructField {
    const f = typeof key === 'number' ? this.fields[key] : this.fields.find((x) => x.name === key);
    if (!f) throw new RangeError(`No field ${JSON.stringify(key)} in ${this.simpleString()}`);
    return f;
  }

  typeName(): string { return 'struct'; }

  override simpleString(): string {
    return `struct<${this.fields.map((f) => f.simpleString()).join(',')}>`;
  }

  override sql(): string {
    return `STRUCT<${this.fields.map((f) => `${quoteIfNeeded(f.name)}: ${f.dataType.sql()}${f.nullable ? '' : ' NOT NULL'}`).join(', ')}>`;
  }

  override jsonValue(): unknown {
    return { type: 'struct', fields: this.fields.map((f) => f.jsonValue()) };
  }

  /** Column list in DDL form, e.g. "id BIGINT NOT NULL, name STRING". */
  toDDL(): string {
    return this.fields.map((f) => f.toDDL()).join(', ');
  }

  /** The printSchema() tree, in the same layout as Spark's StructType.treeString. */
  treeString(maxDepth?: number): string {
    const depth = maxDepth !== undefined && maxDepth > 0 ? maxDepth : Number.MAX_SAFE_INTEGER;
    const out: string[] = ['root\n'];
    for (const f of this.fields) appendField(out, ' |', f, depth);
    return out.join('');
  }
}

function requireType(t: DataType | undefined): DataType {
  if (!t) throw new TypeError('StructType.add(name, dataType): dataType is required');
  return t;
}

function escapeSqlString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

// printSchema spells decimals, chars and intervals the way simpleString does, everything else by typeName.
function treeTypeName(t: DataType): string {
  if (t instanceof DecimalType || t instanceof CharType || t instanceof VarcharType
    || t instanceof DayTimeIntervalType || t instanceof YearMonthIntervalType || t instanceof TimeType) {
    return t.simpleString();
  }
  return t.typeName();
}

function escapeMeta(name: string): string {
  return name.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    .replace(/\f/g, '\\f').replace(/\x08/g, '\\b').replace(/\v/g, '\\v').replace(/\x07/g, '\\a');
}

function appendField(out: string[], prefix: string, f: StructField, depth: number): void {
  if (depth <= 0) return;
  out.push(`${prefix}-- ${escapeMeta(f.name)}: ${treeTypeName(f.dataType)} (nullable = ${f.nullable})\n`);
  appendNested(out, `${prefix}    |`, f.dataType, depth - 1);
}

function appendNested(out: string[], prefix: string, t: DataType, depth: number): void {
  if (depth <= 0) return;
  if (t instanceof StructType) {
    for (const f of t.fields) appendField(out, prefix, f, depth);
  } else if (t instanceof ArrayType) {
    out.push(`${prefix}-- element: ${treeTypeName(t.elementType)} (containsNull = ${t.containsNull})\n`);
    appendNested(out, `${prefix}    |`, t.elementType, depth - 1);
  } else if (t instanceof MapType) {
    out.push(`${prefix}-- key: ${treeTypeName(t.keyType)}\n`);
    appendNested(out, `${prefix}    |`, t.keyType, depth - 1);
    out.push(`${prefix}-- value: ${treeTypeName(t.valueType)} (valueContainsNull = ${t.valueContainsNull})\n`);
    appendNested(out, `${prefix}    |`, t.valueType, depth - 1);
  }
}
