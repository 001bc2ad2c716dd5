import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/profiles/memory-stores';
import { newProfile } from '../../../src/profiles/profile';
import { ProfileRepository, ProfileValidationError, secretBinding } from '../../../src/profiles/profile-repository';
import { profileFromConnectionString } from '../../../src/profiles/import';
import { LEGACY_KEY_PREFIX, SecretSlots, bindingHash, indexKey } from '../../../src/profiles/secret-slots';

const userIndex = (name: string) => indexKey({ scope: 'user', workspace: '', name });

function setup(transient: ConstructorParameters<typeof ProfileRepository>[2] = undefined) {
  const settings = new MemorySettingsStore();
  const secrets = new MemorySecretStore();
  return { settings, secrets, repo: new ProfileRepository(settings, secrets, transient) };
}

const TOKEN = 'tok-9f8e7d6c5b4a';
const HEADER_SECRET = 'Bearer hdr-1234567890';

test('the token and credential headers never reach the settings store', async () => {
  const { settings, secrets, repo } = setup();
  const p = { ...newProfile('prod', 'spark.example.com'), tls: true, headers: { authorization: HEADER_SECRET, 'x-cluster': 'c1' } };
  await repo.save(p, { token: TOKEN, headers: {} });
  // Every later operation too: rename, duplicate, keep-secrets edit, scope move, delete.
  await repo.save({ ...p, name: 'prod2' }, 'keep', { previousName: 'prod' });
  const copy = await repo.duplicate('prod2');
  await repo.save({ ...repo.get(copy)!.profile, port: 444 }, 'keep', { scope: 'workspace' });
  await repo.delete('prod2');
  // And a pasted connection string with a token and a credential header.
  const imported = profileFromConnectionString(`sc://h.example.com:443/;token=${TOKEN};x-api-key=key-abcdef123`);
  await repo.save(imported.profile, imported.secrets);

  const everything = settings.writes.join('\n');
  assert.ok(settings.writes.length >= 5);
  for (const secret of [TOKEN, HEADER_SECRET, 'hdr-1234567890', 'key-abcdef123']) {
    assert.equal(everything.includes(secret), false, `${secret} leaked into settings`);
  }
  // The secrets are where they belong.
  assert.equal((await repo.getSecrets(copy)).token, TOKEN);
  assert.equal((await repo.getSecrets(copy)).headers.authorization, HEADER_SECRET);
  assert.equal((await repo.getSecrets('h.example.com')).headers['x-api-key'], 'key-abcdef123');
  assert.ok([...secrets.values.values()].some((v) => v.includes(TOKEN)));
});

test('list merges scopes: workspace first and winning over user', async () => {
  const { settings, repo } = setup();
  settings.setRaw('user', [{ name: 'a', host: 'user-a' }, { name: 'b' }]);
  settings.setRaw('workspace', [{ name: 'a', host: 'ws-a' }]);
  const list = repo.list();
  assert.deepEqual(list.map((e) => [e.profile.name, e.source, e.profile.host]), [['a', 'workspace', 'ws-a'], ['b', 'user', 'localhost']]);
  settings.setWorkspaceOpen(false);
  assert.deepEqual(repo.list().map((e) => e.profile.host), ['user-a', 'localhost']);
});

test('a duplicated name in one scope is reported and the first one used', () => {
  const { settings, repo } = setup();
  settings.setRaw('user', [{ name: 'a', port: 1 }, { name: 'a', port: 2 }]);
  const list = repo.list();
  assert.equal(list.length, 1);
  assert.equal(list[0].profile.port, 1);
  assert.match(list[0].problems[0], /appears twice/);
});

test('save validates and refuses errors without writing anything', async () => {
  const { settings, secrets, repo } = setup();
  await assert.rejects(repo.save(newProfile('x', 'bad host'), { token: TOKEN, headers: {} }), ProfileValidationError);
  assert.equal(settings.writes.length, 0);
  assert.equal(secrets.values.size, 0);
});

test('names are unique across a rename', async () => {
  const { repo } = setup();
  await repo.save(newProfile('a'), { headers: {} });
  await repo.save(newProfile('b'), { headers: {} });
  await assert.rejects(repo.save(newProfile('b'), 'keep', { previousName: 'a' }), /already exists/);
});

