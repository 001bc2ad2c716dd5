// IpcDecoder must build exactly the record batches apache-arrow's RecordBatchReader builds, for every
// Spark type in the captured fixtures of both server versions, at any byte alignment, and hand
// anything outside its fast path (dictionaries, malformed bytes) to RecordBatchReader.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  Dictionary, Int32, RecordBatchReader, Table, Utf8, makeVector, tableFromArrays, tableToIPC, vectorFromArray,
  type Data, type RecordBatch,
} from 'apache-arrow';
import { IpcDecoder } from '../../../src/connect/arrow-ipc-decoder';
import { decodeIpc } from '../../../src/connect/arrow-result';
import { loadFixture, sparkVersions } from '../../fixtures/arrow/load';

const FIXTURES = ['all-types', 'empty', 'multi-batch'];

function bytesOf(view: ArrayBufferView | null | undefined): Buffer | undefined {
  return view ? Buffer.from(view.buffer, view.byteOffset, view.byteLength) : undefined;
}

/** Structural equality of two Data trees: type, lengths, null counts and every buffer's bytes. */
function assertSameData(a: Data, b: Data, where: string): void {
  assert.equal(String(a.type), String(b.type), `${where}: type`);
  assert.equal(a.length, b.length, `${where}: length`);
  assert.equal(a.offset, b.offset, `${where}: offset`);
  assert.equal(a.nullCount, b.nullCount, `${where}: null count`);
  for (const key of ['values', 'valueOffsets', 'nullBitmap', 'typeIds'] as const) {
    const x = bytesOf(a[key] as ArrayBufferView | undefined);
    const y = bytesOf(b[key] as ArrayBufferView | undefined);
    assert.equal(x?.length, y?.length, `${where}: ${key} length`);
    if (x && y) assert.ok(x.equals(y), `${where}: ${key} bytes`);
  }
  assert.equal(a.children.length, b.children.length, `${where}: children`);
  a.children.forEach((c, i) => assertSameData(c, b.children[i]!, `${where}.${i}`));
}

function assertSameBatches(got: RecordBatch[], want: RecordBatch[], where: string): void {
  assert.equal(got.length, want.length, `${where}: batch count`);
  got.forEach((g, i) => {
    const w = want[i]!;
    assert.deepEqual(g.schema.fields.map((f) => [f.name, String(f.type), f.nullable]), w.schema.fields.map((f) => [f.name, String(f.type), f.nullable]), `${where}: fields`);
    assert.deepEqual([...g.schema.metadata], [...w.schema.metadata], `${where}: schema metadata`);
    assert.equal(g.numRows, w.numRows, `${where}: rows`);
    assertSameData(g.data, w.data, `${where}[${i}]`);
  });
}

/** The same bytes starting `shift` bytes into a fresh buffer. */
function shifted(data: Uint8Array, shift: number): Uint8Array {
  const out = new Uint8Array(data.byteLength + shift);
  out.set(data, shift);
  return out.subarray(shift);
}

describe('IpcDecoder', () => {
  for (const version of sparkVersions()) {
    for (const name of FIXTURES) {
      it(`decodes Spark ${version} "${name}" exactly as RecordBatchReader does, at every alignment`, () => {
        const { batches } = loadFixture(version, name);
        assert.ok(batches.length > 0);
        const decoder = new IpcDecoder();
        for (const [i, stream] of batches.entries()) {
          const want = RecordBatchReader.from(stream).readAll();
          for (const shift of [0, 1, 3, 6, 8]) {
            assertSameBatches(decoder.decode(shifted(stream, shift)), want, `${name} stream ${i} shift ${shift}`);
          }
        }
      });
    }
  }

  it('reads the values back like RecordBatchReader (int64 as BigInt, strings, nulls)', () => {
    const table = tableFromArrays({ id: BigInt64Array.from([1n, 2n, 9007199254740993n]), s: ['a', null, 'ccc'] as (string | null)[] });
    const [batch] = decodeIpc(shifted(tableToIPC(table, 'stream'), 5));
    assert.deepEqual(batch!.toArray().map((r) => r.toJSON()), [
      { id: 1n, s: 'a' }, { id: 2n, s: null }, { id: 9007199254740993n, s: 'ccc' },
    ]);
  });

  it('decodes a result\'s schema once while its bytes stay the same (its field types are shared)', () => {
    const { batches } = loadFixture(sparkVersions()[0]!, 'multi-batch');
    assert.ok(batches.length > 1, 'the fixture has several streams');
    const decoder = new IpcDecoder();
    // RecordBatch copies every batch's schema and fields into new objects; the DataTypes inside are
    // those of the one decoded schema.
    const schemas = batches.map((b) => decoder.decode(b)[0]!.schema);
    for (const s of schemas) s.fields.forEach((f, i) => assert.equal(f.type, schemas[0]!.fields[i]!.type));
    const fresh = new IpcDecoder().decode(batches[0]!)[0]!.schema;
    assert.notEqual(fresh.fields[0]!.type, schemas[0]!.fields[0]!.type, 'another decoder decodes its own');
    // A different schema in the same decoder is decoded afresh.
    const other = decoder.decode(tableToIPC(tableFromArrays({ x: Int32Array.from([1]) }), 'stream'))[0]!;
    assert.deepEqual(other.schema.fields.map((f) => f.name), ['x']);
  });

  it('hands dictionary-encoded streams to RecordBatchReader', () => {
    const dict = vectorFromArray(['red', 'blue', 'red', 'red'], new Dictionary(new Utf8(), new Int32()));
    const [batch] = decodeIpc(shifted(tableToIPC(new Table({ c: dict }), 'stream'), 3));
    assert.deepEqual([...batch!.getChild('c')!].map(String), ['red', 'blue', 'red', 'red']);
  });

  it('fails on malformed bytes as RecordBatchReader does', () => {
    const { batches } = loadFixture(sparkVersions()[0]!, 'all-types');
    const cut = batches[0]!.subarray(0, Math.floor(batches[0]!.length / 2));
    let readerError: unknown;
    try { RecordBatchReader.from(cut).readAll(); } catch (e) { readerError = e; }
    assert.ok(readerError instanceof Error, 'RecordBatchReader rejects a stream cut in half');
    assert.throws(() => decodeIpc(cut), (e: unknown) => e instanceof Error && e.message === (readerError as Error).message);
  });

  it('reads an Int32 column built by apache-arrow itself', () => {
    const values = makeVector(Int32Array.from({ length: 1000 }, (_, i) => i * 3 - 7));
    const ipc = tableToIPC(tableFromArrays({ v: values.toArray() as Int32Array }), 'stream');
    const [batch] = decodeIpc(shifted(ipc, 2));
    assert.equal(batch!.numRows, 1000);
    assert.equal(batch!.getChild('v')!.get(999), 999 * 3 - 7);
  });
});
