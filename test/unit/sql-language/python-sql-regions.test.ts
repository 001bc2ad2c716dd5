import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSqlRegions, regionAt, toSourceOffset, toSqlOffset } from '../../../src/sql-language/python-sql-regions';

test('spark.sql("...") literals are regions; other calls, variables and bytes are not', () => {
  const src = [
    'df = spark.sql("SELECT * FROM t WHERE a = \'x\'")',
    'q = sql("SELECT 1")',
    'spark.sql(query)',
    'spark.sql(b"SELECT 2")',
    'self.spark.sql(\'\'\'',
    'SELECT o.id',
    'FROM orders o\'\'\', args={"p": 1})',
  ].join('\n');
  const regions = findSqlRegions(src);
  assert.deepEqual(regions.map((r) => r.text), ["SELECT * FROM t WHERE a = 'x'", '\nSELECT o.id\nFROM orders o']);
  // Offsets map each SQL character to its place in the Python source.
  const [a, b] = regions;
  assert.equal(src[toSourceOffset(a, a.text.indexOf('FROM'))], 'F');
  assert.equal(toSqlOffset(b, src.indexOf('o.id') + 2), b.text.indexOf('o.id') + 2);
  assert.equal(regionAt(regions, src.indexOf('orders')), b);
  assert.equal(regionAt(regions, src.indexOf('args')), undefined);
});

test('escapes are decoded and mapped back; raw strings keep backslashes; f-string holes become a name', () => {
  const src = 'spark.sql("SELECT \\"a\\"\\n, \\u0062 FROM t")\nspark.sql(r"SELECT \'\\d\' AS re")\nspark.sql(f"SELECT {col} FROM {{t}}")';
  const [esc, raw, fmt] = findSqlRegions(src);
  assert.equal(esc.text, 'SELECT "a"\n, b FROM t');
  assert.equal(src.slice(toSourceOffset(esc, esc.text.indexOf('b')), toSourceOffset(esc, esc.text.indexOf('b')) + 6), '\\u0062');
  assert.equal(src[toSourceOffset(esc, esc.text.indexOf('FROM'))], 'F');
  assert.equal(raw.text, "SELECT '\\d' AS re");
  assert.equal(fmt.text, 'SELECT expr FROM {t}');
});
