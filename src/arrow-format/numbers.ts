// Text for floating-point and decimal values.
//
// Finite doubles follow Python's repr() (what PySpark's str() prints): the shortest digits that round-trip,
// fixed notation for decimal exponents -4..15 with at least one fractional digit ("100.0"), scientific
// otherwise with a two-digit exponent ("1e+16", "1e-05"). JavaScript's toExponential() without an argument
// yields exactly those shortest digits. FLOAT columns use the shortest digits that round-trip through
// float32 ("0.1", like Spark), not the widened double PySpark prints ("0.10000000149011612").
// NaN and the infinities use Spark's spelling, which is also what Spark SQL accepts back as a literal.

export const NAN_TEXT = 'NaN';
export const POS_INF_TEXT = 'Infinity';
export const NEG_INF_TEXT = '-Infinity';

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return NAN_TEXT;
  if (x === Infinity) return POS_INF_TEXT;
  if (x === -Infinity) return NEG_INF_TEXT;
  return undefined;
}

/** Lays out "d.ddde±x" digits the way Python's repr() does. */
function pythonLayout(negative: boolean, expText: string): string {
  const [mant, expPart] = expText.split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expPart);
  const sign = negative ? '-' : '';
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
      const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
}

export function formatDouble(x: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  return pythonLayout(x < 0, Math.abs(x).toExponential());
}

export function formatFloat32(x: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = Math.abs(x);
  // float32 needs at most 9 significant digits to round-trip.
  for (let p = 1; p <= 9; p++) {
    const t = a.toExponential(p - 1);
    if (Math.fround(Number(t)) === a) return pythonLayout(x < 0, t);
  }
  return pythonLayout(x < 0, a.toExponential());
}

// IEEE half floats, which arrow-js hands back as raw uint16 bits.
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const TWO_32 = 0x1_0000_0000n;

/**
 * Reads a little-endian two's-complement integer of `words` 32-bit words (4 for Decimal128, 8 for
 * Decimal256). arrow-js gives decimals as raw Uint32 words with no scaling, so the sign is ours to apply.
 */
export function readWordsSigned(values: Uint32Array, start: number, words: number): bigint {
  const top = values[start + words - 1];
  // Fast path: the value fits in 53 bits and is non-negative, or is a small negative number.
  if (words >= 2) {
    let upperZero = true;
    let upperOnes = true;
    for (let w = 2; w < words; w++) {
      const x = values[start + w];
      if (x !== 0) upperZero = false;
      if (x !== 0xffffffff) upperOnes = false;
    }
    const hi = values[start + 1];
    const lo = values[start];
    if (upperZero && hi < 0x200000) return BigInt(hi * 0x1_0000_0000 + lo);
    if (upperOnes && hi >= 0xffe00000) {
      // -(2^64 - (hi:lo)) computed on magnitudes below 2^53.
      const mag = (0xffffffff - hi) * 0x1_0000_0000 + (0x1_0000_0000 - lo);
      return -BigInt(mag);
    }
  }
  let v = 0n;
  for (let w = words - 1; w >= 0; w--) v = v * TWO_32 + BigInt(values[start + w]);
  if (top & 0x80000000) v -= 1n << BigInt(32 * words);
  return v;
}

/** Plain decimal text at full scale ("-0.000000000000000001", "0.00"), like Java's toPlainString. */
export function formatUnscaled(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  return layoutUnscaled(negative, (negative ? -unscaled : unscaled).toString(), scale);
}

/** formatUnscaled's layout of a magnitude's decimal digits ("0" for zero); batch-wise export calls it with number digits. */
export function layoutUnscaled(negative: boolean, magnitude: string, scale: number): string {
  let digits = magnitude;
  if (scale <= 0) {
    if (scale < 0 && digits !== '0') digits += '0'.repeat(-scale);
    return (negative ? '-' : '') + digits;
  }
  if (digits.length <= scale) digits = digits.padStart(scale + 1, '0');
  const cut = digits.length - scale;
  return (negative ? '-' : '') + digits.slice(0, cut) + '.' + digits.slice(cut);
}
