// SQL inside spark.sql("...") in Python source: the string literals passed as the first argument of a
// call whose callee ends in ".sql", found with a real Python parser (@lezer/python), not a regular
// expression. Each region is the string's value (escapes decoded, f-string holes and str.format
// placeholders replaced by a name) with, for every character of it, the source range it was written
// as, so completion, hover, signature help and diagnostics map back exactly. Implicit concatenation
// ("SELECT a " "FROM t", one literal per line inside the parentheses) is one region of several pieces.
// Loaded apart from the language service (its own bundle).
import type { SyntaxNode, Tree } from '@lezer/common';
import { TreeFragment, parser } from '../pyspark/python-grammar';
import type { SqlDiagnostic } from './diagnostic';

export interface SqlRegion {
  /** The SQL text (the string's value). */
  text: string;
  /** offsets[i]: source offset of text[i]; offsets[text.length]: source offset of the closing quote. */
  offsets: number[];
  /** ends[i]: source offset just past what text[i] was written as (2 for "\n", 6 for "\u0062"). */
  ends: number[];
  /** Source range of the string's content (between the first opening and the last closing quote). */
  contentStart: number;
  contentEnd: number;
  /** Source ranges between the quotes of each literal (one, or several for "a" "b"). */
  pieces: Array<{ start: number; end: number }>;
  /** SQL text ranges standing for Python expressions ({x} in an f-string or with spark.sql(q, x=...)). */
  holes: Array<{ start: number; end: number }>;
}

/** A name that completes and parses like a column or a table, for a {placeholder}. */
export const HOLE = 'expr';

export function findSqlRegions(source: string): SqlRegion[] {
  return regionsOfTree(source, parser.parse(source));
}

/**
 * The regions of one document as it is edited: each parse reuses the previous tree outside the edited
 * range (lezer's incremental parsing), so a keystroke in a 6,000-line file re-parses a little, not all.
 */
export class SqlRegionScanner {
  private text: string | undefined;
  private tree: Tree | undefined;

  regions(source: string): SqlRegion[] {
    let fragments: readonly TreeFragment[] | undefined;
    if (this.tree && this.text !== undefined) {
      fragments = TreeFragment.applyChanges(TreeFragment.addTree(this.tree), [changedRange(this.text, source)]);
    }
    this.tree = parser.parse(source, fragments);
    this.text = source;
    return regionsOfTree(source, this.tree);
  }
}

/** The one range an edit replaced: old [fromA, toA) became new [fromB, toB). */
function changedRange(a: string, b: string): { fromA: number; toA: number; fromB: number; toB: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { fromA: prefix, toA: a.length - suffix, fromB: prefix, toB: b.length - suffix };
}

function regionsOfTree(source: string, tree: Tree): SqlRegion[] {
  const regions: SqlRegion[] = [];
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
      if (!first) return;
      // "a" + x is an expression, not a literal: skip it.
      const after = first.nextSibling;
      if (after && after.name !== ',' && after.name !== ')') return;
      const literals = stringPieces(first);
      if (!literals) return;
      // spark.sql(q, df=df) formats q with str.format: {df} is then a placeholder, {{ a brace.
      const formatted = hasKeywordArguments(source, args);
      const region = decodePieces(source, literals, formatted);
      if (region) regions.push(region);
    },
  });
  return regions;
}

/** The string literals an argument is made of: one, several (implicit concatenation), inside parentheses. */
function stringPieces(arg: SyntaxNode): SyntaxNode[] | undefined {
  if (arg.name === 'String' || arg.name === 'FormatString') return [arg];
  if (arg.name === 'ContinuedString') {
    const pieces: SyntaxNode[] = [];
    for (let c = arg.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'String' && c.name !== 'FormatString') return undefined;
      pieces.push(c);
    }
    return pieces.length > 0 ? pieces : undefined;
  }
  if (arg.name === 'ParenthesizedExpression') {
    const inner = arg.firstChild?.nextSibling;
    if (!inner || inner.nextSibling?.name !== ')') return undefined;
    return stringPieces(inner);
  }
  return undefined;
}

/** Whether the call has a keyword argument other than `args` (PySpark then formats the query). */
function hasKeywordArguments(source: string, args: SyntaxNode): boolean {
  for (let c = args.firstChild; c; c = c.nextSibling) {
    if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp' && source.slice(c.from, c.to) !== 'args') return true;
  }
  return false;
}

