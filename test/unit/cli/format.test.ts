import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { ExitCode } from '../../../src/cli/exit-codes';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {}, {
    stdout: { write: (t) => { stdout += t; return Promise.resolve(); } },
    stderr: (t) => { stderr += t; },
    readText: (p) => (p === '-' ? Promise.resolve(stdin) : readFile(p, 'utf8')),
    writeText: (p, t) => writeFile(p, t, 'utf8'),
    signal: new AbortController().signal,
    version: '0.0.0',
  });
  return { code, stdout, stderr };
}

const UGLY = 'select a::int, f(x => 1) from t |> where a = :p and b = ?;\n';
const PRETTY = 'select\n  a::int,\n  f(x => 1)\nfrom\n  t\n|> where\n  a = :p\n  and b = ?;\n';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'sqlfmt-cli-'));
}

test('format rewrites files in place and leaves formatted ones alone', async () => {
  const dir = tempDir();
  try {
    const a = path.join(dir, 'a.sql');
    const b = path.join(dir, 'b.sql');
    writeFileSync(a, UGLY);
    writeFileSync(b, PRETTY);
    const r = await cli(['format', a, b]);
    assert.equal(r.code, ExitCode.ok, r.stderr);
    assert.equal(readFileSync(a, 'utf8'), PRETTY);
    assert.equal(readFileSync(b, 'utf8'), PRETTY);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('format --check lists the files that would change, changes nothing and exits 1', async () => {
  const dir = tempDir();
  try {
    const a = path.join(dir, 'a.sql');
    const b = path.join(dir, 'b.sql');
    writeFileSync(a, UGLY);
    writeFileSync(b, PRETTY);
    const r = await cli(['format', '--check', a, b]);
    assert.equal(r.code, ExitCode.queryError);
    assert.equal(r.stdout, `${a}\n`);
    assert.match(r.stderr, /1 of 2 file\(s\) would be reformatted/);
    assert.equal(readFileSync(a, 'utf8'), UGLY);
    const clean = await cli(['format', '--check', b]);
    assert.equal(clean.code, ExitCode.ok);
    assert.equal(clean.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("format - reads stdin and writes stdout, with the options applied", async () => {
  const r = await cli(['format', '--keyword-case', 'upper', '--indent=4', '-'], 'select a from t;\nselect 2;\n');
  assert.equal(r.code, ExitCode.ok);
  assert.equal(r.stdout, 'SELECT\n    a\nFROM\n    t;\n\nSELECT\n    2;\n');
  const tight = await cli(['format', '--lines-between', '0', '-'], 'select 1; select 2;');
  assert.equal(tight.stdout, 'select\n  1;\nselect\n  2;');
});

test('statements left as written are reported as FILE:LINE:COL warnings', async () => {
  const r = await cli(['format', '-'], "select 1;\nselect 'open");
  assert.equal(r.code, ExitCode.ok);
  assert.match(r.stderr, /^<stdin>:2:8: warning: not formatted: the string here is not closed\n$/);
});

test('format usage errors and unreadable files exit 2', async () => {
  assert.equal((await cli(['format'])).code, ExitCode.usage);
  assert.equal((await cli(['format', '--keyword-case', 'title', 'a.sql'])).code, ExitCode.usage);
  assert.equal((await cli(['format', '--nope', 'a.sql'])).code, ExitCode.usage);
  const missing = await cli(['format', path.join(tmpdir(), 'no-such-dir-sqlfmt', 'x.sql')]);
  assert.equal(missing.code, ExitCode.usage);
  assert.match(missing.stderr, /x\.sql: cannot read/);
  const help = await cli(['format', '--help']);
  assert.equal(help.code, ExitCode.ok);
  assert.match(help.stdout, /--check/);
});
