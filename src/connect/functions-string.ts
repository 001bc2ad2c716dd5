// String, binary and hashing functions (pyspark.sql.functions). Where PySpark takes a Python str as a
// value (a pattern, a separator, a format), the argument is a string literal; where it takes
// "ColumnOrName", a string names a column.
import { Column, ColumnOrName, toCol } from './column';
import { invoke, lit, numOrCol, overCols } from './function-helpers';

type Col = ColumnOrName;

export function upper(col: Col): Column { return overCols('upper', col); }
export function lower(col: Col): Column { return overCols('lower', col); }
export function ucase(col: Col): Column { return overCols('ucase', col); }
export function lcase(col: Col): Column { return overCols('lcase', col); }
export function initcap(col: Col): Column { return overCols('initcap', col); }
/** trim(col) strips spaces; trim(col, chars) strips the characters in the `chars` column. */
export function trim(col: Col, trimChars?: Col): Column {
  return trimChars === undefined ? overCols('trim', col) : overCols('trim', trimChars, col);
}
export function ltrim(col: Col, trimChars?: Col): Column {
  return trimChars === undefined ? overCols('ltrim', col) : overCols('ltrim', trimChars, col);
}
export function rtrim(col: Col, trimChars?: Col): Column {
  return trimChars === undefined ? overCols('rtrim', col) : overCols('rtrim', trimChars, col);
}
export function btrim(str: Col, trimChars?: Col): Column {
  return trimChars === undefined ? overCols('btrim', str) : overCols('btrim', str, trimChars);
}
export function length(col: Col): Column { return overCols('length', col); }
export function char_length(str: Col): Column { return overCols('char_length', str); }
export function character_length(str: Col): Column { return overCols('character_length', str); }
export function octet_length(col: Col): Column { return overCols('octet_length', col); }
export function bit_length(col: Col): Column { return overCols('bit_length', col); }
export function concat(...cols: Col[]): Column { return overCols('concat', ...cols); }
export function concat_ws(sep: string, ...cols: Col[]): Column { return invoke('concat_ws', lit(sep), ...cols.map(toCol)); }
/** substring(str, pos, len): 1-based pos; numbers are literals, strings name columns. */
export function substring(str: Col, pos: number | Col, len: number | Col): Column {
  return invoke('substring', toCol(str), numOrCol(pos), numOrCol(len));
}
export function substr(str: Col, pos: Col, len?: Col): Column {
  return len === undefined ? overCols('substr', str, pos) : overCols('substr', str, pos, len);
}
export function substring_index(str: Col, delim: string, count: number): Column {
  return invoke('substring_index', toCol(str), lit(delim), lit(count));
}
export function left(str: Col, len: Col): Column { return overCols('left', str, len); }
export function right(str: Col, len: Col): Column { return overCols('right', str, len); }
export function lpad(col: Col, len: number | Column, pad: string | Column): Column {
  return invoke('lpad', toCol(col), lit(len), lit(pad));
}
export function rpad(col: Col, len: number | Column, pad: string | Column): Column {
  return invoke('rpad', toCol(col), lit(len), lit(pad));
}
export function repeat(col: Col, n: number | Col): Column { return invoke('repeat', toCol(col), numOrCol(n)); }
export function reverse(col: Col): Column { return overCols('reverse', col); }
export function instr(str: Col, substr: string | Column): Column { return invoke('instr', toCol(str), lit(substr)); }
export function locate(substr: string, str: Col, pos = 1): Column { return invoke('locate', lit(substr), toCol(str), lit(pos)); }
export function position(substr: Col, str: Col, start?: Col): Column {
  return start === undefined ? overCols('position', substr, str) : overCols('position', substr, str, start);
}
export function translate(srcCol: Col, matching: string, replace: string): Column {
  return invoke('translate', toCol(srcCol), lit(matching), lit(replace));
}
export function replace(src: Col, search: Col, replacement?: Col): Column {
  return replacement === undefined ? overCols('replace', src, search) : overCols('replace', src, search, replacement);
}
export function overlay(src: Col, replacement: Col, pos: number | Col, len: number | Col = -1): Column {
  return invoke('overlay', toCol(src), toCol(replacement), numOrCol(pos), numOrCol(len));
}
export function split(str: Col, pattern: string | Column, limit: number | Col = -1): Column {
  return invoke('split', toCol(str), lit(pattern), numOrCol(limit));
}
export function split_part(src: Col, delimiter: Col, partNum: Col): Column { return overCols('split_part', src, delimiter, partNum); }
export function regexp_replace(string: Col, pattern: string | Column, replacement: string | Column, position?: number | Column): Column {
  return position === undefined
    ? invoke('regexp_replace', toCol(string), lit(pattern), lit(replacement))
    : invoke('regexp_replace', toCol(string), lit(pattern), lit(replacement), lit(position));
}
export function regexp_extract(str: Col, pattern: string, idx: number): Column {
  return invoke('regexp_extract', toCol(str), lit(pattern), lit(idx));
}
export function regexp_extract_all(str: Col, regexp: Col, idx?: number | Column): Column {
  return idx === undefined ? overCols('regexp_extract_all', str, regexp) : invoke('regexp_extract_all', toCol(str), toCol(regexp), lit(idx));
}
export function regexp_like(str: Col, regexp: Col): Column { return overCols('regexp_like', str, regexp); }
export function regexp_count(str: Col, regexp: Col): Column { return overCols('regexp_count', str, regexp); }
export function regexp_substr(str: Col, regexp: Col): Column { return overCols('regexp_substr', str, regexp); }
export function rlike(str: Col, regexp: Col): Column { return overCols('rlike', str, regexp); }
export function like(str: Col, pattern: Col, escapeChar?: Column): Column {
  return escapeChar === undefined ? overCols('like', str, pattern) : invoke('like', toCol(str), toCol(pattern), escapeChar);
}
export function ilike(str: Col, pattern: Col, escapeChar?: Column): Column {
  return escapeChar === undefined ? overCols('ilike', str, pattern) : invoke('ilike', toCol(str), toCol(pattern), escapeChar);
}
export function contains(left: Col, right: Col): Column { return overCols('contains', left, right); }
export function startswith(str: Col, prefix: Col): Column { return overCols('startswith', str, prefix); }
export function endswith(str: Col, suffix: Col): Column { return overCols('endswith', str, suffix); }
export function format_string(format: string, ...cols: Col[]): Column {
  return invoke('format_string', lit(format), ...cols.map(toCol));
}
export function printf(format: Col, ...cols: Col[]): Column { return overCols('printf', format, ...cols); }
export function format_number(col: Col, d: number): Column { return invoke('format_number', toCol(col), lit(d)); }
export function ascii(col: Col): Column { return overCols('ascii', col); }
export function base64(col: Col): Column { return overCols('base64', col); }
export function unbase64(col: Col): Column { return overCols('unbase64', col); }
export function encode(col: Col, charset: string): Column { return invoke('encode', toCol(col), lit(charset)); }
export function decode(col: Col, charset: string): Column { return invoke('decode', toCol(col), lit(charset)); }
export function levenshtein(left: Col, right: Col, threshold?: number): Column {
  return threshold === undefined ? overCols('levenshtein', left, right) : invoke('levenshtein', toCol(left), toCol(right), lit(threshold));
}
export function soundex(col: Col): Column { return overCols('soundex', col); }
export function hex(col: Col): Column { return overCols('hex', col); }
export function unhex(col: Col): Column { return overCols('unhex', col); }
export function md5(col: Col): Column { return overCols('md5', col); }
export function sha1(col: Col): Column { return overCols('sha1', col); }
export function sha2(col: Col, numBits: 0 | 224 | 256 | 384 | 512): Column {
  if (![0, 224, 256, 384, 512].includes(numBits)) throw new RangeError('sha2: numBits must be 0, 224, 256, 384 or 512');
  return invoke('sha2', toCol(col), lit(numBits));
}
export function crc32(col: Col): Column { return overCols('crc32', col); }
export function hash(...cols: Col[]): Column { return overCols('hash', ...cols); }
export function xxhash64(...cols: Col[]): Column { return overCols('xxhash64', ...cols); }
export function uuid(): Column { return invoke('uuid'); }
export function to_char(col: Col, format: Col): Column { return overCols('to_char', col, format); }
export function to_number(col: Col, format: Col): Column { return overCols('to_number', col, format); }
export function to_binary(col: Col, format?: Col): Column {
  return format === undefined ? overCols('to_binary', col) : overCols('to_binary', col, format);
}
export function find_in_set(str: Col, strArray: Col): Column { return overCols('find_in_set', str, strArray); }
export function elt(...inputs: Col[]): Column { return overCols('elt', ...inputs); }
export function chr(col: Col): Column { return overCols('chr', col); }
export function url_encode(str: Col): Column { return overCols('url_encode', str); }
export function url_decode(str: Col): Column { return overCols('url_decode', str); }
export function parse_url(url: Col, partToExtract: Col, key?: Col): Column {
  return key === undefined ? overCols('parse_url', url, partToExtract) : overCols('parse_url', url, partToExtract, key);
}
