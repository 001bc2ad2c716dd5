import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jarEntryNames, jarHasEntry } from '../../../src/local-spark/jar-directory';
import { buildZip, memoryJar } from './zip-builder';

const NAMES = ['META-INF/MANIFEST.MF', 'org/apache/spark/sql/connect/service/SparkConnectServer.class', 'org/ü.class'];

test('the entry names come from the central directory, with or without an archive comment', async () => {
  assert.deepEqual(await jarEntryNames(memoryJar(buildZip(NAMES))), NAMES);
  // A comment that itself contains the end-record signature must not be taken for the record.
  assert.deepEqual(await jarEntryNames(memoryJar(buildZip(NAMES, 'PK\u0005\u0006 not the end'))), NAMES);
  assert.equal(await jarHasEntry(memoryJar(buildZip(NAMES)), NAMES[1]), true);
  assert.equal(await jarHasEntry(memoryJar(buildZip(NAMES)), 'org/Other.class'), false);
});

test('only the end of a big jar is read', async () => {
  const filler = Array.from({ length: 3000 }, (_, i) => `org/filler/Class${i}.class`);
  const jar = memoryJar(buildZip([...filler, 'last.class']));
  assert.equal(await jarHasEntry(jar, 'last.class'), true);
  // The local entries (about half the file here) are skipped.
  assert.ok(jar.bytesRead < jar.size * 0.75, `${jar.bytesRead} of ${jar.size}`);
});

test('not a ZIP, a truncated one, or a ZIP64 marker: unknown, not an error', async () => {
  assert.equal(await jarEntryNames(memoryJar(new TextEncoder().encode('not a zip at all'))), undefined);
  assert.equal(await jarEntryNames(memoryJar(new Uint8Array(0))), undefined);
  const zip = buildZip(NAMES);
  assert.equal(await jarEntryNames(memoryJar(zip.subarray(10))), undefined, 'offsets past the data');
  const zip64 = zip.slice();
  new DataView(zip64.buffer).setUint32(zip64.length - 22 + 16, 0xffffffff, true);
  assert.equal(await jarHasEntry(memoryJar(zip64), NAMES[0]), undefined);
});
