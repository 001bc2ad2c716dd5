// SQL inside spark.sql("...") in Python source: the string literals passed as the first argument of a
// call whose callee ends in ".sql", found with a real Python parser (@lezer/python), not a regular
// expression. Each region is the string's value (escapes decoded, f-string holes replaced by a
// placeholder name) with, for every character of it, its offset in the Python source, so completion,
// hover and diagnostics map back exactly. Loaded apart from the language service (its own bundle).
import { parser } from '../pyspark/python-grammar';

export interface SqlRegion {
  /** The SQL text (the string's value). */
  text: string;
  /** offsets[i]: source offset of text[i]; offsets[text.length]: source offset of the closing quote. */
  offsets: number[];
  /** Source range of the string's content (between the quotes). */
  contentStart: number;
  contentEnd: number;
}

/** A name that completes and parses like a column, for an f-string's {expression}. */
export const HOLE = 'expr';

export function findSqlRegions(source: string): SqlRegion[] {
  const regions: SqlRegion[] = [];
  const tree = parser.parse(source);
  tree.iterate({
    enter(node) {
      if (node.name !== 'CallExpression') return;
      const callee = node.node.firstChild;
      if (!callee || callee.name !== 'MemberExpression') return;
      const prop = callee.lastChild;
      if (!prop || prop.name !== 'PropertyName' || source.slice(prop.from, prop.to) !== 'sql') return;
      const args = callee.nextSibling;
      if (!args || args.name !== 'ArgList') return;
      // The first argument: the child after "(".
      const first = args.firstChild?.nextSibling;
      if (!first || (first.name !== 'String' && first.name !== 'FormatString')) return;
      // Implicit concatenation ("a" "b") or an expression ("a" + x) is not one literal: skip it.
      const after = first.nextSibling;
      if (after && after.name !== ',' && after.name !== ')') return;
      const region = decodeLiteral(source, first.from, first.to);
      if (region) regions.push(region);
    },
  });
  return regions;
}

/** The region of the literal source[from, to), or undefined for bytes literals. */
export function decodeLiteral(source: string, from: number, to: number): SqlRegion | undefined {
  let i = from;
  let raw = false;
  let fmt = false;
  while (i < to && /[rRbBuUfF]/.test(source[i])) {
    const p = source[i].toLowerCase();
    if (p === 'b') return undefined;
    if (p === 'r') raw = true;
    if (p === 'f') fmt = true;
    i++;
  }
  const quote = source.startsWith(source[i].repeat(3), i) ? source[i].repeat(3) : source[i];
  const contentStart = i + quote.length;
  const contentEnd = source.endsWith(quote, to) && to - quote.length >= contentStart ? to - quote.length : to;
  let text = '';
  const offsets: number[] = [];
  for (let k = contentStart; k < contentEnd;) {
    const ch = source[k];
    if (fmt && ch === '{' && source[k + 1] !== '{') {
      // A hole: up to its matching "}".
      let depth = 0;
      let e = k;
      for (; e < contentEnd; e++) {
        if (source[e] === '{') depth++;
        else if (source[e] === '}' && --depth === 0) break;
      }
      for (const c of HOLE) {
        text += c;
        offsets.push(k);
      }
      k = e + 1;
      continue;
    }
    if (fmt && (ch === '{' || ch === '}') && source[k + 1] === ch) {
      text += ch;
      offsets.push(k);
      k += 2;
      continue;
    }
    if (ch === '\\' && !raw && k + 1 < contentEnd) {
      const [value, length] = escape(source, k);
      for (const c of value) {
        text += c;
        offsets.push(k);
      }
      k += length;
      continue;
    }
    text += ch;
    offsets.push(k);
    k++;
  }
  offsets.push(contentEnd);
  return { text, offsets, contentStart, contentEnd };
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The value of the escape at source[k] ("\\") and how many source characters it takes. */
function escape(source: string, k: number): [string, number] {
  const c = source[k + 1];
  if (c === '\n') return ['', 2]; // a line continuation
  if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(k + 2, k + 4))) return [String.fromCharCode(parseInt(source.slice(k + 2, k + 4), 16)), 4];
  if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(k + 2, k + 6))) return [String.fromCharCode(parseInt(source.slice(k + 2, k + 6), 16)), 6];
  if (c in SIMPLE) return [SIMPLE[c], 2];
  // Unknown escapes stay as written (Python keeps the backslash).
  return [`\\${c}`, 2];
}

/** The region holding a source offset (inside its quotes), if any. */
export function regionAt(regions: readonly SqlRegion[], offset: number): SqlRegion | undefined {
  return regions.find((r) => offset >= r.contentStart && offset <= r.contentEnd);
}

/** Source offset -> SQL text index (the first SQL character at or after the offset). */
export function toSqlOffset(region: SqlRegion, sourceOffset: number): number {
  let lo = 0;
  let hi = region.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (region.offsets[mid] < sourceOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** SQL text index -> source offset. */
export function toSourceOffset(region: SqlRegion, sqlOffset: number): number {
  return region.offsets[Math.max(0, Math.min(sqlOffset, region.offsets.length - 1))];
}
