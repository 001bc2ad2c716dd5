import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inlineParameters, MissingParameterError, sqlLiteral } from '../../../src/sql/inline-parameters';

test('every value becomes a literal of exactly its type', () => {
  assert.equal(sqlLiteral({ type: 'null' }), 'NULL');
  assert.equal(sqlLiteral({ type: 'boolean', value: false }), 'FALSE');
  assert.equal(sqlLiteral({ type: 'int', value: -2147483648 }), '-2147483648');
  assert.equal(sqlLiteral({ type: 'long', value: 9007199254740993n }), '9007199254740993L');
  assert.equal(sqlLiteral({ type: 'double', value: 1.5 }), '1.5D');
  assert.equal(sqlLiteral({ type: 'double', value: Number.NaN }), "CAST('NaN' AS DOUBLE)");
  assert.equal(sqlLiteral({ type: 'double', value: -Infinity }), "CAST('-Infinity' AS DOUBLE)");
  assert.equal(sqlLiteral({ type: 'decimal', value: '12.50' }), '12.50BD');
  assert.equal(sqlLiteral({ type: 'date', value: '2024-02-29' }), "DATE '2024-02-29'");
  assert.equal(sqlLiteral({ type: 'string', value: "a'b\\c" }), "'a\\'b\\\\c'");
});

test('markers in strings, comments and :: casts are left alone', () => {
  const sql = "SELECT ':x', x::int, :x /* :x */ FROM t WHERE y = :y -- :y\n";
  assert.equal(
    inlineParameters(sql, { kind: 'named', values: { x: { type: 'int', value: 1 }, y: { type: 'string', value: 'v' } } }),
    "SELECT ':x', x::int, 1 /* :x */ FROM t WHERE y = 'v' -- :y\n",
  );
});

test('positional markers in order; a missing value is an error', () => {
  assert.equal(inlineParameters('SELECT ?, ?', { kind: 'positional', values: [{ type: 'int', value: 1 }, { type: 'null' }] }), 'SELECT 1, NULL');
  assert.throws(() => inlineParameters('SELECT ?, ?', { kind: 'positional', values: [{ type: 'int', value: 1 }] }), MissingParameterError);
  assert.throws(() => inlineParameters('SELECT :a', { kind: 'named', values: {} }), MissingParameterError);
});
