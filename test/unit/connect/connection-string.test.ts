import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectionStringError, DEFAULT_PORT, formatConnectionString, parseConnectionString, type ConnectionOptions,
} from '../../../src/connect/connection-string';

function parseError(s: string): ConnectionStringError {
  try {
    parseConnectionString(s);
  } catch (e) {
    assert.ok(e instanceof ConnectionStringError, `expected ConnectionStringError for ${s}, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected '${s}' to be rejected`);
}

void test('host only: default port, plaintext, no params', () => {
  const o = parseConnectionString('sc://localhost');
  assert.equal(o.host, 'localhost');
  assert.equal(o.port, DEFAULT_PORT);
  assert.equal(o.port, 15002);
  assert.equal(o.useSsl, false);
  assert.equal(o.token, undefined);
  assert.deepEqual(o.headers, {});
});

void test('host and port, with and without trailing slash', () => {
  for (const s of ['sc://myhost.com:443', 'sc://myhost.com:443/', 'sc://myhost.com:443/;']) {
    const o = parseConnectionString(s);
    assert.equal(o.host, 'myhost.com', s);
    assert.equal(o.port, 443, s);
  }
  assert.equal(parseConnectionString('sc://myhost.com/').port, 15002);
});

void test('every Spark-defined key', () => {
  const o = parseConnectionString(
    'sc://h:1/;token=ABCDEFG;use_ssl=true;user_id=Martin;user_agent=my_app;session_id=550e8400-e29b-41d4-a716-446655440000;grpc_max_message_size=1048576',
  );
  assert.equal(o.token, 'ABCDEFG');
  assert.equal(o.useSsl, true);
  assert.equal(o.userId, 'Martin');
  assert.equal(o.userAgent, 'my_app');
  assert.equal(o.sessionId, '550e8400-e29b-41d4-a716-446655440000');
  assert.equal(o.grpcMaxMessageSize, 1048576);
  assert.deepEqual(o.headers, {});
});

void test('use_ssl accepts true/false in any case and rejects anything else, naming it', () => {
  assert.equal(parseConnectionString('sc://h/;use_ssl=TRUE').useSsl, true);
  assert.equal(parseConnectionString('sc://h/;use_ssl=false').useSsl, false);
  const e = parseError('sc://h/;use_ssl=yes');
  assert.match(e.message, /use_ssl/);
  assert.match(e.message, /yes/);
  assert.equal(e.part, 'use_ssl=yes');
});

void test('unknown keys become gRPC metadata (lower-cased), known ones do not', () => {
  const o = parseConnectionString('sc://h/;x-databricks-cluster-id=0123-abc;X-Custom=Value;token=t0k3n');
  assert.deepEqual(o.headers, { 'x-databricks-cluster-id': '0123-abc', 'x-custom': 'Value' });
  assert.equal(o.token, 't0k3n');
});

void test('keepalive keys are channel options, not headers', () => {
  const o = parseConnectionString('sc://h/;grpc_keepalive_time_ms=30000;grpc_keepalive_enabled=false;grpc_keepalive_timeout_ms=5000;grpc_keepalive_without_calls=true');
  assert.deepEqual(o.keepalive, { timeMs: 30000, enabled: false, timeoutMs: 5000, withoutCalls: true });
  assert.deepEqual(o.headers, {});
});

void test('IPv6 hosts in brackets, with and without port', () => {
  const a = parseConnectionString('sc://[::1]:15003/;use_ssl=false');
  assert.equal(a.host, '::1');
  assert.equal(a.port, 15003);
  const b = parseConnectionString('sc://[2001:db8::7]');
  assert.equal(b.host, '2001:db8::7');
  assert.equal(b.port, 15002);
  assert.equal(formatConnectionString(b), 'sc://[2001:db8::7]:15002');
});

void test('IPv6 without brackets is rejected with a suggestion', () => {
  const e = parseError('sc://::1:15002');
  assert.match(e.message, /brackets/);
  assert.match(e.message, /\[::1:15002\]/);
});

void test('IPv6 errors: missing bracket, garbage inside, junk after', () => {
  assert.match(parseError('sc://[::1').message, /closing '\]'/);
  assert.match(parseError('sc://[nothex]:1').message, /not a valid IPv6/);
  assert.match(parseError('sc://[::1]x').message, /Unexpected 'x'/);
});

void test('percent-encoded values and keys are decoded', () => {
  const o = parseConnectionString('sc://h/;user_id=J%C3%BCrgen%20M;token=a%3Bb%3Dc;x%2Dkey=v%2Fw');
  assert.equal(o.userId, 'Jürgen M');
  assert.equal(o.token, 'a;b=c');
  assert.deepEqual(o.headers, { 'x-key': 'v/w' });
});

void test('bad percent-encoding names the parameter', () => {
  const e = parseError('sc://h/;user_id=100%');
  assert.match(e.message, /percent-encoding/);
  assert.match(e.message, /user_id/);
});

void test('a base64 token with = padding is kept whole', () => {
  assert.equal(parseConnectionString('sc://h/;token=YWJjZA==;use_ssl=true').token, 'YWJjZA==');
});

void test('wrong scheme is rejected, naming it', () => {
  const e = parseError('http://localhost:15002');
  assert.match(e.message, /'http:\/\/'/);
  assert.equal(e.part, 'http:');
  assert.match(parseError('localhost:15002').message, /sc:\/\//);
  assert.match(parseError('').message, /sc:\/\//);
});

void test('scheme is case-insensitive as in any URI', () => {
  assert.equal(parseConnectionString('SC://h:1').port, 1);
});

void test('missing host', () => {
  assert.match(parseError('sc://').message, /Host is missing/);
  assert.match(parseError('sc://:15002').message, /Host is missing/);
  assert.match(parseError('sc:///;token=x').message, /Host is missing/);
});

void test('ports: non-numeric, empty, out of range', () => {
  assert.equal(parseError('sc://h:abc').part, 'abc');
  assert.match(parseError('sc://h:').message, /Port '' is not a number/);
  assert.match(parseError('sc://h:0').message, /out of range/);
  assert.match(parseError('sc://h:65536').message, /out of range/);
  assert.equal(parseConnectionString('sc://h:65535').port, 65535);
  assert.match(parseError('sc://h:123456').message, /not a number/);
});

void test('a non-empty path is rejected (Spark requires an empty path)', () => {
  const e = parseError('sc://myhost.com:443/mypathprefix/;token=AAAAAAA');
  assert.match(e.message, /path component '\/mypathprefix\/' must be empty/);
  assert.doesNotMatch(e.message, /AAAAAAA/);
});

void test('parameters glued to the host get a fix-it message', () => {
  const e = parseError('sc://h:15002;use_ssl=true');
  assert.match(e.message, /must follow a '\/'/);
  assert.match(e.message, /sc:\/\/h:15002\/;use_ssl=true/);
});

void test('query and fragment parts are rejected', () => {
  assert.match(parseError('sc://h:1/?token=a').message, /no query part/);
  assert.match(parseError('sc://h:1/#frag').message, /no fragment part/);
});

void test('user info is rejected', () => {
  const e = parseError('sc://alice@h:1');
  assert.match(e.message, /User information/);
  assert.match(e.message, /user_id/);
});

void test('malformed parameters name the bad part and never show a token', () => {
  assert.match(parseError('sc://h/;a=1;novalue').message, /Parameter 2 after the '\/' has no '='/);
  assert.match(parseError('sc://h/;=x').message, /has no name/);
  const e = parseError('sc://h/;tokenXsecretvalue');
  assert.doesNotMatch(e.message, /secretvalue/);
});

void test('empty token is an error', () => {
  assert.match(parseError('sc://h/;token=').message, /'token' is empty/);
});

void test('session_id must be a UUID', () => {
  const e = parseError('sc://h/;session_id=abc');
  assert.match(e.message, /UUID/);
  assert.equal(e.part, 'session_id=abc');
  assert.equal(parseConnectionString('sc://h/;session_id=550E8400-E29B-41D4-A716-446655440000').sessionId, '550E8400-E29B-41D4-A716-446655440000');
});

void test('grpc_max_message_size must be a positive 32-bit integer', () => {
  assert.match(parseError('sc://h/;grpc_max_message_size=-1').message, /positive integer/);
  assert.match(parseError('sc://h/;grpc_max_message_size=1.5').message, /positive integer/);
  assert.match(parseError('sc://h/;grpc_max_message_size=0').message, /out of range/);
  assert.match(parseError('sc://h/;grpc_max_message_size=4294967296').message, /out of range/);
});

void test('user_agent longer than 2048 characters after escaping is rejected', () => {
  const ok = 'a'.repeat(2048);
  assert.equal(parseConnectionString(`sc://h/;user_agent=${ok}`).userAgent, ok);
  // 700 spaces escape to 2100 characters.
  assert.match(parseError(`sc://h/;user_agent=${'%20'.repeat(700)}`).message, /2048/);
});

void test('header names must be valid gRPC metadata keys and not reserved', () => {
  assert.match(parseError('sc://h/;bad%20key=v').message, /cannot be sent as a gRPC header/);
  assert.match(parseError('sc://h/;grpc-timeout=1').message, /reserved/);
  assert.match(parseError('sc://h/;x-bin=1').message, /reserved/);
  assert.match(parseError('sc://h/;x-a=1%0A2').message, /line break/);
});

void test('later duplicates win, as in Spark', () => {
  assert.equal(parseConnectionString('sc://h/;user_id=a;user_id=b').userId, 'b');
});

void test('host characters are checked', () => {
  assert.match(parseError('sc://h%20x:1').message, /not allowed in a host name/);
  assert.equal(parseConnectionString('sc://my_host-1.example.com').host, 'my_host-1.example.com');
});

void test('surrounding whitespace is ignored', () => {
  assert.equal(parseConnectionString('  sc://h:1  ').port, 1);
});

void test('format redacts the token and secret-looking headers by default', () => {
  const o = parseConnectionString('sc://h:443/;token=s3cr3t;use_ssl=true;x-api-secret=zzz;x-cluster=c1');
  const shown = formatConnectionString(o);
  assert.equal(shown, 'sc://h:443/;token=***;use_ssl=true;x-api-secret=***;x-cluster=c1');
  assert.doesNotMatch(shown, /s3cr3t|zzz/);
});

void test('format with revealToken round-trips through parse', () => {
  const inputs = [
    'sc://h:443/;token=a%3Bb%3Dc%25;use_ssl=true;user_id=J%C3%BCrgen;user_agent=my%20app;session_id=550e8400-e29b-41d4-a716-446655440000;grpc_max_message_size=1024;x-a=b%2Fc',
    'sc://[fe80::1%25eth0]:15002/;x-cluster=1',
    'sc://localhost',
    'sc://h/;grpc_keepalive_time_ms=1000;grpc_keepalive_enabled=true',
  ];
  for (const s of inputs) {
    const o = parseConnectionString(s);
    const back = parseConnectionString(formatConnectionString(o, { revealToken: true }));
    assert.deepEqual(back, o, s);
  }
});

void test('format of hand-built options', () => {
  const o: ConnectionOptions = { host: 'spark.example.com', port: 15002, useSsl: false, headers: {}, userId: 'a b' };
  assert.equal(formatConnectionString(o), 'sc://spark.example.com:15002/;user_id=a%20b');
});

void test('a malformed percent escape in a credential never echoes its value (token, headers in any case)', () => {
  for (const key of ['token', 'Token', 'authorization', 'X-Api-Key', 'cookie', 'x-session-secret']) {
    const e = parseError(`sc://h/;${key}=s3cr3tV4lue%zz`);
    assert.match(e.message, /percent-encoding/);
    assert.ok(e.message.includes(`'${key}'`), e.message);
    assert.doesNotMatch(`${e.message} ${e.part}`, /s3cr3tV4lue|%zz/, key);
  }
  // A non-credential value is still quoted, which helps finding the bad escape.
  assert.match(parseError('sc://h/;user_id=100%').message, /'100%'/);
});

void test('other parse errors do not echo a credential either', () => {
  const bare = parseError('sc://h/;dGhpcyBpcyBhIHRva2Vu+/x');
  assert.doesNotMatch(`${bare.message} ${bare.part}`, /dGhpcyBp/);
  const nameless = parseError('sc://h/;=s3cr3tV4lue');
  assert.doesNotMatch(`${nameless.message} ${nameless.part}`, /s3cr3tV4lue/);
  const userInfo = parseError('sc://alice:s3cr3tV4lue@h:1');
  assert.doesNotMatch(`${userInfo.message} ${userInfo.part}`, /s3cr3tV4lue/);
});
