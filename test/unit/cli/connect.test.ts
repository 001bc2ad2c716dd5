import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src/cli/args';
import { createClient, readTokenFile, withToken } from '../../../src/cli/connect';
import { resolveSecurity } from '../../../src/connect/channel';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { noopLogger } from '../../../src/connect/logger';
import { redactSecrets } from '../../../src/connect/redact';

const TOKEN = 'file-token-8d7c6b5a4f';

function withFile(text: string, body: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'token-file-'));
  try {
    const path = join(dir, 'token');
    writeFileSync(path, text);
    chmodSync(path, 0o600);
    body(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a token file: its text without the final newline; empty, multi-line and missing files are usage errors that never quote it', () => {
  withFile(`${TOKEN}\n`, (path) => assert.equal(readTokenFile(path), TOKEN));
  withFile('  \n', (path) => assert.throws(() => readTokenFile(path), (e: unknown) => e instanceof UsageError && /is empty/.test(e.message)));
  withFile(`${TOKEN}\nsecond line`, (path) => assert.throws(() => readTokenFile(path), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /alone, on one line/);
    assert.doesNotMatch(e.message, new RegExp(TOKEN));
    return true;
  }));
  assert.throws(() => readTokenFile('/nonexistent/spark-token'), /Cannot read the token file '\/nonexistent\/spark-token': ENOENT/);
});

test('the token from a file or the environment goes into the parsed URL, and the token TLS rule applies to it', () => {
  withFile(`${TOKEN}\n`, (path) => {
    const remote = withToken(parseConnectionString('sc://spark.example.com:443'), { kind: 'file', path });
    assert.equal(remote.token, TOKEN);
    assert.deepEqual([resolveSecurity(remote).tls, resolveSecurity(remote).sendToken], [true, true]);
    const local = withToken(parseConnectionString('sc://localhost:15112'), { kind: 'file', path });
    assert.deepEqual([resolveSecurity(local).tls, resolveSecurity(local).sendToken], [false, true]);
    // A URL token and --token-file: refused, as two answers to one question.
    assert.throws(() => withToken(parseConnectionString('sc://localhost/;token=other-1234'), { kind: 'file', path }), /given twice/);
  });
  const env = { kind: 'env' as const, name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', value: 'env-token-1a2b3c' };
  assert.equal(withToken(parseConnectionString('sc://localhost'), env).token, 'env-token-1a2b3c');
  // As in PySpark, a token written in the URL wins over the variable.
  assert.equal(withToken(parseConnectionString('sc://localhost/;token=url-token-4d5e'), env).token, 'url-token-4d5e');
  assert.equal(withToken(parseConnectionString('sc://localhost'), undefined).token, undefined);
});

test('createClient sends the file token and keeps it redacted for the rest of the process', async () => {
  await new Promise<void>((resolve, reject) => {
    withFile(`${TOKEN}\n`, (path) => {
      const client = createClient({
        remote: 'sc://localhost:1', tokenSource: { kind: 'file', path }, allowTokenOverPlaintext: false,
        connectTimeoutMs: 1_000, streamTransport: 'grpc-js', conf: [], verbose: false,
      }, noopLogger);
      assert.equal(client.options.token, TOKEN);
      client.close().then(() => {
        // Closed, and still redacted: the error report is printed after the client closed.
        assert.equal(redactSecrets(`server said ${TOKEN}`), 'server said ***');
        resolve();
      }, reject);
    });
  });
});
