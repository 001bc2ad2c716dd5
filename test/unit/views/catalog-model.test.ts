import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogModel, CatalogNode, tableActionSql } from '../../../src/views/catalog-model';
import { qualifiedName, quoteIdentifier, splitQualifiedName } from '../../../src/sql/identifiers';
import { FakeSession } from '../../support/fakes/fakes';

test('identifiers are quoted only when needed, backticks doubled', () => {
  assert.equal(quoteIdentifier('sales_2024'), 'sales_2024');
  assert.equal(quoteIdentifier('my table'), '`my table`');
  assert.equal(quoteIdentifier('a`b'), '`a``b`');
  assert.equal(quoteIdentifier('select'), '`select`');
  assert.equal(quoteIdentifier('1abc'), '`1abc`');
  assert.equal(qualifiedName(['spark_catalog', 'default', 'order']), 'spark_catalog.default.`order`');
});

const table = (name: string, isTemporary = false, database = ['default'], nameParts?: string[]): Extract<CatalogNode, { kind: 'table' }> => ({
  kind: 'table', profile: 'p', catalog: 'spark_catalog', database,
  table: { name, kind: isTemporary ? 'view' : 'table', isTemporary, ...(nameParts ? { nameParts } : {}) },
});

test('table actions generate the SQL to run', () => {
  assert.equal(tableActionSql(table('t'), 'selectTop100'), 'SELECT * FROM spark_catalog.default.t LIMIT 100');
  assert.equal(tableActionSql(table('t'), 'describe'), 'DESCRIBE TABLE EXTENDED spark_catalog.default.t');
  assert.equal(tableActionSql(table('t'), 'showDdl'), 'SHOW CREATE TABLE spark_catalog.default.t');
  assert.equal(tableActionSql(table('t'), 'explain'), 'SELECT * FROM spark_catalog.default.t LIMIT 100');
  // Temporary views are addressed by the name parts the server listed them under.
  assert.equal(tableActionSql(table('tmp', true, ['default'], ['tmp']), 'showDdl'), 'DESCRIBE TABLE tmp');
  assert.equal(tableActionSql(table('tmp', true, ['default'], ['tmp']), 'selectTop100'), 'SELECT * FROM tmp LIMIT 100');
  assert.equal(tableActionSql(table('g', true, ['global_temp'], ['global_temp', 'g']), 'selectTop100'), 'SELECT * FROM global_temp.g LIMIT 100');
});

function model() {
  const s = new FakeSession();
  s.databases = { spark_catalog: [['default'], ['sales']] };
  s.tables = { 'spark_catalog.default': [{ name: 'zeta', kind: 'table', isTemporary: false }, { name: 'alpha', kind: 'view', isTemporary: false }] };
  s.columns = { 'spark_catalog.default.alpha': [{ name: 'id', type: 'bigint', nullable: false, isPartition: false }] };
  return { s, m: new CatalogModel('p', s) };
}

test('the tree loads lazily, level by level, tables sorted by name', async () => {
  const { s, m } = model();
  const [cat] = await m.roots();
  assert.deepEqual(s.listCalls, ['catalogs']);
  const dbs = await m.children(cat);
  assert.deepEqual(dbs.map((d) => d.kind === 'database' && d.database.join('.')), ['default', 'sales']);
  const tables = await m.children(dbs[0]);
  assert.deepEqual(tables.map((t) => t.kind === 'table' && t.table.name), ['alpha', 'zeta']);
  const cols = await m.children(tables[0]);
  assert.deepEqual(cols.map((c) => c.kind === 'column' && `${c.column.name}:${c.column.type}`), ['id:bigint']);
  assert.deepEqual(await m.children(cols[0]), []);
  assert.deepEqual(s.listCalls, ['catalogs', 'databases:spark_catalog', 'tables:spark_catalog.default', 'columns:spark_catalog.default.alpha']);
});

test('children are cached until refreshed; refreshing a node drops its subtree only', async () => {
  const { s, m } = model();
  const [cat] = await m.roots();
  const [db] = await m.children(cat);
  const [t] = await m.children(db);
  await m.children(t);
  await m.children(db);
  assert.equal(s.listCalls.filter((c) => c.startsWith('tables')).length, 1);
  m.refresh(db);
  await m.children(cat);
  await m.children(db);
  await m.children(t);
  assert.equal(s.listCalls.filter((c) => c.startsWith('databases')).length, 1, 'the parent stays cached');
  assert.equal(s.listCalls.filter((c) => c.startsWith('tables')).length, 2);
  assert.equal(s.listCalls.filter((c) => c.startsWith('columns')).length, 2, 'descendants were dropped');
});

test('a full refresh aborts loads in flight, and failed loads are retried', async () => {
  const { s, m } = model();
  const [cat] = await m.roots();
  const [db] = await m.children(cat);
  s.blockTables = true;
  const pending = m.children(db);
  m.refresh();
  await assert.rejects(pending, /aborted/);
  s.blockTables = false;
  const again = await m.children(db);
  assert.equal(again.length, 2);
});

test('dispose aborts what is loading', async () => {
  const { s, m } = model();
  const [cat] = await m.roots();
  const [db] = await m.children(cat);
  s.blockTables = true;
  const pending = m.children(db);
  m.dispose();
  await assert.rejects(pending);
});

test('qualified names split back into parts, respecting backticks', () => {
  assert.deepEqual(splitQualifiedName('a.`b.c`.d'), ['a', 'b.c', 'd']);
  assert.deepEqual(splitQualifiedName('`x``y`'), ['x`y']);
  assert.deepEqual(splitQualifiedName('default'), ['default']);
  for (const parts of [['spark_catalog', 'my db', 'a`b'], ['select', 'x']]) {
    assert.deepEqual(splitQualifiedName(qualifiedName(parts)), parts);
  }
});

test('refreshing a node aborts its own load in flight and leaves other loads alone', async () => {
  const { s, m } = model();
  const [cat] = await m.roots();
  const [db] = await m.children(cat);
  s.blockTables = true;
  const pending = m.children(db);
  const roots = m.roots();
  m.refresh(cat);
  await assert.rejects(pending, /aborted/);
  assert.equal(await roots, await m.roots(), 'the roots stayed cached');
  s.blockTables = false;
  assert.equal((await m.children(db)).length, 2, 'expanding again loads afresh');
});
