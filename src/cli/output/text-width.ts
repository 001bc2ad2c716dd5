// Terminal column width of text, so that tables stay aligned with CJK and full-width characters (two
// columns each) and combining marks (zero). An approximation of wcwidth over the ranges that matter in
// data; Spark's show() makes the same kind of adjustment for full-width characters.

function isZeroWidth(cp: number): boolean {
  return (cp >= 0x0300 && cp <= 0x036f) // combining diacritical marks
    || (cp >= 0x200b && cp <= 0x200f) // zero-width space, joiners, direction marks
    || (cp >= 0xfe00 && cp <= 0xfe0f) // variation selectors
    || (cp >= 0x1ab0 && cp <= 0x1aff)
    || (cp >= 0x20d0 && cp <= 0x20ff);
}

function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) // Hangul Jamo
    || (cp >= 0x2e80 && cp <= 0x303e) // CJK radicals, punctuation
    || (cp >= 0x3041 && cp <= 0x33ff) // kana, CJK compatibility
    || (cp >= 0x3400 && cp <= 0x4dbf) // CJK extension A
    || (cp >= 0x4e00 && cp <= 0x9fff) // CJK unified ideographs
    || (cp >= 0xa000 && cp <= 0xa4cf) // Yi
    || (cp >= 0xac00 && cp <= 0xd7a3) // Hangul syllables
    || (cp >= 0xf900 && cp <= 0xfaff) // CJK compatibility ideographs
    || (cp >= 0xfe30 && cp <= 0xfe4f)
    || (cp >= 0xff00 && cp <= 0xff60) // full-width forms
    || (cp >= 0xffe0 && cp <= 0xffe6)
    || (cp >= 0x1f300 && cp <= 0x1f64f) // emoji
    || (cp >= 0x1f900 && cp <= 0x1f9ff)
    || (cp >= 0x20000 && cp <= 0x3fffd); // CJK extensions B and later
}

export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Fast path: printable ASCII is by far the common case.
    if (code >= 0x20 && code < 0x7f) {
      width++;
      continue;
    }
    const cp = text.codePointAt(i) ?? code;
    if (cp > 0xffff) i++;
    if (isZeroWidth(cp)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

/** Cuts text to at most `width` columns without splitting a surrogate pair. */
export function sliceToWidth(text: string, width: number): string {
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const w = displayWidth(ch);
    if (used + w > width) break;
    used += w;
    end += ch.length;
  }
  return text.slice(0, end);
}
