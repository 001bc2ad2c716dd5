import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSqlDocument, formatSqlDocumentAsync, formatSqlRange } from '../../../src/sql-format/format-document';
import { DEFAULT_FORMAT_OPTIONS } from '../../../src/sql-format/options';
import { SPARK4_SCRIPTS, SPARK4_STATEMENTS } from './spark4-corpus';

const fmt = (text: string, lines = 1): string => formatSqlDocument(text, { ...DEFAULT_FORMAT_OPTIONS, linesBetweenStatements: lines }).text;

test('the whole corpus as one document formats once and then stays the same', () => {
  const doc = [...SPARK4_STATEMENTS, ...SPARK4_SCRIPTS].map((s) => `${s};`).join('\n');
  const once = formatSqlDocument(doc, DEFAULT_FORMAT_OPTIONS);
  assert.equal(once.kept.filter((k) => k.refused).length, 0, JSON.stringify(once.kept));
  assert.equal(once.kept.length, 0, JSON.stringify(once.kept));
  const twice = formatSqlDocument(once.text, DEFAULT_FORMAT_OPTIONS);
  assert.equal(twice.text, once.text);
  assert.equal(twice.changed, false);
});

test('comments between statements stay where they were; blank lines become the setting', () => {
  const doc = '-- file header\n\n\n\nselect 1;   -- about one\n\n\n-- about two\nselect 2;\n/* a */ /* b */\nselect 3\n';
  assert.equal(fmt(doc), '-- file header\n\nselect\n  1; -- about one\n\n-- about two\nselect\n  2;\n/* a */ /* b */\nselect\n  3\n');
  assert.equal(fmt('select 1; select 2;', 0), 'select\n  1;\nselect\n  2;');
  assert.equal(fmt('select 1; select 2;\n', 2), 'select\n  1;\n\n\nselect\n  2;\n');
  // Empty statements and touching comments stay as they are.
  assert.equal(fmt('select 1;;; /* a *//* b */\n'), 'select\n  1;;; /* a *//* b */\n');
});

test('one statement that cannot be formatted does not stop the others', () => {
  const doc = "select 1;\nset x = a  b;\nselect 'unclosed";
  const r = formatSqlDocument(doc, DEFAULT_FORMAT_OPTIONS);
  assert.equal(r.text, "select\n  1;\n\nset x = a  b;\n\nselect 'unclosed");
  assert.deepEqual(r.kept.map((k) => [k.index, k.line, k.column, k.refused]), [[1, 2, 1, false], [2, 3, 8, true]]);
});

test('CRLF stays CRLF', () => {
  assert.equal(fmt('select a, b from t;\r\nselect 2;\r\n'), 'select\r\n  a,\r\n  b\r\nfrom\r\n  t;\r\n\r\nselect\r\n  2;\r\n');
});

test('range formatting touches only the statements in the range', () => {
  const doc = 'select 1;\nselect a, b from t;\nselect 3;\n';
  const start = doc.indexOf('a, b');
  const { edits } = formatSqlRange(doc, start, start + 2, DEFAULT_FORMAT_OPTIONS);
  assert.deepEqual(edits, [{ start: 10, end: 28, newText: 'select\n  a,\n  b\nfrom\n  t' }]);
  // A caret (empty range) inside a statement formats that statement.
  assert.equal(formatSqlRange(doc, 2, 2, DEFAULT_FORMAT_OPTIONS).edits[0].start, 0);
});

test('the editor variant gives the same text, and stops when aborted', async () => {
  const doc = Array.from({ length: 40 }, (_, i) => `select a${i}, b from t where x = ${i};`).join('\n');
  const sync = formatSqlDocument(doc, DEFAULT_FORMAT_OPTIONS);
  assert.deepEqual(await formatSqlDocumentAsync(doc, DEFAULT_FORMAT_OPTIONS), sync);
  const abort = new AbortController();
  abort.abort();
  assert.equal(await formatSqlDocumentAsync(doc, DEFAULT_FORMAT_OPTIONS, abort.signal), undefined);
});
