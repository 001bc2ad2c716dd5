// Array, map, struct and JSON functions, including the higher-order ones that take lambdas
// (transform(col, (x) => x.plus(1)), aggregate(col, lit(0), (acc, x) => acc.plus(x))).
import { Column, ColumnOrName, flattenArgs, toCol } from './column';
import { StructType } from './data-types';
import { higherOrder, invoke, lit, LitInput, numOrCol, optionsColumn, overCols } from './function-helpers';

type Col = ColumnOrName;
type Fn1 = (x: Column) => Column;
type Fn2 = (x: Column, y: Column) => Column;
type Fn3 = (x: Column, y: Column, z: Column) => Column;

/** array(c1, c2, ...) or array([c1, c2]). */
export function array(...cols: Array<Col | Col[]>): Column { return overCols('array', ...flattenArgs(cols)); }
export function struct(...cols: Array<Col | Col[]>): Column { return overCols('struct', ...flattenArgs(cols)); }
export function named_struct(...cols: Col[]): Column { return overCols('named_struct', ...cols); }
/** map(k1, v1, k2, v2, ...) from alternating key and value columns. */
export function create_map(...cols: Array<Col | Col[]>): Column { return overCols('map', ...flattenArgs(cols)); }
export { create_map as map };
export function array_contains(col: Col, value: LitInput): Column { return invoke('array_contains', toCol(col), lit(value)); }
export function array_distinct(col: Col): Column { return overCols('array_distinct', col); }
export function array_except(col1: Col, col2: Col): Column { return overCols('array_except', col1, col2); }
export function array_intersect(col1: Col, col2: Col): Column { return overCols('array_intersect', col1, col2); }
export function array_union(col1: Col, col2: Col): Column { return overCols('array_union', col1, col2); }
export function arrays_overlap(a1: Col, a2: Col): Column { return overCols('arrays_overlap', a1, a2); }
export function arrays_zip(...cols: Col[]): Column { return overCols('arrays_zip', ...cols); }
export function array_join(col: Col, delimiter: string, nullReplacement?: string): Column {
  return nullReplacement === undefined
    ? invoke('array_join', toCol(col), lit(delimiter)) : invoke('array_join', toCol(col), lit(delimiter), lit(nullReplacement));
}
export function array_max(col: Col): Column { return overCols('array_max', col); }
export function array_min(col: Col): Column { return overCols('array_min', col); }
export function array_size(col: Col): Column { return overCols('array_size', col); }
export function array_position(col: Col, value: LitInput): Column { return invoke('array_position', toCol(col), lit(value)); }
export function array_remove(col: Col, element: LitInput): Column { return invoke('array_remove', toCol(col), lit(element)); }
export function array_repeat(col: Col, count: number | Col): Column { return invoke('array_repeat', toCol(col), numOrCol(count)); }
export function array_append(col: Col, value: LitInput): Column { return invoke('array_append', toCol(col), lit(value)); }
export function array_prepend(col: Col, value: LitInput): Column { return invoke('array_prepend', toCol(col), lit(value)); }
export function array_insert(arr: Col, pos: number | Col, value: LitInput): Column {
  return invoke('array_insert', toCol(arr), numOrCol(pos), lit(value));
}
export function array_compact(col: Col): Column { return overCols('array_compact', col); }
export function array_sort(col: Col, comparator?: Fn2): Column {
  return comparator === undefined ? overCols('array_sort', col) : higherOrder('array_sort', [col], [comparator]);
}
export function sort_array(col: Col, asc = true): Column { return invoke('sort_array', toCol(col), lit(asc)); }
export function size(col: Col): Column { return overCols('size', col); }
export function cardinality(col: Col): Column { return overCols('cardinality', col); }
export function element_at(col: Col, extraction: LitInput): Column { return invoke('element_at', toCol(col), lit(extraction)); }
export function try_element_at(col: Col, extraction: Col): Column { return overCols('try_element_at', col, extraction); }
/** 0-based array access that returns null out of range. */
export function get(col: Col, index: number | Col): Column { return invoke('get', toCol(col), numOrCol(index)); }
export function slice(x: Col, start: number | Col, length: number | Col): Column {
  return invoke('slice', toCol(x), numOrCol(start), numOrCol(length));
}
export function sequence(start: Col, stop: Col, step?: Col): Column {
  return step === undefined ? overCols('sequence', start, stop) : overCols('sequence', start, stop, step);
}
export function shuffle(col: Col): Column { return overCols('shuffle', col); }
export function flatten(col: Col): Column { return overCols('flatten', col); }
export function explode(col: Col): Column { return overCols('explode', col); }
export function explode_outer(col: Col): Column { return overCols('explode_outer', col); }
export function posexplode(col: Col): Column { return overCols('posexplode', col); }
export function posexplode_outer(col: Col): Column { return overCols('posexplode_outer', col); }
export function inline(col: Col): Column { return overCols('inline', col); }
export function inline_outer(col: Col): Column { return overCols('inline_outer', col); }
export function stack(...cols: Col[]): Column { return overCols('stack', ...cols); }
export function map_keys(col: Col): Column { return overCols('map_keys', col); }
export function map_values(col: Col): Column { return overCols('map_values', col); }
export function map_entries(col: Col): Column { return overCols('map_entries', col); }
export function map_from_arrays(col1: Col, col2: Col): Column { return overCols('map_from_arrays', col1, col2); }
export function map_from_entries(col: Col): Column { return overCols('map_from_entries', col); }
export function map_concat(...cols: Array<Col | Col[]>): Column { return overCols('map_concat', ...flattenArgs(cols)); }
export function map_contains_key(col: Col, value: LitInput): Column { return invoke('map_contains_key', toCol(col), lit(value)); }
export function str_to_map(text: Col, pairDelim?: Col, keyValueDelim?: Col): Column {
  return invoke('str_to_map', toCol(text), pairDelim === undefined ? lit(',') : toCol(pairDelim),
    keyValueDelim === undefined ? lit(':') : toCol(keyValueDelim));
}

