import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindParameters, collectParameters, hasParameters } from '../../../src/engine/parameter-plan';
import { splitStatements } from '../../../src/sql/split';

test('named parameters are shared across statements; positional ones belong to theirs', () => {
  const statements = splitStatements('SELECT :day; SELECT 1; SELECT ?, ?; SELECT :day, :n');
  const needs = collectParameters(statements);
  assert.deepEqual(needs.named, ['day', 'n']);
  assert.deepEqual([...needs.positional], [[2, 2]]);
  assert.deepEqual(needs.mixed, []);
  assert.equal(hasParameters(needs), true);
  const bound = bindParameters(statements, needs, { day: { type: 'string', value: 'mon' }, n: { type: 'int', value: 3 } }, new Map([[2, [{ type: 'int', value: 1 }, { type: 'null' }]]]));
  assert.deepEqual(bound.map((b) => b.args), [
    { kind: 'named', values: { day: { type: 'string', value: 'mon' } } },
    undefined,
    { kind: 'positional', values: [{ type: 'int', value: 1 }, { type: 'null' }] },
    { kind: 'named', values: { day: { type: 'string', value: 'mon' }, n: { type: 'int', value: 3 } } },
  ]);
  // The text is never changed.
  assert.deepEqual(bound.map((b) => b.statement.text), statements.map((s) => s.text));
});

test('mixing both kinds in one statement is detected', () => {
  assert.deepEqual(collectParameters(splitStatements('SELECT 1; SELECT :a, ?')).mixed, [1]);
});

test('missing values are an error, never a silent NULL', () => {
  const statements = splitStatements('SELECT :a; SELECT ?');
  const needs = collectParameters(statements);
  assert.throws(() => bindParameters(statements, needs, {}, new Map()), /:a/);
  assert.throws(() => bindParameters(statements, needs, { a: { type: 'null' } }, new Map()), /1 '\?' markers but 0/);
});

test('statements without markers need nothing', () => {
  assert.equal(hasParameters(collectParameters(splitStatements("SELECT ':x', '?'"))), false);
});
