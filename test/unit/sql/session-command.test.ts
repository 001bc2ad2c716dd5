import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSessionSettingCommand } from '../../../src/sql/session-command';

test('settings and session switches have no result set worth a grid; value queries and queries do', () => {
  for (const s of ['SET spark.sql.shuffle.partitions = 4', 'set spark.sql.ansi.enabled=true', '-- c\nSET a.b = \'x=y\'', 'RESET',
    'RESET spark.sql.x', 'USE my_db', 'USE CATALOG spark_catalog', 'SET CATALOG c', 'SET TIME ZONE \'UTC\'', 'SET VAR v = 1']) {
    assert.equal(isSessionSettingCommand(s), true, s);
  }
  for (const s of ['SET', 'SET spark.sql.shuffle.partitions', 'SELECT 1 = 1', 'SELECT \'SET a = b\'', 'CREATE TABLE t (a INT)', 'SHOW TABLES']) {
    assert.equal(isSessionSettingCommand(s), false, s);
  }
});