// ---- higher-order functions ----
/** transform(col, (x) => ...) or, with the index, transform(col, (x, i) => ...). */
export function transform(col: Col, f: Fn2): Column { return higherOrder('transform', [col], [f]); }
export function filter(col: Col, f: Fn2): Column { return higherOrder('filter', [col], [f]); }
export function exists(col: Col, f: Fn1): Column { return higherOrder('exists', [col], [f]); }
export function forall(col: Col, f: Fn1): Column { return higherOrder('forall', [col], [f]); }
export function aggregate(col: Col, initialValue: Col, merge: Fn2, finish?: Fn1): Column {
  return higherOrder('aggregate', [col, initialValue], finish ? [merge, finish] : [merge]);
}
export function reduce(col: Col, initialValue: Col, merge: Fn2, finish?: Fn1): Column {
  return higherOrder('reduce', [col, initialValue], finish ? [merge, finish] : [merge]);
}
export function zip_with(left: Col, right: Col, f: Fn2): Column { return higherOrder('zip_with', [left, right], [f]); }
export function transform_keys(col: Col, f: Fn2): Column { return higherOrder('transform_keys', [col], [f]); }
export function transform_values(col: Col, f: Fn2): Column { return higherOrder('transform_values', [col], [f]); }
export function map_filter(col: Col, f: Fn2): Column { return higherOrder('map_filter', [col], [f]); }
export function map_zip_with(col1: Col, col2: Col, f: Fn3): Column { return higherOrder('map_zip_with', [col1, col2], [f]); }

// ---- JSON ----
/** Parses JSON text; schema is a DDL string, a StructType (sent as JSON) or a Column. */
export function from_json(col: Col, schema: string | StructType | Column, options?: Record<string, unknown>): Column {
  const s = schema instanceof StructType ? lit(schema.json()) : lit(schema);
  return options === undefined ? invoke('from_json', toCol(col), s) : invoke('from_json', toCol(col), s, optionsColumn(options));
}
export function to_json(col: Col, options?: Record<string, unknown>): Column {
  return options === undefined ? invoke('to_json', toCol(col)) : invoke('to_json', toCol(col), optionsColumn(options));
}
export function schema_of_json(json: string | Column, options?: Record<string, unknown>): Column {
  return options === undefined ? invoke('schema_of_json', lit(json)) : invoke('schema_of_json', lit(json), optionsColumn(options));
}
export function get_json_object(col: Col, path: string): Column { return invoke('get_json_object', toCol(col), lit(path)); }
export function json_tuple(col: Col, ...fields: string[]): Column {
  if (fields.length === 0) throw new TypeError('json_tuple: at least one field is required');
  return invoke('json_tuple', toCol(col), ...fields.map((f) => lit(f)));
}
export function json_array_length(col: Col): Column { return overCols('json_array_length', col); }
export function json_object_keys(col: Col): Column { return overCols('json_object_keys', col); }
