import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newProfile } from '../../../src/profiles/profile';
import { parseStoredProfile, toStoredProfile } from '../../../src/profiles/stored-profile';

test('a full profile survives a round trip through settings JSON', () => {
  const p = {
    ...newProfile('prod', 'spark.example.com', 443),
    tls: true,
    caBundlePath: '/etc/ca.pem',
    clientCertPath: '/c.pem',
    clientKeyPath: '/k.pem',
    serverNameOverride: 'spark.internal',
    userId: 'alice',
    userAgent: 'my-agent',
    headers: { 'x-cluster': 'c1' },
    sessionMode: 'reuse' as const,
    sessionId: '550e8400-e29b-41d4-a716-446655440000',
    requestTimeoutMs: 30000,
    connectTimeoutMs: 5000,
    maxMessageSize: 268435456,
    retry: { maxRetries: 3, initialBackoffMs: 100, maxBackoffMs: 2000 },
    sparkUiUrl: 'http://driver:4040',
    allowTokenOverPlaintext: true,
  };
  const json = JSON.parse(JSON.stringify(toStoredProfile(p)));
  assert.deepEqual(parseStoredProfile(json), { profile: p, problems: [] });
});

test('unset fields are left out of settings', () => {
  assert.deepEqual(toStoredProfile(newProfile('local')), { name: 'local', host: 'localhost', port: 15002, tls: false });
});

test('a hand-written minimal entry gets defaults', () => {
  const r = parseStoredProfile({ name: 'min' });
  assert.deepEqual(r.profile, newProfile('min'));
  assert.deepEqual(r.problems, []);
});

test('wrong types are reported and skipped, the rest still loads', () => {
  const r = parseStoredProfile({ name: 'x', host: 5, port: 'abc', tls: 'yes', headers: { a: 1, b: 'ok' }, sessionMode: 'sometimes', retry: 3 });
  assert.ok(r.profile);
  assert.equal(r.profile.host, 'localhost');
  assert.equal(r.profile.port, 15002);
  assert.equal(r.profile.tls, false);
  assert.deepEqual(r.profile.headers, { b: 'ok' });
  assert.equal(r.profile.sessionMode, 'new');
  assert.equal(r.problems.length, 6);
});

test('numbers written as strings are accepted', () => {
  assert.equal(parseStoredProfile({ name: 'x', port: '15010' }).profile?.port, 15010);
});

test('entries without a name or that are not objects are dropped with a problem', () => {
  assert.equal(parseStoredProfile({ host: 'h' }).profile, undefined);
  assert.equal(parseStoredProfile('sc://h').profile, undefined);
  assert.equal(parseStoredProfile(null).problems.length, 1);
});

test('a token written into settings by hand is never used', () => {
  const r = parseStoredProfile({ name: 'x', token: 'hunter2-secret' });
  assert.ok(r.profile);
  assert.equal(JSON.stringify(r.profile).includes('hunter2-secret'), false);
  assert.match(r.problems[0], /secret store/);
  assert.equal(r.problems[0].includes('hunter2-secret'), false);
});
