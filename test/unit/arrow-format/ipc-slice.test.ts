// dropIpcRows: the rows after a row limit inside one batch, as a batch of their own, with strings,
// nulls and lists intact (offsets and validity bits rebased).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromArrays, tableFromIPC, tableToIPC, vectorFromArray, Table, Utf8, Int32, List, Field } from 'apache-arrow';
import { dropIpcRows } from '../../../src/arrow-format/ipc-slice';

test('dropIpcRows keeps rows from `from` on, values and nulls exact', () => {
  const ids = Int32Array.from({ length: 37 }, (_, i) => i);
  const names = Array.from({ length: 37 }, (_, i) => (i % 5 === 0 ? null : `name-${i}-${'x'.repeat(i % 7)}`));
  const lists = Array.from({ length: 37 }, (_, i) => (i % 4 === 0 ? null : Array.from({ length: i % 3 }, (_, k) => i * 10 + k)));
  const table = new Table({
    id: vectorFromArray(ids),
    name: vectorFromArray(names, new Utf8()),
    tags: vectorFromArray(lists, new List(new Field('item', new Int32(), true))),
  });
  const bytes = tableToIPC(table, 'stream');
  const out = tableFromIPC(dropIpcRows(bytes, 11));
  assert.equal(out.numRows, 26);
  for (let r = 0; r < 26; r++) {
    const i = r + 11;
    assert.equal(out.getChild('id')?.get(r), i);
    assert.equal(out.getChild('name')?.get(r), names[i]);
    const got = out.getChild('tags')?.get(r) as { toArray(): Int32Array } | null;
    assert.deepEqual(got === null ? null : [...got.toArray()], lists[i]);
  }
});

test('dropIpcRows of 0 rows returns the stream itself', () => {
  const bytes = tableToIPC(tableFromArrays({ a: Int32Array.from([1, 2]) }), 'stream');
  assert.equal(dropIpcRows(bytes, 0), bytes);
});
