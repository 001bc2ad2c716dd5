// The Connections view on the fake vscode: profile items carry the words package.json's context menus
// match on (so the right actions show for each state), a connected profile lists its Spark UI link
// and catalogs lazily, and a failed load shows as a message instead of breaking the tree.
import { fake } from '../../support/fakes/fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionManager } from '../../../src/engine/session-manager';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/profiles/memory-stores';
import { newProfile } from '../../../src/profiles/profile';
import { ProfileRepository } from '../../../src/profiles/profile-repository';
import { ConnectionsTreeProvider } from '../../../src/views/connections-tree';
import type { ConnectionsNode } from '../../../src/views/connection-nodes';
import { FakeEngine, RecordingLogger } from '../../support/fakes/fakes';
import { itemMenu } from '../../support/fakes/menus';

function menuFor(viewItem: string): string[] {
  return itemMenu('sparkConnect.connections', viewItem);
}

async function setup() {
  const settings = new MemorySettingsStore(false);
  const profiles = new ProfileRepository(settings, new MemorySecretStore());
  await profiles.save({ ...newProfile('prod', 'spark.example.com'), sparkUiUrl: 'http://driver:4040' }, { headers: {} });
  await profiles.save(newProfile('dev'), { headers: {} });
  const engine = new FakeEngine();
  const sessions = new SessionManager(engine, async (name) => ({ host: name, port: 1, useSsl: false, headers: {} }), new RecordingLogger());
  return { profiles, engine, sessions, tree: new ConnectionsTreeProvider(profiles, sessions) };
}

test('profile items: state words drive the context menu', async () => {
  const { tree, sessions, engine } = await setup();
  const roots = await tree.getChildren();
  assert.deepEqual(roots.map((n) => n.type === 'profile' && n.name), ['prod', 'dev']);
  const item = (n: ConnectionsNode) => tree.getTreeItem(n) as unknown as { contextValue: string; description: string; collapsibleState: number };

  const prodOff = item(roots[0]).contextValue;
  assert.deepEqual(menuFor(prodOff), ['connection.connect', 'profiles.delete', 'profiles.duplicate', 'profiles.edit', 'profiles.openSparkUi', 'profiles.test']);
  assert.ok(!menuFor(item(roots[1]).contextValue).includes('profiles.openSparkUi'), 'no Spark UI entry without a URL');

  await sessions.connect('prod');
  const on = item(roots[0]);
  assert.match(on.description, /4\.3\.0/);
  assert.equal(on.collapsibleState, 1, 'a connected profile expands');
  assert.deepEqual(menuFor(on.contextValue), ['connection.disconnect', 'connection.reconnect', 'explorer.refresh', 'profiles.delete', 'profiles.duplicate', 'profiles.edit', 'profiles.openSparkUi', 'profiles.test']);

  engine.fail = new Error('connection refused');
  await sessions.connect('dev').catch(() => undefined);
  const err = item(roots[1]);
  assert.match(err.description, /connection refused/);
  assert.deepEqual(menuFor(err.contextValue), ['connection.connect', 'connection.reconnect', 'profiles.delete', 'profiles.duplicate', 'profiles.edit', 'profiles.test']);
  tree.dispose();
});

test('a connected profile: Spark UI link first, then catalogs, databases, tables and columns, each with its menu', async () => {
  const { tree, sessions, engine } = await setup();
  await sessions.connect('prod');
  const s = engine.sessions[0];
  s.tables['spark_catalog.default'] = [{ name: 'v', kind: 'view', isTemporary: false }, { name: 't', kind: 'table', isTemporary: false }];
  s.columns['spark_catalog.default.t'] = [{ name: 'id', type: 'bigint', nullable: false, isPartition: false }];
  const [profile] = await tree.getChildren();
  const children = await tree.getChildren(profile);
  assert.equal(children[0].type, 'sparkUi');
  const ui = tree.getTreeItem(children[0]) as unknown as { command: { command: string; arguments: unknown[] } };
  assert.deepEqual([ui.command.command, ui.command.arguments], ['sparkConnect.profiles.openSparkUi', ['prod']]);
  const [db] = await tree.getChildren(children[1]);
  const tables = await tree.getChildren(db);
  const labels = tables.map((n) => (tree.getTreeItem(n) as unknown as { label: string }).label);
  assert.deepEqual(labels, ['t', 'v'], 'sorted by name');
  const tableItem = tree.getTreeItem(tables[0]) as unknown as { contextValue: string };
  assert.deepEqual(menuFor(tableItem.contextValue), ['explorer.copyName', 'explorer.describe', 'explorer.explain', 'explorer.insertName', 'explorer.refresh', 'explorer.selectTop100', 'explorer.showDdl']);
  const [col] = await tree.getChildren(tables[0]);
  const colItem = tree.getTreeItem(col) as unknown as { label: string; description: string; contextValue: string };
  assert.equal(colItem.label, 'id');
  assert.equal(colItem.description, 'bigint not null');
  assert.deepEqual(menuFor(colItem.contextValue), ['explorer.copyName', 'explorer.insertName']);
  tree.dispose();
});

test('a failed load shows a message node; refreshing tries again', async () => {
  const { tree, sessions, engine } = await setup();
  await sessions.connect('dev');
  const s = engine.sessions[0];
  s.listCatalogs = async () => { throw new Error('permission denied on SHOW CATALOGS'); };
  const [, dev] = await tree.getChildren();
  const children = await tree.getChildren(dev);
  assert.equal(children.length, 1);
  assert.equal(children[0].type, 'message');
  assert.match((tree.getTreeItem(children[0]) as unknown as { label: string }).label, /Could not load: permission denied/);
  s.listCatalogs = async () => ['spark_catalog'];
  tree.refresh(dev);
  const again = await tree.getChildren(dev);
  assert.deepEqual(again.map((n) => n.type), ['catalog']);
  assert.equal(fake.errors.length, 0, 'no notification for a tree load');
  tree.dispose();
});
