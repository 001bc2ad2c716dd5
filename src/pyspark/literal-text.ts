// Python literal text -> values: numbers (ints of any size as bigint, floats, complex refused by the
// caller) and string/bytes literals with their prefixes (r, b, u, f and mixes) and escapes.

/** A decoded string piece: text, or bytes for a b"" literal. */
export type DecodedString = { kind: 'str'; text: string } | { kind: 'bytes'; bytes: Uint8Array };

export type NumberLiteral = { kind: 'int'; value: bigint } | { kind: 'float'; value: number } | { kind: 'complex' };

const DIGITS = /^\d+$/;

export function parseNumber(text: string): NumberLiteral {
  if (DIGITS.test(text)) return { kind: 'int', value: BigInt(text) };
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return { kind: 'complex' };
  if (/^0[xX]/.test(t)) return { kind: 'int', value: BigInt(t) };
  if (/^0[oO]/.test(t)) return { kind: 'int', value: BigInt('0o' + t.slice(2)) };
  if (/^0[bB]/.test(t)) return { kind: 'int', value: BigInt('0b' + t.slice(2)) };
  if (/^\d+$/.test(t)) return { kind: 'int', value: BigInt(t) };
  return { kind: 'float', value: Number(t) };
}

/** Splits a literal's prefix (letters before the quote) from its quoted body. */
export function splitStringLiteral(raw: string): { prefix: string; quote: string; body: string } {
  let i = 0;
  while (i < raw.length && /[a-zA-Z]/.test(raw[i]!)) i++;
  const prefix = raw.slice(0, i).toLowerCase();
  const rest = raw.slice(i);
  const quote = rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
  const body = rest.slice(quote.length, rest.length >= 2 * quote.length ? rest.length - quote.length : rest.length);
  return { prefix, quote, body };
}

/** Decodes a (non-f) string or bytes literal from its source text. */
export function decodeStringLiteral(raw: string, onUnknownName?: (name: string) => never): DecodedString {
  const { prefix, body } = splitStringLiteral(raw);
  const isRaw = prefix.includes('r');
  const text = isRaw ? body : unescape(body, prefix.includes('b'), onUnknownName);
  if (prefix.includes('b')) {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    return { kind: 'bytes', bytes };
  }
  return { kind: 'str', text };
}

const SIMPLE: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/**
 * Python's escape sequences; unknown escapes keep their backslash, as Python does. A \N{name} the table
 * below lacks is passed to `onUnknownName` (the evaluator refuses it), else kept as text.
 */
export function unescape(s: string, bytes = false, onUnknownName?: (name: string) => never): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) { out += c; continue; }
    const n = s[i + 1]!;
    if (n in SIMPLE) { out += SIMPLE[n]; i++; continue; }
    if (n === '\r' && s[i + 2] === '\n') { i += 2; continue; }
    if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m, 8));
      i += m.length;
      continue;
    }
    const hexLen = n === 'x' ? 2 : !bytes && n === 'u' ? 4 : !bytes && n === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const h = s.slice(i + 2, i + 2 + hexLen);
      if (h.length === hexLen && /^[0-9a-fA-F]+$/.test(h)) {
        out += String.fromCodePoint(parseInt(h, 16));
        i += 1 + hexLen;
        continue;
      }
    }
    if (!bytes && n === 'N') {
      const m = /^\{([^}]*)\}/.exec(s.slice(i + 2));
      const ch = m ? namedCharacter(m[1]!) : undefined;
      if (m && ch !== undefined) { out += ch; i += 1 + m[0].length; continue; }
      if (m && onUnknownName) onUnknownName(m[1]!);
    }
    out += c;
  }
  return out;
}

// \N{...} names: a part of Unicode's name table, not all of it (the whole table is about a megabyte,
// too much to ship for an escape DataFrame code rarely uses). Names outside it are refused, not guessed.
const NAMED: Record<string, string> = {
  'EN DASH': '\u2013', 'EM DASH': '\u2014', 'NO-BREAK SPACE': '\u00a0', 'DEGREE SIGN': '\u00b0', 'EURO SIGN': '\u20ac',
  'BULLET': '\u2022', 'HORIZONTAL ELLIPSIS': '\u2026', 'SPACE': ' ', 'TAB': '\t',
};

const GREEK = ['ALPHA', 'BETA', 'GAMMA', 'DELTA', 'EPSILON', 'ZETA', 'ETA', 'THETA', 'IOTA', 'KAPPA', 'LAMDA', 'MU', 'NU',
  'XI', 'OMICRON', 'PI', 'RHO', 'FINAL SIGMA', 'SIGMA', 'TAU', 'UPSILON', 'PHI', 'CHI', 'PSI', 'OMEGA'];
const DIGITS_NAMED = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

/**
 * The character a \N{name} names, by Unicode's name (case-insensitive, as Python reads it): the table
 * above, the Latin letters and digits of ASCII, and the Greek letters (U+0391.., U+03B1..; there is no
 * capital final sigma, U+03A2 is unassigned).
 */
function namedCharacter(name: string): string | undefined {
  const n = name.toUpperCase().trim();
  if (n in NAMED) return NAMED[n];
  let m = /^LATIN (CAPITAL|SMALL) LETTER ([A-Z])$/.exec(n);
  if (m) return m[1] === 'CAPITAL' ? m[2] : m[2]!.toLowerCase();
  m = /^DIGIT ([A-Z]+)$/.exec(n);
  if (m && DIGITS_NAMED.includes(m[1]!)) return String(DIGITS_NAMED.indexOf(m[1]!));
  m = /^GREEK (CAPITAL|SMALL) LETTER ([A-Z ]+)$/.exec(n);
  const at = m ? GREEK.indexOf(m[2]!) : -1;
  if (!m || at < 0 || (m[1] === 'CAPITAL' && m[2] === 'FINAL SIGMA')) return undefined;
  return String.fromCodePoint((m[1] === 'CAPITAL' ? 0x391 : 0x3b1) + at);
}
