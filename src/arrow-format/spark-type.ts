// Spark type names for Arrow fields, for column headers when the host has not sent Spark's own schema, and
// the few Spark conventions that are only visible in Arrow field metadata.

import { DataType, Field, Type } from 'apache-arrow';

/** Spark 4 marks the metadata child of a VARIANT struct with field metadata variant=true. */
export function isVariantField(field: Field): boolean {
  if (!DataType.isStruct(field.type)) return false;
  const kids = field.type.children;
  if (kids.length !== 2) return false;
  const meta = kids.find((k) => k.name === 'metadata');
  const value = kids.find((k) => k.name === 'value');
  return !!meta && !!value && meta.metadata.get('variant') === 'true';
}

/** Digits after the second for Spark TIME(p): Spark writes the precision into field metadata. */
export function timePrecision(field: Field): number | undefined {
  const p = field.metadata.get('SPARK::time::precision');
  if (p === undefined) return undefined;
  const n = Number(p);
  return Number.isInteger(n) && n >= 0 && n <= 9 ? n : undefined;
}

export function sparkTypeName(field: Field): string {
  if (isVariantField(field)) return 'variant';
  const t = field.type;
  switch (t.typeId) {
    case Type.Null: return 'void';
    case Type.Int: {
      const names: Record<number, string> = { 8: 'tinyint', 16: 'smallint', 32: 'int', 64: 'bigint' };
      const base = names[(t as { bitWidth: number }).bitWidth] ?? 'int';
      return (t as { isSigned: boolean }).isSigned ? base : `${base} unsigned`;
    }
    case Type.Float: return (t as { precision: number }).precision === 1 ? 'float' : (t as { precision: number })
      .precision === 2 ? 'double' : 'half';
    case Type.Decimal: {
      const d = t as unknown as { precision: number; scale: number };
      return `decimal(${d.precision},${d.scale})`;
    }
    case Type.Utf8: case Type.LargeUtf8: case Type.Utf8View: return 'string';
    case Type.Binary: case Type.LargeBinary: case Type.BinaryView: case Type.FixedSizeBinary: return 'binary';
    case Type.Bool: return 'boolean';
    case Type.Date: return 'date';
    case Type.Timestamp: return (t as { timezone?: string | null }).timezone ? 'timestamp' : 'timestamp_ntz';
    case Type.Time: {
      const p = timePrecision(field);
      return p === undefined ? 'time' : `time(${p})`;
    }
    case Type.Interval: return (t as { unit: number }).unit === 0 ? 'interval year to month' : 'interval';
    case Type.Duration: return 'interval day to second';
    case Type.List: case Type.LargeList: case Type.FixedSizeList:
      return `array<${sparkTypeName(t.children[0] as Field)}>`;
    case Type.Map: {
      const entries = t.children[0] as Field;
      const [k, v] = entries.type.children as Field[];
      return `map<${sparkTypeName(k)},${sparkTypeName(v)}>`;
    }
    case Type.Struct:
      return `struct<${(t.children as Field[]).map((c) => `${c.name}:${sparkTypeName(c)}`).join(',')}>`;
    case Type.Dictionary:
      return sparkTypeName(new Field(field.name, (t as unknown as { dictionary: DataType }).dictionary,
        field.nullable, field.metadata));
    default: return String(t);
  }
}
