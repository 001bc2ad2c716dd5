import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scopeAt, type Relation } from '../../../src/sql-language/scope';

const rels = (sql: string) => {
  const offset = sql.indexOf('|');
  return scopeAt(sql.replace('|', ''), offset).relations.map((r: Relation) => ({
    kind: r.kind, name: r.nameParts.join('.'), alias: r.alias, columns: r.columns?.map((c) => ('name' in c ? c.name : '*')),
  }));
};

test('tables with and without AS, comma joins, and qualified names', () => {
  assert.deepEqual(rels('SELECT * FROM t1, t2 x, db.t3 AS y WHERE |'), [
    { kind: 'table', name: 't1', alias: undefined, columns: undefined },
    { kind: 'table', name: 't2', alias: 'x', columns: undefined },
    { kind: 'table', name: 'db.t3', alias: 'y', columns: undefined },
  ]);
});

test('clause words are not aliases: FROM t GROUP / WHERE / JOIN', () => {
  assert.equal(rels('SELECT a FROM t GROUP |')[0].alias, undefined);
  assert.equal(rels('SELECT a FROM t WHERE |')[0].alias, undefined);
  assert.deepEqual(rels('SELECT * FROM a LEFT JOIN b ON a.id = b.id WHERE |').map((r) => r.name), ['a', 'b']);
});

test('CTEs carry their column list or their select list; a reference to one is a cte', () => {
  const r = rels('WITH t(a, b) AS (SELECT 1, 2), u AS (SELECT x, y AS z, count(*) n, s.w FROM v s) SELECT | FROM t JOIN u');
  assert.deepEqual(r, [
    { kind: 'cte', name: 't', alias: undefined, columns: ['a', 'b'] },
    { kind: 'cte', name: 'u', alias: undefined, columns: ['x', 'z', 'n', 'w'] },
  ]);
});

test('a derived table has its select list as columns; an alias column list overrides it', () => {
  assert.deepEqual(rels('SELECT | FROM (SELECT id, amount * 2 AS dbl FROM orders) sub')[0].columns, ['id', 'dbl']);
  assert.deepEqual(rels('SELECT | FROM (SELECT id FROM orders) sub(order_id)')[0].columns, ['order_id']);
});

test('inside a subquery its own FROM comes first, then the outer one (correlation)', () => {
  assert.deepEqual(rels('SELECT * FROM a WHERE id IN (SELECT | FROM b bb)').map((r) => r.alias ?? r.name), ['bb', 'a']);
});

test('LATERAL VIEW, MERGE, UPDATE, pipe syntax and table functions', () => {
  assert.deepEqual(rels('SELECT * FROM t LATERAL VIEW explode(arr) e AS x, y WHERE |')[1], { kind: 'function', name: 'explode', alias: 'e', columns: ['x', 'y'] });
  assert.deepEqual(rels('MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET |').map((r) => r.alias), ['t', 's']);
  assert.deepEqual(rels('UPDATE orders SET | = 1').map((r) => r.name), ['orders']);
  assert.deepEqual(rels('FROM orders |> WHERE |').map((r) => r.name), ['orders']);
  assert.deepEqual(rels('SELECT * FROM range(10) r WHERE |')[0], { kind: 'function', name: 'range', alias: 'r', columns: undefined });
});

test('time travel and sampling do not become aliases', () => {
  assert.deepEqual(rels('SELECT * FROM t VERSION AS OF 3 v WHERE |')[0].alias, 'v');
  assert.deepEqual(rels('SELECT * FROM t TABLESAMPLE (10 PERCENT) s WHERE |')[0].alias, 's');
});
