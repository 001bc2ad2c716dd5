// After a window reload the last-used profile reconnects by itself on first use, whether or not it was
// connected when the window closed; profiles that were connected come back too; deleted ones do not.
import '../../support/fakes/fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { SessionManager } from '../../../src/engine/session-manager';
import { ProfileRepository } from '../../../src/profiles/profile-repository';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/profiles/memory-stores';
import { registerContextKeys } from '../../../src/views/context-keys';
import { FakeEngine, MemoryMemento, RecordingLogger } from '../../support/fakes/fakes';

test('the remembered active profile and the ones that were connected are resumable; others are not', async () => {
  const settings = new MemorySettingsStore();
  settings.setRaw('user', [{ name: 'prod', host: 'p' }, { name: 'dev', host: 'd' }, { name: 'other', host: 'o' }]);
  const profiles = new ProfileRepository(settings, new MemorySecretStore());
  const sessions = new SessionManager(new FakeEngine(), async (name) => ({ host: name } as never), new RecordingLogger());
  const workspaceState = new MemoryMemento();
  // prod was the active profile but had no live session at close; dev was connected; gone was deleted.
  await workspaceState.update('sparkConnect.activeProfile', 'prod');
  await workspaceState.update('sparkConnect.connectedProfiles', ['dev', 'gone']);
  const d = registerContextKeys({ workspaceState } as unknown as vscode.ExtensionContext, profiles, sessions);
  try {
    assert.equal(sessions.activeProfile, 'prod');
    assert.equal(sessions.takeResumable('prod'), true, 'the last-used profile reconnects without asking');
    assert.equal(sessions.takeResumable('dev'), true);
    assert.equal(sessions.takeResumable('gone'), false);
    assert.equal(sessions.takeResumable('other'), false, 'a profile neither active nor connected asks first');
  } finally {
    d.dispose();
  }
});
