// First steps: a click on a profile that is not connected connects it; the walkthrough opens once per
// user (and respects VS Code's own "open walkthroughs on install" setting); its first step ticks as
// soon as a connection exists; the activity bar shows the product's own icon.
import { fake } from '../../support/fakes/fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionManager } from '../../../src/engine/session-manager';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/profiles/memory-stores';
import { newProfile } from '../../../src/profiles/profile';
import { ProfileRepository } from '../../../src/profiles/profile-repository';
import { ConnectionsTreeProvider } from '../../../src/views/connections-tree';
import { WALKTHROUGH_ID, WALKTHROUGH_SHOWN_KEY, shouldOpenWalkthrough } from '../../../src/views/walkthrough';
import { FakeEngine, MemoryMemento, RecordingLogger } from '../../support/fakes/fakes';
import { projectRoot } from '../../support/servers';

void fake;

test('a click on a disconnected or failed profile connects it; a connected one has no click command', async () => {
  const settings = new MemorySettingsStore(false);
  const profiles = new ProfileRepository(settings, new MemorySecretStore());
  await profiles.save(newProfile('dev'), { headers: {} });
  const engine = new FakeEngine();
  const sessions = new SessionManager(engine, async (name) => ({ host: name, port: 1, useSsl: false, headers: {} }), new RecordingLogger());
  const tree = new ConnectionsTreeProvider(profiles, sessions);
  const [node] = await tree.getChildren();
  const cmd = () => (tree.getTreeItem(node) as unknown as { command?: { command: string; arguments?: unknown[] } }).command;
  assert.deepEqual({ id: cmd()?.command, args: cmd()?.arguments }, { id: 'sparkConnect.connection.connect', args: ['dev'] });
  await sessions.connect('dev');
  assert.equal(cmd(), undefined);
  await sessions.disconnect('dev');
  engine.fail = new Error('refused');
  await sessions.connect('dev').catch(() => undefined);
  assert.equal(cmd()?.command, 'sparkConnect.connection.connect');
  tree.dispose();
});

test('the walkthrough opens once per user, and not when the user turned walkthroughs on install off', async () => {
  const state = new MemoryMemento();
  assert.equal(await shouldOpenWalkthrough(state, true), true);
  assert.equal(await shouldOpenWalkthrough(state, true), false, 'only once');
  const off = new MemoryMemento();
  assert.equal(await shouldOpenWalkthrough(off, false), false);
  assert.equal(off.get(WALKTHROUGH_SHOWN_KEY), true, 'and not later either');
});

interface Manifest {
  contributes: {
    walkthroughs: Array<{ id: string; steps: Array<{ id: string; completionEvents: string[] }> }>;
    viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
  };
}

test('"Add a connection" ticks on the context key set when profiles exist; the activity bar icon is ours', () => {
  const root = projectRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const walk = pkg.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);
  assert.ok(walk);
  const add = walk.steps.find((s) => s.id === 'addConnection');
  assert.ok(add?.completionEvents.includes('onContext:sparkConnect.hasConnections'));
  const icon = pkg.contributes.viewsContainers.activitybar.find((c) => c.id === 'sparkConnect')?.icon;
  assert.ok(icon?.endsWith('.svg'));
  const svg = readFileSync(join(root, icon ?? ''), 'utf8');
  // A mask icon: drawn in currentColor only, so it follows light, dark and high-contrast themes.
  assert.ok(!/#[0-9a-f]{3,6}\b/i.test(svg), 'no fixed colours');
  // Not the generic five-pointed star it replaced.
  assert.ok(!svg.includes('M12 2.5l2.3 6.4'), 'our own drawing');
});
