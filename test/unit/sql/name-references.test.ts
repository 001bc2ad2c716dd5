import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveNameAt, type NameResolution } from '../../../src/sql/name-references';

/** Resolves the `nth` occurrence (0-based) of `needle` and returns the texts of definition and uses with their offsets. */
function at(sql: string, needle: string, nth = 0): NameResolution | undefined {
  let offset = -1;
  for (let k = 0; k <= nth; k++) offset = sql.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, needle);
  return resolveNameAt(sql, offset);
}
const spans = (sql: string, r: NameResolution | undefined): string[] => (r ? r.references.map((s) => `${s.start}:${sql.slice(s.start, s.end)}`) : []);

test('a CTE name: definition and uses in FROM, JOIN and as a qualifier, from any of them', () => {
  const sql = 'WITH recent AS (SELECT * FROM orders), top AS (SELECT id FROM recent) SELECT recent.id FROM recent JOIN top ON recent.id = top.id';
  const r = at(sql, 'recent', 2);
  assert.equal(r?.kind, 'cte');
  assert.equal(r?.definition.start, 5);
  assert.deepEqual(spans(sql, r).map((s) => s.split(':')[0]).map(Number), [
    sql.indexOf('recent)'), sql.indexOf('recent.id'), sql.indexOf('recent JOIN'), sql.indexOf('recent.id =')]);
  // From the definition itself: the same answer.
  assert.deepEqual(at(sql, 'recent', 0)?.references, r?.references);
  // A column that happens to share the name is no use of it.
  const col = 'WITH a AS (SELECT 1 AS x) SELECT a FROM a';
  assert.deepEqual(spans(col, at(col, 'a', 0)), [`${col.lastIndexOf('a')}:a`]);
  assert.equal(at(col, 'a', 1), undefined);
});

test('CTE column lists, RECURSIVE and quoted names', () => {
  const sql = 'WITH RECURSIVE `Tree` (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM tree WHERE n < 3) SELECT * FROM TREE';
  const r = at(sql, 'TREE');
  assert.equal(r?.kind, 'cte');
  assert.equal(r?.name, '`Tree`');
  assert.equal(r?.references.length, 2);
});

test('table aliases: definition after the relation (with or without AS), uses as qualifiers', () => {
  const sql = 'SELECT o.id, c.name FROM sales.orders o JOIN customers AS c ON o.cid = c.id WHERE c.active';
  const c = at(sql, 'c.name');
  assert.equal(c?.kind, 'alias');
  assert.equal(sql.slice(c!.definition.start, c!.definition.end), 'c');
  assert.equal(c?.definition.start, sql.indexOf('AS c') + 3);
  assert.deepEqual(spans(sql, c), [`${sql.indexOf('c.name')}:c`, `${sql.indexOf('c.id')}:c`, `${sql.indexOf('c.active')}:c`]);
  const o = at(sql, 'o.id');
  assert.equal(o?.definition.start, sql.indexOf('orders o') + 7);
  assert.deepEqual(spans(sql, o), [`${sql.indexOf('o.id')}:o`, `${sql.indexOf('o.cid')}:o`]);
  // Names after a dot are fields, never aliases.
  assert.equal(resolveNameAt(sql, sql.indexOf('.id') + 1), undefined);
});

test('a subquery alias hides an outer one of the same name; outer aliases reach into subqueries', () => {
  const sql = 'SELECT t.a FROM x t WHERE EXISTS (SELECT 1 FROM y t WHERE t.b = 1) AND t.c IN (SELECT z.c FROM z)';
  const outer = at(sql, 't.a');
  assert.deepEqual(spans(sql, outer), [`${sql.indexOf('t.a')}:t`, `${sql.indexOf('t.c')}:t`]);
  const inner = at(sql, 't.b');
  assert.equal(inner?.definition.start, sql.indexOf('y t') + 2);
  assert.deepEqual(spans(sql, inner), [`${sql.indexOf('t.b')}:t`]);
});

test('derived tables, comma joins and pipe aliases', () => {
  const sql = 'SELECT s.total, p.x FROM (SELECT sum(a) AS total FROM t) s, products p';
  assert.equal(at(sql, 's.total')?.definition.start, sql.indexOf(') s') + 2);
  assert.equal(at(sql, 'p.x')?.definition.start, sql.indexOf('products p') + 9);
  const pipe = 'FROM orders |> AS o |> WHERE o.amount > 1';
  assert.equal(at(pipe, 'o.amount')?.definition.start, pipe.indexOf('AS o') + 3);
});

test('nothing for keywords, unknown qualifiers and plain columns', () => {
  const sql = 'SELECT a, q.b FROM t WHERE a > 1';
  assert.equal(at(sql, 'SELECT'), undefined);
  assert.equal(at(sql, 'q.b'), undefined);
  assert.equal(at(sql, 'a', 0), undefined);
  // A word that ends a relation is not its alias.
  assert.equal(at(sql, 'WHERE'), undefined);
});
