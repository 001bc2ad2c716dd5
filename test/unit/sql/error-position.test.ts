import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parsePositionFromMessage,
  rangeFromParsePosition,
  rangeFromQueryContexts,
  shiftMessageLine,
} from '../../../src/sql/error-position';
import { LineIndex } from '../../../src/sql/line-index';
import { splitStatements } from '../../../src/sql/split';

test('query context indexes map to the exact document range (Spark 4.3 example)', () => {
  const doc = 'SELECT 0;\n\nSELECT 1 FROM nosuchtable';
  const stmt = splitStatements(doc)[1];
  // What Spark 4.3 returned for this statement: startIndex 14, stopIndex 24 (inclusive).
  const r = rangeFromQueryContexts(stmt, [{ contextType: 'sql', objectType: '', startIndex: 14, stopIndex: 24, fragment: 'nosuchtable' }]);
  assert.ok(r);
  assert.equal(doc.slice(r.start, r.end), 'nosuchtable');
  const idx = new LineIndex(doc);
  assert.deepEqual(idx.rangeAt(r.start, r.end), { start: { line: 2, character: 14 }, end: { line: 2, character: 25 } });
});

test('multi-line statements map across lines', () => {
  const doc = 'SELECT\n  1 +\n  foo';
  const stmt = splitStatements(doc)[0];
  const r = rangeFromQueryContexts(stmt, [{ contextType: 'SQL', startIndex: 15, stopIndex: 17, fragment: 'foo' }]);
  assert.deepEqual(r && new LineIndex(doc).rangeAt(r.start, r.end), { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } });
});

test('contexts of views and other objects are skipped', () => {
  const stmt = { text: 'SELECT * FROM v', start: 0 };
  const r = rangeFromQueryContexts(stmt, [
    { contextType: 'sql', objectType: 'VIEW', objectName: 'v', startIndex: 7, stopIndex: 9, fragment: 'abc' },
    { contextType: 'sql', startIndex: 14, stopIndex: 14, fragment: 'v' },
  ]);
  assert.deepEqual(r, { start: 14, end: 15 });
});

test('DataFrame contexts are skipped', () => {
  assert.equal(rangeFromQueryContexts({ text: 'SELECT 1', start: 0 }, [{ contextType: 'dataframe', fragment: 'col' }]), undefined);
});

test('mismatched indexes fall back to a unique fragment, never to a wrong place', () => {
  const stmt = { text: 'SELECT a, bad_col FROM t', start: 5 };
  assert.deepEqual(rangeFromQueryContexts(stmt, [{ startIndex: 0, stopIndex: 2, fragment: 'bad_col' }]), { start: 15, end: 22 });
  const twice = { text: 'SELECT x, x FROM t', start: 0 };
  assert.equal(rangeFromQueryContexts(twice, [{ startIndex: 100, stopIndex: 101, fragment: 'x' }]), undefined);
});

test('parse error positions are read from the message', () => {
  const msg = "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELECT': extra input 'SELECT'. SQLSTATE: 42601 (line 1, pos 10)";
  assert.deepEqual(parsePositionFromMessage(msg), { line: 1, pos: 10 });
  assert.equal(parsePositionFromMessage('no position here'), undefined);
  // Spark 3.5 analysis errors.
  assert.deepEqual(parsePositionFromMessage('[TABLE_OR_VIEW_NOT_FOUND] The table ... DROP TABLE IF EXISTS.; line 2 pos 2;\n\'Project'), { line: 2, pos: 2 });
});

test('shiftMessageLine moves either form of position by whole lines', () => {
  assert.equal(shiftMessageLine('x (line 2, pos 5) y', -1), 'x (line 1, pos 5) y');
  assert.equal(shiftMessageLine('x; line 3 pos 0;', -1), 'x; line 2 pos 0;');
  assert.equal(shiftMessageLine('x (line 1, pos 5)', -1), 'x (line 1, pos 5)', 'never below line 1');
});

test('a parse position covers the word there, relative to the statement', () => {
  const doc = 'SELECT 1;\nSELECT a,\n  FROM t';
  const stmt = splitStatements(doc)[1];
  const r = rangeFromParsePosition(stmt, 2, 2);
  assert.ok(r);
  assert.equal(doc.slice(r.start, r.end), 'FROM');
});

test('a parse position on punctuation covers one character; past the end, the last one', () => {
  const stmt = { text: 'SELECT (1', start: 0 };
  assert.deepEqual(rangeFromParsePosition(stmt, 1, 7), { start: 7, end: 8 });
  assert.deepEqual(rangeFromParsePosition(stmt, 1, 50), { start: 8, end: 9 });
  assert.equal(rangeFromParsePosition(stmt, 3, 0), undefined);
});
