// Date and time functions (pyspark.sql.functions). Formats and time zone names are string literals;
// day/month counts are literals when numbers and columns when names or Columns, as in PySpark.
import { Column, ColumnOrName, toCol } from './column';
import { invoke, lit, numOrCol, overCols } from './function-helpers';
import { decimalLiteral } from './literals';

type Col = ColumnOrName;

export function current_date(): Column { return invoke('current_date'); }
export function curdate(): Column { return invoke('curdate'); }
export function current_timestamp(): Column { return invoke('current_timestamp'); }
export function now(): Column { return invoke('now'); }
export function localtimestamp(): Column { return invoke('localtimestamp'); }
export function current_timezone(): Column { return invoke('current_timezone'); }
export function date_format(date: Col, format: string): Column { return invoke('date_format', toCol(date), lit(format)); }
export function to_date(col: Col, format?: string): Column {
  return format === undefined ? overCols('to_date', col) : invoke('to_date', toCol(col), lit(format));
}
export function to_timestamp(col: Col, format?: string): Column {
  return format === undefined ? overCols('to_timestamp', col) : invoke('to_timestamp', toCol(col), lit(format));
}
export function try_to_timestamp(col: Col, format?: Col): Column {
  return format === undefined ? overCols('try_to_timestamp', col) : overCols('try_to_timestamp', col, format);
}
export function to_timestamp_ntz(timestamp: Col, format?: Col): Column {
  return format === undefined ? overCols('to_timestamp_ntz', timestamp) : overCols('to_timestamp_ntz', timestamp, format);
}
export function to_timestamp_ltz(timestamp: Col, format?: Col): Column {
  return format === undefined ? overCols('to_timestamp_ltz', timestamp) : overCols('to_timestamp_ltz', timestamp, format);
}
export function year(col: Col): Column { return overCols('year', col); }
export function quarter(col: Col): Column { return overCols('quarter', col); }
export function month(col: Col): Column { return overCols('month', col); }
export function dayofmonth(col: Col): Column { return overCols('dayofmonth', col); }
export function day(col: Col): Column { return overCols('day', col); }
export function dayofweek(col: Col): Column { return overCols('dayofweek', col); }
export function dayofyear(col: Col): Column { return overCols('dayofyear', col); }
export function weekday(col: Col): Column { return overCols('weekday', col); }
export function weekofyear(col: Col): Column { return overCols('weekofyear', col); }
export function hour(col: Col): Column { return overCols('hour', col); }
export function minute(col: Col): Column { return overCols('minute', col); }
export function second(col: Col): Column { return overCols('second', col); }
export function last_day(date: Col): Column { return overCols('last_day', date); }
export function next_day(date: Col, dayOfWeek: string): Column { return invoke('next_day', toCol(date), lit(dayOfWeek)); }
export function extract(field: Col, source: Col): Column { return overCols('extract', field, source); }
export function date_part(field: Col, source: Col): Column { return overCols('date_part', field, source); }
export function make_date(year: Col, month: Col, day: Col): Column { return overCols('make_date', year, month, day); }
export function datediff(end: Col, start: Col): Column { return overCols('datediff', end, start); }
export function date_diff(end: Col, start: Col): Column { return overCols('date_diff', end, start); }
export function date_add(start: Col, days: number | Col): Column { return invoke('date_add', toCol(start), numOrCol(days)); }
export function dateadd(start: Col, days: number | Col): Column { return invoke('dateadd', toCol(start), numOrCol(days)); }
export function date_sub(start: Col, days: number | Col): Column { return invoke('date_sub', toCol(start), numOrCol(days)); }
export function add_months(start: Col, months: number | Col): Column { return invoke('add_months', toCol(start), numOrCol(months)); }
export function months_between(date1: Col, date2: Col, roundOff = true): Column {
  return invoke('months_between', toCol(date1), toCol(date2), lit(roundOff));
}
export function trunc(date: Col, format: string): Column { return invoke('trunc', toCol(date), lit(format)); }
export function date_trunc(format: string, timestamp: Col): Column { return invoke('date_trunc', lit(format), toCol(timestamp)); }
export function from_unixtime(timestamp: Col, format = 'yyyy-MM-dd HH:mm:ss'): Column {
  return invoke('from_unixtime', toCol(timestamp), lit(format));
}
/** unix_timestamp() is now; unix_timestamp(col, format?) parses (default "yyyy-MM-dd HH:mm:ss"). */
export function unix_timestamp(timestamp?: Col, format = 'yyyy-MM-dd HH:mm:ss'): Column {
  return timestamp === undefined ? invoke('unix_timestamp') : invoke('unix_timestamp', toCol(timestamp), lit(format));
}
export function from_utc_timestamp(timestamp: Col, tz: string | Column): Column {
  return invoke('from_utc_timestamp', toCol(timestamp), lit(tz));
}
export function to_utc_timestamp(timestamp: Col, tz: string | Column): Column {
  return invoke('to_utc_timestamp', toCol(timestamp), lit(tz));
}
export function timestamp_seconds(col: Col): Column { return overCols('timestamp_seconds', col); }
export function timestamp_millis(col: Col): Column { return overCols('timestamp_millis', col); }
export function timestamp_micros(col: Col): Column { return overCols('timestamp_micros', col); }
export function unix_date(col: Col): Column { return overCols('unix_date', col); }
export function unix_seconds(col: Col): Column { return overCols('unix_seconds', col); }
export function unix_millis(col: Col): Column { return overCols('unix_millis', col); }
export function unix_micros(col: Col): Column { return overCols('unix_micros', col); }
export function date_from_unix_date(days: Col): Column { return overCols('date_from_unix_date', days); }
export function make_timestamp(years: Col, months: Col, days: Col, hours: Col, mins: Col, secs: Col, timezone?: Col): Column {
  const parts = [years, months, days, hours, mins, secs];
  return timezone === undefined ? overCols('make_timestamp', ...parts) : overCols('make_timestamp', ...parts, timezone);
}
export function make_interval(years?: Col, months?: Col, weeks?: Col, days?: Col, hours?: Col, mins?: Col, secs?: Col): Column {
  const parts = [years, months, weeks, days, hours, mins].map((p) => (p === undefined ? lit(0) : toCol(p)));
  // Seconds default to DECIMAL 0, as PySpark sends them.
  const s = secs === undefined ? new Column({ literal: decimalLiteral('0', 10, 0) }) : toCol(secs);
  return invoke('make_interval', ...parts, s);
}
