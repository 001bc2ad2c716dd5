// df.na: fill, drop and replace missing values (NAFill, NADrop, NAReplace relations).
import { spark } from './generated/spark-connect';
import type { DataFrame } from './dataframe';
import { int64 } from './literals';

type Literal = spark.connect.Expression.ILiteral;
type FillValue = boolean | number | bigint | string;
type ReplaceValue = boolean | number | string | null;

export class DataFrameNaFunctions {
  constructor(private readonly df: DataFrame) {}

  /**
   * Replaces nulls: fill(0), fill("n/a", ["name"]), or fill({ age: 0, name: "n/a" }). A value only
   * applies to columns of a matching type, as in Spark.
   */
  fill(value: FillValue | Record<string, FillValue> | null | undefined, subset?: string | string[]): DataFrame {
    if (value === null || value === undefined) throw new TypeError('fill: value must be a boolean, number, string or object');
    let cols: string[] = subset === undefined ? [] : typeof subset === 'string' ? [subset] : subset;
    let values: FillValue[];
    if (typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0) throw new TypeError('fill: the value object must not be empty');
      cols = entries.map(([c]) => c);
      values = entries.map(([, v]) => v);
    } else {
      values = [value];
    }
    return this.df.derive({ fillNa: { input: this.df.relation, cols, values: values.map(fillLiteral) } });
  }

  /** Drops rows with nulls: how "any" (default) or "all"; thresh keeps rows with at least that many non-nulls. */
  drop(how: 'any' | 'all' = 'any', thresh?: number, subset?: string | string[]): DataFrame {
    if (how !== 'any' && how !== 'all') throw new TypeError(`drop: how must be 'any' or 'all', got '${String(how)}'`);
    const dropNa: spark.connect.INADrop = {
      input: this.df.relation,
      cols: subset === undefined ? [] : typeof subset === 'string' ? [subset] : subset,
    };
    const min = thresh ?? (how === 'all' ? 1 : undefined);
    if (min !== undefined) dropNa.minNonNulls = min;
    return this.df.derive({ dropNa });
  }

  /**
   * Replaces values: replace(1, 2), replace(["a", "b"], ["x", "y"]), replace(["a", "b"], "z"),
   * or replace(new Map([[1, 10]])) / replace({ a: "x" }) (for string keys). Keys and values must be
   * all booleans, all strings or all numbers (null values allowed), as PySpark requires.
   */
  replace(
    toReplace: ReplaceValue | ReplaceValue[] | Record<string, ReplaceValue> | Map<ReplaceValue, ReplaceValue>,
    value?: ReplaceValue | ReplaceValue[],
    subset?: string | string[],
  ): DataFrame {
    let pairs: Array<[ReplaceValue, ReplaceValue]>;
    if (toReplace instanceof Map) pairs = [...toReplace];
    else if (toReplace !== null && typeof toReplace === 'object' && !Array.isArray(toReplace)) pairs = Object.entries(toReplace);
    else {
      if (value === undefined) throw new TypeError('replace: value is required unless toReplace is a mapping');
      const keys = Array.isArray(toReplace) ? toReplace : [toReplace];
      const values = Array.isArray(value) ? value : keys.map(() => value);
      if (values.length !== keys.length) {
        throw new RangeError(`replace: toReplace and value differ in length (${keys.length} vs ${values.length})`);
      }
      pairs = keys.map((k, i) => [k, values[i] ?? null]);
    }
    const kinds = new Set<string>();
    for (const [k, v] of pairs) {
      kinds.add(typeof k);
      if (v !== null) kinds.add(typeof v);
    }
    if (kinds.size > 1) throw new TypeError('replace: keys and values must all be booleans, all strings or all numbers');
    const replace: spark.connect.INAReplace = {
      input: this.df.relation,
      replacements: pairs.map(([k, v]) => ({ oldValue: replaceLiteral(k), newValue: replaceLiteral(v) })),
    };
    if (subset !== undefined) replace.cols = typeof subset === 'string' ? [subset] : subset;
    return this.df.derive({ replace });
  }
}

function fillLiteral(v: FillValue): Literal {
  // PySpark sends Python ints as LONG and floats as DOUBLE; a JS integer counts as an int.
  if (typeof v === 'boolean') return { boolean: v };
  if (typeof v === 'bigint') return { long: int64(v) };
  if (typeof v === 'number') return Number.isInteger(v) ? { long: v } : { double: v };
  if (typeof v === 'string') return { string: v };
  throw new TypeError(`fill: unsupported value of type ${typeof v}`);
}

function replaceLiteral(v: ReplaceValue): Literal {
  // Numbers travel as DOUBLE (PySpark turns ints into floats here) so one rule covers every numeric column.
  if (v === null) return { null: { null: {} } };
  if (typeof v === 'boolean') return { boolean: v };
  if (typeof v === 'number') return { double: v };
  return { string: v };
}
