import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogCache } from '../../../src/sql-language/catalog-cache';
import { parseFunctionDoc } from '../../../src/sql-language/function-docs';
import { hoverAt } from '../../../src/sql-language/hover';
import { callAt, signatureHelpAt } from '../../../src/sql-language/signature-help';
import { fakeCatalog } from './fake-catalog';

const hover = (sql: string, word: string, cache = new CatalogCache(fakeCatalog())) => hoverAt(sql, sql.indexOf(word) + 1, cache);

test('DESCRIBE FUNCTION EXTENDED text becomes signatures with parameters', () => {
  const doc = parseFunctionDoc('substr', ['Function: substr',
    'Usage: \n    substr(str, pos[, len]) - Returns the substring.\n\n    substr(str FROM pos[ FOR len]]) - Also.\n  ',
    'Extended Usage:\n    Examples:\n      > SELECT substr(\'a\', 1);\n']);
  assert.deepEqual(doc.signatures.map((s) => s.label), ['substr(str, pos[, len])', 'substr(str FROM pos[ FOR len]])']);
  assert.deepEqual(doc.signatures[0].parameters, ['str', 'pos', 'len']);
  assert.equal(doc.signatures[0].summary, 'Returns the substring.');
  assert.match(doc.extended, /^Examples:\n {2}> SELECT/);
});

test('hover on a function call shows its usage from the server, asked once', async () => {
  const source = fakeCatalog();
  const cache = new CatalogCache(source);
  const h = await hover('SELECT upper(name) FROM t', 'upper', cache);
  assert.ok(h);
  assert.match(h.contents, /upper\(str\)/);
  assert.equal(h.start, 7);
  await hover('SELECT upper(x) FROM t', 'upper', cache);
  assert.equal(source.calls.filter((c) => c === 'describe upper').length, 1);
});

test('hover on a column: type, comment and the table it comes from (through the alias)', async () => {
  const h = await hover('SELECT o.amount FROM sales.orders o', 'amount');
  assert.ok(h);
  assert.match(h.contents, /`amount` `decimal\(10,2\)`/);
  assert.match(h.contents, /from sales\.orders \(o\)/);
  assert.match(h.contents, /order total/);
});

test('hover on an alias or table names it and lists its columns', async () => {
  const h = await hover('SELECT c.name FROM crm.customers c', ' c');
  assert.ok(h);
  assert.match(h.contents, /table\*\* `crm\.customers` as `c`/);
  assert.match(h.contents, /`country` string/);
});

test('signature help: the call around the caret and the argument it is in', async () => {
  assert.deepEqual(callAt('SELECT substr(name, ', 'SELECT substr(name, '.length), { name: 'substr', argument: 1 });
  assert.deepEqual(callAt('SELECT substr(upper(a), 1, ', 27), { name: 'substr', argument: 2 });
  assert.deepEqual(callAt('SELECT upper(a', 14), { name: 'upper', argument: 0 });
  assert.equal(callAt('SELECT * FROM t WHERE a IN (1, ', 31), undefined);
  const help = await signatureHelpAt('SELECT substr(name, 1, ', 23, new CatalogCache(fakeCatalog()));
  assert.ok(help);
  assert.equal(help.activeSignature, 0);
  assert.equal(help.activeParameter, 2);
  assert.equal(help.signatures[0].parameters[2], 'len');
});
