// The formatter's promise, checked on every statement it formats: the Spark token stream before and
// after is the same (keywords may change case, nothing else may change). When it is not, the statement
// is kept as written and the user is told which token the formatter would have changed.
import { type SparkToken, sparkTokens, tokenKey } from './spark-tokens';

export interface TokenDifference {
  /** Offset in the original text of the first token that differs (its end when the output has more). */
  offset: number;
  /** What the user reads: the token before and after, e.g. "`|>` would become `|`". */
  message: string;
}

/** Undefined when `after` has the same Spark tokens as `before`, else the first difference. */
export function compareTokens(before: string, after: string): TokenDifference | undefined {
  return compareTokenLists(before, sparkTokens(before), after, sparkTokens(after));
}

export function compareTokenLists(before: string, a: SparkToken[], after: string, b: SparkToken[]): TokenDifference | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    // Most tokens come out unchanged: compare the text first, the normalised key only when it differs.
    const same = x.kind === y.kind && (before.slice(x.start, x.end) === after.slice(y.start, y.end) || tokenKey(before, x) === tokenKey(after, y));
    if (!same) {
      return { offset: a[i].start, message: `${show(before, a[i])} would become ${show(after, b[i])}` };
    }
  }
  if (a.length > n) return { offset: a[n].start, message: `${show(before, a[n])} would be lost` };
  if (b.length > n) return { offset: a.length > 0 ? a[a.length - 1].end : 0, message: `${show(after, b[n])} would be added` };
  return undefined;
}

function show(text: string, t: SparkToken): string {
  const raw = text.slice(t.start, t.end);
  const short = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
  return `\`${short.replace(/\s+/g, ' ')}\``;
}
