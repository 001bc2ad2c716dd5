// RFC 4180 quoting and the formula guard on bytes: a field is quoted when it holds , " CR or LF (quotes
// doubled), "" when empty, and a string cell that starts with = + - @ TAB or CR is written '… in quotes
// when the guard is on (export-text.ts's csvCell). Every byte tested is ASCII, and in UTF-8 an ASCII byte is
// always that character, so deciding on the bytes is deciding on the text.

import type { ByteSink } from './byte-sink';

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** True when a spreadsheet would read a cell starting with this byte as a formula: = + - @ TAB CR (OWASP). */
export function isFormulaByte(b: number): boolean {
  return b === 0x3d || b === 0x2b || b === 0x2d || b === 0x40 || b === 0x09 || b === CR;
}

/**
 * One string cell's CSV field from its UTF-8 bytes src[s, e): '""' when empty, '"\'…"' when `guard` and it
 * starts like a formula, quoted when it holds , " CR or LF (quotes doubled), else the bytes as they are.
 */
export function writeCsvString(sink: ByteSink, src: Uint8Array, s: number, e: number, guard: boolean): void {
  if (s === e) {
    sink.ensure(2);
    sink.buf[sink.pos++] = QUOTE;
    sink.buf[sink.pos++] = QUOTE;
    return;
  }
  const formula = guard && isFormulaByte(src[s]);
  let special = formula;
  for (let k = s; k < e && !special; k++) {
    const b = src[k];
    special = b === QUOTE || b === COMMA || b === CR || b === LF;
  }
  if (!special) {
    sink.bytes(src, s, e);
    return;
  }
  sink.ensure(2 * (e - s) + 3);
  const buf = sink.buf;
  let p = sink.pos;
  buf[p++] = QUOTE;
  if (formula) buf[p++] = 0x27; // '
  for (let k = s; k < e; k++) {
    const b = src[k];
    buf[p++] = b;
    if (b === QUOTE) buf[p++] = QUOTE;
  }
  buf[p++] = QUOTE;
  sink.pos = p;
}

/**
 * Makes the text written at sink[at, pos) a CSV field in place: quoted when it holds , " CR or LF (quotes
 * doubled, moving every byte once, from the end), "" when empty, and with `guard` (a string cell and the
 * formula guard on) "'…" quoted when it starts like a formula.
 */
export function quoteWritten(sink: ByteSink, at: number, guard = false): void {
  let buf = sink.buf;
  const end = sink.pos;
  let quotes = 0;
  const formula = guard && end > at && isFormulaByte(buf[at]);
  let special = end === at || formula;
  for (let k = at; k < end; k++) {
    const b = buf[k];
    if (b === QUOTE) quotes++;
    else if (b === COMMA || b === CR || b === LF) special = true;
  }
  if (!special && quotes === 0) return;
  const extra = quotes + 2 + (formula ? 1 : 0);
  sink.ensure(extra);
  buf = sink.buf;
  let dst = end + extra - 1;
  buf[dst--] = QUOTE;
  for (let src = end - 1; src >= at; src--) {
    const b = buf[src];
    buf[dst--] = b;
    if (b === QUOTE) buf[dst--] = QUOTE;
  }
  if (formula) buf[dst--] = 0x27; // '
  buf[at] = QUOTE;
  sink.pos = end + extra;
}