test('rename moves the secrets and replaces the entry in place', async () => {
  const { settings, secrets, repo } = setup();
  await repo.save(newProfile('a'), { token: TOKEN, headers: {} });
  await repo.save(newProfile('z'), { headers: {} });
  await repo.save({ ...newProfile('b'), port: 1234 }, 'keep', { previousName: 'a' });
  assert.deepEqual((settings.read('user') as { name: string }[]).map((p) => p.name), ['b', 'z']);
  assert.equal(secrets.values.has(userIndex('a')), false);
  assert.equal((await repo.getSecrets('b')).token, TOKEN);
});

test('moving a profile to another scope removes it from the first', async () => {
  const { settings, repo } = setup();
  await repo.save(newProfile('a'), { headers: {} });
  await repo.save(newProfile('a'), 'keep', { scope: 'workspace' });
  assert.deepEqual(settings.read('user'), []);
  assert.equal(repo.get('a')?.source, 'workspace');
});

test('workspace scope without a folder is refused with a clear message', async () => {
  const { settings, repo } = setup();
  settings.setWorkspaceOpen(false);
  await assert.rejects(repo.save(newProfile('a'), { headers: {} }, { scope: 'workspace' }), /Open a folder/);
});

test('clearing the token deletes the secret entry', async () => {
  const { secrets, repo } = setup();
  await repo.save(newProfile('a'), { token: TOKEN, headers: {} });
  // The name's index (no secret in it) and the slot for this server.
  assert.equal(secrets.values.size, 2);
  assert.equal(secrets.values.get(userIndex('a'))?.includes(TOKEN), false);
  await repo.save(newProfile('a'), { headers: {} });
  assert.equal(secrets.values.size, 0);
});

test('entries the repository cannot read are kept when it writes', async () => {
  const { settings, repo } = setup();
  settings.setRaw('user', ['junk', { name: 'a' }]);
  await repo.save(newProfile('b'), { headers: {} });
  assert.deepEqual(settings.read('user'), ['junk', { name: 'a' }, { name: 'b', host: 'localhost', port: 15002, tls: false }]);
});

test('duplicate copies settings and secrets under a new name and starts a new session', async () => {
  const { repo } = setup();
  await repo.save({ ...newProfile('a'), sessionMode: 'reuse', sessionId: '550e8400-e29b-41d4-a716-446655440000' }, { token: TOKEN, headers: {} });
  const name = await repo.duplicate('a');
  assert.equal(name, 'a copy');
  assert.equal(await repo.duplicate('a'), 'a copy (2)');
  const copy = repo.get(name)!.profile;
  assert.equal(copy.sessionMode, 'new');
  assert.equal(copy.sessionId, undefined);
  assert.equal((await repo.getSecrets(name)).token, TOKEN);
});

test('transient profiles are listed, never stored, and yield their in-memory secrets', async () => {
  const { settings, repo } = setup(() => [{ profile: newProfile('SPARK_REMOTE', 'envhost'), secrets: { token: TOKEN, headers: {} } }]);
  assert.deepEqual(repo.list().map((e) => [e.profile.name, e.source]), [['SPARK_REMOTE', 'environment']]);
  assert.equal((await repo.getSecrets('SPARK_REMOTE')).token, TOKEN);
  await repo.delete('SPARK_REMOTE');
  assert.equal(settings.writes.length, 0);
  // Saving it turns it into a stored profile, which then hides the transient one.
  await repo.save(repo.get('SPARK_REMOTE')!.profile, await repo.getSecrets('SPARK_REMOTE'));
  assert.equal(repo.get('SPARK_REMOTE')?.source, 'user');
  assert.equal(settings.writes.join('').includes(TOKEN), false);
});

test('listeners hear about saves and deletes', async () => {
  const { repo } = setup();
  let calls = 0;
  const sub = repo.onDidChange(() => calls++);
  await repo.save(newProfile('a'), { headers: {} });
  await repo.delete('a');
  sub.dispose();
  await repo.save(newProfile('b'), { headers: {} });
  assert.equal(calls, 2);
});

test('concurrent saves do not lose each other', async () => {
  const { repo } = setup();
  await Promise.all(['a', 'b', 'c', 'd'].map((n) => repo.save(newProfile(n), { headers: {} })));
  assert.deepEqual(repo.names().sort(), ['a', 'b', 'c', 'd']);
});

