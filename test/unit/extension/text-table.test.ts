import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { arrowToText, cellText, formatTextTable } from '../../../src/views/interim/text-table';

test('an Arrow IPC stream becomes column names and text rows', () => {
  const ipc = tableToIPC(tableFromArrays({ id: Int32Array.from([1, 2, 3]), name: ['a', 'b', 'c'] }), 'stream');
  const out = arrowToText(ipc, 2);
  assert.deepEqual(out.columns, ['id', 'name']);
  assert.deepEqual(out.rows, [['1', 'a'], ['2', 'b']]);
  assert.equal(out.total, 3);
});

test('decimals, dates and 64-bit integers are exact', () => {
  const ipc = tableToIPC(tableFromArrays({ big: BigInt64Array.from([9007199254740993n]) }), 'stream');
  assert.deepEqual(arrowToText(ipc, 10).rows, [['9007199254740993']]);
});

test('cell values: nulls, bigints, dates, bytes and nested values', () => {
  assert.equal(cellText(null), 'NULL');
  assert.equal(cellText(12n), '12');
  assert.equal(cellText(new Date(Date.UTC(2024, 0, 2))), '2024-01-02T00:00:00.000Z');
  assert.equal(cellText(new Uint8Array([1, 255])), '0x01ff');
  assert.equal(cellText({ a: 1n, b: [1, 2] }), '{"a":"1","b":[1,2]}');
});

test('the text table aligns columns and clips long cells', () => {
  const text = formatTextTable(['id', 'comment'], [['1', 'short'], ['22', 'x'.repeat(50)], ['3', 'two\nlines']], 10);
  const lines = text.split('\n');
  assert.equal(lines[0], 'id | comment');
  assert.equal(lines[1], '---+-----------');
  assert.equal(lines[3], `22 | ${'x'.repeat(9)}\u2026`);
  assert.equal(lines[4], '3  | two\u21b5lines');
});
