// pyspark.sql.functions for TypeScript: `import * as F from './functions'` gives the same names.
// The general functions live here; the rest, by family, in functions-*.ts and are re-exported below
// by name. Any Spark function not covered is reachable through call_function() or fn().
import { Column, ColumnOrLiteral, ColumnOrName, colByName, caseColumn, toCol, toExpr } from './column';
import { DataType } from './data-types';
import type { DataFrame } from './dataframe';
import { invoke, lit, overCols } from './function-helpers';
import {
  bigintLiteral, binaryLiteral, byteLiteral, dateLiteral, decimalLiteral, doubleLiteral, floatLiteral, intLiteral,
  nullLiteral, shortLiteral, timestampLiteral, timestampNtzLiteral,
} from './literals';
import { Timestamp } from './timestamp';

type Col = ColumnOrName;

export { lit };

/** A column by name; "*" selects all columns and "t.*" all of struct or table t. */
export function col(name: string): Column { return colByName(name); }
export const column = col;

/** A SQL expression parsed by the server, e.g. expr("a + 1 AS b"). */
export function expr(sql: string): Column { return new Column({ expressionString: { expression: sql } }); }

/** CASE WHEN condition THEN value; chain .when(...) and .otherwise(...) on the result. */
export function when(condition: Column, value: ColumnOrLiteral): Column {
  if (!(condition instanceof Column)) throw new TypeError('when: condition must be a Column');
  return caseColumn([[condition.expr, toExpr(value)]]);
}

/**
 * Calls any Spark SQL function by name (CallFunction): arguments are columns or column names, as in
 * PySpark's call_function. Also reaches catalog functions ("my_db.my_udf").
 */
export function call_function(funcName: string, ...cols: Col[]): Column {
  return new Column({ callFunction: { functionName: funcName, arguments: cols.map((c) => toCol(c).expr) } });
}

/** Calls a registered UDF by name with columns (PySpark's call_udf). */
export function call_udf(udfName: string, ...cols: Col[]): Column {
  return overCols(udfName, ...cols);
}

/**
 * Calls any built-in function by name with Columns or literal values (a string here is a string
 * literal, not a column name): fn("date_add", col("d"), 3).
 */
export function fn(name: string, ...args: ColumnOrLiteral[]): Column {
  return invoke(name, ...args.map((a) => (a instanceof Column ? a : lit(a))));
}

/** Marks a DataFrame for broadcast in joins (a "broadcast" hint). */
export function broadcast(df: DataFrame): DataFrame { return df.hint('broadcast'); }

export function coalesce(...cols: Col[]): Column { return overCols('coalesce', ...cols); }
export function isnull(col: Col): Column { return overCols('isnull', col); }
export function isnotnull(col: Col): Column { return overCols('isnotnull', col); }
export function isnan(col: Col): Column { return overCols('isnan', col); }
export function nanvl(col1: Col, col2: Col): Column { return overCols('nanvl', col1, col2); }
export function ifnull(col1: Col, col2: Col): Column { return overCols('ifnull', col1, col2); }
export function nvl(col1: Col, col2: Col): Column { return overCols('nvl', col1, col2); }
export function nvl2(col1: Col, col2: Col, col3: Col): Column { return overCols('nvl2', col1, col2, col3); }
export function nullif(col1: Col, col2: Col): Column { return overCols('nullif', col1, col2); }
export function equal_null(col1: Col, col2: Col): Column { return overCols('equal_null', col1, col2); }
export function greatest(...cols: Col[]): Column {
  if (cols.length < 2) throw new TypeError('greatest: at least 2 columns are required');
  return overCols('greatest', ...cols);
}
export function least(...cols: Col[]): Column {
  if (cols.length < 2) throw new TypeError('least: at least 2 columns are required');
  return overCols('least', ...cols);
}
export function monotonically_increasing_id(): Column { return invoke('monotonically_increasing_id'); }
export function spark_partition_id(): Column { return invoke('spark_partition_id'); }
export function input_file_name(): Column { return invoke('input_file_name'); }
export function current_catalog(): Column { return invoke('current_catalog'); }
export function current_database(): Column { return invoke('current_database'); }
export function current_schema(): Column { return invoke('current_schema'); }
export function current_user(): Column { return invoke('current_user'); }
export function version(): Column { return invoke('version'); }
export function assert_true(col: Col, errMsg?: string | Column): Column {
  return errMsg === undefined ? overCols('assert_true', col) : invoke('assert_true', toCol(col), lit(errMsg));
}
export function raise_error(errMsg: string | Column): Column { return invoke('raise_error', lit(errMsg)); }

// Sort helpers.
export function asc(col: Col): Column { return toCol(col).asc(); }
export function asc_nulls_first(col: Col): Column { return toCol(col).asc_nulls_first(); }
export function asc_nulls_last(col: Col): Column { return toCol(col).asc_nulls_last(); }
export function desc(col: Col): Column { return toCol(col).desc(); }
export function desc_nulls_first(col: Col): Column { return toCol(col).desc_nulls_first(); }
export function desc_nulls_last(col: Col): Column { return toCol(col).desc_nulls_last(); }