test('a workspace profile shadowing a user profile of the same name does not get its token', async () => {
  const { settings, repo } = setup();
  settings.setWorkspaceOpen(false);
  await repo.save({ ...newProfile('prod', 'spark.example.com'), tls: true }, { token: TOKEN, headers: { authorization: HEADER_SECRET } });
  assert.equal((await repo.getSecrets('prod')).token, TOKEN);
  // A cloned repository's .vscode/settings.json declares its own "prod".
  settings.setWorkspaceOpen(true);
  settings.setRaw('workspace', [{ name: 'prod', host: 'collector.evil.example', tls: true }]);
  assert.equal(repo.get('prod')?.source, 'workspace');
  const checked = await repo.getCheckedSecrets('prod');
  assert.deepEqual(checked, { secrets: { headers: {} }, withheld: false });
  // Saving the shadowing profile without secrets leaves the user's token alone.
  await repo.save(repo.get('prod')!.profile, 'keep');
  settings.setRaw('workspace', []);
  assert.equal((await repo.getSecrets('prod')).token, TOKEN, 'the user profile still has its token');
});

test('secrets follow edits made through the repository, not hand edits of where the token goes', async () => {
  const { settings, repo } = setup();
  settings.setWorkspaceOpen(false);
  const p = { ...newProfile('p', 'a.example.com'), tls: true };
  await repo.save(p, { token: TOKEN, headers: {} });
  // Edited in the connection editor (secrets kept): the token moves with the profile.
  await repo.save({ ...p, host: 'b.example.com', port: 443 }, 'keep');
  assert.equal((await repo.getSecrets('p')).token, TOKEN);
  // Edited by hand: TLS off, or another host, and the token is withheld.
  for (const edit of [{ tls: false }, { host: 'c.example.com' }, { allowTokenOverPlaintext: true }, { caBundlePath: '/tmp/other-ca.pem' }]) {
    settings.setRaw('user', [{ name: 'p', host: 'b.example.com', port: 443, tls: true, ...edit }]);
    const checked = await repo.getCheckedSecrets('p');
    assert.equal(checked.withheld, true, JSON.stringify(edit));
    assert.equal(checked.secrets.token, undefined);
  }
  // Back as it was saved: released again.
  settings.setRaw('user', [{ name: 'p', host: 'B.example.com', port: 443, tls: true }]);
  assert.equal((await repo.getSecrets('p')).token, TOKEN);
});

test('a shadowing workspace profile saved with its own token leaves the user profile\'s token intact', async () => {
  const { settings, repo } = setup();
  settings.setWorkspaceOpen(false);
  await repo.save({ ...newProfile('prod', 'spark.example.com'), tls: true }, { token: TOKEN, headers: {} });
  settings.setWorkspaceOpen(true);
  settings.setRaw('workspace', [{ name: 'prod', host: 'staging.example.com', tls: true }]);
  // The workspace's "prod" gets its own token through the editor.
  await repo.save(repo.get('prod')!.profile, { token: 'ws-token-5566778899', headers: {} });
  assert.equal((await repo.getSecrets('prod')).token, 'ws-token-5566778899');
  // The user's "prod" still has its own, whether the workspace entry is hidden or deleted.
  settings.setWorkspaceOpen(false);
  assert.equal((await repo.getSecrets('prod')).token, TOKEN);
  settings.setWorkspaceOpen(true);
  await repo.delete('prod'); // deletes the workspace entry, the one shown
  assert.equal(repo.get('prod')?.source, 'user');
  assert.equal((await repo.getSecrets('prod')).token, TOKEN);
  // A workspace profile of the same name and server does not share the user's slot either.
  settings.setRaw('workspace', [{ name: 'prod', host: 'spark.example.com', tls: true }]);
  assert.equal((await repo.getSecrets('prod')).token, undefined);
  await repo.delete('prod');
  assert.equal((await repo.getSecrets('prod')).token, TOKEN);
});

test('editing where a profile points moves its token and frees the old slot', async () => {
  const { secrets, repo } = setup();
  const p = { ...newProfile('p', 'a.example.com'), tls: true };
  await repo.save(p, { token: TOKEN, headers: {} });
  await repo.save({ ...p, host: 'b.example.com' }, 'keep');
  assert.equal((await repo.getSecrets('p')).token, TOKEN);
  assert.equal(secrets.values.size, 2, 'one index and one slot: the a.example.com slot is gone');
  await repo.save({ ...p, host: 'b.example.com', name: 'q' }, 'keep', { previousName: 'p' });
  assert.equal((await repo.getSecrets('q')).token, TOKEN);
  assert.deepEqual([...secrets.values.keys()].filter((k) => k.includes('"p"')), []);
});

