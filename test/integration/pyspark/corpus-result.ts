// What one corpus snippet gave, in the form both clients are reduced to before comparing (the typed JSON
// described in pyspark-reference.py), and the canonical text two results are compared by.
//
// The canonical form is built here, in one place, for both sides: floats are printed by the same
// JSON.stringify, map entries are sorted by their canonical text (a map has no order), and rows are
// sorted too unless the snippet orders its result.

/** A value as typed JSON: strings for exact numbers and dates, numbers for floats, lists for structs. */
export type Typed = null | boolean | number | string | Typed[] | { map: Typed[][] } | { row: [string[], Typed[]] } | { schema: Array<[string, string, boolean]> };

export type SnippetResult =
  | { kind: 'dataframe'; schema: Array<[string, string, boolean]>; rows: Typed[][] }
  | { kind: 'value'; value: Typed }
  | { kind: 'error'; errorClass: string; message: string }
  /** The harness itself failed (a bug in the test, not a result). */
  | { kind: 'harness-error'; message: string };

function sortMaps(v: Typed): Typed {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sortMaps);
  if ('map' in v) {
    const pairs = v.map.map((p) => p.map(sortMaps));
    pairs.sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
    return { map: pairs };
  }
  if ('row' in v) return { row: [v.row[0], v.row[1].map(sortMaps)] };
  return v;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The text two results must share to count as identical. */
export function canonical(r: SnippetResult, ordered: boolean): string {
  switch (r.kind) {
    case 'dataframe': {
      const rows = r.rows.map((row) => JSON.stringify(row.map(sortMaps)));
      if (!ordered) rows.sort(cmp);
      return [`schema ${JSON.stringify(r.schema)}`, `${rows.length} rows`, ...rows].join('\n');
    }
    case 'value':
      return `value ${JSON.stringify(sortMaps(r.value))}`;
    case 'error':
      return `error ${r.errorClass}`;
    case 'harness-error':
      return `harness error ${r.message}`;
  }
}
