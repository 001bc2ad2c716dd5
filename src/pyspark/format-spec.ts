// Python's format-spec mini-language (format(), f-strings, str.format, %-formatting) for the specs
// DataFrame code uses: fill/align, sign, zero padding, width, grouping, precision and the common types.
import { strOf } from './format';
import { PyOpError } from './operators';

/** Python's format(value, spec) for the specs DataFrame code uses (width, alignment, .Nf, d, %, ","). */
export function formatValue(v: unknown, spec: string): string {
  if (spec === '') return strOf(v);
  const m = /^(?:(.)?([<>^=]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (!m) throw new PyOpError(`Invalid format specifier '${spec}'`);
  const [, fill = ' ', align, sign, , zero, width, group, precision, type] = m;
  let body: string;
  const numeric = typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
  if (numeric) {
    const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    const p = precision === undefined ? 6 : Number(precision);
    switch (type) {
      case 'f': case 'F': body = Number(n).toFixed(p); break;
      case 'e': case 'E': body = Number(n).toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2'); break;
      case '%': body = (Number(n) * 100).toFixed(p) + '%'; break;
      case 'd': body = BigInt(typeof n === 'number' ? Math.trunc(n) : n).toString(); break;
      case 'x': body = BigInt(n).toString(16); break;
      case 'X': body = BigInt(n).toString(16).toUpperCase(); break;
      case 'b': body = BigInt(n).toString(2); break;
      case 'o': body = BigInt(n).toString(8); break;
      default: body = precision !== undefined && typeof n === 'number' ? String(Number(n.toPrecision(Number(precision)))) : strOf(n);
    }
    if (group) {
      const [ip, fp] = body.split('.');
      body = ip!.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (fp !== undefined ? '.' + fp : '');
    }
    if (sign === '+' && !body.startsWith('-')) body = '+' + body;
    else if (sign === ' ' && !body.startsWith('-')) body = ' ' + body;
  } else {
    body = strOf(v);
    if (precision !== undefined) body = body.slice(0, Number(precision));
  }
  const w = width === undefined ? 0 : Number(width);
  if (body.length >= w) return body;
  const padChar = zero && !align ? '0' : fill;
  const a = align ?? (zero ? '=' : numeric ? '>' : '<');
  const padLen = w - body.length;
  if (a === '<') return body + padChar.repeat(padLen);
  if (a === '>') return padChar.repeat(padLen) + body;
  if (a === '^') return padChar.repeat(Math.floor(padLen / 2)) + body + padChar.repeat(Math.ceil(padLen / 2));
  const signChar = /^[+\- ]/.test(body) ? body[0]! : '';
  return signChar + padChar.repeat(padLen) + body.slice(signChar.length);
}


/** A number formatted with a full spec ("05.2f"); non-numbers are refused as Python does. */
export function formatNumber(v: unknown, spec: string): string {
  if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') {
    throw new PyOpError(`a number is required, not ${typeof v === 'string' ? 'str' : 'this value'}`);
  }
  return formatValue(v, spec);
}

/** A string padded to a spec's width and alignment. */
export function formatValueText(text: string, spec: string): string {
  return formatValue(text, spec);
}
