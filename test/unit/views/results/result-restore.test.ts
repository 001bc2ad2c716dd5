// A results tab VS Code hands back after a window reload, on the host: the serializer shows the snapshot
// the grid saved (or closes a tab with none), the restored tab says it is saved, offers no plan, and its
// Re-run runs the statement again on the snapshot's profile with the live result landing in the same tab.
import '../../../support/fakes/fake-vscode';
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ControlledResultSetInfo } from '../../../../src/engine/query-runner';
import type { HostToGrid } from '../../../../src/protocol/grid';
import { takeSnapshot, type ResultSnapshot } from '../../../../src/protocol/result-snapshot';
import { repoRoot } from '../../../fixtures/arrow/load';

class FakeUri {
  constructor(readonly fsPath: string, readonly scheme = 'file') {}
  static file(p: string): FakeUri {
    return new FakeUri(p);
  }
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri(join(base.fsPath, ...parts), base.scheme);
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`;
  }
}

class FakeEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  readonly event = (l: (e: T) => void) => {
    this.listeners.push(l);
    return { dispose: () => { this.listeners = this.listeners.filter((x) => x !== l); } };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

interface FakePanel {
  viewType: string;
  title: string;
  html: string;
  posted: HostToGrid[];
  disposed: boolean;
  webview: unknown;
  onDidDispose: unknown;
  reveal(): void;
  fromWebview(m: unknown): void;
  dispose(): void;
}

function fakePanel(viewType: string, title: string): FakePanel {
  const received = new FakeEmitter<unknown>();
  const disposed = new FakeEmitter<void>();
  const p: FakePanel = {
    viewType, title, html: '', posted: [], disposed: false,
    webview: {
      cspSource: 'vscode-resource:',
      asWebviewUri: (u: FakeUri) => u,
      postMessage: async (m: HostToGrid) => { p.posted.push(m); return true; },
      onDidReceiveMessage: received.event,
      set html(v: string) { p.html = v; },
      get html() { return p.html; },
    },
    onDidDispose: disposed.event,
    reveal: () => undefined,
    fromWebview: (m) => received.fire(m),
    dispose: () => {
      if (p.disposed) return;
      p.disposed = true;
      disposed.fire();
    },
  };
  return p;
}

const created: FakePanel[] = [];
let serializer: { deserializeWebviewPanel(panel: unknown, state: unknown): Thenable<void> } | undefined;
let serializerViewType = '';
const vs = require('vscode') as Record<string, Record<string, unknown>>;
Object.assign(vs, {
  Uri: FakeUri,
  EventEmitter: FakeEmitter,
  ViewColumn: { Beside: -2, Active: -1 },
  workspace: {
    workspaceFolders: undefined,
    fs: { readFile: async (u: FakeUri) => new Uint8Array(readFileSync(u.fsPath)) },
    getConfiguration: () => ({ get: <T>(_key: string, def: T) => def }),
  },
});
Object.assign(vs.window, {
  createWebviewPanel(viewType: string, title: string) {
    const p = fakePanel(viewType, title);
    created.push(p);
    return p;
  },
  registerWebviewPanelSerializer(viewType: string, s: typeof serializer) {
    serializerViewType = viewType;
    serializer = s;
    return { dispose: () => undefined };
  },
});

const ext = mkdtempSync(join(tmpdir(), 'result-restore-'));
mkdirSync(join(ext, 'dist', 'media'), { recursive: true });
copyFileSync(join(repoRoot(), 'media', 'grid', 'index.html'), join(ext, 'dist', 'media', 'grid.html'));
after(() => rmSync(ext, { recursive: true, force: true }));

const logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const tick = () => new Promise((r) => setTimeout(r, 10));

const SQL = "SELECT id, concat('saved-', id) AS tag FROM range(3)";

function snapshot(): ResultSnapshot {
  const s = takeSnapshot({
    statement: SQL, title: SQL, profile: 'local', startedAt: 1_700_000_000_000, elapsedMs: 42,
    columns: [{ name: 'id', sparkType: 'bigint', nullable: false }, { name: 'tag', sparkType: 'string', nullable: false }],
    rowCount: 3, totalRows: 3, resultCut: false, cell: (c, r) => (c === 0 ? String(r) : `saved-${r}`),
  }, 1_700_000_000_100);
  assert.ok(s);
  return s;
}

async function ready(p: FakePanel): Promise<void> {
  for (let i = 0; i < 100 && !p.html; i++) await tick();
  p.fromWebview({ type: 'ready', protocolVersion: 1 });
}

function info(sql: string): ControlledResultSetInfo {
  return { title: 'History', profile: 'local', sql, statementIndex: 0, statementCount: 1, operationId: 'op', startedAt: Date.now() };
}

async function setup() {
  const { GridResultsPresenter } = await import('../../../../src/views/results/grid-results-presenter');
  const { registerResultRestore } = await import('../../../../src/views/results/result-restore');
  const reruns: Array<{ profile: string | undefined; sql: string }> = [];
  let duringRerun: (() => void) | undefined;
  const pres = new GridResultsPresenter({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the fake Uri stands in for vscode.Uri
    extensionUri: FakeUri.file(ext) as any, logger, showPlan: () => undefined,
    rerun: async (profile, sql) => {
      reruns.push({ profile, sql });
      duringRerun?.();
    },
  });
  registerResultRestore(pres, logger);
  return { pres, reruns, onRerun: (f: () => void) => { duringRerun = f; } };
}

void describe('result tabs restored after a window reload', () => {
  void it('the serializer shows the saved snapshot, labelled saved, with no plan and no live result', async () => {
    const { pres } = await setup();
    assert.equal(serializerViewType, 'sparkConnect.results');
    const panel = fakePanel('sparkConnect.results', SQL);
    await serializer!.deserializeWebviewPanel(panel, { resultId: 'r5', layout: {}, snapshot: JSON.parse(JSON.stringify(snapshot())) });
    await ready(panel);
    const shown = panel.posted.find((m) => m.type === 'result/snapshot');
    assert.ok(shown && shown.type === 'result/snapshot');
    assert.equal(shown.resultId, 'r5', 'under the saved id, so the saved column layout applies');
    assert.deepEqual(shown.snapshot.rows, [['0', 'saved-0'], ['1', 'saved-1'], ['2', 'saved-2']]);
    assert.match(panel.title, /\(saved\)$/);
    const view = [...panel.posted].reverse().find((m) => m.type === 'view/state');
    assert.deepEqual(view, { type: 'view/state', pinned: false, canShowPlan: false });
    assert.equal(created.length, 0, 'the restored panel is taken over, not a new one created');
    // A webview rebuilt later (hidden, then shown) gets the snapshot again.
    const before = panel.posted.filter((m) => m.type === 'result/snapshot').length;
    await ready(panel);
    assert.equal(panel.posted.filter((m) => m.type === 'result/snapshot').length, before + 1);
    pres.dispose();
  });

  void it('closes a restored tab whose state holds no usable snapshot', async () => {
    const { pres } = await setup();
    const panel = fakePanel('sparkConnect.results', 'x');
    await serializer!.deserializeWebviewPanel(panel, { resultId: 'r1', layout: {} });
    assert.equal(panel.disposed, true);
    const old = fakePanel('sparkConnect.results', 'y');
    await serializer!.deserializeWebviewPanel(old, { resultId: 'r1', snapshot: { ...snapshot(), version: 99 } });
    assert.equal(old.disposed, true);
    pres.dispose();
  });

  void it('Re-run runs the statement on the snapshot\'s profile, and the live result comes to the same tab', async () => {
    const { pres, reruns, onRerun } = await setup();
    const panel = fakePanel('sparkConnect.results', SQL);
    await serializer!.deserializeWebviewPanel(panel, { resultId: 'r5', snapshot: snapshot() });
    await ready(panel);
    // The run the command starts opens its result through the presenter while Re-run is in flight.
    onRerun(() => {
      const sink = pres.open(info(SQL), [{ name: 'id', type: 'bigint', nullable: false }]);
      sink.complete({ rowCount: 3, durationMs: 5 });
    });
    panel.fromWebview({ type: 'request', id: 1, method: 'result/rerun', params: { resultId: 'r5' } });
    await tick();
    const resp = panel.posted.find((m) => m.type === 'response' && m.id === 1);
    assert.deepEqual(resp, { type: 'response', id: 1, ok: true, result: { accepted: true } });
    assert.deepEqual(reruns, [{ profile: 'local', sql: SQL }]);
    assert.equal(created.length, 0, 'no new tab: the live result replaced the snapshot in place');
    const start = panel.posted.find((m) => m.type === 'result/start');
    assert.ok(start && start.type === 'result/start');
    assert.equal(start.profile, 'local', 'the live result carries its profile name for its own snapshot');
    assert.equal(panel.title, SQL.slice(0, 39).trimEnd() + '\u2026');

    // Once live, Re-run of the old snapshot is refused; a later run reuses the (unpinned) tab as any other.
    panel.fromWebview({ type: 'request', id: 2, method: 'result/rerun', params: { resultId: 'r5' } });
    await tick();
    assert.deepEqual(panel.posted.find((m) => m.type === 'response' && m.id === 2), { type: 'response', id: 2, ok: true, result: { accepted: false } });
    pres.open(info('SELECT 2'), undefined).complete({ rowCount: 0, durationMs: 1 });
    assert.equal(created.length, 0);
    assert.equal(panel.title, 'SELECT 2');
    pres.dispose();
  });

  void it('a Re-run that never ran (not reconnected) leaves no claim on the tab', async () => {
    const { pres } = await setup();
    const panel = fakePanel('sparkConnect.results', SQL);
    await serializer!.deserializeWebviewPanel(panel, { resultId: 'r5', snapshot: snapshot() });
    await ready(panel);
    panel.fromWebview({ type: 'request', id: 1, method: 'result/rerun', params: { resultId: 'r5' } });
    await tick();
    // The user pins the saved tab: a later, unrelated run must open its own tab.
    panel.fromWebview({ type: 'view/pin', pinned: true });
    pres.open(info('SELECT 9'), undefined).complete({ rowCount: 0, durationMs: 1 });
    assert.equal(created.length, 1);
    assert.equal(created[0].title, 'SELECT 9');
    pres.dispose();
  });
});
