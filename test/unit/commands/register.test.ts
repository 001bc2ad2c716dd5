// The command table against package.json: every contributed command is registered exactly once,
// every menu and key binding points at a contributed command, every %key% has its English text, and
// commands that need a connection answer "Not connected" uniformly.
import { fake } from '../../support/fakes/fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMAND_IDS, NEEDS_CONNECTION } from '../../../src/commands/command-ids';
import { registerCommands } from '../../../src/commands/register';
import type { Services } from '../../../src/commands/services';
import { SessionManager } from '../../../src/engine/session-manager';
import { OperationsModel } from '../../../src/engine/operations-model';
import { ProfileRepository } from '../../../src/profiles/profile-repository';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/profiles/memory-stores';
import { FakeEngine, MemoryMemento, RecordingLogger } from '../../support/fakes/fakes';

function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'spark-connect-vscode') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found');
    dir = up;
  }
}

const root = repoRoot();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
interface Contributed { command: string; title: string; category?: string }
const contributed: Contributed[] = pkg.contributes.commands;

test('package.json contributes exactly the commands of the command table, each once', () => {
  const ids = contributed.map((c) => c.command);
  assert.equal(new Set(ids).size, ids.length, 'duplicate command in package.json');
  assert.deepEqual([...ids].sort(), [...COMMAND_IDS].sort());
  for (const id of ids) assert.match(id, /^sparkConnect\.[a-z]+\.[a-zA-Z0-9]+$/, id);
});

test('menus, key bindings and welcome links refer only to contributed commands and views', () => {
  const ids = new Set(contributed.map((c) => c.command));
  const views = new Set<string>(Object.values(pkg.contributes.views as Record<string, Array<{ id: string }>>).flat().map((v) => v.id));
  for (const [menu, entries] of Object.entries(pkg.contributes.menus as Record<string, Array<{ command: string; when?: string }>>)) {
    for (const e of entries) {
      assert.ok(ids.has(e.command), `${menu}: ${e.command}`);
      for (const m of (e.when ?? '').matchAll(/view == ([\w.]+)/g)) assert.ok(views.has(m[1]), `${menu}: unknown view ${m[1]}`);
    }
  }
  for (const k of pkg.contributes.keybindings as Array<{ command: string }>) assert.ok(ids.has(k.command), k.command);
  for (const w of pkg.contributes.viewsWelcome as Array<{ view: string; contents: string }>) {
    assert.ok(views.has(w.view), w.view);
    const text = w.contents.startsWith('%') ? nls[w.contents.slice(1, -1)] : w.contents;
    for (const m of text.matchAll(/command:([\w.]+)/g)) assert.ok(ids.has(m[1]), `welcome link ${m[1]}`);
  }
  assert.ok(views.has('sparkConnect.connections') && views.has('sparkConnect.operations'));
});

test('Ctrl/Cmd+Enter runs the selection, a separate binding runs the file', () => {
  const keys = pkg.contributes.keybindings as Array<{ command: string; key: string; mac: string; when: string }>;
  const run = keys.find((k) => k.command === 'sparkConnect.sql.run');
  const file = keys.find((k) => k.command === 'sparkConnect.sql.runFile');
  assert.equal(run?.key, 'ctrl+enter');
  assert.equal(run?.mac, 'cmd+enter');
  assert.ok(file && file.key !== run?.key);
  // SQL cells of notebooks keep their own Ctrl/Cmd+Enter (run cell).
  for (const k of [run, file]) assert.match(k?.when ?? '', /!notebookEditorFocused/);
});