// Typed literals, for what lit()'s inference cannot express (not in PySpark, which infers from Python types).
/** An exact DECIMAL literal from text or a bigint; precision and scale default to the value's digits. */
export function litDecimal(value: string | bigint, precision?: number, scale?: number): Column {
  return new Column({ literal: decimalLiteral(value, precision, scale) });
}
/** A TIMESTAMP literal from a Date, a Timestamp, or microseconds since the epoch (bigint). */
export function litTimestamp(value: Date | Timestamp | bigint): Column { return new Column({ literal: timestampLiteral(value) }); }
export function litTimestampNtz(value: Date | Timestamp | bigint): Column { return new Column({ literal: timestampNtzLiteral(value) }); }
/** A DATE literal from "YYYY-MM-DD", a Date (its UTC day) or days since the epoch. */
export function litDate(value: string | Date | number): Column { return new Column({ literal: dateLiteral(value) }); }
export function litLong(value: number | bigint | string): Column { return new Column({ literal: bigintLiteral(value) }); }
export function litInt(value: number): Column { return new Column({ literal: intLiteral(value) }); }
export function litShort(value: number): Column { return new Column({ literal: shortLiteral(value) }); }
export function litByte(value: number): Column { return new Column({ literal: byteLiteral(value) }); }
export function litFloat(value: number): Column { return new Column({ literal: floatLiteral(value) }); }
export function litDouble(value: number): Column { return new Column({ literal: doubleLiteral(value) }); }
export function litBinary(value: Uint8Array): Column { return new Column({ literal: binaryLiteral(value) }); }
/** A NULL of the given type. */
export function litNull(type: DataType): Column { return new Column({ literal: nullLiteral(type) }); }

export {
  count, count_distinct, countDistinct, approx_count_distinct, approxCountDistinct, sum, sum_distinct, sumDistinct,
  avg, mean, min, max, min_by, max_by, first, last, first_value, last_value, any_value, collect_list, array_agg,
  collect_set, stddev, std, stddev_samp, stddev_pop, variance, var_samp, var_pop, skewness, kurtosis, corr,
  covar_pop, covar_samp, product, median, mode, percentile, percentile_approx, approx_percentile, count_if, every,
  bool_and, some, bool_or, bit_and, bit_or, bit_xor, grouping, grouping_id, try_sum, try_avg, histogram_numeric,
  listagg, string_agg, regr_avgx, regr_avgy, regr_count, regr_intercept, regr_r2, regr_slope,
  row_number, rank, dense_rank, percent_rank, cume_dist, ntile, lag, lead, nth_value,
} from './functions-agg';
export {
  upper, lower, ucase, lcase, initcap, trim, ltrim, rtrim, btrim, length, char_length, character_length,
  octet_length, bit_length, concat, concat_ws, substring, substr, substring_index, left, right, lpad, rpad, repeat,
  reverse, instr, locate, position, translate, replace, overlay, split, split_part, regexp_replace, regexp_extract,
  regexp_extract_all, regexp_like, regexp_count, regexp_substr, rlike, like, ilike, contains, startswith, endswith,
  format_string, printf, format_number, ascii, base64, unbase64, encode, decode, levenshtein, soundex, hex, unhex,
  md5, sha1, sha2, crc32, hash, xxhash64, uuid, to_char, to_number, to_binary, find_in_set, elt, chr, url_encode,
  url_decode, parse_url,
} from './functions-string';
export {
  current_date, curdate, current_timestamp, now, localtimestamp, current_timezone, date_format, to_date,
  to_timestamp, try_to_timestamp, to_timestamp_ntz, to_timestamp_ltz, year, quarter, month, dayofmonth, day,
  dayofweek, dayofyear, weekday, weekofyear, hour, minute, second, last_day, next_day, extract, date_part,
  make_date, datediff, date_diff, date_add, dateadd, date_sub, add_months, months_between, trunc, date_trunc,
  from_unixtime, unix_timestamp, from_utc_timestamp, to_utc_timestamp, timestamp_seconds, timestamp_millis,
  timestamp_micros, unix_date, unix_seconds, unix_millis, unix_micros, date_from_unix_date, make_timestamp,
  make_interval,
} from './functions-datetime';
export {
  abs, sqrt, cbrt, exp, expm1, log, ln, log10, log2, log1p, pow, power, round, bround, ceil, ceiling, floor, rint,
  signum, sign, negative, positive, sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, degrees, radians,
  hypot, pmod, factorial, e, pi, bin, conv, shiftleft, shiftright, shiftrightunsigned, bitwise_not, bit_count,
  try_add, try_subtract, try_multiply, try_divide, try_mod, width_bucket, rand, randn,
} from './functions-math';
export {
  array, struct, named_struct, create_map, map, array_contains, array_distinct, array_except, array_intersect,
  array_union, arrays_overlap, arrays_zip, array_join, array_max, array_min, array_size, array_position,
  array_remove, array_repeat, array_append, array_prepend, array_insert, array_compact, array_sort, sort_array,
  size, cardinality, element_at, try_element_at, get, slice, sequence, shuffle, flatten, explode, explode_outer,
  posexplode, posexplode_outer, inline, inline_outer, stack, map_keys, map_values, map_entries, map_from_arrays,
  map_from_entries, map_concat, map_contains_key, str_to_map, transform, filter, exists, forall, aggregate, reduce,
  zip_with, transform_keys, transform_values, map_filter, map_zip_with, from_json, to_json, schema_of_json,
  get_json_object, json_tuple, json_array_length, json_object_keys,
} from './functions-collection';
