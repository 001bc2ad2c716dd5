import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogCache } from '../../../src/sql-language/catalog-cache';
import { complete } from '../../../src/sql-language/completion';
import { DtSparkGrammar } from '../../../src/sql-language/dt-spark-grammar';
import { fakeCatalog } from './fake-catalog';

const grammar = new DtSparkGrammar();

/** Completes at the "|" of `sql`; returns the labels by kind. */
async function at(sql: string, catalog = new CatalogCache(fakeCatalog())) {
  const offset = sql.lastIndexOf('|');
  const r = await complete({ statement: sql.slice(0, offset) + sql.slice(offset + 1), offset, grammar, catalog });
  const by = (kind: string) => r.items.filter((i) => i.kind === kind).map((i) => i.label);
  return { r, by, labels: r.items.map((i) => i.label) };
}

test('columns of a table through its alias: "o." after FROM sales.orders o', async () => {
  const { by, r } = await at('SELECT o.| FROM sales.orders o JOIN crm.customers c ON o.customer_id = c.id');
  assert.deepEqual(by('column'), ['id', 'customer_id', 'amount', 'dt']);
  assert.equal(r.items.length, 4, 'only the columns of o');
  const c = await at('SELECT c.na| FROM sales.orders o JOIN crm.customers c ON o.customer_id = c.id');
  assert.deepEqual(c.by('column'), ['id', 'name', 'country']);
  assert.equal(c.r.replaceStart, 'SELECT c.'.length, 'the typed part is replaced');
});

test('columns of CTEs and subqueries, through stars to the catalog', async () => {
  const cte = await at('WITH t(a, b) AS (SELECT 1, 2), u AS (SELECT o.*, 1 AS extra FROM sales.orders o) SELECT u.| FROM t JOIN u');
  assert.deepEqual(cte.by('column'), ['id', 'customer_id', 'amount', 'dt', 'extra']);
  const t = await at('WITH t(a, b) AS (SELECT 1, 2) SELECT t.| FROM t');
  assert.deepEqual(t.by('column'), ['a', 'b']);
  const sub = await at('SELECT s.| FROM (SELECT id, amount * 2 AS doubled FROM sales.orders) s');
  assert.deepEqual(sub.by('column'), ['id', 'doubled']);
});

test('unqualified: columns of every relation in scope, their aliases, and functions', async () => {
  const { by } = await at('SELECT | FROM sales.orders o JOIN crm.customers c ON o.customer_id = c.id');
  assert.ok(by('column').includes('amount') && by('column').includes('country'));
  assert.deepEqual(by('alias'), ['o', 'c']);
  assert.ok(by('function').includes('upper'));
  assert.ok(!by('function').includes('+'), 'operators are not offered as functions');
});

test('after FROM and JOIN: tables and views of the current schema, schemas, catalogs and CTEs', async () => {
  const { by } = await at('WITH recent_orders AS (SELECT 1) SELECT * FROM |');
  assert.deepEqual(by('table'), ['recent_orders', 'orders']);
  assert.deepEqual(by('view'), ['recent']);
  assert.ok(by('database').includes('sales'));
  assert.ok(by('catalog').includes('spark_catalog'));
  const schema = await at('SELECT * FROM sales.|');
  assert.deepEqual(schema.by('table'), ['orders']);
  const second = await at('SELECT * FROM sales.orders o, |');
  assert.deepEqual(second.by('table'), ['orders'], 'after a comma in FROM: tables again');
  const catalogSchemas = await at('SELECT * FROM spark_catalog.|');
  assert.ok(catalogSchemas.by('database').includes('crm'));
  const inCatalog = await at('SELECT * FROM spark_catalog.crm.|');
  assert.deepEqual(inCatalog.by('table'), ['customers']);
});

test('BY after GROUP, ORDER, SORT, CLUSTER, DISTRIBUTE and PARTITION (which the grammar reads as aliases)', async () => {
  for (const w of ['GROUP', 'ORDER', 'SORT', 'CLUSTER', 'DISTRIBUTE']) {
    const { labels } = await at(`SELECT a FROM t ${w} |`);
    assert.deepEqual(labels, ['BY'], w);
  }
  const { labels } = await at('SELECT rank() OVER (PARTITION |) FROM t');
  assert.deepEqual(labels, ['BY']);
});

test('keywords from the grammar, snippets at a statement start, nothing inside strings and comments', async () => {
  const kw = await at('SELECT * FROM sales.orders o |');
  assert.ok(kw.by('keyword').includes('WHERE') && kw.by('keyword').includes('GROUP BY'));
  const start = await at('|');
  assert.ok(start.by('snippet').includes('select'));
  assert.ok(start.by('keyword').includes('SELECT'));
  assert.deepEqual((await at("SELECT 'abc|'")).labels, []);
  assert.deepEqual((await at('SELECT 1 -- o.|')).labels, []);
});

test('Spark 4 syntax the grammar lacks still completes columns and tables by heuristics', async () => {
  const pipe = await at('FROM sales.orders |> WHERE |');
  assert.ok(pipe.by('column').includes('amount'));
  const cast = await at('SELECT amount::STRING, | FROM sales.orders');
  assert.ok(cast.by('column').includes('dt'));
});

test('the catalog is asked once: a second completion makes no call', async () => {
  const source = fakeCatalog();
  const cache = new CatalogCache(source);
  await at('SELECT | FROM sales.orders o JOIN nosuch x', cache);
  const after1 = source.calls.length;
  await at('SELECT o.| FROM sales.orders o JOIN nosuch x', cache);
  await at('SELECT | FROM sales.orders o JOIN nosuch x WHERE', cache);
  assert.equal(source.calls.length, after1, `no new calls: ${source.calls.join(', ')}`);
  assert.equal(source.calls.filter((c) => c === 'columns nosuch').length, 1, 'a missing table is remembered, not asked again');
  cache.invalidate();
  await at('SELECT o.| FROM sales.orders o', cache);
  assert.equal(source.calls.filter((c) => c === 'columns sales.orders').length, 2, 'after invalidate() it is asked again');
  assert.equal(source.calls.filter((c) => c === 'functions').length, 1, 'functions survive invalidate()');
});
