import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isQueryStatement } from '../../../src/sql/statement-kind';

test('queries are recognised', () => {
  for (const q of ['SELECT 1', 'with a as (select 1) select * from a', 'VALUES (1), (2)', 'TABLE t', 'FROM t SELECT a', '(SELECT 1) UNION (SELECT 2)',
    '/* c */ SELECT 1', "SELECT 'INSERT' AS x", 'SELECT * FROM t WHERE a IN (SELECT b FROM u)', 'SELECT `delete` FROM t']) {
    assert.equal(isQueryStatement(q), true, q);
  }
});

test('commands and writes disguised as queries are not', () => {
  for (const q of ['INSERT INTO t VALUES (1)', 'WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a', 'FROM s INSERT INTO t SELECT a',
    'DROP TABLE t', 'CREATE TABLE t AS SELECT 1', 'SET x=1', 'BEGIN SELECT 1; END', 'MERGE INTO t USING s ON a = b WHEN MATCHED THEN DELETE', '', 'DESCRIBE t']) {
    assert.equal(isQueryStatement(q), false, q);
  }
});
