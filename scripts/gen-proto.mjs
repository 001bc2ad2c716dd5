#!/usr/bin/env node
// Compiles proto/** into the static protobufjs module the Spark Connect client imports:
//   src/connect/generated/spark-connect.js   (CommonJS, requires only protobufjs/minimal and long)
//   src/connect/generated/spark-connect.d.ts
// The build runs this every time, so it skips all work when a hash of its inputs (the .proto
// files, this script and the protobufjs versions) matches the stamp written by the last run.
// Usage: node scripts/gen-proto.mjs [--force] [--proto-dir DIR] [--out-dir DIR]
// (the directory options exist for the script's own tests).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (!value || value.startsWith('--')) fail(`${name} needs a directory`);
  return path.resolve(value);
}

const protoDir = option('--proto-dir', path.join(repo, 'proto'));
const outDir = option('--out-dir', path.join(repo, 'src', 'connect', 'generated'));
const outJs = path.join(outDir, 'spark-connect.js');
const outDts = path.join(outDir, 'spark-connect.d.ts');
const stampFile = path.join(outDir, '.gen-proto.stamp');
const require = createRequire(import.meta.url);

const MINIMAL_REQUIRE = 'var $protobuf = require("protobufjs/minimal");';
// protobufjs finds `long` with a plain require at load time; if a bundle or global shadows it,
// int64 values would silently decode as lossy numbers. Load it explicitly instead.
const LONG_GUARD =
  'if (!$protobuf.util.Long) { $protobuf.util.Long = require("long"); $protobuf.configure(); }';

function fail(message) {
  process.stderr.write(`gen-proto: ${message}\n`);
  process.exit(1);
}

function listProtos(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.proto')) found.push(p);
    }
  };
  walk(dir);
  // Sorted so the hash and the generated output do not depend on directory order.
  return found.sort();
}

function packageVersion(name) {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

function inputsHash(files) {
  const h = createHash('sha256');
  h.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  h.update(`protobufjs@${packageVersion('protobufjs')} protobufjs-cli@${packageVersion('protobufjs-cli')}\n`);
  for (const f of files) {
    h.update(path.relative(protoDir, f).split(path.sep).join('/'));
    h.update('\0');
    h.update(fs.readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

// pbjs/pbts report some failures through the callback and others by throwing.
function runCli(tool, args) {
  return new Promise((resolve, reject) => {
    try {
      tool.main(args, (err, output) => (err ? reject(err) : resolve(output)));
    } catch (err) {
      reject(err);
    }
  });
}

function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

async function main() {
  if (!fs.existsSync(protoDir)) fail(`no proto directory at ${protoDir}`);
  const files = listProtos(protoDir);
  if (files.length === 0) fail(`no .proto files under ${protoDir}`);

  const hash = inputsHash(files);
  const force = process.argv.includes('--force');
  const upToDate =
    !force &&
    fs.existsSync(outJs) &&
    fs.existsSync(outDts) &&
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8').trim() === hash;
  if (upToDate) {
    process.stdout.write('gen-proto: up to date\n');
    return;
  }

  // pbjs reports syntax errors without the file name; parse each file first to say where.
  const protobuf = require('protobufjs');
  for (const f of files) {
    try {
      protobuf.parse(fs.readFileSync(f, 'utf8'), new protobuf.Root(), { keepCase: true });
    } catch (err) {
      fail(`${path.relative(process.cwd(), f)}: ${err.message}`);
    }
  }

  let cli;
  try {
    cli = require('protobufjs-cli');
  } catch (err) {
    fail(`protobufjs-cli is not installed (${err.message}); run npm install`);
  }

  // 64-bit integers are typed number|Long so callers may write plain numbers; they decode as Long
  // (exact beyond 2^53) because LONG_GUARD below makes sure protobufjs has the long package.
  // Field names become camelCase (protobufjs's default), matching the client's code.
  // Only encode() and decode(): no verify(), getTypeUrl(), length-delimited coders, create(),
  // fromObject()/toObject()/toJSON() or service stubs. Nothing in the product calls them (the
  // constructor takes properties as create() did; tests convert by reflection, see
  // test/support/proto-reflection.ts), and every function they add stays in the heap that each major
  // GC walks: dropping verify/typeurl/delimited saved ~9% of client CPU on a 10^7-row result, and the
  // rest shrank the module from 3.6 to 2.2 MB.
  const common = ['-t', 'static-module', '-w', 'commonjs', '--root', 'spark_connect', '--no-verify', '--no-typeurl', '--no-delimited', '--no-convert', '--no-create', '--no-service', '-p', protoDir];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-proto-'));
  try {
    const withDocs = path.join(tmp, 'spark-connect.js');
    // pbts builds the declarations from the JSDoc of a commented build; the shipped .js is the
    // same code without comments, which is ~40% smaller.
    await runCli(cli.pbjs, [...common, '-o', withDocs, ...files]);
    const dts = await runCli(cli.pbts, ['--no-comments', withDocs]);
    const js = await runCli(cli.pbjs, [...common, '--no-comments', ...files]);
    if (typeof js !== 'string' || !js.includes(MINIMAL_REQUIRE)) {
      fail('pbjs produced unexpected output (no protobufjs/minimal require)');
    }
    if (typeof dts !== 'string' || !/^export namespace \w+/m.test(dts)) {
      fail('pbts produced unexpected output (no exported namespace)');
    }
    const header = '// Generated by scripts/gen-proto.mjs from proto/**. Do not edit.\n';
    const withGuard = js.replace(MINIMAL_REQUIRE, `${MINIMAL_REQUIRE}\n${LONG_GUARD}`);
    if (withGuard === js) fail('could not insert the Long guard after the protobufjs/minimal require');
    fs.mkdirSync(outDir, { recursive: true });
    writeAtomically(outJs, header + withGuard);
    writeAtomically(outDts, header + dts);
    writeAtomically(stampFile, `${hash}\n`);
    process.stdout.write(`gen-proto: wrote ${path.relative(repo, outJs)} and ${path.relative(repo, outDts)} from ${files.length} .proto files\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => fail(`failed: ${err && err.message ? err.message : String(err)}`));
