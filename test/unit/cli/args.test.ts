import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONNECT_TIMEOUT_MS, parseArgs, UsageError, type CliCommand } from '../../../src/cli/args';

const REMOTE = 'sc://localhost:15002';

function sql(argv: string[], env: NodeJS.ProcessEnv = {}): Extract<CliCommand, { kind: 'sql' }> {
  const c = parseArgs(argv, env);
  assert.equal(c.kind, 'sql');
  return c as Extract<CliCommand, { kind: 'sql' }>;
}

function usage(argv: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}): UsageError {
  let caught: unknown;
  try {
    parseArgs(argv, env);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof UsageError, `expected a UsageError for ${JSON.stringify(argv)}, got ${String(caught)}`);
  assert.match(caught.message, pattern);
  return caught;
}

test('no arguments, --help, -h and help all ask for the main help', () => {
  for (const argv of [[], ['--help'], ['-h'], ['help']]) assert.deepEqual(parseArgs(argv), { kind: 'help', command: undefined });
  assert.deepEqual(parseArgs(['help', 'sql']), { kind: 'help', command: 'sql' });
  assert.deepEqual(parseArgs(['explain', '--help']), { kind: 'help', command: 'explain' });
  // --help wins even when the rest of the line is incomplete.
  assert.deepEqual(parseArgs(['sql', '-h']), { kind: 'help', command: 'sql' });
});

