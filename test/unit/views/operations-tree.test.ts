// The Operations view on the fake vscode: running queries with elapsed time and Cancel, history with
// profile, duration, rows and status, Re-run and Open; elapsed times tick while something runs.
import '../../support/fakes/fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OperationsModel } from '../../../src/engine/operations-model';
import type { OperationsNode } from '../../../src/views/operation-nodes';
import { OperationsTreeProvider } from '../../../src/views/operations-tree';
import { MemoryMemento } from '../../support/fakes/fakes';
import { itemMenu } from '../../support/fakes/menus';

interface Item { label: string; description?: string; contextValue?: string; command?: { command: string; arguments: unknown[] } }

test('running, then history: descriptions, menus, and the elapsed-time tick', async () => {
  let now = 1_000;
  const model = new OperationsModel(new MemoryMemento(), () => 10, () => now);
  const tree = new OperationsTreeProvider(model, () => now);
  const item = (n: OperationsNode) => tree.getTreeItem(n) as unknown as Item;
  let changes = 0;
  tree.onDidChangeTreeData(() => changes++);

  let cancelled = 0;
  const h = model.start({ kind: 'query', profile: 'prod', sql: '\n  SELECT count(*)\nFROM big', cancel: () => cancelled++ });
  now = 3_500;
  const [running, history] = tree.getChildren();
  assert.equal(item(running).label, 'Running (1)');
  const [op] = tree.getChildren(running);
  const opItem = item(op);
  assert.equal(opItem.label, 'SELECT count(*)');
  assert.equal(opItem.description, 'prod \u00b7 2.5 s');
  assert.deepEqual(itemMenu('sparkConnect.operations', opItem.contextValue ?? ''), ['operations.cancel', 'operations.open']);
  assert.deepEqual(itemMenu('sparkConnect.operations', opItem.contextValue ?? '', 'inline'), ['operations.cancel', 'operations.open']);

  // The view refreshes once a second while something runs.
  const before = changes;
  await new Promise((r) => setTimeout(r, 1_150));
  assert.ok(changes > before, 'ticked');

  h.finish({ status: 'succeeded', rows: 1234 });
  assert.equal(cancelled, 0);
  const [entry] = tree.getChildren(history);
  const hItem = item(entry);
  assert.equal(item(history).label, 'History (1)');
  const d = new Date(1_000);
  const hhmmss = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  assert.equal(hItem.label, `${hhmmss} \u00b7 prod \u00b7 SELECT count(*) FROM big`, 'time, profile and the whole statement on one line');
  assert.equal(hItem.description, '2.5 s \u00b7 1234 rows');
  assert.deepEqual(itemMenu('sparkConnect.operations', hItem.contextValue ?? ''), ['operations.open', 'operations.rerun']);
  assert.equal(hItem.command?.command, 'sparkConnect.operations.open', 'clicking opens the statement');
  const after = changes;
  await new Promise((r) => setTimeout(r, 1_150));
  assert.equal(changes, after, 'no ticking once nothing runs');
  tree.dispose();
});
