// scripts/gen-proto.mjs runs in every build: it must fail loudly on bad input, skip work when
// nothing changed, and emit a module that needs nothing beyond protobufjs/minimal and long
// (so esbuild can bundle it and int64 stays exact).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../integration/protocol/spark-protos';

const root = repoRoot(__dirname);
const script = path.join(root, 'scripts', 'gen-proto.mjs');

function gen(protoDir: string, outDir: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [script, '--proto-dir', protoDir, '--out-dir', outDir], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tree(t: { after(fn: () => void): void }, files: Record<string, string>): { protoDir: string; outDir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-proto-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const protoDir = path.join(dir, 'proto');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(protoDir, name)), { recursive: true });
    fs.writeFileSync(path.join(protoDir, name), text);
  }
  return { protoDir, outDir: path.join(dir, 'out') };
}

function requiredModules(js: string): string[] {
  return [...new Set([...js.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!))].sort();
}

const SMALL = 'syntax = "proto3";\npackage t;\nimport "google/protobuf/any.proto";\n' +
  'message A { int64 n = 1; oneof v { string s = 2; google.protobuf.Any x = 3; } }\n';

test('generates, then skips when inputs are unchanged, then regenerates on change', (t) => {
  const { protoDir, outDir } = tree(t, { 't/a.proto': SMALL });
  const first = gen(protoDir, outDir);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /wrote .*spark-connect\.js/);
  const js = fs.readFileSync(path.join(outDir, 'spark-connect.js'), 'utf8');
  const dts = fs.readFileSync(path.join(outDir, 'spark-connect.d.ts'), 'utf8');
  assert.deepEqual(requiredModules(js), ['long', 'protobufjs/minimal']);
  assert.match(js, /\$protobuf\.util\.Long = require\("long"\)/);
  assert.match(dts, /n: \(number\|Long\)/);
  assert.match(dts, /v\?: \("s"\|"x"\)/);
  const written = fs.statSync(path.join(outDir, 'spark-connect.js')).mtimeMs;

  const second = gen(protoDir, outDir);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /up to date/);
  assert.equal(fs.statSync(path.join(outDir, 'spark-connect.js')).mtimeMs, written);

  fs.writeFileSync(path.join(protoDir, 't/a.proto'), SMALL.replace('string s = 2;', 'string s = 2; bool b = 4;'));
  const third = gen(protoDir, outDir);
  assert.equal(third.status, 0, third.stderr);
  assert.match(third.stdout, /wrote/);
  assert.match(fs.readFileSync(path.join(outDir, 'spark-connect.d.ts'), 'utf8'), /v\?: \("s"\|"b"\|"x"\)/);
});

test('a syntax error fails with the file and line', (t) => {
  const { protoDir, outDir } = tree(t, { 't/bad.proto': 'syntax = "proto3";\npackage t;\nmessage A { string s = 1 }\n' });
  const r = gen(protoDir, outDir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^gen-proto: .*t\/bad\.proto: .*\(line 3\)/);
  assert.equal(fs.existsSync(path.join(outDir, 'spark-connect.js')), false);
});

test('an unknown type fails and names it', (t) => {
  const { protoDir, outDir } = tree(t, { 't/a.proto': 'syntax = "proto3";\npackage t;\nmessage A { Missing m = 1; }\n' });
  const r = gen(protoDir, outDir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^gen-proto: .*Missing/);
});

test('no .proto files is an error, not an empty module', (t) => {
  const { protoDir, outDir } = tree(t, { 'README.txt': 'nothing here' });
  const r = gen(protoDir, outDir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no \.proto files/);
});

test('the project module requires only protobufjs/minimal and long', () => {
  const js = fs.readFileSync(path.join(root, 'src', 'connect', 'generated', 'spark-connect.js'), 'utf8');
  assert.deepEqual(requiredModules(js), ['long', 'protobufjs/minimal']);
});

test('messages get encode() and decode() only: every other generated function stays out of the heap', (t) => {
  const svc = 'service S { rpc Call(A) returns (A); }\n';
  const { protoDir, outDir } = tree(t, { 't/a.proto': SMALL + svc });
  const r = gen(protoDir, outDir);
  assert.equal(r.status, 0, r.stderr);
  const js = fs.readFileSync(path.join(outDir, 'spark-connect.js'), 'utf8');
  assert.match(js, /A\.encode = function/);
  assert.match(js, /A\.decode = function/);
  for (const fn of ['create', 'encodeDelimited', 'decodeDelimited', 'verify', 'fromObject', 'toObject', 'getTypeUrl']) {
    assert.doesNotMatch(js, new RegExp(`A\\.${fn} = function`), `${fn}() is generated`);
  }
  assert.doesNotMatch(js, /prototype\.toJSON = function/, 'toJSON() is generated');
  assert.doesNotMatch(js, /rpcCall|\$protobuf\.rpc\.Service/, 'a service stub is generated');
});
