import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findParameterMarkers, parameterNames } from '../../../src/sql/parameters';
import { parseSqlValue } from '../../../src/sql/parameter-values';

const names = (sql: string) => findParameterMarkers(sql).named.map((m) => m.name);
const positions = (sql: string) => findParameterMarkers(sql).positional.map((m) => m.start);

test('named markers in expressions, limits and IDENTIFIER()', () => {
  assert.deepEqual(names('SELECT * FROM IDENTIFIER(:tbl) WHERE a = :a AND b IN (:b1,:b2) LIMIT :n'), ['tbl', 'a', 'b1', 'b2', 'n']);
});

test('marker offsets cover the colon and the name', () => {
  const sql = 'SELECT :abc';
  const [m] = findParameterMarkers(sql).named;
  assert.equal(sql.slice(m.start, m.end), ':abc');
});

test('casts, struct field types, labels and path extraction are not markers', () => {
  assert.deepEqual(names('SELECT a::int, CAST(x AS STRUCT<f:INT>), raw:owner.name FROM t'), []);
  assert.deepEqual(names('BEGIN lbl: LOOP LEAVE lbl; END LOOP lbl; END'), []);
  assert.deepEqual(names('SELECT :a::string'), ['a']);
});

test('markers inside strings, identifiers and comments are ignored', () => {
  const sql = "SELECT ':x', \"?\", `:y?` /* :z ? */ -- :w ?\n, :real, ?";
  assert.deepEqual(names(sql), ['real']);
  assert.deepEqual(positions(sql), [sql.lastIndexOf('?')]);
});

test('a quoted name after the colon is a named marker', () => {
  assert.deepEqual(names('SELECT :`my param`'), ['my param']);
});

test('positional markers, and a ? inside a path identifier is not one', () => {
  const sql = 'SELECT ?, ? FROM parquet.file://tmp/x?y=1';
  assert.equal(positions(sql).length, 2);
});

test('a colon followed by a digit or a space is not a named marker', () => {
  assert.deepEqual(names('SELECT :1, : a'), []);
});

test('parameterNames lists each name once, in order', () => {
  assert.deepEqual(parameterNames(findParameterMarkers('SELECT :b, :a, :b')), ['b', 'a']);
});

test('values typed by the user read as SQL literals', () => {
  assert.deepEqual(parseSqlValue('42'), { type: 'int', value: 42 });
  assert.deepEqual(parseSqlValue(' -7 '), { type: 'int', value: -7 });
  assert.deepEqual(parseSqlValue('3000000000'), { type: 'long', value: 3000000000n });
  assert.deepEqual(parseSqlValue('99999999999999999999'), { type: 'decimal', value: '99999999999999999999' });
  assert.deepEqual(parseSqlValue('3.50'), { type: 'decimal', value: '3.50' });
  assert.deepEqual(parseSqlValue('1e3'), { type: 'double', value: 1000 });
  assert.deepEqual(parseSqlValue('true'), { type: 'boolean', value: true });
  assert.deepEqual(parseSqlValue('NULL'), { type: 'null' });
  assert.deepEqual(parseSqlValue("DATE '2024-02-29'"), { type: 'date', value: '2024-02-29' });
  assert.deepEqual(parseSqlValue("'it''s'"), { type: 'string', value: "it's" });
  assert.deepEqual(parseSqlValue("'42'"), { type: 'string', value: '42' });
  assert.deepEqual(parseSqlValue('hello world'), { type: 'string', value: 'hello world' });
});

test('an impossible date stays a string; plain text keeps its spaces', () => {
  assert.deepEqual(parseSqlValue("DATE '2023-02-29'"), { type: 'string', value: "DATE '2023-02-29'" });
  assert.deepEqual(parseSqlValue('  padded '), { type: 'string', value: '  padded ' });
});

test('typed literal suffixes choose the type', () => {
  assert.deepEqual(parseSqlValue('7L'), { type: 'long', value: 7n });
  assert.deepEqual(parseSqlValue('1.25BD'), { type: 'decimal', value: '1.25' });
  assert.deepEqual(parseSqlValue('2D'), { type: 'double', value: 2 });
  assert.deepEqual(parseSqlValue('1.5L'), { type: 'string', value: '1.5L' });
});