function decodePieces(source: string, pieces: SyntaxNode[], formatted: boolean): SqlRegion | undefined {
  const parts: SqlRegion[] = [];
  for (const p of pieces) {
    const part = decodeLiteral(source, p.from, p.to, formatted);
    if (!part) return undefined;
    parts.push(part);
  }
  if (parts.length === 1) return parts[0];
  const out: SqlRegion = { text: '', offsets: [], ends: [], contentStart: parts[0].contentStart, contentEnd: parts[parts.length - 1].contentEnd, pieces: [], holes: [] };
  for (const part of parts) {
    const base = out.text.length;
    out.text += part.text;
    out.offsets.push(...part.offsets.slice(0, part.text.length));
    out.ends.push(...part.ends);
    out.pieces.push(...part.pieces);
    out.holes.push(...part.holes.map((h) => ({ start: h.start + base, end: h.end + base })));
  }
  out.offsets.push(out.contentEnd);
  return out;
}

/**
 * The region of the literal source[from, to), or undefined for bytes literals. `formatted`: braces
 * are placeholders even without an f prefix (str.format).
 */
export function decodeLiteral(source: string, from: number, to: number, formatted = false): SqlRegion | undefined {
  let i = from;
  let raw = false;
  let fmt = formatted;
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
  const ends: number[] = [];
  const holes: Array<{ start: number; end: number }> = [];
  const put = (value: string, start: number, end: number): void => {
    for (const c of value) {
      text += c;
      offsets.push(start);
      ends.push(end);
    }
  };
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
      const end = Math.min(e + 1, contentEnd);
      holes.push({ start: text.length, end: text.length + HOLE.length });
      put(HOLE, k, end);
      k = end;
      continue;
    }
    if (fmt && (ch === '{' || ch === '}') && source[k + 1] === ch) {
      put(ch, k, k + 2);
      k += 2;
      continue;
    }
    if (ch === '\\' && !raw && k + 1 < contentEnd) {
      const [value, length] = escape(source, k);
      put(value, k, k + length);
      k += length;
      continue;
    }
    // A surrogate pair is two SQL characters, as it is two UTF-16 units in the editor.
    put(ch, k, k + 1);
    k++;
  }
  offsets.push(contentEnd);
  return { text, offsets, ends, contentStart, contentEnd, pieces: [{ start: contentStart, end: contentEnd }], holes };
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The value of the escape at source[k] ("\\") and how many source characters it takes. */
function escape(source: string, k: number): [string, number] {
  const c = source[k + 1];
  if (c === '\n') return ['', 2]; // a line continuation
  if (c === '\r') return ['', source[k + 2] === '\n' ? 3 : 2];
  if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(k + 2, k + 4))) return [String.fromCharCode(parseInt(source.slice(k + 2, k + 4), 16)), 4];
  if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(k + 2, k + 6))) return [String.fromCharCode(parseInt(source.slice(k + 2, k + 6), 16)), 6];
  if (c === 'U' && /^[0-9a-fA-F]{8}$/.test(source.slice(k + 2, k + 10))) return [String.fromCodePoint(parseInt(source.slice(k + 2, k + 10), 16)), 10];
  // Octal: up to three digits ("\0" is the common one).
  const octal = /^[0-7]{1,3}/.exec(source.slice(k + 1, k + 4));
  if (octal) return [String.fromCharCode(parseInt(octal[0], 8)), 1 + octal[0].length];
  if (c in SIMPLE) return [SIMPLE[c], 2];
  // Unknown escapes stay as written (Python keeps the backslash).
  return [`\\${c}`, 2];
}

/** The region holding a source offset (inside the quotes of one of its pieces), if any. */
export function regionAt(regions: readonly SqlRegion[], offset: number): SqlRegion | undefined {
  return regions.find((r) => r.pieces.some((p) => offset >= p.start && offset <= p.end));
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

/**
 * SQL text range [start, end) -> source range: from where text[start] was written to just past where
 * text[end - 1] was, so a squiggle covers a whole escape ("\n") or placeholder ({df}), never half.
 * An empty range (an error at the end of the text) covers one character.
 */
export function toSourceRange(region: SqlRegion, start: number, end: number): { start: number; end: number } {
  const from = toSourceOffset(region, start);
  const last = Math.min(end, region.text.length) - 1;
  const to = last >= start ? region.ends[last] : from + 1;
  return { start: from, end: Math.max(to, from + 1) };
}

/**
 * The language service's diagnostics of a region's SQL text, in source offsets. A statement with a
 * placeholder in it gets none from the local grammar: what the placeholder stands for (a table, a
 * condition, a keyword) is known only when Python runs, so the server decides.
 */
export function regionDiagnostics(region: SqlRegion, diagnostics: readonly SqlDiagnostic[], statements: ReadonlyArray<{ start: number; end: number }>): SqlDiagnostic[] {
  const withHole = statements.filter((s) => region.holes.some((h) => h.start < s.end && h.end > s.start));
  return diagnostics
    .filter((d) => d.origin !== 'local' || !withHole.some((s) => d.start >= s.start && d.start <= s.end))
    .map((d) => ({ ...d, ...toSourceRange(region, d.start, d.end) }));
}
