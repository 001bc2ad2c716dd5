// Per-column matchers for the quick filter. A match is a case-insensitive substring of a cell's display
// text (what the grid shows; NULL cells never match). Two shortcuts keep 1e6-row results responsive:
// columns whose text cannot contain one of the needle's characters are skipped (digits-only types for
// "user_42"), and plain string columns are searched in their UTF-8 bytes without decoding when the needle
// is ASCII (ASCII case folding only; the rare non-ASCII characters that lowercase to ASCII, such as the
// Kelvin sign, are not folded there).

import { Type, type Data, type Field } from 'apache-arrow';
import { isValid } from '../../src/arrow-format/renderer';
import { isVariantField } from '../../src/arrow-format/spark-type';
import type { ResultStore } from './result-store';

const DIGITS = '0123456789';
const NULL_WORD = 'nul';
// Letters of INTERVAL '…' DAY|HOUR|MINUTE|SECOND|YEAR|MONTH TO …, lowercased.
const INTERVAL = "intervaldyhoumscepr '-:." + DIGITS;

/** Characters (lowercased) that can appear in a type's display text; undefined: anything. */
function alphabet(field: Field): string | undefined {
  if (isVariantField(field)) return undefined;
  const t = field.type as unknown as { typeId: Type; children?: Field[] };
  const kids = (): string | undefined => {
    let all = '';
    for (const k of t.children ?? []) {
      const a = alphabet(k);
      if (a === undefined) return undefined;
      all += a;
    }
    return all;
  };
  switch (t.typeId) {
    case Type.Int: return '-' + DIGITS;
    case Type.Float: return '-+.enaifty' + DIGITS;
    case Type.Decimal: return '-.' + DIGITS;
    case Type.Date: return '-+' + DIGITS;
    case Type.Timestamp: return '-+: .' + DIGITS;
    case Type.Time: return ':.' + DIGITS;
    case Type.Bool: return 'truefals';
    case Type.Null: return '';
    case Type.Interval: case Type.Duration: return INTERVAL;
    case Type.Binary: case Type.LargeBinary: return '[] abcdef' + DIGITS;
    case Type.List: case Type.LargeList: case Type.FixedSizeList: {
      const k = kids();
      return k === undefined ? undefined : '[], ' + NULL_WORD + k;
    }
    case Type.Map: {
      let k = '';
      for (const part of (t.children?.[0]?.type.children ?? []) as Field[]) {
        const a = alphabet(part);
        if (a === undefined) return undefined;
        k += a;
      }
      return '{}:, ' + NULL_WORD + k;
    }
    // Struct field names and strings are free text.
    default: return undefined;
  }
}

export type RowMatcher = (row: number) => boolean;

function utf8Matcher(store: ResultStore, c: number, needle: Uint8Array): RowMatcher {
  const n = needle.length;
  const first = needle[0];
  return (row) => {
    const [d, i] = store.cell(c, row);
    if (!isValid(d, i)) return false;
    const offs = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    const end = offs[i + 1] - n;
    for (let p = offs[i]; p <= end; p++) {
      let b = bytes[p];
      if (b >= 65 && b <= 90) b |= 32;
      if (b !== first) continue;
      let k = 1;
      for (; k < n; k++) {
        let x = bytes[p + k];
        if (x >= 65 && x <= 90) x |= 32;
        if (x !== needle[k]) break;
      }
      if (k === n) return true;
    }
    return false;
  };
}

function textMatcher(store: ResultStore, c: number, needle: string): RowMatcher {
  const f = store.formatters[c];
  return (row) => {
    const [d, i]: [Data, number] = store.cell(c, row);
    return !f.isNull(d, i) && f.text(d, i).toLowerCase().includes(needle);
  };
}

/** One matcher per column that could match, in the given column order. */
export function buildMatchers(store: ResultStore, columns: readonly number[], text: string): RowMatcher[] {
  const needle = text.toLowerCase();
  const ascii = /^[\x20-\x7e]*$/.test(needle);
  const out: RowMatcher[] = [];
  for (const c of columns) {
    const field = store.fields[c];
    // Headers can show from Spark's schema before the first batch; such a column has nothing to match yet.
    if (!field) continue;
    const allowed = alphabet(field);
    if (allowed !== undefined && [...needle].some((ch) => !allowed.includes(ch))) continue;
    if (ascii && field.type.typeId === Type.Utf8 && needle.length > 0) {
      out.push(utf8Matcher(store, c, new TextEncoder().encode(needle)));
    } else {
      out.push(textMatcher(store, c, needle));
    }
  }
  return out;
}
