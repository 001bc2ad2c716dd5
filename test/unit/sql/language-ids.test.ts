import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSqlLanguage, sqlDocumentSelector, switchesToSparkSql } from '../../../src/sql/language-ids';

test('both SQL modes are SQL languages, and the selector names each', () => {
  assert.ok(isSqlLanguage('sql') && isSqlLanguage('sparksql'));
  assert.ok(!isSqlLanguage('python'));
  assert.deepEqual(sqlDocumentSelector(), [{ language: 'sql' }, { language: 'sparksql' }]);
});

test('the Spark SQL setting switches only .sql files that VS Code opened as plain SQL', () => {
  assert.ok(switchesToSparkSql('sql', '/w/q.sql'));
  assert.ok(switchesToSparkSql('sql', '/w/Q.SQL'));
  // Another extension's (or the user's) association wins; an untitled buffer is no .sql file.
  assert.ok(!switchesToSparkSql('mssql', '/w/q.sql'));
  assert.ok(!switchesToSparkSql('snowflake-sql', '/w/q.sql'));
  assert.ok(!switchesToSparkSql('sql', 'Untitled-1'));
  assert.ok(!switchesToSparkSql('sql', '/w/q.hql'));
  // Already Spark SQL: nothing to do.
  assert.ok(!switchesToSparkSql('sparksql', '/w/q.sql'));
});
