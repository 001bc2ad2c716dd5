import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparkConnectError } from '../../../src/connect/errors';
import { serverDiagnostics } from '../../../src/sql-language/server-diagnostics';
import { SqlLanguageService } from '../../../src/sql-language/sql-language-service';

const statement = (text: string, start = 0) => ({ text, start, end: start + text.length, isScript: false });

test('an analysis error lands on its query context, with class and suggestions', async () => {
  const err = new SparkConnectError('[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column `idd` cannot be resolved. SQLSTATE: 42703', {
    reason: 'analysis', errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION', messageParameters: { objectName: '`idd`', proposal: '`id`' },
    queryContext: [{ contextType: 'sql', startIndex: 7, stopIndex: 9, fragment: 'idd' }],
  });
  const [d] = await serverDiagnostics(async () => { throw err; }, statement('SELECT idd FROM t', 100));
  assert.deepEqual([d.start, d.end, d.code, d.origin], [107, 110, 'UNRESOLVED_COLUMN.WITH_SUGGESTION', 'server']);
  assert.match(d.message, /cannot be resolved/);
});

test('a parse error without context lands at "(line L, pos P)"', async () => {
  const err = new SparkConnectError("[PARSE_SYNTAX_ERROR] Syntax error at or near '='. SQLSTATE: 42601 (line 2, pos 17)", { reason: 'analysis', errorClass: 'PARSE_SYNTAX_ERROR' });
  const text = 'SELECT a\nFROM t WHERE a = = 1';
  const [d] = await serverDiagnostics(async () => { throw err; }, statement(text));
  assert.equal(d.start, text.indexOf('= 1'));
});

test('commands, scripts and statements with parameter markers are never sent', async () => {
  let sent = 0;
  const validate = async () => { sent++; };
  for (const text of ['DROP TABLE t', "INSERT INTO t VALUES (1)", 'CREATE TABLE x AS SELECT 1', 'SELECT * FROM t WHERE a = :p', 'SELECT ?']) {
    assert.deepEqual(await serverDiagnostics(validate, statement(text)), []);
  }
  assert.deepEqual(await serverDiagnostics(validate, { ...statement('BEGIN SELECT 1; END'), isScript: true }), []);
  assert.equal(sent, 0);
});

test('connection trouble is not a diagnostic, and is not remembered', async () => {
  const service = new SqlLanguageService();
  const doc = { key: 'a.sql', text: 'SELECT 1;\nSELECT idd FROM t' };
  let calls = 0;
  const down = async () => { calls++; throw new SparkConnectError('unreachable', { reason: 'unavailable' }); };
  assert.deepEqual(await service.serverDiagnostics(doc, down, 'v4'), []);
  assert.deepEqual(await service.serverDiagnostics(doc, down, 'v4'), []);
  assert.equal(calls, 4, 'asked again after a failure');
  let ok = 0;
  const fine = async () => { ok++; };
  await service.serverDiagnostics(doc, fine, 'v4');
  await service.serverDiagnostics(doc, fine, 'v4');
  assert.equal(ok, 2, 'answers are remembered per statement text');
  await service.serverDiagnostics(doc, fine, 'v3.5');
  assert.equal(ok, 4, 'and per server version');
});
