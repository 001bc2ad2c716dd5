// The conformance test reads Spark's protos out of jars with our own zip reader; check it on a
// zip assembled here byte by byte (one stored and one deflated entry, plus an archive comment).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { readZipEntries } from '../../integration/protocol/zip-entries';

interface Entry {
  name: string;
  text: string;
  deflate: boolean;
}

function buildZip(entries: Entry[], comment: string): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = Buffer.from(e.text, 'utf8');
    const data = e.deflate ? zlib.deflateRawSync(raw) : raw;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    // A local extra field the central directory does not repeat, as some jar tools write.
    const extra = Buffer.from([0xfe, 0xca, 0, 0]);
    local.writeUInt16LE(extra.length, 28);
    locals.push(local, name, extra, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + extra.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const commentBytes = Buffer.from(comment, 'utf8');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(commentBytes.length, 20);
  return Buffer.concat([...locals, directory, eocd, commentBytes]);
}

test('reads stored and deflated entries, only those asked for', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-entries-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const proto = 'syntax = "proto3";\n' + 'message M { string s = 1; }\n'.repeat(50);
  const zipPath = path.join(dir, 'x.jar');
  fs.writeFileSync(
    zipPath,
    buildZip(
      [
        { name: 'META-INF/MANIFEST.MF', text: 'Manifest-Version: 1.0\n', deflate: false },
        { name: 'spark/connect/base.proto', text: proto, deflate: true },
        { name: 'notes.txt', text: 'stored ünïcode', deflate: false },
      ],
      'an archive comment',
    ),
  );
  const got = readZipEntries(zipPath, (n) => n.endsWith('.proto') || n === 'notes.txt');
  assert.deepEqual([...got.keys()], ['spark/connect/base.proto', 'notes.txt']);
  assert.equal(got.get('spark/connect/base.proto'), proto);
  assert.equal(got.get('notes.txt'), 'stored ünïcode');
});

test('rejects a file that is not a zip', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-entries-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const p = path.join(dir, 'not.jar');
  fs.writeFileSync(p, Buffer.alloc(100, 7));
  assert.throws(() => readZipEntries(p, () => true), /not a zip file/);
});
