// Spark results can repeat a column name (a join, `SELECT 1 AS x, 'a' AS x`). arrow-js merges such fields
// in batch.schema, so the writers must read the batch's own field list and keep the columns apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Field, Int32, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import { CsvWriter } from '../../../../src/cli/output/csv-writer';
import { JsonLinesWriter } from '../../../../src/cli/output/json-writer';
import { StringSink } from '../../../../src/cli/output/sink';
import type { CellsFactory, ResultWriter } from '../../../../src/cli/output/writer';

const ctx = { timeZone: 'UTC' };

// Cells that tag each value with the field type the writer handed over, so a merged field shows up.
const typedCells: CellsFactory = (field, batch, i) => {
  const col = batch.getChildAt(i)!;
  return {
    text: (r) => `${String(col.get(r))}:${String(field.type)}`,
    json: (r) => JSON.stringify(`${String(col.get(r))}:${String(field.type)}`),
  };
};

function duplicateBatch(): RecordBatch {
  const fields = [new Field('x', new Int32(), true), new Field('x', new Utf8(), true)];
  const children = [vectorFromArray([1], new Int32()).data[0], vectorFromArray(['a'], new Utf8()).data[0]];
  const data = makeData({ type: new Struct(fields), length: 1, nullCount: 0, children });
  return new RecordBatch(new Schema(fields), data);
}

async function write(writer: ResultWriter, batch: RecordBatch): Promise<void> {
  await writer.start(batch.schema);
  await writer.batch(batch);
  await writer.end();
}

test('CSV keeps both columns named x with their own types', async () => {
  const sink = new StringSink();
  await write(new CsvWriter(sink, typedCells, ctx), duplicateBatch());
  const lines = sink.text().trim().split(/\r?\n/);
  assert.equal(lines[1], '1:Int32,a:Utf8');
});

test('JSON lines give repeated names distinct keys and keep every value', async () => {
  const sink = new StringSink();
  await write(new JsonLinesWriter(sink, typedCells, ctx), duplicateBatch());
  assert.deepEqual(JSON.parse(sink.text()), { x: '1:Int32', x_2: 'a:Utf8' });
});