test('sql with inline text and defaults', () => {
  const c = sql(['sql', '--remote', REMOTE, 'SELECT 1']);
  assert.deepEqual(c.source, { kind: 'text', text: 'SELECT 1' });
  assert.equal(c.format, 'table');
  assert.equal(c.header, true);
  assert.equal(c.truncate, undefined);
  assert.equal(c.timeoutMs, undefined);
  assert.equal(c.connection.remote, REMOTE);
  assert.equal(c.connection.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
  assert.deepEqual(c.connection.conf, []);
  assert.equal(c.connection.allowTokenOverPlaintext, false);
});

test('the remote comes from SPARK_REMOTE when --remote is absent, and --remote wins over it', () => {
  assert.equal(sql(['sql', 'SELECT 1'], { SPARK_REMOTE: 'sc://env:1' }).connection.remote, 'sc://env:1');
  assert.equal(sql(['sql', '-r', 'sc://flag:2', 'SELECT 1'], { SPARK_REMOTE: 'sc://env:1' }).connection.remote, 'sc://flag:2');
  usage(['sql', 'SELECT 1'], /--remote .*SPARK_REMOTE/);
  usage(['sql', 'SELECT 1'], /--remote/, { SPARK_REMOTE: '' });
});

test('options in --name=value form, anywhere on the line, and repeated --conf in order', () => {
  const c = sql(['sql', 'SELECT 1', '--format=json', '--conf', 'spark.sql.ansi.enabled=false',
    '--conf=spark.sql.session.timeZone=Europe/Paris', `--remote=${REMOTE}`, '--timeout', '2.5', '--connect-timeout=3']);
  assert.equal(c.format, 'json');
  assert.deepEqual(c.connection.conf, [['spark.sql.ansi.enabled', 'false'], ['spark.sql.session.timeZone', 'Europe/Paris']]);
  assert.equal(c.timeoutMs, 2500);
  assert.equal(c.connection.connectTimeoutMs, 3000);
});

test('--stream-transport picks what carries results, grpc-js by default', () => {
  assert.equal(sql(['sql', '--remote', REMOTE, 'SELECT 1']).connection.streamTransport, 'grpc-js');
  assert.equal(sql(['sql', '--remote', REMOTE, '--stream-transport', 'direct', 'SELECT 1']).connection.streamTransport, 'direct');
  assert.equal(sql(['sql', '--remote', REMOTE, '--stream-transport=DIRECT', 'SELECT 1']).connection.streamTransport, 'direct');
  usage(['sql', '--remote', REMOTE, '--stream-transport', 'http3', 'SELECT 1'], /grpc-js, direct.*'http3'/);
});

test('a conf value may contain "="', () => {
  const c = sql(['sql', '--remote', REMOTE, '--conf', 'k=a=b', 'SELECT 1']);
  assert.deepEqual(c.connection.conf, [['k', 'a=b']]);
  usage(['sql', '--remote', REMOTE, '--conf', '=v', 'SELECT 1'], /key=value/);
  usage(['sql', '--remote', REMOTE, '--conf', 'novalue', 'SELECT 1'], /key=value/);
});

test('--file and - for stdin; text and --file together is an error', () => {
  assert.deepEqual(sql(['sql', '--remote', REMOTE, '--file', 'q.sql']).source, { kind: 'file', path: 'q.sql' });
  assert.deepEqual(sql(['sql', '--remote', REMOTE, '-f', '-']).source, { kind: 'file', path: '-' });
  usage(['sql', '--remote', REMOTE, '--file', 'q.sql', 'SELECT 1'], /not both/);
  usage(['sql', '--remote', REMOTE], /Missing the SQL/);
  usage(['sql', '--remote', REMOTE, '   '], /empty/);
  usage(['sql', '--remote', REMOTE, 'SELECT', '1'], /one SQL argument/);
});

test('text after -- is SQL even when it starts with a dash', () => {
  assert.deepEqual(sql(['sql', '--remote', REMOTE, '--', '-- comment\nSELECT 1']).source,
    { kind: 'text', text: '-- comment\nSELECT 1' });
});

test('SQL text that starts with a -- comment is SQL, not an unknown option', () => {
  const text = '-- comment\nSELECT 1';
  assert.deepEqual(sql(['sql', '--remote', REMOTE, text]).source, { kind: 'text', text });
  // Before the options too, and for explain.
  assert.deepEqual(sql(['sql', text, '--remote', REMOTE]).source, { kind: 'text', text });
  const explain = parseArgs(['explain', '--remote', REMOTE, '--mode=cost', '-- why\nSELECT 1']);
  assert.equal(explain.kind === 'explain' && explain.sql, '-- why\nSELECT 1');
  assert.equal(explain.kind === 'explain' && explain.mode, 'cost');
  // An option's name followed by a line break is not that option.
  assert.deepEqual(sql(['sql', '--remote', REMOTE, '--verbose\nSELECT 1']).source, { kind: 'text', text: '--verbose\nSELECT 1' });
  assert.deepEqual(sql(['sql', '--remote', REMOTE, '--x=1 AND y\nSELECT 1']).source, { kind: 'text', text: '--x=1 AND y\nSELECT 1' });
  // Known options keep values with spaces.
  assert.deepEqual(sql(['sql', '--remote', REMOTE, '--conf=spark.app.name=a b', 'SELECT 1']).connection.conf, [['spark.app.name', 'a b']]);
  // Without whitespace it is still a mistyped option, and the message says how to pass such SQL.
  usage(['sql', '--remote', REMOTE, '--comment', 'SELECT 1'], /Unknown option '--comment'.*'--'/);
  usage(['sql', '--remote', REMOTE, '-x', 'SELECT 1'], /Unknown option '-x'/);
});

test('format, truncate and no-header are checked', () => {
  assert.equal(sql(['sql', '--remote', REMOTE, '--format', 'CSV', 'SELECT 1']).format, 'csv');
  usage(['sql', '--remote', REMOTE, '--format', 'xml', 'SELECT 1'], /table, csv, json.*'xml'/);
  assert.equal(sql(['sql', '--remote', REMOTE, '--truncate', '20', 'SELECT 1']).truncate, 20);
  usage(['sql', '--remote', REMOTE, '--truncate', '0', 'SELECT 1'], /positive number/);
  usage(['sql', '--remote', REMOTE, '--truncate', '5', '--format', 'csv', 'SELECT 1'], /table only/);
  assert.equal(sql(['sql', '--remote', REMOTE, '--format', 'csv', '--no-header', 'SELECT 1']).header, false);
  usage(['sql', '--remote', REMOTE, '--no-header', 'SELECT 1'], /csv only/);
});

test('bad option usage names the option', () => {
  usage(['sql', '--remote', REMOTE, '--frmat', 'json', 'SELECT 1'], /Unknown option '--frmat'/);
  usage(['sql', '--remote', REMOTE, '-x', 'SELECT 1'], /Unknown option '-x'/);
  usage(['sql', 'SELECT 1', '--remote'], /'--remote' needs a value/);
  usage(['sql', '--remote', REMOTE, '--verbose=yes', 'SELECT 1'], /takes no value/);
  usage(['sql', '--remote', REMOTE, '--format', 'csv', '--format', 'json', 'SELECT 1'], /more than once/);
  usage(['sql', '--remote', REMOTE, '--mode', 'cost', 'SELECT 1'], /'--mode' does not apply to 'sql'/);
  usage(['sql', '--remote', REMOTE, '--timeout', '10s', 'SELECT 1'], /seconds.*'10s'/);
  usage(['sql', '--remote', REMOTE, '--timeout', '0', 'SELECT 1'], /positive/);
  usage(['query', 'SELECT 1'], /Unknown command 'query'/);
  usage(['--remote', REMOTE, 'sql'], /Options come after the command/);
});

test('usage errors carry the command for the "see --help" hint', () => {
  assert.equal(usage(['explain', '--remote', REMOTE], /exactly one SQL/).command, 'explain');
  assert.equal(usage(['nope'], /Unknown command/).command, undefined);
});

test('TLS files and token policy', () => {
  const c = sql(['sql', '--remote', REMOTE, '--ca-cert', 'ca.pem', '--client-cert', 'c.pem', '--client-key', 'k.pem',
    '--server-name', 'spark.internal', '--allow-token-over-plaintext', 'SELECT 1']);
  assert.equal(c.connection.caCertPath, 'ca.pem');
  assert.equal(c.connection.clientCertPath, 'c.pem');
  assert.equal(c.connection.clientKeyPath, 'k.pem');
  assert.equal(c.connection.serverNameOverride, 'spark.internal');
  assert.equal(c.connection.allowTokenOverPlaintext, true);
  usage(['sql', '--remote', REMOTE, '--client-cert', 'c.pem', 'SELECT 1'], /go together/);
});

test('explain: mode defaults to simple, every Spark mode accepted, others rejected', () => {
  const c = parseArgs(['explain', '--remote', REMOTE, 'SELECT 1']);
  assert.deepEqual(c.kind === 'explain' && [c.mode, c.output, c.sql], ['simple', 'text', 'SELECT 1']);
  for (const mode of ['simple', 'extended', 'codegen', 'cost', 'formatted']) {
    const m = parseArgs(['explain', '--mode', mode, '--remote', REMOTE, 'SELECT 1']);
    assert.equal(m.kind === 'explain' && m.mode, mode);
  }
  usage(['explain', '--mode', 'physical', '--remote', REMOTE, 'SELECT 1'], /simple, extended, codegen, cost, formatted/);
  usage(['explain', '--format', 'json', '--remote', REMOTE, 'SELECT 1'], /does not apply to 'explain'/);
});

test('version needs no server, and takes one when given; --version is an alias', () => {
  const v = parseArgs(['version']);
  assert.equal(v.kind, 'version');
  assert.equal(v.kind === 'version' && v.connection.remote, undefined);
  const w = parseArgs(['--version'], { SPARK_REMOTE: REMOTE });
  assert.equal(w.kind === 'version' && w.connection.remote, REMOTE);
  usage(['version', 'extra'], /no arguments/);
});

test('the token comes from --token-file or SPARK_CONNECT_AUTHENTICATE_TOKEN, never only from argv', () => {
  assert.deepEqual(sql(['sql', '--remote', REMOTE, '--token-file', '/run/secrets/spark', 'SELECT 1']).connection.tokenSource,
    { kind: 'file', path: '/run/secrets/spark' });
  assert.deepEqual(sql(['sql', '--remote', REMOTE, 'SELECT 1'], { SPARK_CONNECT_AUTHENTICATE_TOKEN: 'tok-env-123' }).connection.tokenSource,
    { kind: 'env', name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', value: 'tok-env-123' });
  // The file wins over the variable; an empty variable is no token.
  assert.equal(sql(['sql', '--remote', REMOTE, '--token-file=/f', 'SELECT 1'], { SPARK_CONNECT_AUTHENTICATE_TOKEN: 'tok' }).connection.tokenSource?.kind, 'file');
  assert.equal(sql(['sql', '--remote', REMOTE, 'SELECT 1'], { SPARK_CONNECT_AUTHENTICATE_TOKEN: '' }).connection.tokenSource, undefined);
  assert.equal(parseArgs(['version', '--token-file', '/f']).kind, 'version');
  assert.equal(parseArgs(['explain', '--remote', REMOTE, '--token-file', '/f', 'SELECT 1']).kind, 'explain');
  usage(['sql', '--remote', REMOTE, '--token-file', 'SELECT 1'], /Missing the SQL|needs a value/);
  usage(['sql', '--remote', REMOTE, '--token-file=', 'SELECT 1'], /needs a file name/);
  usage(['sql', '--remote', REMOTE, '--token-file', 'a', '--token-file', 'b', 'SELECT 1'], /more than once/);
});

describe('parseArgs notebook', () => {
  const env = { SPARK_REMOTE: 'sc://localhost:15002' };
  it('parses notebook run with an output file and options', () => {
    const cmd = parseArgs(['notebook', 'run', 'in.ipynb', '-o', 'out.ipynb', '--format', 'json', '--max-output-kb', '64'], env);
    assert.equal(cmd.kind, 'notebook');
    if (cmd.kind !== 'notebook') return;
    assert.deepEqual([cmd.input, cmd.output, cmd.format, cmd.maxOutputKB], ['in.ipynb', 'out.ipynb', 'json', 64]);
  });
  it('writes back in place without -o, and refuses stdin without -o', () => {
    const cmd = parseArgs(['notebook', 'run', 'in.ipynb'], env);
    assert.ok(cmd.kind === 'notebook' && cmd.output === undefined && cmd.maxOutputKB === 256);
    assert.throws(() => parseArgs(['notebook', 'run', '-'], env), /needs -o/);
  });
  it('rejects a missing action or notebook, and a tiny output cap', () => {
    assert.throws(() => parseArgs(['notebook', 'in.ipynb'], env), /notebook run NOTEBOOK/);
    assert.throws(() => parseArgs(['notebook', 'run'], env), /notebook run NOTEBOOK/);
    assert.throws(() => parseArgs(['notebook', 'run', 'a.ipynb', '--max-output-kb', '2'], env), /at least 16/);
  });
});
