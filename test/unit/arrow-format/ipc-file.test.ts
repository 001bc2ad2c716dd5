// The Arrow IPC file assembled from Spark's streams must open in arrow-js and in pyarrow (the reference
// implementation used by PySpark), with every row and the right types, duplicate column names included.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RecordBatchFileReader } from 'apache-arrow';
import { concatBytes } from '../../../src/arrow-format/bytes';
import { batchFields } from '../../../src/arrow-format/chunks';
import { ArrowFileAssembler, IpcFormatError, readIpcMessages, HEADER_RECORD_BATCH, HEADER_SCHEMA } from '../../../src/arrow-format/ipc-file';
import { loadFixture, sparkVersions, pyarrowPython } from '../../fixtures/arrow/load';

function assemble(streams: Uint8Array[]): Uint8Array {
  const a = new ArrowFileAssembler();
  const parts: Uint8Array[] = [];
  for (const s of streams) parts.push(...a.add(s));
  parts.push(a.finish());
  return concatBytes(parts);
}

const PYTHON = pyarrowPython();

void describe('Arrow IPC file export', () => {
  void it('reads the messages of a Spark stream: schema first, then the record batch', () => {
    const fx = loadFixture('4.3.0', 'all-types');
    const kinds = [...readIpcMessages(fx.batches[0])].map((m) => m.headerType);
    assert.deepEqual(kinds, [HEADER_SCHEMA, HEADER_RECORD_BATCH]);
  });

  for (const version of sparkVersions()) {
    void it(`Spark ${version}: multi-batch result opens in arrow-js with every row`, () => {
      const fx = loadFixture(version, 'multi-batch');
      const file = assemble(fx.batches);
      const reader = RecordBatchFileReader.from(file);
      reader.open();
      assert.equal(reader.numRecordBatches, fx.batches.length);
      let rows = 0;
      for (const b of reader) rows += b.numRows;
      assert.equal(rows, 5000);
    });
  }

  void it('keeps duplicate column names with their own types', () => {
    const fx = loadFixture('4.3.0', 'all-types');
    const reader = RecordBatchFileReader.from(assemble(fx.batches));
    const batch = [...reader][0];
    const dups = batchFields(batch).filter((f) => f.name === 'dup').map((f) => String(f.type));
    assert.deepEqual(dups, ['Int32', 'Utf8']);
  });

  void it('an empty result still makes a valid file with the schema', () => {
    const fx = loadFixture('4.3.0', 'empty');
    const reader = RecordBatchFileReader.from(assemble(fx.batches));
    reader.open();
    assert.deepEqual(reader.schema.fields.map((f) => f.name), ['a', 'b']);
  });

  void it('rejects bytes that are not an IPC stream', () => {
    const a = new ArrowFileAssembler();
    assert.throws(() => a.add(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x40, 0, 0, 0, 1, 2])), IpcFormatError);
    assert.throws(() => new ArrowFileAssembler().finish(), IpcFormatError);
  });

  void it('opens in pyarrow (the PySpark reference) with the same rows and types', () => {
    assert.ok(existsSync(PYTHON), `reference client missing: ${PYTHON} (scripts/install-spark.sh installs it)`);
    const dir = mkdtempSync(join(tmpdir(), 'grid-ipc-'));
    try {
      const all = join(dir, 'all.arrow');
      const multi = join(dir, 'multi.arrow');
      writeFileSync(all, assemble(loadFixture('4.3.0', 'all-types').batches));
      writeFileSync(multi, assemble(loadFixture('3.5.7', 'multi-batch').batches));
      const script = [
        'import pyarrow as pa, sys, json',
        'a = pa.ipc.open_file(sys.argv[1]).read_all()',
        'm = pa.ipc.open_file(sys.argv[2])',
        'print(json.dumps({"rows": a.num_rows, "dup": [str(f.type) for f in a.schema if f.name == "dup"],',
        '  "long": a.column("c_long").to_pylist()[0], "mb": m.num_record_batches, "mrows": m.read_all().num_rows}))',
      ].join('\n');
      const r = spawnSync(PYTHON, ['-c', script, all, multi], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
      assert.deepEqual(got, { rows: 12, dup: ['int32', 'string'], long: 9223372036854775807, mb: 6, mrows: 5000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
