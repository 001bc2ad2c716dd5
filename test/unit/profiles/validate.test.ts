import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newProfile } from '../../../src/profiles/profile';
import { hasErrors, validateProfile } from '../../../src/profiles/validate';

const fields = (issues: { field: string; severity: string }[], severity = 'error') =>
  issues.filter((i) => i.severity === severity).map((i) => i.field).sort();

test('a default profile is valid', () => {
  assert.deepEqual(validateProfile(newProfile('local')), []);
});

test('name, host and port problems are reported on their fields', () => {
  const p = newProfile(' bad ', 'sc://host:15002', 70000);
  assert.deepEqual(fields(validateProfile(p)), ['host', 'name', 'port']);
  const hostIssue = validateProfile(p).find((i) => i.field === 'host');
  assert.match(hostIssue!.message, /not a URL/);
});

test('hosts: names, IPv4 and IPv6 are accepted; brackets, spaces and paths are not', () => {
  for (const ok of ['spark.example.com', '10.0.0.1', '::1', 'fe80::1%eth0', 'my_host']) {
    assert.equal(hasErrors(validateProfile(newProfile('x', ok))), false, ok);
  }
  for (const bad of ['[::1]', 'a b', 'host/path', '', 'h@st']) {
    assert.equal(hasErrors(validateProfile(newProfile('x', bad))), true, bad);
  }
});

test('mutual TLS needs both certificate and key', () => {
  const p = { ...newProfile('x'), tls: true, clientCertPath: '/c.pem' };
  assert.deepEqual(fields(validateProfile(p)), ['clientKeyPath']);
  assert.equal(hasErrors(validateProfile({ ...p, clientKeyPath: '/k.pem' })), false);
});

test('TLS files with TLS off give a warning that TLS will be used', () => {
  const issues = validateProfile({ ...newProfile('x'), caBundlePath: '/ca.pem' });
  assert.deepEqual(fields(issues, 'warning'), ['tls']);
  assert.equal(hasErrors(issues), false);
});

test('credential headers are rejected in settings, bad header names always', () => {
  const p = { ...newProfile('x'), headers: { authorization: 'Bearer abc', 'x-cluster': 'c1' } };
  assert.deepEqual(fields(validateProfile(p)), ['headers']);
  assert.equal(hasErrors(validateProfile({ ...newProfile('x'), headers: { 'grpc-timeout': '1' } })), true);
  assert.equal(hasErrors(validateProfile({ ...newProfile('x'), headers: { 'bad key': '1' } })), true);
  assert.equal(hasErrors(validateProfile({ ...newProfile('x'), headers: { ok: 'line\nbreak' } })), true);
});

test('reusing a session needs a UUID', () => {
  const p = { ...newProfile('x'), sessionMode: 'reuse' as const };
  assert.deepEqual(fields(validateProfile(p)), ['sessionId']);
  assert.deepEqual(fields(validateProfile({ ...p, sessionId: 'nope' })), ['sessionId']);
  assert.equal(hasErrors(validateProfile({ ...p, sessionId: '550e8400-e29b-41d4-a716-446655440000' })), false);
});

test('timeouts, message size, retries and Spark UI URL are range-checked', () => {
  const p = {
    ...newProfile('x'),
    requestTimeoutMs: 0,
    connectTimeoutMs: 1.5,
    maxMessageSize: 10,
    retry: { maxRetries: -1, initialBackoffMs: 500, maxBackoffMs: 100 },
    sparkUiUrl: 'ftp://x',
  };
  assert.deepEqual(fields(validateProfile(p)), ['connectTimeoutMs', 'maxMessageSize', 'requestTimeoutMs', 'retry.maxBackoffMs', 'retry.maxRetries', 'sparkUiUrl']);
});

test('token over plaintext: localhost is fine, other hosts warn that TLS is implied', () => {
  const secrets = { token: 'abc', headers: {} };
  assert.deepEqual(validateProfile(newProfile('x', 'localhost'), secrets), []);
  const remote = validateProfile(newProfile('x', 'spark.example.com'), secrets);
  assert.deepEqual(fields(remote, 'warning'), ['tls']);
  assert.match(remote[0].message, /implies TLS/);
  assert.deepEqual(validateProfile({ ...newProfile('x', 'spark.example.com'), tls: true }, secrets), []);
});

test('allowing the token over plaintext always warns', () => {
  const issues = validateProfile({ ...newProfile('x', '10.0.0.5'), allowTokenOverPlaintext: true }, { token: 't', headers: {} });
  assert.deepEqual(fields(issues, 'warning'), ['allowTokenOverPlaintext']);
  assert.match(issues[0].message, /unencrypted/);
});

test('a long user agent is rejected', () => {
  assert.deepEqual(fields(validateProfile({ ...newProfile('x'), userAgent: 'é'.repeat(400) })), ['userAgent']);
});

test('credential headers without TLS to a remote host warn that connecting will be refused', () => {
  const secrets = { headers: { 'x-api-key': 'key-123456' } };
  const issues = validateProfile(newProfile('x', '10.0.0.5'), secrets);
  assert.deepEqual(fields(issues, 'warning'), ['headers']);
  assert.match(issues[0].message, /'x-api-key'.*refused/);
  assert.doesNotMatch(issues[0].message, /key-123456/);
  for (const ok of [{ ...newProfile('x', '10.0.0.5'), tls: true }, newProfile('x', 'localhost'), { ...newProfile('x', '10.0.0.5'), allowTokenOverPlaintext: true }]) {
    assert.deepEqual(fields(validateProfile(ok, secrets), 'warning').filter((f) => f === 'headers'), []);
  }
});
