import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparkConnectError } from '../../../src/connect/errors';
import { describeLostSession, emptyRecord, isSessionGone, noteStatement, parseRecord } from '../../../src/engine/session-state';

test('noteStatement follows temporary views, settings and cached tables by name', () => {
  const r = emptyRecord({ sessionId: 's' });
  assert.equal(noteStatement(r, 'CREATE TEMP VIEW v1 AS SELECT 1'), true);
  noteStatement(r, '-- a comment\n  create or replace temporary view `my view` as select 2;');
  noteStatement(r, 'CREATE GLOBAL TEMPORARY VIEW g1 AS SELECT 3');
  noteStatement(r, "SET spark.sql.shuffle.partitions = 7");
  noteStatement(r, "SET my.secret.password=hunter2");
  noteStatement(r, 'CACHE LAZY TABLE t1');
  noteStatement(r, 'CACHE TABLE c2 AS SELECT 1');
  assert.deepEqual(r.tempViews, ['v1', 'my view']);
  assert.deepEqual(r.globalTempViews, ['g1']);
  assert.deepEqual(r.configs, ['spark.sql.shuffle.partitions', 'my.secret.password']);
  assert.deepEqual(r.cachedTables, ['t1', 'c2']);
  assert.ok(!JSON.stringify(r).includes('hunter2'), 'values are never kept');
  // Dropping, uncaching and resetting take names off again.
  noteStatement(r, 'DROP VIEW IF EXISTS V1');
  noteStatement(r, 'DROP VIEW global_temp.g1');
  noteStatement(r, 'UNCACHE TABLE IF EXISTS t1');
  noteStatement(r, 'RESET spark.sql.shuffle.partitions');
  assert.deepEqual(r.tempViews, ['my view']);
  assert.deepEqual(r.globalTempViews, []);
  assert.deepEqual(r.cachedTables, ['c2']);
  assert.deepEqual(r.configs, ['my.secret.password']);
  noteStatement(r, 'CLEAR CACHE');
  noteStatement(r, 'RESET');
  assert.deepEqual(r.cachedTables, []);
  assert.deepEqual(r.configs, []);
});

test('noteStatement leaves the record alone for other statements', () => {
  const r = emptyRecord({ sessionId: 's' });
  for (const sql of ['SELECT 1', 'CREATE VIEW persistent AS SELECT 1', 'SET', 'SET -v', 'SET VAR x = 1', 'CREATE TABLE t (a INT)']) {
    assert.equal(noteStatement(r, sql), false, sql);
  }
  assert.deepEqual(r, emptyRecord({ sessionId: 's' }));
});

test('describeLostSession names what was lost, and says so even when nothing is known', () => {
  const r = emptyRecord({ sessionId: 's' });
  noteStatement(r, 'CREATE TEMP VIEW kept AS SELECT 1');
  noteStatement(r, 'SET spark.sql.ansi.enabled=false');
  const text = describeLostSession('local', r);
  assert.match(text, /no longer has the session of 'local'/);
  assert.match(text, /temporary view kept/);
  assert.match(text, /session setting spark\.sql\.ansi\.enabled/);
  assert.match(describeLostSession('local', emptyRecord({ sessionId: 's' })), /Temporary views, session settings and cached tables/);
});

test('isSessionGone recognises the server error classes, nothing else', () => {
  for (const c of ['INVALID_HANDLE.SESSION_CLOSED', 'INVALID_HANDLE.SESSION_CHANGED', 'INVALID_HANDLE.SESSION_NOT_FOUND']) {
    assert.equal(isSessionGone(new SparkConnectError('x', { reason: 'unavailable', errorClass: c })), true, c);
  }
  assert.equal(isSessionGone(new SparkConnectError('x', { reason: 'unavailable', connectFailure: 'refused' })), false);
  assert.equal(isSessionGone(new Error('INVALID_HANDLE.SESSION_CLOSED')), false);
});

test('parseRecord keeps what is well formed and drops the rest', () => {
  assert.equal(parseRecord(null), undefined);
  assert.equal(parseRecord({ tempViews: ['a'] }), undefined);
  const r = parseRecord({ sessionId: 'id', serverSideSessionId: 'ss', tempViews: ['a', 3], configs: 'x' });
  assert.deepEqual(r, { sessionId: 'id', serverSideSessionId: 'ss', tempViews: ['a'], globalTempViews: [], configs: [], cachedTables: [] });
});
