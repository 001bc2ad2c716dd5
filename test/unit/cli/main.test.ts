import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import { ExitCode } from '../../../src/cli/exit-codes';

test('--verbose prints the stack of an internal error redacted, like the report', async () => {
  const secret = 'stack-secret-6f5e4d3c2b';
  let stderr = '';
  const code = await runCli(['version', '--verbose'], {}, {
    stdout: { write: () => Promise.reject(new Error(`broken sink; authorization: Bearer ${secret}`)) },
    stderr: (t) => { stderr += t; },
    readText: () => Promise.resolve(''),
    writeText: () => Promise.resolve(),
    signal: new AbortController().signal,
    version: '0.0.0',
  });
  assert.equal(code, ExitCode.internal);
  assert.match(stderr, /Internal error: Error: broken sink/);
  assert.match(stderr, /at /, 'the stack is printed');
  assert.ok(!stderr.includes(secret), stderr);
});
