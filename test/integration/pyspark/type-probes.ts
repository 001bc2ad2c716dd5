// Queries that check the comparison itself, with no runner involved: each runs as spark.sql(...) through
// our client directly and through PySpark (in the same reference process as the corpus), and the two
// typed-JSON reductions must be identical. Between them they hold a value of every type the corpus
// compares, with the edge cases that break naive comparisons: NaN and infinities, -0.0, float32
// values, integers past 2^53, decimals of every scale (and zero with a scale), dates before 1970 and
// 1582, timestamps in a DST gap and overlap and with microseconds, TIMESTAMP_NTZ, binary, unicode,
// nulls inside arrays, maps and structs, and nesting of each in the others.
export const TYPE_PROBES: Array<{ id: string; sql: string }> = [
  {
    id: 'probe-numbers',
    sql: `SELECT * FROM VALUES
      (CAST(-128 AS TINYINT), CAST(32767 AS SMALLINT), 2147483647, 9223372036854775807L, CAST(0.1 AS FLOAT), 0.1D,
       CAST('0' AS DECIMAL(10,4)), CAST('12345678901234567890.123456789012345678' AS DECIMAL(38,18)), CAST('-0.001' AS DECIMAL(5,3))),
      (CAST(NULL AS TINYINT), CAST(-1 AS SMALLINT), -2147483648, -9007199254740993L, CAST('NaN' AS FLOAT), CAST('NaN' AS DOUBLE),
       CAST(NULL AS DECIMAL(10,4)), CAST('-1' AS DECIMAL(38,18)), CAST('99.999' AS DECIMAL(5,3))),
      (CAST(0 AS TINYINT), CAST(0 AS SMALLINT), 0, 0L, CAST('Infinity' AS FLOAT), CAST('-Infinity' AS DOUBLE),
       CAST('1.5' AS DECIMAL(10,4)), CAST(NULL AS DECIMAL(38,18)), CAST('0' AS DECIMAL(5,3))),
      (CAST(1 AS TINYINT), CAST(1 AS SMALLINT), 1, 1L, CAST(3.4028235E38 AS FLOAT), -0.0D,
       CAST('2' AS DECIMAL(10,4)), CAST('0.000000000000000001' AS DECIMAL(38,18)), CAST('1' AS DECIMAL(5,3))),
      (CAST(2 AS TINYINT), CAST(2 AS SMALLINT), 2, 2L, CAST(1.0E-40 AS FLOAT), 1.7976931348623157E308D,
       CAST('3' AS DECIMAL(10,4)), CAST('3' AS DECIMAL(38,18)), CAST('2' AS DECIMAL(5,3)))
      AS t(b, s, i, l, f, d, dec, big, small)`,
  },
  {
    id: 'probe-time',
    sql: `SELECT * FROM VALUES
      (DATE'2024-02-29', TIMESTAMP'2024-03-10 02:30:00', TIMESTAMP_NTZ'2024-03-10 02:30:00.123456'),
      (DATE'1969-12-31', TIMESTAMP'2024-11-03 01:30:00', TIMESTAMP_NTZ'1969-12-31 23:59:59.999999'),
      (DATE'1500-03-01', TIMESTAMP'1900-01-01 00:00:00.000001', TIMESTAMP_NTZ'0001-01-01 00:00:00'),
      (DATE'9999-12-31', TIMESTAMP'1969-12-31 23:59:59.5', CAST(NULL AS TIMESTAMP_NTZ)),
      (CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP), TIMESTAMP_NTZ'2038-01-19 03:14:08')
      AS t(d, ts, ntz)`,
  },
  {
    id: 'probe-text',
    sql: `SELECT * FROM VALUES
      ('', X'', true), ('héllo wörld ☃ 𝄞', X'00FF10', false), (CAST(NULL AS STRING), CAST(NULL AS BINARY), CAST(NULL AS BOOLEAN)),
      ('tab\\tnew\\nline "quoted"', X'CAFEBABE', true)
      AS t(s, bin, flag)`,
  },
  {
    id: 'probe-nested',
    sql: `SELECT
      array(1, NULL, 3) AS arr,
      map('b', 2, 'a', 1, 'c', CAST(NULL AS INT)) AS m,
      map(2, array('x', NULL), 1, array()) AS m_arr,
      named_struct('x', 1, 'y', CAST(NULL AS STRING), 'z', named_struct('w', array(0.5D, CAST('NaN' AS DOUBLE)))) AS st,
      array(named_struct('k', 'a', 'v', map('p', X'01')), CAST(NULL AS STRUCT<k: STRING, v: MAP<STRING, BINARY>>)) AS arr_st,
      map(named_struct('a', 1), 'struct key') AS m_struct_key,
      array(array(DATE'2024-01-01'), CAST(NULL AS ARRAY<DATE>)) AS nested_dates,
      CAST(NULL AS ARRAY<INT>) AS null_arr`,
  },
  {
    id: 'probe-interval',
    sql: `SELECT INTERVAL '1 02:03:04.000005' DAY TO SECOND AS dt, -(INTERVAL '36' HOUR) AS neg, CAST(NULL AS INTERVAL DAY) AS n`,
  },
];
