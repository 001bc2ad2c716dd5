import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactHeaders, redactSecrets, registerSecret, unregisterSecret } from '../../../src/connect/redact';
import { redactingLogger, type Logger } from '../../../src/connect/logger';
import { SparkConnectError } from '../../../src/connect/errors';

void test('token parameter in a connection string', () => {
  assert.equal(redactSecrets('sc://h:1/;token=abc123;use_ssl=true'), 'sc://h:1/;token=***;use_ssl=true');
  assert.equal(redactSecrets('connecting to sc://h/;token=abc'), 'connecting to sc://h/;token=***');
});

void test('authorization metadata in its usual spellings', () => {
  assert.equal(redactSecrets('authorization: Bearer eyJhbGciOi.x.y'), 'authorization: ***');
  assert.equal(redactSecrets("{'authorization': 'Bearer abc'}"), "{'authorization': '***'}");
  assert.equal(redactSecrets('Authorization=Basic dXNlcjpwdw=='), 'Authorization=***');
});

void test('bare bearer credentials anywhere', () => {
  assert.equal(redactSecrets('header was Bearer abc.def-ghi_jkl'), 'header was Bearer ***');
});

void test('JSON-ish token fields', () => {
  assert.equal(redactSecrets('{"token":"abc","user":"u"}'), '{"token":"***","user":"u"}');
});

void test('PEM private keys', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEv...\n-----END PRIVATE KEY-----';
  const out = redactSecrets(`key: ${pem}`);
  assert.doesNotMatch(out, /MIIEv/);
  assert.match(out, /BEGIN PRIVATE KEY/);
});

void test('registered secrets are removed wherever they appear, also percent-encoded', () => {
  registerSecret('sup3r;s3cret');
  try {
    assert.equal(redactSecrets('server said: invalid sup3r;s3cret here'), 'server said: invalid *** here');
    assert.equal(redactSecrets('x=sup3r%3Bs3cret'), 'x=***');
  } finally {
    unregisterSecret('sup3r;s3cret');
  }
  assert.equal(redactSecrets('sup3r;s3cret'), 'sup3r;s3cret');
});

void test('very short values are not registered (would mangle ordinary text)', () => {
  registerSecret('ab');
  assert.equal(redactSecrets('abc ab'), 'abc ab');
});

void test('text without secrets is unchanged', () => {
  const s = 'select token_count from t where x = 1; -- tokens';
  assert.equal(redactSecrets(s), s);
});

void test('header maps keep key names and hide secret values', () => {
  assert.deepEqual(redactHeaders({ authorization: 'Bearer x', 'x-api-token': 't', 'x-cluster-id': 'c1' }), {
    authorization: '***', 'x-api-token': '***', 'x-cluster-id': 'c1',
  });
});

void test('the redacting logger redacts every level and adds the prefix', () => {
  const lines: string[] = [];
  const sink: Logger = {
    trace: (m) => lines.push(`T ${m}`), debug: (m) => lines.push(`D ${m}`), info: (m) => lines.push(`I ${m}`),
    warn: (m) => lines.push(`W ${m}`), error: (m) => lines.push(`E ${m}`),
  };
  const log = redactingLogger(sink, '[s1]');
  log.trace('token=a1');
  log.debug('authorization: Bearer zz');
  log.info('ok');
  log.warn('sc://h/;token=q');
  log.error('Bearer yy');
  assert.deepEqual(lines, ['T [s1] token=***', 'D [s1] authorization: ***', 'I [s1] ok', 'W [s1] sc://h/;token=***', 'E [s1] Bearer ***']);
});

void test('SparkConnectError redacts its message and server stack trace', () => {
  const e = new SparkConnectError('failed for sc://h/;token=abc', { reason: 'auth', serverStackTrace: 'at x Bearer qq' });
  assert.equal(e.message, 'failed for sc://h/;token=***');
  assert.equal(e.serverStackTrace, 'at x Bearer ***');
});

void test('grpc-js diagnostics can be routed into a Logger, redacted', async () => {
  const { routeGrpcLogs } = await import('../../../src/connect/grpc-logging');
  const grpc = await import('@grpc/grpc-js');
  const lines: string[] = [];
  const sink: Logger = { trace: (m) => lines.push(`T ${m}`), debug: (m) => lines.push(`D ${m}`), info: () => undefined, warn: (m) => lines.push(`W ${m}`), error: () => undefined };
  routeGrpcLogs(sink);
  try {
    // grpc-js's internal log function, as it reports e.g. GOAWAY too_many_pings
    const { log } = await import('@grpc/grpc-js/build/src/logging');
    log(grpc.logVerbosity.ERROR, 'Connection rejected; authorization: Bearer abc');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^W grpc: .*Connection rejected; authorization: \*\*\*$/);
  } finally {
    grpc.setLogger(console);
  }
});

void test('credential header values are registered like tokens, counted per holder', async () => {
  const { registerCredentials } = await import('../../../src/connect/redact');
  const o = { token: 'tok-1a2b3c4d', headers: { 'x-api-key': 'key-5e6f7a8b', authorization: 'Basic dXNlcjpwYXNz', 'x-cluster': 'c-visible' } };
  const first = registerCredentials(o);
  const second = registerCredentials({ token: 'tok-1a2b3c4d', headers: {} });
  const echoed = 'server said: tok-1a2b3c4d key-5e6f7a8b dXNlcjpwYXNz c-visible';
  assert.equal(redactSecrets(echoed), 'server said: *** *** *** c-visible');
  // The first holder closing must not make the token the second one still holds printable.
  first();
  first();
  assert.equal(redactSecrets(echoed), 'server said: *** key-5e6f7a8b dXNlcjpwYXNz c-visible');
  second();
  assert.equal(redactSecrets(echoed), echoed);
});

void test('connection-string parameters of every credential key are redacted by pattern', () => {
  assert.equal(redactSecrets('sc://h/;x-api-key=k1;Cookie=c2;X-My-Token=t3;client_secret=s4;user_id=u'),
    'sc://h/;x-api-key=***;Cookie=***;X-My-Token=***;client_secret=***;user_id=u');
});
