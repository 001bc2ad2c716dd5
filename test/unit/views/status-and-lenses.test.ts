// The status bar item (active profile and state, click to switch) and the "Run | Explain" CodeLens
// (one pair per statement, off with sparkConnect.codeLens.enabled), on the fake vscode.
import { fake, setConfig } from '../../support/fakes/fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionManager } from '../../../src/engine/session-manager';
import { ExtensionSettings } from '../../../src/views/settings';
import { SqlCodeLensProvider } from '../../../src/views/sql-codelens';
import { registerStatusBar } from '../../../src/views/status-bar';
import { FakeDocument } from '../../support/fakes/fake-editor';
import { FakeEngine, RecordingLogger } from '../../support/fakes/fakes';

test('status bar: not connected, connecting, connected with the version, error; click switches', async () => {
  const engine = new FakeEngine();
  let release: () => void = () => undefined;
  engine.gate = new Promise<void>((r) => { release = r; });
  const sessions = new SessionManager(engine, async (name) => ({ host: name, port: 1, useSsl: false, headers: {} }), new RecordingLogger());
  const d = registerStatusBar(sessions);
  const item = fake.statusBarItems.at(-1);
  assert.ok(item);
  assert.equal(item.command, 'sparkConnect.connection.switch');
  assert.ok(item.visible);
  assert.match(item.text, /not connected/);

  sessions.setActive('prod');
  const connecting = sessions.connect('prod');
  assert.equal(item.text, '$(sync~spin) prod');
  release();
  await connecting;
  assert.equal(item.text, '$(database) prod \u00b7 Spark 4.3.0');
  assert.match(item.tooltip ?? '', /session sess-1/);

  await sessions.disconnect('prod');
  assert.equal(item.text, '$(debug-disconnect) prod');
  engine.fail = new Error('connection refused');
  await sessions.connect('prod').catch(() => undefined);
  assert.equal(item.text, '$(error) prod');
  assert.match(item.tooltip ?? '', /connection refused/);
  assert.ok(item.backgroundColor, 'errors are highlighted');
  d.dispose();
  assert.equal(fake.statusBarItems.includes(item), false);
});

test('CodeLens: Run and Explain above each statement, with the statement range; off by setting', () => {
  fake.config = {};
  const lenses = new SqlCodeLensProvider(new ExtensionSettings());
  const text = 'SELECT 1;\n-- note; not a statement\nBEGIN\n  SELECT 2;\nEND;\nSELECT 3';
  const doc = new FakeDocument(text);
  const got = lenses.provideCodeLenses(doc as never).map((l) => {
    const c = (l as unknown as { command: { title: string; command: string; arguments: [unknown, number, number] } }).command;
    return [c.command, text.slice(c.arguments[1], c.arguments[2])];
  });
  assert.deepEqual(got, [
    ['sparkConnect.sql.runStatement', 'SELECT 1'], ['sparkConnect.sql.explainStatement', 'SELECT 1'],
    ['sparkConnect.sql.runStatement', 'BEGIN\n  SELECT 2;\nEND'], ['sparkConnect.sql.explainStatement', 'BEGIN\n  SELECT 2;\nEND'],
    ['sparkConnect.sql.runStatement', 'SELECT 3'], ['sparkConnect.sql.explainStatement', 'SELECT 3'],
  ]);
  let refreshed = 0;
  lenses.onDidChangeCodeLenses(() => refreshed++);
  setConfig({ 'sparkConnect.codeLens.enabled': false });
  assert.equal(refreshed, 1, 'turning the setting off refreshes the lenses');
  assert.deepEqual(lenses.provideCodeLenses(doc as never), []);
  setConfig({ 'sparkConnect.codeLens.enabled': true });
  assert.equal(lenses.provideCodeLenses(doc as never).length, 6);
  lenses.dispose();
});

test('CodeLens: none in a notebook cell (its SQL runs through the kernel, not the results panel)', () => {
  fake.config = {};
  const lenses = new SqlCodeLensProvider(new ExtensionSettings());
  const doc = new FakeDocument('SELECT 1;\nSELECT 2');
  assert.equal(lenses.provideCodeLenses(doc as never).length, 4, 'a .sql file has its lenses');
  const cell = Object.assign(new FakeDocument('SELECT 1;\nSELECT 2'), { uri: { scheme: 'vscode-notebook-cell', path: '/w/n.ipynb' } });
  assert.deepEqual(lenses.provideCodeLenses(cell as never), []);
  lenses.dispose();
});
