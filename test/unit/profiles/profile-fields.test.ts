import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOT_SET, PROFILE_FIELDS, ProfileDraft, fieldByKey, formatHeaders, parseHeaders } from '../../../src/profiles/profile-fields';
import { emptySecrets, newProfile } from '../../../src/profiles/profile';
import { validateProfile } from '../../../src/profiles/validate';

const draft = (): ProfileDraft => ({ profile: newProfile('local'), secrets: emptySecrets() });
const field = (key: string) => {
  const f = fieldByKey(key);
  assert.ok(f, key);
  return f;
};

test('every profile field the model has is editable', () => {
  const keys = PROFILE_FIELDS.map((f) => f.key);
  for (const k of ['name', 'host', 'port', 'token', 'tls', 'caBundlePath', 'clientCertPath', 'clientKeyPath', 'serverNameOverride',
    'allowTokenOverPlaintext', 'userId', 'session', 'userAgent', 'headers', 'requestTimeoutMs', 'connectTimeoutMs', 'maxMessageSize',
    'retry.maxRetries', 'retry.initialBackoffMs', 'retry.maxBackoffMs', 'sparkUiUrl']) {
    assert.ok(keys.includes(k), k);
  }
  assert.equal(new Set(keys).size, keys.length);
});

test('text input is checked before it changes anything', () => {
  const d = draft();
  assert.match(field('host').apply(d, 'sc://x:1') ?? '', /not a URL/);
  assert.equal(d.profile.host, 'localhost');
  assert.equal(field('host').apply(d, ' spark.example.com '), undefined);
  assert.equal(d.profile.host, 'spark.example.com');
  assert.ok(field('port').apply(d, '0'));
  assert.ok(field('port').apply(d, 'abc'));
  assert.equal(field('port').apply(d, '443'), undefined);
  assert.equal(d.profile.port, 443);
  assert.ok(field('name').apply(d, ''));
});

test('optional values are cleared with empty input', () => {
  const d = draft();
  field('caBundlePath').apply(d, '/ca.pem');
  assert.equal(field('caBundlePath').display(d), '/ca.pem');
  field('caBundlePath').apply(d, '  ');
  assert.equal(d.profile.caBundlePath, undefined);
  assert.equal(field('caBundlePath').display(d), NOT_SET);
  field('requestTimeoutMs').apply(d, '30_000');
  assert.equal(d.profile.requestTimeoutMs, 30000);
  assert.ok(field('requestTimeoutMs').apply(d, '-5'));
  field('requestTimeoutMs').apply(d, '');
  assert.equal(d.profile.requestTimeoutMs, undefined);
});

test('toggles flip', () => {
  const d = draft();
  field('tls').apply(d, '');
  assert.equal(d.profile.tls, true);
  field('tls').apply(d, '');
  assert.equal(d.profile.tls, false);
});

test('the token is never displayed or prefilled', () => {
  const d = draft();
  field('token').apply(d, ' s3cr3t-token ');
  assert.equal(d.secrets.token, 's3cr3t-token');
  for (const f of PROFILE_FIELDS) {
    assert.equal(f.display(d).includes('s3cr3t'), false, f.key);
    assert.equal(f.initial(d).includes('s3cr3t'), false, f.key);
  }
  field('token').apply(d, '');
  assert.equal(d.secrets.token, undefined);
});

test('session: empty means new, a UUID means reuse', () => {
  const d = draft();
  assert.ok(field('session').apply(d, 'not-a-uuid'));
  assert.equal(field('session').apply(d, '550E8400-E29B-41D4-A716-446655440000'), undefined);
  assert.equal(d.profile.sessionMode, 'reuse');
  assert.equal(d.profile.sessionId, '550e8400-e29b-41d4-a716-446655440000');
  field('session').apply(d, '');
  assert.equal(d.profile.sessionMode, 'new');
  assert.equal(d.profile.sessionId, undefined);
});

test('headers: credentials go to the secrets, are masked, and a masked value keeps the stored one', () => {
  const d = draft();
  assert.equal(field('headers').apply(d, 'X-Cluster=c1; Authorization=Bearer abc123'), undefined);
  assert.deepEqual(d.profile.headers, { 'x-cluster': 'c1' });
  assert.deepEqual(d.secrets.headers, { authorization: 'Bearer abc123' });
  const shown = formatHeaders(d);
  assert.equal(shown, 'x-cluster=c1; authorization=\u2022\u2022\u2022');
  // Editing the list without retyping the secret keeps it.
  assert.equal(field('headers').apply(d, `${shown}; x-extra=1`), undefined);
  assert.deepEqual(d.secrets.headers, { authorization: 'Bearer abc123' });
  assert.deepEqual(d.profile.headers, { 'x-cluster': 'c1', 'x-extra': '1' });
  assert.deepEqual(validateProfile(d.profile, d.secrets), []);
});

test('headers: bad input is refused', () => {
  assert.ok('error' in parseHeaders('novalue'));
  assert.ok('error' in parseHeaders('grpc-timeout=1'));
  assert.deepEqual(parseHeaders(' ; a=1 ;'), { headers: { a: '1' } });
  const d = draft();
  assert.match(field('headers').apply(d, 'x-api-key=\u2022\u2022\u2022') ?? '', /Enter a value/);
});
