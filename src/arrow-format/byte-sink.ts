// A growable byte buffer that export formatters write into directly: digits and ASCII go in as bytes, so a
// cell costs no JavaScript string (making one string per cell was half of CSV export's time). Plain
// Uint8Array and TextEncoder, no Node Buffer, so the formatters stay usable outside Node.

const utf8 = new TextEncoder();

export class ByteSink {
  /** The bytes written so far are buf[0, pos). buf is replaced when it grows: read it after ensure(). */
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = 1 << 20) {
    this.buf = new Uint8Array(capacity);
  }

  /** Makes room for at least `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /**
   * The bytes written, as a view of a buffer the sink no longer touches, and continues in `next` (empty,
   * non-zero length): for a caller that hands the whole buffer on (transfers it to another thread).
   */
  detach(next: Uint8Array): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.buf = next;
    this.pos = 0;
    return out;
  }

  /** The bytes written, as a view that the next write may overwrite; then empties the sink. */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return out;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Copies raw bytes (already UTF-8). */
  bytes(src: Uint8Array, start: number, end: number): void {
    this.ensure(end - start);
    const buf = this.buf;
    let p = this.pos;
    // Short runs (most cells) copy faster by hand than through set()'s view and native call.
    if (end - start < 32) for (let k = start; k < end; k++) buf[p++] = src[k];
    else {
      buf.set(src.subarray(start, end), p);
      p += end - start;
    }
    this.pos = p;
  }

  /** A JavaScript string as UTF-8: ASCII by hand, the rest (from the first non-ASCII unit on) by TextEncoder. */
  text(s: string): void {
    const len = s.length;
    this.ensure(len);
    const buf = this.buf;
    let p = this.pos;
    for (let k = 0; k < len; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) {
        this.pos = p;
        this.utf8Tail(s.slice(k));
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  private utf8Tail(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    this.ensure(3 * s.length);
    this.pos += utf8.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** The decimal digits of a non-negative integer below 2^53. */
  digits(v: number): void {
    const len = digitCount(v);
    this.ensure(len);
    const buf = this.buf;
    let p = this.pos + len;
    this.pos = p;
    // Above 2^31, eight digits at a time by exact double division (integers below 2^53 divide exactly);
    // the rest in int32 arithmetic, two digits per step, which compiles to multiplications instead of the
    // slow, serial floating-point divisions.
    while (v >= 0x80000000) {
      const q = Math.floor(v / 1e8);
      writeFixed(buf, p, v - q * 1e8, 8);
      p -= 8;
      v = q;
    }
    let s = v | 0;
    while (s >= 100) {
      const q = (s / 100) | 0;
      const r = (s - q * 100) << 1;
      buf[--p] = PAIRS[r + 1];
      buf[--p] = PAIRS[r];
      s = q;
    }
    if (s >= 10) {
      buf[--p] = PAIRS[2 * s + 1];
      buf[--p] = PAIRS[2 * s];
    } else buf[--p] = 0x30 + s;
  }

  /** An integer below 2^53 in magnitude, with '-' when negative (-0 prints as 0, as String(-0) does). */
  integer(v: number): void {
    if (v < 0) {
      this.byte(0x2d);
      v = -v;
    }
    this.digits(v);
  }

  /** Exactly `width` digits of a non-negative integer, zero-padded on the left (v < 10^width <= 10^9). */
  padded(v: number, width: number): void {
    this.ensure(width);
    writeFixed(this.buf, this.pos + width, v, width);
    this.pos += width;
  }
}

/** "00" to "99" as ASCII pairs: the digits of v are PAIRS[2v], PAIRS[2v + 1]. */
export const PAIRS = Uint8Array.from({ length: 200 }, (_, k) => 0x30 + (k & 1 ? (k >> 1) % 10 : Math.floor((k >> 1) / 10)));

/** The digits of v (below 10^width, width <= 9) zero-padded to `width`, ending just before buf[end]. */
function writeFixed(buf: Uint8Array, end: number, v: number, width: number): void {
  let s = v | 0;
  let p = end;
  for (let k = 0; k < width; k++) {
    const q = (s / 10) | 0;
    buf[--p] = 0x30 + (s - q * 10);
    s = q;
  }
}

/** How many decimal digits a non-negative integer below 2^53 has. */
function digitCount(v: number): number {
  if (v < 1e8) {
    if (v < 1e4) return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
    return v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7 : 8;
  }
  let n = 9;
  for (let t = 1e9; v >= t && n < 16; t *= 10) n++;
  return n;
}
