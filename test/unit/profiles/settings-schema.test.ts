// package.json's schema for sparkConnect.profiles (what the Settings editor validates) against the
// profile model: the same fields, and numeric bounds that agree with validateProfile, so a value the
// Settings editor accepts is one the extension accepts and the other way round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newProfile, type ConnectionProfile } from '../../../src/profiles/profile';
import { PROFILE_FIELDS } from '../../../src/profiles/profile-fields';
import { toStoredProfile } from '../../../src/profiles/stored-profile';
import { validateProfile } from '../../../src/profiles/validate';
import { projectRoot } from '../../support/servers';

interface JsonSchema {
  type?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  description?: string;
  markdownDescription?: string;
}

const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, JsonSchema> } };
};
const item = pkg.contributes.configuration.properties['sparkConnect.profiles'].items as JsonSchema;
const props = item.properties ?? {};

function full(): ConnectionProfile {
  return {
    ...newProfile('prod', 'spark.example.com', 443),
    tls: true, caBundlePath: '/ca.pem', clientCertPath: '/c.pem', clientKeyPath: '/k.pem', serverNameOverride: 'spark.internal',
    userId: 'alice', userAgent: 'agent', headers: { 'x-a': 'b' }, sessionMode: 'reuse', sessionId: '550e8400-e29b-41d4-a716-446655440000',
    requestTimeoutMs: 1000, connectTimeoutMs: 1000, maxMessageSize: 4096, retry: { maxRetries: 1, initialBackoffMs: 10, maxBackoffMs: 20 },
    sparkUiUrl: 'http://driver:4040', allowTokenOverPlaintext: true,
  };
}

test('the settings schema has exactly the fields a stored profile has, each described', () => {
  const stored = toStoredProfile(full()) as unknown as Record<string, unknown>;
  assert.deepEqual(Object.keys(props).sort(), Object.keys(stored).sort());
  assert.deepEqual(Object.keys(props.retry.properties ?? {}).sort(), Object.keys(stored.retry as object).sort());
  for (const [k, s] of Object.entries(props)) assert.ok(s.description ?? s.markdownDescription, `${k} has no description`);
});

test('every setting is editable in the connection editor', () => {
  const editable = new Set(PROFILE_FIELDS.map((f) => f.key));
  for (const key of Object.keys(props)) {
    if (key === 'retry') {
      for (const sub of Object.keys(props.retry.properties ?? {})) assert.ok(editable.has(`retry.${sub}`), `retry.${sub}`);
    } else if (key === 'sessionMode' || key === 'sessionId') {
      assert.ok(editable.has('session'));
    } else {
      assert.ok(editable.has(key), `${key} is not in the editor`);
    }
  }
});

test('numeric bounds in the schema are the bounds validateProfile enforces', () => {
  const numeric: Array<[string, (p: ConnectionProfile, v: number) => void, JsonSchema]> = [
    ['port', (p, v) => { p.port = v; }, props.port],
    ['requestTimeoutMs', (p, v) => { p.requestTimeoutMs = v; }, props.requestTimeoutMs],
    ['connectTimeoutMs', (p, v) => { p.connectTimeoutMs = v; }, props.connectTimeoutMs],
    ['maxMessageSize', (p, v) => { p.maxMessageSize = v; }, props.maxMessageSize],
    ['retry.maxRetries', (p, v) => { p.retry.maxRetries = v; }, props.retry.properties?.maxRetries ?? {}],
  ];
  for (const [field, set, schema] of numeric) {
    assert.equal(schema.type, 'integer', field);
    assert.ok(schema.minimum !== undefined && schema.maximum !== undefined, `${field} has bounds`);
    const errorsAt = (v: number) => {
      const p = full();
      set(p, v);
      return validateProfile(p).filter((i) => i.severity === 'error' && i.field === field).length;
    };
    assert.equal(errorsAt(schema.minimum), 0, `${field} = minimum`);
    assert.equal(errorsAt(schema.maximum), 0, `${field} = maximum`);
    assert.equal(errorsAt(schema.minimum - 1), 1, `${field} below minimum`);
    assert.equal(errorsAt(schema.maximum + 1), 1, `${field} above maximum`);
  }
});

test('patterns in the schema agree with validation on names, hosts, session ids and UI URLs', () => {
  const cases: Array<[string, JsonSchema, (p: ConnectionProfile, v: string) => void, string[], string[]]> = [
    ['name', props.name, (p, v) => { p.name = v; }, ['prod', 'dev (2)', 'a.b@c', '_x'], ['-x', ' x', 'a/b']],
    ['host', props.host, (p, v) => { p.host = v; }, ['spark.example.com', '10.0.0.1', '::1'], ['a b', 'h/p', '[::1]']],
    ['sessionId', props.sessionId, (p, v) => { p.sessionId = v; }, ['550e8400-e29b-41d4-a716-446655440000'], ['abc', '550e8400e29b41d4a716446655440000']],
    ['sparkUiUrl', props.sparkUiUrl, (p, v) => { p.sparkUiUrl = v; }, ['http://driver:4040', 'https://x/ui'], ['ftp://x', 'driver:4040']],
  ];
  for (const [field, schema, set, good, bad] of cases) {
    assert.ok(schema.pattern, `${field} has a pattern`);
    const re = new RegExp(schema.pattern, 'u');
    const valid = (v: string) => {
      const p = full();
      set(p, v);
      return validateProfile(p).filter((i) => i.severity === 'error' && i.field === field).length === 0;
    };
    for (const v of good) assert.ok(re.test(v) && valid(v), `${field}: '${v}' should be accepted by both`);
    for (const v of bad) assert.ok(!re.test(v) && !valid(v), `${field}: '${v}' should be refused by both`);
  }
});
