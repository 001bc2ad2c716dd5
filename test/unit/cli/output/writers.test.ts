// The three output writers over real Arrow record batches. Cells come from a small stand-in factory
// (value text via String()) so these tests are about layout, quoting and streaming; the exact text of
// values is tested with the real factory in arrow-cells.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromArrays, type Field, type RecordBatch } from 'apache-arrow';
import { CsvWriter, csvField, csvLine } from '../../../../src/cli/output/csv-writer';
import { JsonLinesWriter } from '../../../../src/cli/output/json-writer';
import { StringSink } from '../../../../src/cli/output/sink';
import { TableWriter, truncateCell } from '../../../../src/cli/output/table-writer';
import { displayWidth } from '../../../../src/cli/output/text-width';
import type { CellsFactory, ResultWriter } from '../../../../src/cli/output/writer';

const ctx = { timeZone: 'UTC' };

const plainCells: CellsFactory = (_field: Field, batch: RecordBatch, i: number) => {
  const col = batch.getChildAt(i)!;
  return {
    text: (r) => {
      const v: unknown = col.get(r);
      return v === null || v === undefined ? null : String(v);
    },
    json: (r) => {
      const v: unknown = col.get(r);
      if (v === null || v === undefined) return 'null';
      return typeof v === 'string' ? JSON.stringify(v) : String(v);
    },
  };
};

function batches(columns: Record<string, unknown[] | Int32Array | Float64Array>): RecordBatch[] {
  return tableFromArrays(columns as Parameters<typeof tableFromArrays>[0]).batches;
}

async function write(writer: ResultWriter, bs: RecordBatch[]): Promise<void> {
  await writer.start(bs[0].schema);
  for (const b of bs) await writer.batch(b);
  await writer.end();
}

test('csvField quotes exactly when RFC 4180 requires it', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('line\nbreak'), '"line\nbreak"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField(' spaced '), ' spaced ');
  // NULL and the empty string must not look alike.
  assert.equal(csvField(null), '');
  assert.equal(csvField(''), '""');
  assert.equal(csvLine(['a', null, '', 'x,y']), 'a,,"","x,y"\r\n');
});

test('CSV: header row then one CRLF line per row, over several batches', async () => {
  const sink = new StringSink();
  const first = batches({ id: Int32Array.from([1, 2]), s: ['a,b', null] });
  const second = batches({ id: Int32Array.from([3]), s: ['he said "x"'] });
  await write(new CsvWriter(sink, plainCells, ctx), [...first, ...second]);
  assert.equal(sink.text(), 'id,s\r\n1,"a,b"\r\n2,\r\n3,"he said ""x"""\r\n');
});

test('CSV: header names are quoted too, and --no-header drops them', async () => {
  const withHeader = new StringSink();
  const b = batches({ 'a,b': Int32Array.from([1]) });
  await write(new CsvWriter(withHeader, plainCells, ctx), b);
  assert.equal(withHeader.text(), '"a,b"\r\n1\r\n');
  const without = new StringSink();
  await write(new CsvWriter(without, plainCells, ctx, { header: false }), b);
  assert.equal(without.text(), '1\r\n');
});

test('JSON lines: one object per row, keys in column order and escaped, values verbatim', async () => {
  const sink = new StringSink();
  const b = batches({ id: Int32Array.from([1, 2]), 'we"ird': ['x\ny', null] });
  await write(new JsonLinesWriter(sink, plainCells, ctx), b);
  assert.equal(sink.text(), '{"id":1,"we\\"ird":"x\\ny"}\n{"id":2,"we\\"ird":null}\n');
  for (const line of sink.text().trim().split('\n')) assert.doesNotThrow(() => JSON.parse(line));
});

