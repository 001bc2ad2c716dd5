// The benchmark's table: built from range() with expressions, so the server loads no data and both
// clients receive byte-for-byte the same Arrow stream. Mixed types on purpose: 64-bit and 32-bit
// integers, doubles, strings, decimals, timestamps, and NULLs in three columns (numbers, strings,
// decimals), because per-type decoding costs differ.

export const BENCH_COLUMNS = ['id', 'i32', 'dbl', 'str', 'dec', 'ts', 'maybe_int', 'maybe_str'] as const;

export function mixedTableQuery(rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`row count must be a non-negative integer: ${rows}`);
  return [
    'SELECT id,',
    '  CAST(id % 100000 AS INT) AS i32,',
    '  id * 1.5D + 0.25D AS dbl,',
    "  concat('row-', CAST(id AS STRING)) AS str,",
    '  IF(id % 11 = 0, NULL, CAST(id AS DECIMAL(20, 0)) / 8) AS dec,',
    '  timestamp_micros(1700000000000000 + id * 1000003) AS ts,',
    '  IF(id % 5 = 0, NULL, id % 977) AS maybe_int,',
    "  IF(id % 7 = 0, NULL, concat('s', CAST(id % 1000 AS STRING))) AS maybe_str",
    `FROM range(${rows})`,
  ].join('\n');
}
