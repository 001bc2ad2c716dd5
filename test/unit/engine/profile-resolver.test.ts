// The sparkConnect.streamTransport setting: declared in package.json with the client's choices and
// default (grpc-js), described with what the direct reader trades, and passed by the profile resolver to
// every connection it resolves (read at each connect, so a change applies to the next connection).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_STREAM_TRANSPORT, STREAM_TRANSPORTS, type StreamTransportChoice } from '../../../src/connect/stream-transport';
import { profileResolver } from '../../../src/engine/profile-resolver';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/profiles/memory-stores';
import { newProfile } from '../../../src/profiles/profile';
import { ProfileRepository } from '../../../src/profiles/profile-repository';
import { projectRoot } from '../../support/servers';

interface Setting { type: string; default: string; enum: string[]; enumDescriptions: string[]; markdownDescription: string }

void test('package.json declares sparkConnect.streamTransport with the client\'s choices, grpc-js by default, and says what direct trades', () => {
  const root = projectRoot();
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Setting> } } };
  const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const setting = pkg.contributes.configuration.properties['sparkConnect.streamTransport'];
  assert.ok(setting, 'the setting exists');
  assert.deepEqual([...setting.enum].sort(), [...STREAM_TRANSPORTS].sort());
  assert.equal(setting.default, DEFAULT_STREAM_TRANSPORT);
  assert.equal(DEFAULT_STREAM_TRANSPORT, 'grpc-js');
  const direct = nls[setting.enumDescriptions[setting.enum.indexOf('direct')]!.replace(/%/g, '')] ?? '';
  assert.match(direct, /less CPU/);
  assert.match(direct, /second TCP connection/);
  assert.match(direct, /load balancer/);
});

void test('the profile resolver passes the setting\'s current value to each connection', async () => {
  const repo = new ProfileRepository(new MemorySettingsStore(), new MemorySecretStore(), () => []);
  await repo.save(newProfile('local', 'localhost', 15002), { headers: {} });
  let choice: StreamTransportChoice = 'grpc-js';
  const resolve = profileResolver(repo, undefined, () => choice);
  assert.equal((await resolve('local'))?.streamTransport, 'grpc-js');
  choice = 'direct';
  assert.equal((await resolve('local'))?.streamTransport, 'direct');
  assert.equal((await profileResolver(repo)('local'))?.streamTransport, undefined, 'without the setting: the client\'s default');
});
