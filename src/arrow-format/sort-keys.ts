// Sort keys for one column over all loaded batches, and a comparator over row numbers. Keys come from the
// raw values (not the display text) so numbers, decimals, dates and timestamps order by value. Order follows
// Spark: ascending puts NULLs first and NaN after every other number; descending reverses both.

import { Type, type Data, type Field } from 'apache-arrow';
import type { CellFormatter } from './formatter';
import { readWordsSigned } from './numbers';
import { isValid } from './renderer';
import { int64At } from './scalars';
import { isVariantField } from './spark-type';

export type SortKeys =
  | { readonly kind: 'number'; readonly values: Float64Array; readonly valid: Uint8Array }
  | { readonly kind: 'bigint'; readonly values: readonly bigint[]; readonly valid: Uint8Array }
  | { readonly kind: 'text'; readonly values: readonly string[]; readonly valid: Uint8Array };

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

type KeyKind = 'small' | 'int64' | 'decimal' | 'bool' | 'text';

function kindOf(field: Field): KeyKind {
  if (isVariantField(field)) return 'text';
  const t = field.type as unknown as { typeId: Type; bitWidth?: number; unit?: number };
  switch (t.typeId) {
    case Type.Int: return t.bitWidth === 64 ? 'int64' : 'small';
    case Type.Float: return 'small';
    case Type.Decimal: return 'decimal';
    case Type.Bool: return 'bool';
    case Type.Date: return t.unit === 0 ? 'small' : 'int64';
    case Type.Timestamp: case Type.Duration: return 'int64';
    case Type.Time: return (t.bitWidth ?? 64) === 64 ? 'int64' : 'small';
    case Type.Interval: return t.unit === 0 ? 'small' : 'text';
    default: return 'text';
  }
}

/** Builds keys for rows 0..n-1 of a column split in chunks (one Data per batch, in order). */
export function buildSortKeys(field: Field, formatter: CellFormatter, chunks: readonly Data[]): SortKeys {
  const n = chunks.reduce((s, c) => s + c.length, 0);
  const valid = new Uint8Array(n);
  const kind = kindOf(field);
  let row = 0;
  if (kind === 'text') {
    const values = new Array<string>(n);
    for (const d of chunks) {
      for (let i = 0; i < d.length; i++, row++) {
        const ok = isValid(d, i);
        valid[row] = ok ? 1 : 0;
        values[row] = ok ? formatter.text(d, i) : '';
      }
    }
    return { kind: 'text', values, valid };
  }
  if (kind === 'int64' || kind === 'decimal') {
    const big = new Array<bigint>(n);
    let fits = true;
    const words = kind === 'decimal' ? (field.type as unknown as { bitWidth: number }).bitWidth / 32 : 0;
    for (const d of chunks) {
      for (let i = 0; i < d.length; i++, row++) {
        const ok = isValid(d, i);
        valid[row] = ok ? 1 : 0;
        // Decimals of one column share a scale, so unscaled integers order like the values.
        const v = !ok ? 0n : words ? readWordsSigned(d.values as Uint32Array, i * words, words) : int64At(d, i);
        if (v > SAFE || v < -SAFE) fits = false;
        big[row] = v;
      }
    }
    if (!fits) return { kind: 'bigint', values: big, valid };
    const values = new Float64Array(n);
    for (let k = 0; k < n; k++) values[k] = Number(big[k]);
    return { kind: 'number', values, valid };
  }
  const values = new Float64Array(n);
  for (const d of chunks) {
    const raw = d.values as unknown as ArrayLike<number>;
    for (let i = 0; i < d.length; i++, row++) {
      const ok = isValid(d, i);
      valid[row] = ok ? 1 : 0;
      if (!ok) continue;
      if (kind === 'bool') {
        const j = d.offset + i;
        values[row] = ((d.values as Uint8Array)[j >> 3] >> (j & 7)) & 1;
      } else {
        values[row] = Number(raw[i]);
      }
    }
  }
  return { kind: 'number', values, valid };
}

function compareNumbers(a: number, b: number): number {
  // NaN sorts after every number, and equals itself (Spark's NaN semantics).
  const an = a !== a;
  const bn = b !== b;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two row numbers by these keys; ties keep row order so the sort is stable. */
export function rowComparator(keys: SortKeys, descending: boolean): (a: number, b: number) => number {
  const dir = descending ? -1 : 1;
  const { valid } = keys;
  const byValue: (a: number, b: number) => number = keys.kind === 'number'
    ? (a, b) => compareNumbers(keys.values[a], keys.values[b])
    : keys.kind === 'bigint'
      ? (a, b) => (keys.values[a] < keys.values[b] ? -1 : keys.values[a] > keys.values[b] ? 1 : 0)
      : (a, b) => (keys.values[a] < keys.values[b] ? -1 : keys.values[a] > keys.values[b] ? 1 : 0);
  return (a, b) => {
    const va = valid[a];
    const vb = valid[b];
    let c: number;
    if (va && vb) c = byValue(a, b);
    else c = va === vb ? 0 : va ? 1 : -1;
    return c !== 0 ? c * dir : a - b;
  };
}

/** Row numbers in sorted order, as an index array (the data is never copied). */
export function sortRows(rows: Uint32Array, keys: SortKeys, descending: boolean): Uint32Array {
  const out = Uint32Array.from(rows);
  out.sort(rowComparator(keys, descending));
  return out;
}
