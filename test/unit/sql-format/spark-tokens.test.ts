import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sparkTokens, tokenKey } from '../../../src/sql-format/spark-tokens';
import { compareTokens } from '../../../src/sql-format/token-check';

const keys = (sql: string): string[] => sparkTokens(sql).map((t) => tokenKey(sql, t));

test('operators are read whole, as Spark reads them', () => {
  assert.deepEqual(keys('a|>b=>c<=>d::e->f>>>g'), ['a', '|>', 'b', '=>', 'c', '<=>', 'd', '::', 'e', '->', 'f', '>>>', 'g']);
  assert.deepEqual(keys('a | > b'), ['a', '|', '>', 'b']);
});

test('numbers keep point, exponent and suffix', () => {
  assert.deepEqual(keys('1.0D 1.5E-3BD .5 1e10 0x1F t.a 1L'), ['1.0D', '1.5E-3BD', '.5', '1e10', '0x1F', 't', '.', 'a', '1L']);
});

test('keywords compare case-insensitively, names and strings exactly', () => {
  assert.equal(compareTokens('select a from t', 'SELECT\n  a\nFROM\n  t'), undefined);
  assert.ok(compareTokens('SELECT a', 'SELECT A'));
  assert.ok(compareTokens("SELECT 'x'", "SELECT 'X'"));
  assert.ok(compareTokens('SELECT a |> b', 'SELECT a | > b'));
  assert.ok(compareTokens('SELECT f(x => 1)', 'SELECT f(x = > 1)'));
  assert.equal(compareTokens('SELECT 1 -- c   ', 'SELECT 1 -- c'), undefined);
  assert.ok(compareTokens('SELECT 1 /* a  b */', 'SELECT 1 /* a b */'));
});
