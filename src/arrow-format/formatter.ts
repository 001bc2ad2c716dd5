// Builds the formatter of one result column from its Arrow field: exact display text, an exact JSON value,
// and a tree for the detail view, for every type Spark sends. Shared by the results grid and the CLI.

import { Type, Vector, type Data, type DataType, type Field } from 'apache-arrow';
import { parseIntervalFields } from './intervals';
import { jsonText, type JsonValue } from './json-value';
import { listRenderer, mapRenderer, structRenderer, variantRenderer } from './nested';
import { isValid, NULL_TEXT, type Renderer, type TreeNode } from './renderer';
import {
  binaryRenderer, boolRenderer, dateRenderer, decimalRenderer, durationRenderer, floatRenderer, intRenderer,
  nullRenderer, stringRenderer, timeRenderer, timestampRenderer, yearMonthRenderer,
} from './scalars';
import { isVariantField, sparkTypeName, timePrecision } from './spark-type';

export interface FormatOptions {
  /**
   * The session time zone. Spark already writes it into every TIMESTAMP column's Arrow type, so it only
   * matters for timestamps inside VARIANT values and when `overrideTimeZone` is set. Default: the first zone
   * found in the column, else UTC.
   */
  timeZone?: string;
  /** Show TIMESTAMP values in `timeZone` instead of the zone in the Arrow type. */
  overrideTimeZone?: boolean;
  /**
   * Spark's own type string for the column, from the result schema ("interval hour to minute",
   * "varchar(10)"). Arrow drops interval start/end fields and char/varchar lengths; this restores them.
   */
  sparkType?: string;
}

export interface CellFormatter {
  readonly name: string;
  /** Spark type name for the header. */
  readonly sparkType: string;
  /** Numbers are right-aligned. */
  readonly numeric: boolean;
  /** Arrays, maps, structs, variants: the detail view shows a tree. */
  readonly nested: boolean;
  isNull(d: Data, i: number): boolean;
  /** Exact display text; NULL_TEXT for SQL NULL (check isNull to tell it from the string "NULL"). */
  text(d: Data, i: number): string;
  /** Exact JSON value (int64 and decimals as number text, never rounded). */
  json(d: Data, i: number): JsonValue;
  /** The value as an expandable tree, labelled with the column name. */
  tree(d: Data, i: number): TreeNode;
}

function firstZone(t: DataType): string | undefined {
  if (t.typeId === Type.Timestamp) return (t as unknown as { timezone?: string | null }).timezone ?? undefined;
  for (const c of t.children ?? []) {
    const z = firstZone(c.type);
    if (z) return z;
  }
  return undefined;
}

interface BuildContext {
  timeZone: string;
  overrideTimeZone: boolean;
}

function build(field: Field, ctx: BuildContext, hint?: string): Renderer {
  const t = field.type;
  const type = sparkTypeName(field);
  if (isVariantField(field)) {
    const kids = t.children as Field[];
    return variantRenderer(ctx.timeZone, kids.findIndex((k) => k.name === 'value'),
      kids.findIndex((k) => k.name === 'metadata'));
  }
  const intervals = parseIntervalFields(hint);
  switch (t.typeId) {
    case Type.Null: return nullRenderer();
    case Type.Int: return intRenderer(type, (t as unknown as { bitWidth: number }).bitWidth);
    case Type.Float: return floatRenderer(type, (t as unknown as { precision: number }).precision);
    case Type.Decimal: {
      const d = t as unknown as { scale: number; bitWidth: number };
      return decimalRenderer(type, d.scale, d.bitWidth);
    }
    case Type.Utf8: case Type.LargeUtf8: return stringRenderer(hint && /^(var)?char\(/i.test(hint) ? hint : type);
    case Type.Binary: case Type.LargeBinary: return binaryRenderer(type);
    case Type.Bool: return boolRenderer(type);
    case Type.Date: return dateRenderer(type, (t as unknown as { unit: number }).unit === 0);
    case Type.Timestamp: {
      const ts = t as unknown as { unit: number; timezone?: string | null };
      const zone = ts.timezone ? (ctx.overrideTimeZone ? ctx.timeZone : ts.timezone) : null;
      return timestampRenderer(type, ts.unit, zone);
    }
    case Type.Time: return timeRenderer(hint ?? type, (t as unknown as { unit: number }).unit, timePrecision(field));
    case Type.Interval:
      if ((t as unknown as { unit: number }).unit === 0) {
        return yearMonthRenderer(intervals?.family === 'ym' ? hint! : type,
          intervals?.family === 'ym' ? intervals.fields : undefined);
      }
      return fallbackRenderer(type);
    case Type.Duration:
      return durationRenderer(intervals?.family === 'dt' ? hint! : type, (t as unknown as { unit: number }).unit,
        intervals?.family === 'dt' ? intervals.fields : undefined);
    case Type.List: case Type.LargeList:
      return listRenderer(type, build(t.children[0] as Field, ctx));
    case Type.FixedSizeList:
      return listRenderer(type, build(t.children[0] as Field, ctx), (t as unknown as { listSize: number }).listSize);
    case Type.Map: {
      const [k, v] = (t.children[0] as Field).type.children as Field[];
      return mapRenderer(type, build(k, ctx), build(v, ctx));
    }
    case Type.Struct:
      return structRenderer(type, (t.children as Field[]).map((c) => ({ name: c.name, renderer: build(c, ctx) })));
    default: return fallbackRenderer(type);
  }
}

/** Types Spark never sends (unions, views, dictionaries...): arrow-js's own value, as text. */
function fallbackRenderer(type: string): Renderer {
  const text = (d: Data, i: number): string => {
    const v: unknown = new Vector([d]).get(i);
    if (typeof v === 'string') return v;
    try {
      return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
    } catch {
      return String(v);
    }
  };
  return { type, nested: false, numeric: false, text, inner: text, json: text };
}

export function createCellFormatter(field: Field, options: FormatOptions = {}): CellFormatter {
  const ctx: BuildContext = {
    timeZone: options.timeZone ?? firstZone(field.type) ?? 'UTC',
    overrideTimeZone: options.overrideTimeZone ?? false,
  };
  const r = build(field, ctx, options.sparkType);
  const sparkType = options.sparkType ?? r.type;
  return {
    name: field.name,
    sparkType,
    numeric: r.numeric,
    nested: r.nested,
    isNull: (d, i) => !isValid(d, i),
    text: (d, i) => (isValid(d, i) ? r.text(d, i) : NULL_TEXT),
    json: (d, i) => (isValid(d, i) ? r.json(d, i) : null),
    tree: (d, i) => {
      if (!isValid(d, i)) return { label: field.name, type: sparkType, text: NULL_TEXT, isNull: true };
      const children = r.children?.(d, i);
      const text = r.text(d, i);
      return children ? { label: field.name, type: sparkType, text, isNull: false, children }
        : { label: field.name, type: sparkType, text, isNull: false };
    },
  };
}

/** One-line JSON text of a cell (for JSON copy of a single value). */
export function cellJsonText(f: CellFormatter, d: Data, i: number): string {
  return jsonText(f.json(d, i));
}