test('a workspace profile can neither read nor overwrite the token of a user profile with the same name and server', async () => {
  const { settings, repo } = setup();
  const prod = { ...newProfile('prod', 'spark.example.com'), tls: true };
  settings.setWorkspaceOpen(false);
  await repo.save(prod, { token: TOKEN, headers: { 'x-api-key': 'user-key-1234' } });
  // A cloned repository declares the same "prod", same server.
  settings.setWorkspaceOpen(true);
  settings.setRaw('workspace', [{ name: 'prod', host: 'spark.example.com', tls: true }]);
  assert.deepEqual(await repo.getCheckedSecrets('prod'), { secrets: { headers: {} }, withheld: false });
  // Saving it, with a token of its own or with none, leaves the user's alone.
  await repo.save(repo.get('prod')!.profile, { token: 'ws-token-0099887766', headers: {} });
  assert.equal((await repo.getSecrets('prod')).token, 'ws-token-0099887766');
  await repo.save(repo.get('prod')!.profile, { headers: {} });
  settings.setWorkspaceOpen(false);
  assert.deepEqual(await repo.getSecrets('prod'), { token: TOKEN, headers: { 'x-api-key': 'user-key-1234' } });
});

test('two workspaces each keep their own token for a workspace profile of the same name and server', async () => {
  const { settings, repo } = setup();
  const prod = { ...newProfile('prod', 'spark.example.com'), tls: true };
  settings.setWorkspaceId('file:///work/a');
  await repo.save(prod, { token: 'token-of-a-1111', headers: {} }, { scope: 'workspace' });
  settings.setWorkspaceId('file:///work/b');
  assert.equal((await repo.getSecrets('prod')).token, undefined, 'b does not read a\'s token');
  await repo.save(prod, { token: 'token-of-b-2222', headers: {} }, { scope: 'workspace' });
  settings.setWorkspaceId('file:///work/a');
  assert.equal((await repo.getSecrets('prod')).token, 'token-of-a-1111');
});

test('profile names cannot collide with other slots, whatever characters a hand edit puts in them', async () => {
  const secrets = new MemorySecretStore();
  const slots = new SecretSlots(secrets);
  const binding = secretBinding({ ...newProfile('prod', 'spark.example.com'), tls: true });
  const names = ['prod', `prod#${bindingHash(binding)}`, 'prod"', '["user","","prod"]', 'prod","x', 'prod\\', '', 'prod#'];
  const owners = names.flatMap((name) => [
    { scope: 'user' as const, workspace: '', name },
    { scope: 'workspace' as const, workspace: 'file:///w', name },
    { scope: 'workspace' as const, workspace: 'file:///w","x', name },
  ]);
  for (const [i, owner] of owners.entries()) await slots.write(owner, binding, { token: `token-${i}-abcdef`, headers: {} });
  for (const [i, owner] of owners.entries()) assert.equal((await slots.read(owner, binding)).secrets?.token, `token-${i}-abcdef`, JSON.stringify(owner));
  assert.equal(secrets.values.size, owners.length * 2, 'an index and a slot each, no key shared');
  await slots.write(owners[3], binding, undefined);
  assert.equal((await slots.read(owners[0], binding)).secrets?.token, 'token-0-abcdef');

  // Through the repository: a hand-edited "prod#<hash>" next to "prod" reads nothing of prod's.
  const { settings, repo } = setup();
  settings.setWorkspaceOpen(false);
  await repo.save({ ...newProfile('prod', 'spark.example.com'), tls: true }, { token: TOKEN, headers: {} });
  settings.setRaw('user', [...(settings.read('user') as unknown[]), { name: `prod#${bindingHash(binding)}`, host: 'spark.example.com', tls: true }]);
  assert.deepEqual(await repo.getCheckedSecrets(`prod#${bindingHash(binding)}`), { secrets: { headers: {} }, withheld: false });
});

