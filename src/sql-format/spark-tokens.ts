// The token stream the formatter must keep: Spark SQL split the way Spark's own lexer splits it, as
// far as a whitespace change can matter. src/sql/lexer.ts already finds strings, quoted identifiers,
// comments and hints exactly; this file refines what it leaves as single characters:
//  - operators are read by maximal munch over Spark's operator list, so `|>` and `| >`, `=>` and `= >`,
//    `<=>` and `<= >` are different streams (a formatter that splits them changes the meaning);
//  - numbers keep their decimal point, exponent and suffix together (`1.0D`, `1.5E-3BD`, `.5`).
// Whitespace is not a token; two streams are equal when the same tokens come in the same order.
import { type Token, type TokenKind, tokenize } from '../sql/lexer';
import { SPARK_KEYWORDS } from './spark-keywords';

export interface SparkToken {
  kind: TokenKind | 'operator' | 'number';
  start: number;
  end: number;
}

// Spark's multi-character operators (SqlBaseLexer), longest first so that maximal munch works.
const OPERATORS = ['<=>', '>>>', '|>', '=>', '->', '<=', '>=', '<>', '!=', '==', '||', '<<', '>>', '&&'];

const DIGIT = /[0-9]/;

/** Spark tokens of `text`, whitespace left out; `base` when the caller has already run src/sql/lexer on it. */
export function sparkTokens(text: string, base: Token[] = tokenize(text)): SparkToken[] {
  const out: SparkToken[] = [];
  for (let i = 0; i < base.length; i++) {
    const t = base[i];
    if (t.kind === 'punct') {
      const op = operatorAt(text, base, i);
      if (op > 0) {
        out.push({ kind: 'operator', start: t.start, end: base[i + op - 1].end });
        i += op - 1;
        continue;
      }
      // ".5": a number, unless the dot follows a name or a bracket (t.5 would be a field access).
      const prev = base[i - 1];
      const next = base[i + 1];
      const afterName = prev !== undefined && prev.end === t.start && (prev.kind === 'word' || prev.kind === 'quoted-identifier' || ')]'.includes(text[prev.start]));
      if (text[t.start] === '.' && !afterName && next?.kind === 'word' && next.start === t.end && DIGIT.test(text[next.start])) {
        const end = numberTail(text, base, i + 1, false);
        out.push({ kind: 'number', start: t.start, end: base[end].end });
        i = end;
        continue;
      }
    }
    if (t.kind === 'word' && DIGIT.test(text[t.start])) {
      const end = numberTail(text, base, i, true);
      out.push({ kind: 'number', start: t.start, end: base[end].end });
      i = end;
      continue;
    }
    out.push({ kind: t.kind, start: t.start, end: t.end });
  }
  return out;
}

/** How many single-character punct tokens, touching each other, form one of Spark's operators at base[i]. */
function operatorAt(text: string, base: Token[], i: number): number {
  for (const op of OPERATORS) {
    let ok = true;
    for (let k = 0; k < op.length && ok; k++) {
      const t = base[i + k];
      ok = t !== undefined && t.kind === 'punct' && t.end - t.start === 1 && text[t.start] === op[k] && (k === 0 || base[i + k - 1].end === t.start);
    }
    if (ok) return op.length;
  }
  return 0;
}

/**
 * The index of the last base token of the number whose digits start at base[i]: "1" "." "0D", and an
 * exponent sign "1.5E" "-" "3", all touching each other.
 */
function numberTail(text: string, base: Token[], i: number, allowDot: boolean): number {
  let j = i;
  const touching = (k: number): boolean => base[k] !== undefined && base[k].start === base[k - 1].end;
  const isDot = (k: number): boolean => base[k].kind === 'punct' && text[base[k].start] === '.';
  if (allowDot && touching(j + 1) && isDot(j + 1)) {
    j++;
    if (touching(j + 1) && base[j + 1].kind === 'word' && DIGIT.test(text[base[j + 1].start])) j++;
  }
  const word = text.slice(base[j].start, base[j].end);
  if (/^[0-9]+[eE]$/.test(word)) {
    const sign = base[j + 1];
    if (touching(j + 1) && sign.kind === 'punct' && '+-'.includes(text[sign.start]) && touching(j + 2) && base[j + 2].kind === 'word' && DIGIT.test(text[base[j + 2].start])) {
      j += 2;
    }
  }
  return j;
}

/**
 * What must stay equal of one token: its text, in upper case for Spark's keywords (their case carries
 * no meaning), with a line comment's trailing blanks dropped.
 */
export function tokenKey(text: string, t: SparkToken): string {
  const raw = text.slice(t.start, t.end);
  if (t.kind === 'word') {
    const upper = raw.toUpperCase();
    return SPARK_KEYWORDS.has(upper) ? upper : raw;
  }
  if (t.kind === 'line-comment') return raw.trimEnd();
  return raw;
}
