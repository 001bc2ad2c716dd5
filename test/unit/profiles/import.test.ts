import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionStringError } from '../../../src/connect/connection-string';
import { profileFromConnectionString, profileFromEnvironment } from '../../../src/profiles/import';
import { displayConnectionString, toClientOptions } from '../../../src/profiles/connection-options';
import { newProfile } from '../../../src/profiles/profile';
import { validateProfile } from '../../../src/profiles/validate';

test('a plain local URL becomes a plaintext profile named after the host', () => {
  const r = profileFromConnectionString('sc://localhost:15002');
  assert.deepEqual(r.profile, newProfile('localhost', 'localhost', 15002));
  assert.deepEqual(r.secrets, { headers: {} });
  assert.deepEqual(r.notes, []);
});

test('every parameter lands in its field; the token and credential headers in the secrets', () => {
  const r = profileFromConnectionString(
    'sc://spark.example.com:443/;use_ssl=true;token=abc123;user_id=alice;user_agent=tool;session_id=550e8400-e29b-41d4-a716-446655440000;grpc_max_message_size=1048576;x-cluster=c1;authorization=Bearer%20zzz',
    'prod',
  );
  assert.equal(r.profile.name, 'prod');
  assert.equal(r.profile.tls, true);
  assert.equal(r.profile.userId, 'alice');
  assert.equal(r.profile.userAgent, 'tool');
  assert.equal(r.profile.sessionMode, 'reuse');
  assert.equal(r.profile.sessionId, '550e8400-e29b-41d4-a716-446655440000');
  assert.equal(r.profile.maxMessageSize, 1048576);
  assert.deepEqual(r.profile.headers, { 'x-cluster': 'c1' });
  assert.deepEqual(r.secrets, { token: 'abc123', headers: { authorization: 'Bearer zzz' } });
  assert.match(r.notes[0], /authorization/);
  assert.equal(JSON.stringify(r.profile).includes('abc123'), false);
  assert.deepEqual(validateProfile(r.profile, r.secrets), []);
});

test('a token implies TLS except to localhost, as in PySpark', () => {
  assert.equal(profileFromConnectionString('sc://remote.example.com/;token=abcd').profile.tls, true);
  assert.equal(profileFromConnectionString('sc://localhost/;token=abcd').profile.tls, false);
  assert.equal(profileFromConnectionString('sc://localhost/;token=abcd;use_ssl=true').profile.tls, true);
});

test('names are made unique; loopback addresses are called localhost', () => {
  assert.equal(profileFromConnectionString('sc://127.0.0.1:15002', undefined, ['localhost']).profile.name, 'localhost (2)');
});

test('keepalive parameters are noted as not kept', () => {
  assert.match(profileFromConnectionString('sc://h/;grpc_keepalive_time_ms=1000').notes[0], /keepalive/);
});

test('malformed URLs throw the parser error, without the token', () => {
  assert.throws(() => profileFromConnectionString('http://h:1/;token=secret99'), ConnectionStringError);
  try {
    profileFromConnectionString('sc://h/;token');
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof ConnectionStringError);
    assert.equal(err.message.includes('secret99'), false);
  }
});

test('SPARK_REMOTE: absent, local, invalid and a real URL with the PySpark token fallback', () => {
  assert.deepEqual(profileFromEnvironment({}), { kind: 'none' });
  assert.equal(profileFromEnvironment({ SPARK_REMOTE: 'local[4]' }).kind, 'local');
  const bad = profileFromEnvironment({ SPARK_REMOTE: 'sc://h:99999' });
  assert.equal(bad.kind, 'invalid');
  const ok = profileFromEnvironment({ SPARK_REMOTE: 'sc://localhost:15002', SPARK_CONNECT_AUTHENTICATE_TOKEN: 'envtok' });
  assert.equal(ok.kind, 'profile');
  if (ok.kind === 'profile') {
    assert.equal(ok.imported.profile.name, 'SPARK_REMOTE');
    assert.equal(ok.imported.secrets.token, 'envtok');
  }
  const own = profileFromEnvironment({ SPARK_REMOTE: 'sc://localhost/;token=urltok', SPARK_CONNECT_AUTHENTICATE_TOKEN: 'envtok' });
  assert.equal(own.kind === 'profile' && own.imported.secrets.token, 'urltok');
});

test('client options carry every field; retries become a retry policy', () => {
  const p = {
    ...newProfile('x', 'h', 443),
    tls: true,
    caBundlePath: '/ca',
    clientCertPath: '/c',
    clientKeyPath: '/k',
    serverNameOverride: 'sn',
    userId: 'u',
    userAgent: 'ua',
    headers: { a: '1' },
    sessionMode: 'reuse' as const,
    sessionId: '550e8400-e29b-41d4-a716-446655440000',
    requestTimeoutMs: 10,
    connectTimeoutMs: 20,
    maxMessageSize: 4096,
    retry: { maxRetries: 2, maxBackoffMs: 300 },
  };
  const o = toClientOptions(p, { token: 't0k3n', headers: { authorization: 'x' } });
  assert.equal(o.useSsl, true);
  assert.equal(o.token, 't0k3n');
  assert.deepEqual(o.headers, { a: '1', authorization: 'x' });
  assert.equal(o.caCertPath, '/ca');
  assert.equal(o.clientCertPath, '/c');
  assert.equal(o.clientKeyPath, '/k');
  assert.equal(o.serverNameOverride, 'sn');
  assert.equal(o.sessionId, p.sessionId);
  assert.equal(o.grpcMaxMessageSize, 4096);
  assert.equal(o.requestTimeoutMs, 10);
  assert.equal(o.connectTimeoutMs, 20);
  // Only what the profile sets: the client fills in the rest from its own defaults.
  assert.deepEqual(o.retryPolicy, { maxAttempts: 3, maxBackoffMs: 300 });
  assert.equal(toClientOptions(newProfile('y'), { headers: {} }).retryPolicy, undefined);
  assert.equal(toClientOptions({ ...p, sessionMode: 'new' }, { headers: {} }).sessionId, undefined);
});

test('the display string redacts the token', () => {
  const s = displayConnectionString(newProfile('x', 'h'), { token: 'sekrit-token', headers: {} });
  assert.equal(s.includes('sekrit-token'), false);
  assert.match(s, /^sc:\/\/h:15002\/;token=/);
});

test('an invalid SPARK_REMOTE is reported without any token or credential header value in it', () => {
  const secret = 's3cr3tV4lue9';
  const remotes = [
    `sc://h/;token=${secret}%zz`,
    `sc://h/;Token=${secret}%zz`,
    `sc://h/;x-api-key=${secret}%G1`,
    `sc://h/;authorization=Bearer%20${secret}%`,
    `sc://h/;=${secret}`,
    `sc://h/;${secret}`,
    `sc://user:${secret}@h`,
    `sc://h/;token=${secret};use_ssl=maybe`,
    `local[${secret}]`,
  ];
  for (const remote of remotes) {
    const r = profileFromEnvironment({ SPARK_REMOTE: remote });
    assert.ok(r.kind === 'invalid' || r.kind === 'local', remote);
    assert.doesNotMatch(r.message, new RegExp(secret), remote);
  }
  // Neither the PySpark token variable's value, whatever the URL's error says.
  const env = profileFromEnvironment({ SPARK_REMOTE: `sc://h/;user_id=${secret}%zz`, SPARK_CONNECT_AUTHENTICATE_TOKEN: secret });
  assert.equal(env.kind, 'invalid');
  assert.doesNotMatch(env.kind === 'invalid' ? env.message : '', new RegExp(secret));
});
