// Aggregate and window functions (pyspark.sql.functions), built as PySpark's Connect client builds them.
import { Column, ColumnOrName, toCol, unresolvedFunction } from './column';
import { invoke, lit, LitInput, overCols } from './function-helpers';

type Col = ColumnOrName;

// ---- aggregates ----
export function count(col: Col): Column { return overCols('count', col); }
/** COUNT(DISTINCT ...). */
export function count_distinct(col: Col, ...cols: Col[]): Column {
  return new Column(unresolvedFunction('count', [col, ...cols].map((c) => toCol(c).expr), true));
}
export const countDistinct = count_distinct;
export function approx_count_distinct(col: Col, rsd?: number): Column {
  return rsd === undefined ? invoke('approx_count_distinct', toCol(col)) : invoke('approx_count_distinct', toCol(col), lit(rsd));
}
export const approxCountDistinct = approx_count_distinct;
export function sum(col: Col): Column { return overCols('sum', col); }
export function sum_distinct(col: Col): Column {
  return new Column(unresolvedFunction('sum', [toCol(col).expr], true));
}
export const sumDistinct = sum_distinct;
export function avg(col: Col): Column { return overCols('avg', col); }
/** PySpark's mean is avg. */
export function mean(col: Col): Column { return avg(col); }
export function min(col: Col): Column { return overCols('min', col); }
export function max(col: Col): Column { return overCols('max', col); }
export function min_by(col: Col, ord: Col): Column { return overCols('min_by', col, ord); }
export function max_by(col: Col, ord: Col): Column { return overCols('max_by', col, ord); }
export function first(col: Col, ignorenulls = false): Column { return invoke('first', toCol(col), lit(ignorenulls)); }
export function last(col: Col, ignorenulls = false): Column { return invoke('last', toCol(col), lit(ignorenulls)); }
export function first_value(col: Col, ignoreNulls?: boolean | Column): Column {
  return ignoreNulls === undefined ? overCols('first_value', col) : invoke('first_value', toCol(col), lit(ignoreNulls));
}
export function last_value(col: Col, ignoreNulls?: boolean | Column): Column {
  return ignoreNulls === undefined ? overCols('last_value', col) : invoke('last_value', toCol(col), lit(ignoreNulls));
}
export function any_value(col: Col, ignoreNulls?: boolean | Column): Column {
  return ignoreNulls === undefined ? overCols('any_value', col) : invoke('any_value', toCol(col), lit(ignoreNulls));
}
export function collect_list(col: Col): Column { return overCols('collect_list', col); }
export function array_agg(col: Col): Column { return overCols('array_agg', col); }
export function collect_set(col: Col): Column { return overCols('collect_set', col); }
export function stddev(col: Col): Column { return overCols('stddev', col); }
export function std(col: Col): Column { return overCols('std', col); }
export function stddev_samp(col: Col): Column { return overCols('stddev_samp', col); }
export function stddev_pop(col: Col): Column { return overCols('stddev_pop', col); }
export function variance(col: Col): Column { return overCols('variance', col); }
export function var_samp(col: Col): Column { return overCols('var_samp', col); }
export function var_pop(col: Col): Column { return overCols('var_pop', col); }
export function skewness(col: Col): Column { return overCols('skewness', col); }
export function kurtosis(col: Col): Column { return overCols('kurtosis', col); }
export function corr(col1: Col, col2: Col): Column { return overCols('corr', col1, col2); }
export function covar_pop(col1: Col, col2: Col): Column { return overCols('covar_pop', col1, col2); }
export function covar_samp(col1: Col, col2: Col): Column { return overCols('covar_samp', col1, col2); }
export function product(col: Col): Column { return overCols('product', col); }
export function median(col: Col): Column { return overCols('median', col); }
export function mode(col: Col, deterministic = false): Column { return invoke('mode', toCol(col), lit(deterministic)); }
/** Exact percentile(s); percentage is a number, a list of numbers, or a Column. */
export function percentile(col: Col, percentage: number | number[] | Column, frequency: number | Column = 1): Column {
  return invoke('percentile', toCol(col), lit(percentage), lit(frequency));
}
export function percentile_approx(col: Col, percentage: number | number[] | Column, accuracy: number | Column = 10000): Column {
  return invoke('percentile_approx', toCol(col), lit(percentage), lit(accuracy));
}
export function approx_percentile(col: Col, percentage: number | number[] | Column, accuracy: number | Column = 10000): Column {
  return invoke('approx_percentile', toCol(col), lit(percentage), lit(accuracy));
}
export function count_if(col: Col): Column { return overCols('count_if', col); }
export function every(col: Col): Column { return overCols('every', col); }
export function bool_and(col: Col): Column { return overCols('bool_and', col); }
export function some(col: Col): Column { return overCols('some', col); }
export function bool_or(col: Col): Column { return overCols('bool_or', col); }
export function bit_and(col: Col): Column { return overCols('bit_and', col); }
export function bit_or(col: Col): Column { return overCols('bit_or', col); }
export function bit_xor(col: Col): Column { return overCols('bit_xor', col); }
export function grouping(col: Col): Column { return overCols('grouping', col); }
export function grouping_id(...cols: Col[]): Column { return overCols('grouping_id', ...cols); }
export function try_sum(col: Col): Column { return overCols('try_sum', col); }
export function try_avg(col: Col): Column { return overCols('try_avg', col); }
export function histogram_numeric(col: Col, nBins: Column | number): Column {
  return invoke('histogram_numeric', toCol(col), lit(nBins));
}
/** Spark 4.0+: values joined into one string, optionally with a delimiter. */
export function listagg(col: Col, delimiter?: LitInput): Column {
  return delimiter === undefined ? overCols('listagg', col) : invoke('listagg', toCol(col), lit(delimiter));
}
export function string_agg(col: Col, delimiter?: LitInput): Column {
  return delimiter === undefined ? overCols('string_agg', col) : invoke('string_agg', toCol(col), lit(delimiter));
}
export function regr_avgx(y: Col, x: Col): Column { return overCols('regr_avgx', y, x); }
export function regr_avgy(y: Col, x: Col): Column { return overCols('regr_avgy', y, x); }
export function regr_count(y: Col, x: Col): Column { return overCols('regr_count', y, x); }
export function regr_intercept(y: Col, x: Col): Column { return overCols('regr_intercept', y, x); }
export function regr_r2(y: Col, x: Col): Column { return overCols('regr_r2', y, x); }
export function regr_slope(y: Col, x: Col): Column { return overCols('regr_slope', y, x); }

// ---- window functions ----
export function row_number(): Column { return invoke('row_number'); }
export function rank(): Column { return invoke('rank'); }
export function dense_rank(): Column { return invoke('dense_rank'); }
export function percent_rank(): Column { return invoke('percent_rank'); }
export function cume_dist(): Column { return invoke('cume_dist'); }
export function ntile(n: number): Column { return invoke('ntile', lit(n)); }
export function lag(col: Col, offset = 1, defaultValue?: LitInput): Column {
  return defaultValue === undefined || defaultValue === null
    ? invoke('lag', toCol(col), lit(offset)) : invoke('lag', toCol(col), lit(offset), lit(defaultValue));
}
export function lead(col: Col, offset = 1, defaultValue?: LitInput): Column {
  return defaultValue === undefined || defaultValue === null
    ? invoke('lead', toCol(col), lit(offset)) : invoke('lead', toCol(col), lit(offset), lit(defaultValue));
}
export function nth_value(col: Col, offset: number, ignoreNulls: boolean | null = false): Column {
  return ignoreNulls === null
    ? invoke('nth_value', toCol(col), lit(offset)) : invoke('nth_value', toCol(col), lit(offset), lit(ignoreNulls));
}