test('secrets of the previous layout (index and slots by bare name) are moved to the new keys once', async () => {
  const { settings, secrets, repo } = setup();
  settings.setWorkspaceOpen(false);
  const p = { ...newProfile('prod', 'spark.example.com'), tls: true };
  const other = { ...p, host: 'other.example.com' };
  settings.setRaw('user', [{ name: 'prod', host: 'spark.example.com', tls: true }]);
  const h = bindingHash(secretBinding(p));
  const h2 = bindingHash(secretBinding(other));
  await secrets.store(`${LEGACY_KEY_PREFIX}prod`, JSON.stringify({ slots: [h, h2] }));
  await secrets.store(`${LEGACY_KEY_PREFIX}prod#${h}`, JSON.stringify({ token: TOKEN, headers: { cookie: 'c-123456' }, binding: secretBinding(p) }));
  await secrets.store(`${LEGACY_KEY_PREFIX}prod#${h2}`, JSON.stringify({ token: 'other-token-3344', headers: {}, binding: secretBinding(other) }));
  assert.deepEqual(await repo.getSecrets('prod'), { token: TOKEN, headers: { cookie: 'c-123456' } });
  assert.equal(secrets.values.has(`${LEGACY_KEY_PREFIX}prod#${h}`), false, 'the old slot is gone');
  assert.deepEqual(JSON.parse(secrets.values.get(`${LEGACY_KEY_PREFIX}prod`)!), { slots: [h2] }, 'the old index keeps the other server');
  assert.ok(secrets.values.has(userIndex('prod')));
  // Read again from the new keys; a hand edit to the other server finds that server's old slot.
  assert.equal((await repo.getSecrets('prod')).token, TOKEN);
  settings.setRaw('user', [{ name: 'prod', host: 'other.example.com', tls: true }]);
  assert.equal((await repo.getSecrets('prod')).token, 'other-token-3344');
  assert.deepEqual([...secrets.values.keys()].filter((k) => k.startsWith(LEGACY_KEY_PREFIX)), []);
});

test('an old slot shared by a user and a workspace profile goes to the user profile only', async () => {
  const { settings, secrets, repo } = setup();
  const p = { ...newProfile('prod', 'spark.example.com'), tls: true };
  settings.setRaw('user', [{ name: 'prod', host: 'spark.example.com', tls: true }]);
  settings.setRaw('workspace', [{ name: 'prod', host: 'spark.example.com', tls: true }]);
  const h = bindingHash(secretBinding(p));
  await secrets.store(`${LEGACY_KEY_PREFIX}prod`, JSON.stringify({ slots: [h] }));
  await secrets.store(`${LEGACY_KEY_PREFIX}prod#${h}`, JSON.stringify({ token: TOKEN, headers: {}, binding: secretBinding(p) }));
  // The workspace profile is the one shown; reading it moves the old slot to the user profile.
  assert.equal((await repo.getSecrets('prod')).token, undefined);
  settings.setWorkspaceOpen(false);
  assert.equal((await repo.getSecrets('prod')).token, TOKEN);
  assert.deepEqual([...secrets.values.keys()].filter((k) => k.startsWith(LEGACY_KEY_PREFIX)), []);
});

test('secrets of the oldest layout (secrets under the bare name) are moved; a "prod#<hash>" profile never takes "prod"\'s old slot', async () => {
  const { settings, secrets, repo } = setup();
  settings.setWorkspaceOpen(false);
  const old = { ...newProfile('old', 'old.example.com'), tls: true };
  await secrets.store(`${LEGACY_KEY_PREFIX}old`, JSON.stringify({ token: TOKEN, headers: {}, binding: secretBinding(old) }));
  const prod = { ...newProfile('prod', 'spark.example.com'), tls: true };
  const h = bindingHash(secretBinding(prod));
  await secrets.store(`${LEGACY_KEY_PREFIX}prod`, JSON.stringify({ slots: [h] }));
  await secrets.store(`${LEGACY_KEY_PREFIX}prod#${h}`, JSON.stringify({ token: 'prod-token-5566', headers: {}, binding: secretBinding(prod) }));
  settings.setRaw('user', [
    { name: 'old', host: 'old.example.com', tls: true },
    // Same server as "prod", named like prod's old slot key.
    { name: `prod#${h}`, host: 'spark.example.com', tls: true },
    { name: 'prod', host: 'spark.example.com', tls: true },
  ]);
  assert.equal((await repo.getSecrets('old')).token, TOKEN);
  assert.equal(secrets.values.has(`${LEGACY_KEY_PREFIX}old`), false);
  assert.equal((await repo.getSecrets(`prod#${h}`)).token, undefined);
  assert.equal((await repo.getSecrets('prod')).token, 'prod-token-5566');
});