test('JSON lines: the cell text is written as given, so big numbers keep every digit', async () => {
  const sink = new StringSink();
  const exact: CellsFactory = () => ({ text: () => '9223372036854775807', json: () => '9223372036854775807' });
  await write(new JsonLinesWriter(sink, exact, ctx), batches({ n: Int32Array.from([0]) }));
  assert.equal(sink.text(), '{"n":9223372036854775807}\n');
});

test('table: Spark show() layout, numbers right-aligned, text left-aligned, NULL spelled out', async () => {
  const sink = new StringSink();
  await write(new TableWriter(sink, plainCells, ctx), batches({ id: Int32Array.from([1, 22]), name: ['alice', null] }));
  assert.equal(sink.text(), [
    '+---+-----+',
    '| id|name |',
    '+---+-----+',
    '|  1|alice|',
    '| 22|NULL |',
    '+---+-----+',
    '',
  ].join('\n'));
});

test('table: an empty result shows its header between borders', async () => {
  const sink = new StringSink();
  const b = batches({ id: Int32Array.from([]) });
  await write(new TableWriter(sink, plainCells, ctx), b);
  assert.equal(sink.text(), '+---+\n| id|\n+---+\n+---+\n');
});

test('table: small results are held and aligned as a whole', async () => {
  const sink = new StringSink();
  const bs = [...batches({ s: ['ab'] }), ...batches({ s: ['abcdef'] })];
  await write(new TableWriter(sink, plainCells, ctx), bs);
  assert.equal(sink.text(), ['+------+', '|s     |', '+------+', '|ab    |', '|abcdef|', '+------+', ''].join('\n'));
});

test('table: past the lookahead, a wider value in a later batch widens the column under a new border', async () => {
  const sink = new StringSink();
  const first = batches({ s: ['ab'] });
  const second = batches({ s: ['abcdef'] });
  const third = batches({ s: ['x'] });
  await write(new TableWriter(sink, plainCells, ctx, { lookahead: 1 }), [...first, ...second, ...third]);
  assert.equal(sink.text(), [
    '+---+', '|s  |', '+---+', '|ab |',
    '+------+', '|abcdef|', '|x     |', '+------+', '',
  ].join('\n'));
});

test('table: once the lookahead is full, every batch is written as soon as it arrives', async () => {
  const sink = new StringSink();
  const writer = new TableWriter(sink, plainCells, ctx, { lookahead: 3 });
  const [b] = batches({ s: ['one', 'two'] });
  await writer.start(b.schema);
  await writer.batch(b);
  assert.equal(sink.text(), '', 'two rows are under the lookahead of three');
  await writer.batch(b);
  assert.match(sink.text(), /\|one\|\n\|two\|\n\|one\|\n\|two\|\n$/);
  const [c] = batches({ s: ['six'] });
  await writer.batch(c);
  assert.match(sink.text(), /\|six\|\n$/);
});

test('table: control characters are escaped and --truncate cuts like show(truncate=n)', async () => {
  const sink = new StringSink();
  await write(new TableWriter(sink, plainCells, ctx, { truncate: 6 }), batches({ s: ['a\tb\nc', 'abcdefghij'] }));
  const lines = sink.text().split('\n');
  assert.equal(lines[3], '|a\\t...|');
  assert.equal(lines[4], '|abc...|');
  assert.equal(truncateCell('abcdef', 3), 'abc');
  assert.equal(truncateCell('abcdef', 6), 'abcdef');
  assert.equal(truncateCell('abcdefg', 6), 'abc...');
  assert.equal(truncateCell('anything', undefined), 'anything');
});

test('table: wide characters count as two columns so borders stay aligned', async () => {
  assert.equal(displayWidth('日本'), 4);
  assert.equal(displayWidth('e\u0301'), 1);
  const sink = new StringSink();
  await write(new TableWriter(sink, plainCells, ctx), batches({ s: ['日本', 'abcde'] }));
  const widths = sink.text().trim().split('\n').map(displayWidth);
  assert.ok(widths.every((w) => w === widths[0]), sink.text());
});