test('every %key% in package.json has English text, and every text is used', () => {
  const text = readFileSync(path.join(root, 'package.json'), 'utf8');
  const keys = new Set([...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  for (const k of keys) assert.ok(typeof nls[k] === 'string' && nls[k].length > 0, `missing ${k}`);
  for (const k of Object.keys(nls)) assert.ok(keys.has(k), `unused ${k}`);
});

test('activation is limited to the extension\'s own events', () => {
  // SQL and Python files, plan and result tabs VS Code restores after a window reload, .ipynb notebooks.
  assert.deepEqual(pkg.activationEvents, ['onLanguage:sql', 'onLanguage:python', 'onWebviewPanel:sparkConnect.plan', 'onNotebook:jupyter-notebook', 'onWebviewPanel:sparkConnect.results']);
});

function services(): Services {
  const log = Object.assign(new RecordingLogger(), { show: () => undefined, dispose: () => undefined });
  const profiles = new ProfileRepository(new MemorySettingsStore(), new MemorySecretStore());
  const sessions = new SessionManager(new FakeEngine(), async () => undefined, log);
  const operations = new OperationsModel(new MemoryMemento(), () => 10);
  // Only what registration and the guarded path touch is real; the rest is never reached here.
  return { log, profiles, sessions, operations, localSpark: {} } as unknown as Services;
}

test('registerCommands registers every command exactly once', () => {
  fake.registered.length = 0;
  const d = registerCommands(services());
  assert.deepEqual([...fake.registered].sort(), [...COMMAND_IDS].sort());
  assert.equal(new Set(fake.registered).size, fake.registered.length);
  d.dispose();
  assert.equal(fake.handlers.size, 0);
});

test('commands that need a connection answer "Not connected — Connect…" the same way', async () => {
  fake.warnings.length = 0;
  fake.nextWarningAnswer = undefined;
  const d = registerCommands(services());
  for (const id of NEEDS_CONNECTION) await fake.handlers.get(id)!();
  assert.equal(fake.warnings.length, NEEDS_CONNECTION.size);
  for (const w of fake.warnings) {
    assert.equal(w.message, 'Not connected to Spark.');
    assert.deepEqual(w.items, ['Connect\u2026']);
  }
  d.dispose();
});

test('explorer and history actions on a disconnected profile name it in the same answer', async () => {
  fake.warnings.length = 0;
  const d = registerCommands(services());
  const table = { type: 'catalog', node: { kind: 'table', profile: 'prod', catalog: 'spark_catalog', database: ['default'], table: { name: 't', kind: 'table', isTemporary: false } } };
  await fake.handlers.get('sparkConnect.explorer.selectTop100')!(table);
  await fake.handlers.get('sparkConnect.operations.rerun')!({ type: 'history', entry: { id: 'x', kind: 'query', profile: 'dev', sql: 'SELECT 1', startedAt: 0, durationMs: 1, status: 'succeeded' } });
  assert.deepEqual(fake.warnings.map((w) => w.message), ["Not connected to 'prod'.", "Not connected to 'dev'."]);
  d.dispose();
});

test('after a window reload, the profile that was connected reconnects on the first run without asking, once', async () => {
  fake.warnings.length = 0;
  fake.nextWarningAnswer = undefined;
  const log = Object.assign(new RecordingLogger(), { show: () => undefined, dispose: () => undefined });
  const settings = new MemorySettingsStore();
  settings.setRaw('user', [{ name: 'prod', host: 'spark.example.com' }]);
  const profiles = new ProfileRepository(settings, new MemorySecretStore());
  const engine = new FakeEngine();
  const sessions = new SessionManager(engine, async (name) => ({ host: name } as never), log);
  const s = { log, profiles, sessions, operations: new OperationsModel(new MemoryMemento(), () => 10), localSpark: {} } as unknown as Services;
  // What context-keys.ts restores from workspace state after the reload.
  sessions.setActive('prod');
  sessions.markResumable(['prod']);
  const d = registerCommands(s);
  try {
    await fake.handlers.get('sparkConnect.sql.run')!();
    assert.equal(fake.warnings.length, 0, 'no "Not connected" prompt');
    assert.equal(engine.connects.length, 1);
    assert.ok(sessions.session('prod'), 'connected');
    // Disconnected on purpose: the next run asks again instead of reconnecting.
    await sessions.disconnect('prod');
    await fake.handlers.get('sparkConnect.sql.run')!();
    assert.deepEqual(fake.warnings.map((w) => w.message), ["Not connected to 'prod'."]);
    assert.equal(engine.connects.length, 1);
  } finally {
    d.dispose();
  }
});

test('the resume mark survives the window closing but not an explicit disconnect', async () => {
  const log = new RecordingLogger();
  const sessions = new SessionManager(new FakeEngine(), async (name) => ({ host: name } as never), log);
  sessions.markResumable(['a', 'b']);
  await sessions.disconnect('a');
  assert.equal(sessions.takeResumable('a'), false);
  assert.equal(sessions.isDisposing, false);
  await sessions.connect('b');
  await sessions.dispose();
  assert.equal(sessions.isDisposing, true);
  assert.equal(sessions.takeResumable('b'), true);
  assert.equal(sessions.takeResumable('b'), false, 'only once');
});
