import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSql } from '../../../src/log/redact-sql';

test('SET of a secret-looking config hides the value', () => {
  assert.equal(redactSql('SET spark.hadoop.fs.s3a.secret.key=AbC/123+x;\nSELECT 1'), 'SET spark.hadoop.fs.s3a.secret.key=***;\nSELECT 1');
  assert.equal(redactSql('set my.password = hunter2'), 'set my.password = ***');
});

test('SET of an ordinary config is kept', () => {
  assert.equal(redactSql('SET spark.sql.shuffle.partitions=8'), 'SET spark.sql.shuffle.partitions=8');
});

test('data source options with secret names hide their values', () => {
  const sql = `CREATE TABLE t USING jdbc OPTIONS (url 'jdbc:x', user 'bob', password 'p@ss''w', "api_key" = "k-123", dbtable 't')`;
  const out = redactSql(sql);
  assert.equal(out.includes('p@ss'), false);
  assert.equal(out.includes("'w'"), false);
  assert.equal(out.includes('k-123'), false);
  assert.match(out, /user 'bob'/);
  assert.match(out, /dbtable 't'/);
  assert.match(out, /password '\*\*\*'/);
});

test('the client redaction still applies (tokens in URLs)', () => {
  assert.equal(redactSql("SELECT 'sc://h/;token=abcdef'").includes('abcdef'), false);
});
