// Reading the bracketed lists Spark prints in plan text: "[a#1, count(1)#2L, (id#3L % 3) AS k#4L]".

import type { Attribute } from './model';

// Char codes of the closer each opener expects: ( -> ), [ -> ], { -> }.
function closerOf(c: number): number {
  return c === 40 ? 41 : c === 91 ? 93 : c === 123 ? 125 : 0;
}

function isCloser(c: number): boolean {
  return c === 41 || c === 93 || c === 125;
}

/**
 * Splits text on separators outside brackets and backtick-quoted names. Plan text prints string literals
 * without quotes and marks unresolved names with a lone "'", so other quotes cannot be paired reliably and
 * are taken as text. Unbalanced input does not throw: a stray closer is text, an unclosed opener keeps the
 * rest in the last piece.
 */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  const stack: number[] = [];
  const sep = separator.charCodeAt(0);
  let inBackticks = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 96 /* ` */) {
      inBackticks = !inBackticks;
    } else if (inBackticks) {
      continue;
    } else if (closerOf(c) !== 0) {
      stack.push(closerOf(c));
    } else if (isCloser(c)) {
      if (stack.length > 0 && stack[stack.length - 1] === c) stack.pop();
    } else if (c === sep && stack.length === 0) {
      const part = text.slice(start, i).trim();
      if (part) parts.push(part);
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

/**
 * Index just past the bracket that closes the one at `open`, or -1 (quotes are text, as in splitTopLevel).
 */
export function matchingBracket(text: string, open: number): number {
  const want = closerOf(text.charCodeAt(open));
  if (want === 0) return -1;
  const stack: number[] = [want];
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const closer = closerOf(c);
    if (closer !== 0) stack.push(closer);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

// A scalar subquery prints as "Subquery scalar-subquery#1, [id=#2]", so the comma inside it is not a separator.
const SUBQUERY_ID_TAIL = /^\[id=#\d+\]/;

/** Splits "name#12L" into an Attribute without a backtracking regex (this runs for every listed column). */
function splitNamed(item: string, text: string): Attribute | undefined {
  let end = item.length;
  let suffix: string | undefined;
  const last = item.charCodeAt(end - 1);
  if (last >= 65 && last <= 90) {
    suffix = item[end - 1];
    end--;
  }
  let i = end;
  while (i > 0 && item.charCodeAt(i - 1) >= 48 && item.charCodeAt(i - 1) <= 57) i--;
  if (i === end || i < 2 || item[i - 1] !== '#') return undefined;
  const attr: Attribute = { name: item.slice(0, i - 1), exprId: Number(item.slice(i, end)), text };
  if (suffix) attr.typeSuffix = suffix;
  return attr;
}

/** Parses one item of an attribute list: "a#1", "count(1)#2L", "(x#1 + 1) AS y#3L", "'unresolved". */
export function parseAttribute(text: string): Attribute {
  const item = text.trim();
  if (item.startsWith('... ')) {
    const more = /^\.\.\. (\d+) more fields?$/.exec(item);
    if (more) return { name: item, moreFields: Number(more[1]), text: item };
  }
  // The outermost alias is the last " AS " (casts print a lowercase "as").
  const as = item.lastIndexOf(' AS ');
  if (as > 0) {
    const target = splitNamed(item.slice(as + 4), item);
    if (target) {
      target.expression = item.slice(0, as).trim();
      return target;
    }
  }
  const named = splitNamed(item, item);
  if (named) return named;
  return { name: item.replace(/^'/, ''), text: item };
}

/** Parses the inside of an attribute list (without the surrounding brackets). */
export function parseAttributeList(inner: string): Attribute[] {
  const items: string[] = [];
  for (const piece of splitTopLevel(inner)) {
    if (SUBQUERY_ID_TAIL.test(piece) && items.length > 0) items[items.length - 1] += `, ${piece}`;
    else items.push(piece);
  }
  return items.map(parseAttribute);
}
