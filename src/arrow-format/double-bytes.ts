// A double's text (column-text.ts's fastDouble: Python's repr) written as bytes without making a string,
// for the values that have at most 15 significant digits and print in fixed notation: prices, amounts,
// measurements. Anything else returns false and goes through fastDouble.
//
// Why this is exact: every decimal with at most 15 significant digits is the only such decimal that rounds
// to its double (a double carries 15.95 digits), so when m / 10^k rounds back to x, with m an integer below
// 10^15 and no trailing zero after the point, m / 10^k is the shortest text that round-trips, which is what
// JavaScript and repr print between 1e-4 and 1e16 (repr adding ".0" to integral values).
import type { ByteSink } from './byte-sink';

/** Up to this many digits after the point are tried; values with more go through the string path. */
const MAX_FRACTION_DIGITS = 8;
const POW10 = Array.from({ length: MAX_FRACTION_DIGITS + 1 }, (_, k) => 10 ** k);

/** Writes x as repr prints it when it can be done exactly without a string; false (nothing written) otherwise. */
export function writeShortDouble(sink: ByteSink, x: number): boolean {
  const a = x < 0 ? -x : x;
  // Also false for NaN and both zeros (those keep their spellings in formatDouble).
  if (!(a >= 1e-4 && a < 1e15)) return false;
  for (let k = 0; k <= MAX_FRACTION_DIGITS; k++) {
    const p = POW10[k];
    const m = a * p;
    if (m >= 1e15) return false;
    if (m !== Math.floor(m)) continue;
    // m is an integer below 2^53: %, - and the division of an exact multiple are exact.
    const frac = m % p;
    if (m / p !== a || (k > 0 && frac % 10 === 0)) return false;
    if (x < 0) sink.byte(0x2d);
    sink.digits((m - frac) / p);
    sink.byte(0x2e);
    if (k === 0) sink.byte(0x30);
    else sink.padded(frac, k);
    return true;
  }
  return false;
}
