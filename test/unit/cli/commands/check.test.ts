import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../../src/cli/main';
import { parseCheckArgs } from '../../../../src/cli/check-args';
import { ExitCode } from '../../../../src/cli/exit-codes';

async function check(args: string[], files: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', ...args], env, {
    stdout: { write: async (t: string) => { stdout += t; } },
    stderr: (t) => { stderr += t; },
    readText: async (p) => {
      if (!(p in files)) throw new Error(`no file ${p}`);
      return files[p];
    },
    signal: new AbortController().signal,
    version: '0.0.0',
  });
  return { code, stdout, stderr };
}

test('check prints file:line:col severity class message and exits 1 on a syntax error', async () => {
  const r = await check(['a.sql', 'b.sql'], {
    'a.sql': 'SELECT 1;\n\nSELECT a\n  FROM t WHERE a = = 1;\n',
    'b.sql': 'SELECT a::INT FROM t |> WHERE a > 1;\n',
  });
  assert.equal(r.code, ExitCode.queryError, r.stderr);
  // One line for the one broken statement (the grammar's list of expectations varies in order).
  assert.match(r.stdout, /^a\.sql:4:20 error PARSE_SYNTAX_ERROR Syntax error: '=' is not valid at this position[^\n]*\n$/);
});

test('check --format json, and exit 0 for clean Spark 4 SQL', async () => {
  const bad = await check(['--format', 'json', 'x.sql'], { 'x.sql': 'SELEC 1' });
  assert.equal(bad.code, ExitCode.queryError);
  const rows = JSON.parse(bad.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(rows.map((r) => [r.file, r.line, r.column, r.endColumn, r.code, r.origin]), [['x.sql', 1, 1, 6, 'PARSE_SYNTAX_ERROR', 'local']]);
  const ok = await check(['ok.sql'], { 'ok.sql': 'SELECT v:a.b, x::STRING FROM t;\nEXECUTE IMMEDIATE \'SELECT 1\';\n' });
  assert.equal(ok.code, ExitCode.ok);
  assert.equal(ok.stdout, '');
});

test('check arguments: files, format, connection options through the common parser', () => {
  const c = parseCheckArgs(['--remote', 'sc://localhost:15002', 'a.sql', '--format=json', 'b.sql'], {});
  assert.ok(c.kind === 'check');
  assert.deepEqual(c.files, ['a.sql', 'b.sql']);
  assert.equal(c.format, 'json');
  assert.equal(c.connection.remote, 'sc://localhost:15002');
  assert.throws(() => parseCheckArgs([], {}), /at least one file/);
  assert.throws(() => parseCheckArgs(['--format', 'xml', 'a.sql'], {}), /text, json/);
  assert.throws(() => parseCheckArgs(['--bogus', 'a.sql'], {}), /Unknown option/);
});
