// Rows the server returned, as the evaluator's Python values: integer columns become Python ints
// (bigint) and floating-point columns stay floats, so print(df.collect()) shows 2 for an INT and 2.0
// for a DOUBLE, as PySpark does. The Arrow schema says which is which; JavaScript numbers cannot.
import * as A from 'apache-arrow';
import type { DataFrame } from '../connect/dataframe';
import { Row } from '../connect/row';
import { tableToRows } from '../connect/arrow-rows';

function convert(v: unknown, type: A.DataType): unknown {
  if (v === null || v === undefined) return v;
  if (A.DataType.isInt(type) && typeof v === 'number') return BigInt(v);
  if (A.DataType.isList(type) && Array.isArray(v)) {
    const child = type.children[0]!.type as A.DataType;
    return v.map((x) => convert(x, child));
  }
  if (A.DataType.isStruct(type) && v instanceof Row) {
    return new Row(v.fields, v.values.map((x, i) => convert(x, type.children[i]!.type as A.DataType)));
  }
  if (A.DataType.isMap(type) && v instanceof Map) {
    const entries = type.children[0]!.type as A.Struct;
    const [kt, vt] = [entries.children[0]!.type as A.DataType, entries.children[1]!.type as A.DataType];
    return new Map([...v].map(([k, x]) => [convert(k, kt), convert(x, vt)]));
  }
  return v;
}

export function pyRows(table: A.Table): Row[] {
  const types = table.schema.fields.map((f) => f.type as A.DataType);
  return tableToRows(table).map((r) => new Row(r.fields, r.values.map((v, i) => convert(v, types[i]!))));
}

export async function collectRows(df: DataFrame, opts?: { signal?: AbortSignal }): Promise<Row[]> {
  return pyRows(await df.toArrow(opts));
}
