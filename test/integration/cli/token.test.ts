// The CLI's token kept out of argv (shell history, ps): --token-file and SPARK_CONNECT_AUTHENTICATE_TOKEN
// against the real Spark 4 token server, the token's TLS rule applied to it, and never a token on
// stderr, with --verbose, on a failing query, even when the server's message quotes it.
// Cost: nine CLI runs, a few seconds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { tokenServer, type TokenServer } from '../../support/servers';
import { runCli } from './run-cli';

void describe('spark-connect with a token from a file or the environment (Spark 4 token server)', () => {
  let ts: TokenServer;
  let dir: string;
  let tokenFile: string;
  // The server's answer must not depend on a token that happens to be in our own environment.
  const clean = { SPARK_CONNECT_AUTHENTICATE_TOKEN: '' };

  before(() => {
    const found = tokenServer();
    assert.ok(found, 'no token server: run `scripts/spark-server.sh start spark4-token` or set SPARK_TOKEN_REMOTE/SPARK_TOKEN_FILE');
    ts = found;
    dir = mkdtempSync(join(tmpdir(), 'cli-token-'));
    tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${ts.token}\n`);
    chmodSync(tokenFile, 0o600);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('--token-file: the query runs, and the token was never on the command line', async () => {
    const args = ['sql', '--remote', ts.remote, '--token-file', tokenFile, '--format', 'csv', 'SELECT 40 + 2 AS x'];
    assert.ok(!args.join(' ').includes(ts.token));
    const r = await runCli(args, { env: clean });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'x\r\n42\r\n');
    assert.equal(r.stderr, '');
  });

  void test('SPARK_CONNECT_AUTHENTICATE_TOKEN: the query runs; without any token the server refuses (exit 3)', async () => {
    const r = await runCli(['sql', '--remote', ts.remote, '--format', 'csv', 'SELECT 1 AS one'], { env: { SPARK_CONNECT_AUTHENTICATE_TOKEN: ts.token } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'one\r\n1\r\n');
    const none = await runCli(['sql', '--remote', ts.remote, 'SELECT 1'], { env: clean });
    assert.equal(none.code, 3, none.stderr);
    assert.match(none.stderr, /No authentication token provided/);
  });

  void test('--verbose on failing queries: the token is nowhere on stderr, even where the server quotes it', async () => {
    for (const sql of ['SELECT * FROM no_such_table_for_token_test', `SELECT no_such_function('${ts.token}')`]) {
      const r = await runCli(['sql', '--verbose', '--remote', ts.remote, '--token-file', tokenFile, sql], { env: clean });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /\[debug\]/, 'verbose logging was on');
      assert.match(r.stderr, /Error: \[(TABLE_OR_VIEW_NOT_FOUND|UNRESOLVED_ROUTINE)\]/);
      assert.ok(!r.stderr.includes(ts.token), `token on stderr:\n${r.stderr}`);
      assert.ok(!r.stdout.includes(ts.token));
    }
  });

  void test('the token TLS rule applies to a file token: TLS to 127.0.0.1 unless plaintext is allowed', async () => {
    const { port } = parseConnectionString(ts.remote);
    const byIp = ['sql', '--remote', `sc://127.0.0.1:${port}`, '--token-file', tokenFile, '--connect-timeout', '5', '--format', 'csv', 'SELECT 2 AS two'];
    const tls = await runCli(byIp, { env: clean });
    assert.equal(tls.code, 3, tls.stderr);
    assert.match(tls.stderr, /TLS/);
    assert.ok(!tls.stderr.includes(ts.token));
    const allowed = await runCli([...byIp, '--allow-token-over-plaintext'], { env: clean });
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(allowed.stdout, 'two\r\n2\r\n');
  });

  void test('a credential header in plaintext to a host other than localhost is refused, naming the key only', async () => {
    const { port } = parseConnectionString(ts.remote);
    const r = await runCli(['sql', '--remote', `sc://127.0.0.1:${port}/;x-api-key=${ts.token}`, 'SELECT 1'], { env: clean });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /'x-api-key' carries a credential and would be sent unencrypted/);
    assert.ok(!r.stderr.includes(ts.token), r.stderr);
  });
});
