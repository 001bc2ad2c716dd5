// The results presenter and its tabs on the host, with the fake vscode extended by just enough webview
// API to drive them: the page loads under the generic host, messages wait for 'ready', batches leave as
// exact ArrayBuffers, a new run reuses an unpinned tab and not a pinned one, and the webview's requests
// (cancel, fetch more, plan, other page, export) reach the run's controls.
import '../../../support/fakes/fake-vscode';
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ControlledResultSetInfo, RunOutcome } from '../../../../src/engine/query-runner';
import type { HostToGrid } from '../../../../src/protocol/grid';
import type { PlanRequest, ResultsPresenter } from '../../../../src/engine/result-sink';
import { loadFixture, repoRoot } from '../../../fixtures/arrow/load';

// ---------------------------------------------------------------- the webview part of the fake vscode

interface FakePanel {
  viewType: string;
  title: string;
  html: string;
  posted: HostToGrid[];
  disposed: boolean;
  reveals: number;
  /** Delivers a message as if the webview posted it. */
  fromWebview(m: unknown): void;
  dispose(): void;
}

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

const panels: FakePanel[] = [];
const config: Record<string, unknown> = { rowLimit: 1000, webviewMemoryMB: 16 };
const clipboard: string[] = [];
let saveTo: string | undefined;

const vs = require('vscode') as Record<string, Record<string, unknown>>;
Object.assign(vs, {
  Uri: FakeUri,
  EventEmitter: FakeEmitter,
  ViewColumn: { Beside: -2, Active: -1 },
  ProgressLocation: { Notification: 15 },
  env: { clipboard: { writeText: async (t: string) => { clipboard.push(t); } } },
  workspace: {
    workspaceFolders: undefined,
    fs: { readFile: async (u: FakeUri) => new Uint8Array(readFileSync(u.fsPath)) },
    getConfiguration: () => ({ get: <T>(key: string, def: T) => (key in config ? config[key] as T : def) }),
  },
});
Object.assign(vs.window, {
  createWebviewPanel(viewType: string, title: string) {
    const received = new FakeEmitter<unknown>();
    const disposed = new FakeEmitter<void>();
    const p: FakePanel & { webview: unknown; onDidDispose: unknown; reveal(): void; visible: boolean } = {
      viewType, title, html: '', posted: [], disposed: false, reveals: 0, visible: true,
      webview: {
        cspSource: 'vscode-resource:',
        asWebviewUri: (u: FakeUri) => u,
        postMessage: async (m: HostToGrid) => { p.posted.push(m); return true; },
        onDidReceiveMessage: received.event,
        set html(v: string) { p.html = v; },
        get html() { return p.html; },
      },
      onDidDispose: disposed.event,
      reveal: () => { p.reveals++; },
      fromWebview: (m) => received.fire(m),
      dispose: () => {
        if (p.disposed) return;
        p.disposed = true;
        disposed.fire();
      },
    };
    panels.push(p);
    return p;
  },
  showSaveDialog: async () => (saveTo ? FakeUri.file(saveTo) : undefined),
  withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
    task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) }),
});

// The built page the host loads: dist/media/grid.html under a fake extension folder.
const ext = mkdtempSync(join(tmpdir(), 'results-panel-'));
mkdirSync(join(ext, 'dist', 'media'), { recursive: true });
copyFileSync(join(repoRoot(), 'media', 'grid', 'index.html'), join(ext, 'dist', 'media', 'grid.html'));
after(() => rmSync(ext, { recursive: true, force: true }));

const logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const tick = () => new Promise((r) => setTimeout(r, 10));
const multi = loadFixture('4.3.0', 'multi-batch');

interface Controls {
  cancels: number;
  reruns: number[];
  rerunTargets: ResultsPresenter[];
}

function info(sql: string, statementIndex: number, controls: Controls, extra: Partial<ControlledResultSetInfo> = {}): ControlledResultSetInfo {
  return {
    title: 'f.sql', profile: 'p', sql, statementIndex, statementCount: statementIndex + 1, operationId: `op-${sql}`, startedAt: Date.now(),
    explain: async (mode) => `== Physical Plan (${mode}) ==`,
    rowLimit: 1000,
    cancel: () => { controls.cancels++; },
    rerun: async (limit, target) => {
      controls.reruns.push(limit);
      controls.rerunTargets.push(target);
      return { status: 'succeeded', completed: 1, totalRows: 0 } as RunOutcome;
    },
    ...extra,
  };
}

async function presenter(plans: PlanRequest[] = []) {
  const { GridResultsPresenter } = await import('../../../../src/views/results/grid-results-presenter');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the fake Uri stands in for vscode.Uri
  return new GridResultsPresenter({ extensionUri: FakeUri.file(ext) as any, logger, showPlan: (r) => { plans.push(r); } });
}

/** The page is set asynchronously (the template is read from disk); the webview says 'ready' after that. */
async function ready(p: FakePanel): Promise<void> {
  for (let i = 0; i < 100 && !p.html; i++) await tick();
  p.fromWebview({ type: 'ready', protocolVersion: 1 });
}

function request(p: FakePanel, id: number, method: string, params: unknown): void {
  p.fromWebview({ type: 'request', id, method, params });
}

function response(p: FakePanel, id: number): { ok: boolean; result?: unknown; error?: string } | undefined {
  return p.posted.find((m) => m.type === 'response' && m.id === id) as { ok: boolean; result?: unknown; error?: string } | undefined;
}

void describe('GridResultsPresenter and ResultsPanel', () => {
  void it('loads the grid page under a strict CSP and holds messages until the webview is ready', async () => {
    const pres = await presenter();
    const controls: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const sink = pres.open(info('SELECT id FROM t', 0, controls), [{ name: 'id', type: 'bigint', nullable: false }]);
    const p = panels[panels.length - 1];
    assert.equal(p.viewType, 'sparkConnect.results');
    assert.equal(p.title, 'SELECT id FROM t');
    await tick();
    assert.match(p.html, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.equal(pres.rowLimit, 1000, 'the row limit comes from sparkConnect.results.rowLimit');

    // A batch that is a view over a bigger buffer: it must leave as an exact copy.
    const pool = new Uint8Array(multi.batches[0].byteLength + 4096);
    pool.set(multi.batches[0], 1000);
    sink.addBatch(pool.subarray(1000, 1000 + multi.batches[0].byteLength), 1000);
    assert.equal(p.posted.length, 0, 'nothing is posted before ready');
    await ready(p);
    const types = p.posted.map((m) => m.type);
    assert.deepEqual(types.slice(0, 2), ['view/state', 'result/start']);
    assert.equal(p.posted.filter((m) => m.type === 'result/progress').length, 0, 'no live progress was queued before ready');
    await new Promise((r) => setTimeout(r, 150)); // live progress is throttled to one per 100 ms
    sink.addBatch(multi.batches[1], 1000);
    assert.ok(p.posted.some((m) => m.type === 'result/progress' && !m.done), 'live progress once the webview is loaded');
    const batch = p.posted.find((m): m is Extract<HostToGrid, { type: 'result/batch' }> => m.type === 'result/batch');
    assert.ok(batch);
    assert.equal(batch.data.byteLength, multi.batches[0].byteLength);
    assert.deepEqual(new Uint8Array(batch.data), multi.batches[0]);
    const start = p.posted.find((m) => m.type === 'result/start');
    assert.deepEqual(start?.type === 'result/start' ? start.columns : undefined, [{ name: 'id', sparkType: 'bigint', nullable: false }]);
    pres.dispose();
    assert.equal(p.disposed, true);
    assert.equal(controls.cancels, 1, 'closing the tab of a running result interrupts it');
  });

  void it('the next run reuses an unpinned tab; a pinned one is kept; the limited marker offers fetch more', async () => {
    const pres = await presenter();
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const first = pres.open(info('SELECT 1', 0, c), undefined);
    const p1 = panels[panels.length - 1];
    await ready(p1);
    first.addBatch(multi.batches[0], 1000);
    first.complete({ rowCount: 1000, durationMs: 12, limited: true });
    const limited = p1.posted.find((m) => m.type === 'result/limited');
    assert.deepEqual(limited, { type: 'result/limited', resultId: (limited as { resultId: string }).resultId, rowLimit: 1000, canFetchMore: true });

    // Run 2 reuses the tab.
    const before = panels.length;
    pres.open(info('SELECT 2', 0, c), undefined).complete({ rowCount: 0, durationMs: 1 });
    assert.equal(panels.length, before);
    assert.equal(p1.title, 'SELECT 2');
    // The user pins it (from the webview); run 3 opens a new tab.
    p1.fromWebview({ type: 'view/pin', pinned: true });
    assert.equal(p1.title, '\u{1F4CC} SELECT 2');
    const third = pres.open(info('SELECT 3', 0, c), undefined);
    assert.equal(panels.length, before + 1);
    assert.equal(panels[panels.length - 1].title, 'SELECT 3');
    third.complete({ rowCount: 0, durationMs: 1 });
    pres.dispose();
  });

  void it('cancel, fetch more/all, plan with metrics, pages and export reach the run', async () => {
    const plans: PlanRequest[] = [];
    const pres = await presenter(plans);
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const metrics = [{ name: 'CollectLimit', planId: 1, parent: 1, executionMetrics: {} }];
    const sink = pres.open(info('SELECT id FROM big', 0, c), undefined);
    const p = panels[panels.length - 1];
    await ready(p);
    const resultId = (p.posted.find((m) => m.type === 'result/start') as { resultId: string }).resultId;

    p.fromWebview({ type: 'cancel', resultId });
    assert.equal(c.cancels, 1);
    p.fromWebview({ type: 'cancel', resultId: 'someone-else' });
    assert.equal(c.cancels, 1, 'a cancel for another result is ignored');

    // 16 MB cap and ~28 KB batches: one page. Feed all six batches, acknowledging as the webview would.
    for (const b of multi.batches) sink.addBatch(b, 0);
    for (let k = 0; k < multi.batches.length; k++) p.fromWebview({ type: 'batch/ack', resultId, seq: k });
    sink.complete({ rowCount: 5000, durationMs: 40, limited: true, metrics });

    request(p, 1, 'result/fetchMore', { resultId, mode: 'more' });
    await tick();
    assert.deepEqual(response(p, 1), { type: 'response', id: 1, ok: true, result: { accepted: true } });
    assert.deepEqual(c.reruns, [10_000], 'more: ten times the limit');
    // The rerun's result goes to the same tab.
    const before = panels.length;
    c.rerunTargets[0].open(info('SELECT id FROM big', 0, c), undefined).complete({ rowCount: 0, durationMs: 1 });
    assert.equal(panels.length, before);
    const newId = (p.posted.filter((m) => m.type === 'result/start').pop() as { resultId: string }).resultId;
    assert.notEqual(newId, resultId);

    request(p, 2, 'result/fetchMore', { resultId: newId, mode: 'all' });
    await tick();
    assert.deepEqual(c.reruns, [10_000, 0]);

    request(p, 3, 'result/plan', { resultId: newId });
    await tick();
    assert.equal(response(p, 3)?.ok, true);
    assert.equal(plans.length, 1);
    assert.equal(plans[0].mode, 'formatted');
    assert.equal(plans[0].text, '== Physical Plan (formatted) ==');
    assert.equal(plans[0].sql, 'SELECT id FROM big');

    request(p, 4, 'result/page', { resultId: newId, page: 3 });
    await tick();
    assert.deepEqual(response(p, 4)?.result, { accepted: false });

    request(p, 5, 'clipboard/write', { text: 'a\tb', format: 'tsv', rows: 1, columns: 2 });
    await tick();
    assert.deepEqual(clipboard, ['a\tb']);
    pres.dispose();
  });

  void it('a Plan opened while the run goes on gets the run\'s metrics when it ends, and only then', async () => {
    const plans: PlanRequest[] = [];
    const pres = await presenter(plans);
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const metrics = [{ name: 'AdaptiveSparkPlan', planId: 1, parent: 0, executionMetrics: {} }];
    const sink = pres.open(info('SELECT id FROM running', 0, c), undefined);
    const p = panels[panels.length - 1];
    await ready(p);
    const resultId = (p.posted.find((m) => m.type === 'result/start') as { resultId: string }).resultId;
    sink.addBatch(multi.batches[0], 0);
    request(p, 1, 'result/plan', { resultId });
    for (let i = 0; i < 20 && plans.length < 1; i++) await tick();
    assert.equal(plans.length, 1);
    assert.equal(plans[0].metrics, undefined, 'nothing ran to the end yet');
    assert.equal(plans[0].refreshOnly, undefined, 'the click opens the plan');
    sink.complete({ rowCount: 1000, durationMs: 40, metrics });
    for (let i = 0; i < 20 && plans.length < 2; i++) await tick();
    assert.equal(plans.length, 2, 'the end of the run sends its metrics to the plan');
    assert.deepEqual(plans[1].metrics, metrics);
    assert.equal(plans[1].refreshOnly, true, 'an update of the open plan, which opens none if it was closed');

    // A Plan opened after the end carries the metrics at once; nothing follows.
    const sink2 = pres.open(info('SELECT id FROM running', 0, c), undefined);
    const id2 = (p.posted.filter((m) => m.type === 'result/start').pop() as { resultId: string }).resultId;
    sink2.complete({ rowCount: 0, durationMs: 1, metrics });
    request(p, 2, 'result/plan', { resultId: id2 });
    for (let i = 0; i < 20 && plans.length < 3; i++) await tick();
    assert.equal(plans.length, 3);
    assert.deepEqual(plans[2].metrics, metrics);
    assert.equal(plans[2].refreshOnly, undefined);

    // Asked while running, but the run is cancelled: nothing follows, and the next run of the tab owes nothing.
    const sink3 = pres.open(info('SELECT id FROM running', 0, c), undefined);
    const id3 = (p.posted.filter((m) => m.type === 'result/start').pop() as { resultId: string }).resultId;
    request(p, 3, 'result/plan', { resultId: id3 });
    for (let i = 0; i < 20 && plans.length < 4; i++) await tick();
    sink3.fail({ message: 'Cancelled.', cancelled: true, rowCount: 0 });
    pres.open(info('SELECT id FROM running', 0, c), undefined).complete({ rowCount: 0, durationMs: 1, metrics });
    for (let i = 0; i < 10; i++) await tick();
    assert.equal(plans.length, 4, 'a cancelled run sends no metrics, and its Plan click is not carried to the next run');
    pres.dispose();
  });

  void it('exports the whole result from the host\'s batches to the file the user picks', async () => {
    const pres = await presenter();
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    config.webviewMemoryMB = 16;
    const sink = pres.open(info('SELECT * FROM multi', 0, c), undefined);
    const p = panels[panels.length - 1];
    await ready(p);
    const resultId = (p.posted.find((m) => m.type === 'result/start') as { resultId: string }).resultId;
    for (const b of multi.batches) sink.addBatch(b, 0);
    sink.complete({ rowCount: 5000, durationMs: 4 });
    saveTo = join(ext, 'out.csv');
    request(p, 9, 'export/save', { resultId, format: 'csv', suggestedName: 'x.csv' });
    for (let i = 0; i < 100 && !response(p, 9); i++) await tick();
    assert.deepEqual(response(p, 9)?.result, { path: saveTo, rows: 5000 });
    assert.ok(existsSync(saveTo));
    const lines = readFileSync(saveTo, 'utf8').split('\r\n');
    assert.equal(lines[0], 'id,half,label');
    assert.equal(lines[5000], '4999,7498.5,row 4999');
    // A dismissed dialog writes nothing.
    saveTo = undefined;
    request(p, 10, 'export/save', { resultId, format: 'jsonl', suggestedName: 'x.jsonl' });
    await tick();
    assert.deepEqual(response(p, 10)?.result, { path: null, rows: 0 });
    pres.dispose();
  });

  void it('keeps at most the memory budget for all open results: stops the query, says how much, fetch more re-runs with more room', async () => {
    config.memoryBudgetMB = 16;
    const budgetBytes = 16 * 1024 * 1024;
    const pres = await presenter();
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    let stops = 0;
    const sink = pres.open(info('SELECT * FROM huge', 0, c, { stop: () => { stops++; } }), undefined);
    const p = panels[panels.length - 1];
    await ready(p);
    const resultId = (p.posted.find((m) => m.type === 'result/start') as { resultId: string }).resultId;
    const batch = multi.batches[1];
    let kept = 0;
    while (stops === 0 && kept < 5000) {
      sink.addBatch(batch, 1000);
      kept++;
    }
    assert.equal(stops, 1, 'the query is stopped once');
    assert.equal(kept, Math.ceil(budgetBytes / batch.byteLength), 'every batch up to the budget is kept');
    assert.equal(c.cancels, 0, 'stopped, not cancelled: the rest of the run goes on');
    sink.addBatch(batch, 1000); // already in flight when the interrupt landed: dropped
    sink.complete({ rowCount: (kept + 1) * 1000, durationMs: 5, limited: true });
    for (let k = 0; k < kept; k++) p.fromWebview({ type: 'batch/ack', resultId, seq: k });
    const budgetMsg = p.posted.find((m) => m.type === 'result/budget');
    assert.deepEqual(budgetMsg, { type: 'result/budget', resultId, rows: kept * 1000, bytes: kept * batch.byteLength, budgetBytes, canRerun: true });
    assert.equal(p.posted.some((m) => m.type === 'result/limited'), false, 'not shown as a row limit');
    const done = p.posted.filter((m) => m.type === 'result/progress' && m.done).pop();
    assert.equal((done as { rows: number }).rows, kept * 1000);

    // The budget is shared: another tab's result stops at its first batch while this one holds the budget.
    p.fromWebview({ type: 'view/pin', pinned: true });
    let otherStops = 0;
    const other = pres.open(info('SELECT 2', 0, c, { stop: () => { otherStops++; } }), undefined);
    other.addBatch(batch, 1000);
    assert.equal(otherStops, 1);
    other.complete({ rowCount: 1000, durationMs: 1, limited: true });

    // Fetch more re-runs with the same row limit and a budget's worth of extra room.
    request(p, 1, 'result/fetchMore', { resultId, mode: 'more' });
    await tick();
    assert.deepEqual(response(p, 1)?.result, { accepted: true });
    assert.deepEqual(c.reruns, [1000], 'same row limit: it was memory, not rows, that ran out');
    let moreStops = 0;
    const more = c.rerunTargets[0].open(info('SELECT * FROM huge', 0, c, { stop: () => { moreStops++; } }), undefined);
    let keptMore = 0;
    while (moreStops === 0 && keptMore < 5000) {
      more.addBatch(batch, 1000);
      keptMore++;
    }
    // The other tab still holds one batch of the shared budget; this result has its own extra budget.
    assert.equal(keptMore, Math.ceil((2 * budgetBytes - batch.byteLength) / batch.byteLength));
    pres.dispose();
    config.memoryBudgetMB = 512;
  });

  void it('without a stop() control the budget interrupts through cancel, and the grid still shows a budget stop, not a cancel', async () => {
    config.memoryBudgetMB = 16;
    const pres = await presenter();
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const sink = pres.open(info('SELECT * FROM huge', 0, c), undefined);
    const p = panels[panels.length - 1];
    await ready(p);
    const resultId = (p.posted.find((m) => m.type === 'result/start') as { resultId: string }).resultId;
    let n = 0;
    while (c.cancels === 0 && n < 5000) {
      sink.addBatch(multi.batches[1], 1000);
      n++;
    }
    assert.equal(c.cancels, 1);
    sink.fail({ message: 'Cancelled.', cancelled: true, rowCount: n * 1000 });
    for (let k = 0; k < n; k++) p.fromWebview({ type: 'batch/ack', resultId, seq: k });
    assert.ok(p.posted.some((m) => m.type === 'result/budget'));
    assert.equal(p.posted.some((m) => m.type === 'result/error'), false);
    pres.dispose();
    config.memoryBudgetMB = 512;
  });

  void it('exports the whole result by re-running the query into the file, keeping nothing', async () => {
    const pres = await presenter();
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const rerun = async (limit: number, target: ResultsPresenter): Promise<RunOutcome> => {
      c.reruns.push(limit);
      const s = target.open(info('SELECT * FROM multi', 0, c), undefined);
      for (const b of multi.batches) {
        s.addBatch(b, 0);
        await s.whenWritten?.();
      }
      s.complete({ rowCount: 5000, durationMs: 3 });
      return { status: 'succeeded', completed: 1, totalRows: 5000 };
    };
    const sink = pres.open(info('SELECT * FROM multi', 0, c, { rerun }), undefined);
    const p = panels[panels.length - 1];
    await ready(p);
    const resultId = (p.posted.find((m) => m.type === 'result/start') as { resultId: string }).resultId;
    sink.addBatch(multi.batches[0], 0);
    sink.complete({ rowCount: 1000, durationMs: 1, limited: true });
    const panelsBefore = panels.length;
    const startsBefore = p.posted.filter((m) => m.type === 'result/start').length;
    saveTo = join(ext, 'whole.csv');
    request(p, 11, 'result/exportAll', { resultId, format: 'csv', suggestedName: 'whole.csv' });
    for (let i = 0; i < 200 && !response(p, 11); i++) await tick();
    assert.deepEqual(response(p, 11)?.result, { path: saveTo, rows: 5000 });
    assert.deepEqual(c.reruns, [0], 'the whole result: no row limit');
    const lines = readFileSync(saveTo, 'utf8').split('\r\n');
    assert.equal(lines[0], 'id,half,label');
    assert.equal(lines[5000], '4999,7498.5,row 4999');
    assert.equal(panels.length, panelsBefore, 'no tab opened');
    assert.equal(p.posted.filter((m) => m.type === 'result/start').length, startsBefore, 'the grid keeps what it showed');
    saveTo = undefined;
    pres.dispose();
  });
  void it('a run that fails before any result shows its failure there; the old rows stay only as the previous result', async () => {
    // An open document the failure points into, and the editor calls the link makes.
    const doc = { uri: { toString: () => 'file:///w/q.sql' }, positionAt: (o: number) => ({ line: Math.floor(o / 100), character: o % 100 }) };
    const shown: unknown[] = [];
    Object.assign(vs.workspace, { textDocuments: [doc], openTextDocument: async () => doc });
    Object.assign(vs.window, { showTextDocument: async (_d: unknown, o: unknown) => { shown.push(o); } });
    Object.assign(vs, { Selection: class { constructor(readonly anchor: unknown, readonly active: unknown) {} } });
    Object.assign(vs.Uri, { parse: (u: string) => new FakeUri(u) });
    const pres = await presenter();
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const ok = pres.open(info('SELECT id FROM t', 0, c), [{ name: 'id', type: 'bigint', nullable: false }]);
    const p = panels[panels.length - 1];
    await ready(p);
    ok.addBatch(multi.batches[0], 1000);
    ok.complete({ rowCount: 1000, durationMs: 5 });
    p.posted.length = 0;

    pres.failed(info('SELECT nope FROM t', 0, c, { source: 'file:///w/q.sql', startedAt: Date.now() }), {
      message: 'A column `nope` cannot be resolved.', cancelled: false, rowCount: 0, reason: 'analysis',
      errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION', sqlState: '42703', range: { start: 207, end: 211 },
    });
    assert.equal(panels[panels.length - 1], p, 'the failure goes to the tab the result would have taken');
    const start = p.posted.find((m) => m.type === 'result/start');
    assert.ok(start?.type === 'result/start');
    assert.equal(start.statement, 'SELECT nope FROM t');
    assert.equal(start.previous?.statement, 'SELECT id FROM t', 'the old rows are labelled as the previous result');
    assert.equal(p.posted.filter((m) => m.type === 'result/batch').length, 1, 'the old rows come along under that label');
    const error = p.posted.find((m) => m.type === 'result/error');
    assert.ok(error?.type === 'result/error');
    assert.equal(error.resultId, start.resultId);
    assert.deepEqual({ ...error.error, detail: undefined }, {
      reason: 'analysis', message: 'A column `nope` cannot be resolved.', errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION',
      sqlState: '42703', position: { line: 3, column: 8 }, detail: undefined,
    });
    assert.equal(p.title, 'SELECT nope FROM t');

    // The link selects the range in the editor.
    request(p, 71, 'result/revealError', { resultId: start.resultId });
    await tick();
    assert.deepEqual(response(p, 71)?.result, { revealed: true });
    assert.equal(shown.length, 1);

    // Failing again keeps naming the run the rows came from; a tab without rows shows the failure alone.
    pres.failed(info('SELECT still_nope', 0, c), { message: 'x', cancelled: false, rowCount: 0 });
    const starts = p.posted.filter((m) => m.type === 'result/start');
    const again = starts[starts.length - 1];
    assert.equal(again.type === 'result/start' && again.previous?.statement, 'SELECT id FROM t');
    pres.dispose();
    const fresh = await presenter();
    fresh.failed(info('SELECT 1 FROM nowhere', 0, c), { message: 'y', cancelled: false, rowCount: 0 });
    const q = panels[panels.length - 1];
    await ready(q);
    const s2 = q.posted.find((m) => m.type === 'result/start');
    assert.equal(s2?.type === 'result/start' && s2.previous, undefined);
    assert.equal(q.posted.filter((m) => m.type === 'result/batch').length, 0);
    assert.ok(q.posted.some((m) => m.type === 'result/error'));
    fresh.dispose();
  });
  void it('sort / filter on the server re-runs the query with the refinement, under the same row limit', async () => {
    const pres = await presenter();
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const refines: unknown[] = [];
    const sink = pres.open(info('SELECT id, name FROM t', 0, c, {
      rerun: async (limit, target, refine) => {
        c.reruns.push(limit);
        c.rerunTargets.push(target);
        refines.push(refine);
        return { status: 'succeeded', completed: 1, totalRows: 0 } as RunOutcome;
      },
    }), [{ name: 'id', type: 'bigint', nullable: false }, { name: 'name', type: 'string', nullable: true }]);
    const p = panels[panels.length - 1];
    await ready(p);
    sink.addBatch(multi.batches[0], 1000);
    sink.complete({ rowCount: 1000, durationMs: 3, limited: true });
    request(p, 81, 'result/refine', { resultId: (p.posted.find((m) => m.type === 'result/start') as { resultId: string }).resultId,
      sort: { column: 1, descending: true }, filter: { text: 'ab', columns: [0, 1] } });
    await tick();
    assert.deepEqual(response(p, 81)?.result, { accepted: true });
    assert.deepEqual(c.reruns, [1000]);
    assert.deepEqual(refines, [{ sort: { column: 'name', descending: true }, filter: { text: 'ab', columns: ['id', 'name'] } }]);
    // The refined run's result says what the server did.
    c.rerunTargets[0].open(info('SELECT id, name FROM t', 0, c, { refine: { sort: { column: 'name', descending: true } } }), undefined);
    const starts = p.posted.filter((m) => m.type === 'result/start');
    const last = starts[starts.length - 1];
    assert.equal(last.type === 'result/start' && last.refinement, 'sorted by name descending');
    pres.dispose();
  });
});

// ---------------------------------------------------------------- Fetch more reads on in the same execution

/** A kept continuation as the engine hands it over (kept-result.ts), scripted. */
class FakeContinuation {
  readonly operationId = 'op-kept';
  readonly maxRows = 10_000;
  deliveredRows = 1000;
  kept = true;
  endReason: string | undefined;
  releases: string[] = [];
  reads: number[] = [];
  lost = false;
  private readonly listeners = new Set<() => void>();
  onDidEnd(l: () => void) {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }
  end(why: string): void {
    this.kept = false;
    this.endReason = why;
    for (const l of [...this.listeners]) l();
  }
  readOn(rows: number): AsyncIterable<import('../../../../src/engine/engine').ResultEvent> {
    this.reads.push(rows);
    this.kept = false;
    const self = this;
    return (async function* () {
      if (self.lost) {
        self.endReason = 'the server no longer has it';
        throw Object.assign(new Error('gone'), { continuationLost: true });
      }
      for (const b of multi.batches.slice(0, 2)) {
        self.deliveredRows += 1000;
        yield { kind: 'arrow' as const, rowCount: 1000, data: b };
      }
      self.kept = true;
      yield { kind: 'limited' as const, rowLimit: self.deliveredRows, continuation: self };
    })();
  }
  release(reason = 'released'): void {
    this.releases.push(reason);
    if (this.kept) this.end(reason);
  }
}

void describe('Fetch more on a kept result', () => {
  void it('reads on into the same result (no re-run, same resultId), labelled as continuing; close releases', async () => {
    const pres = await presenter();
    assert.equal(pres.keepForMore, true, 'on by default (sparkConnect.results.fetchMoreContinues)');
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const cont = new FakeContinuation();
    const sink = pres.open(info('SELECT uuid() AS u, id FROM range(100000)', 0, c), undefined);
    const p = panels[panels.length - 1];
    await ready(p);
    const resultId = (p.posted.find((m) => m.type === 'result/start') as { resultId: string }).resultId;
    sink.addBatch(multi.batches[0], 1000);
    p.fromWebview({ type: 'batch/ack', resultId, seq: 0 });
    sink.complete({ rowCount: 1000, durationMs: 10, limited: true, continuation: cont });
    const limited = p.posted.filter((m) => m.type === 'result/limited').pop();
    assert.deepEqual(limited, { type: 'result/limited', resultId, rowLimit: 1000, canFetchMore: true, continues: true });

    const posted = p.posted.length;
    request(p, 1, 'result/fetchMore', { resultId, mode: 'more' });
    for (let i = 0; i < 20 && !p.posted.slice(posted).some((m) => m.type === 'result/progress' && m.done); i++) {
      for (const m of p.posted) if (m.type === 'result/batch') p.fromWebview({ type: 'batch/ack', resultId: m.resultId, seq: m.seq });
      await tick();
    }
    assert.deepEqual(c.reruns, [], 'no re-run');
    assert.deepEqual(cont.reads, [9000], 'up to ten times what is shown');
    const after = p.posted.slice(posted);
    assert.equal(after.some((m) => m.type === 'result/start'), false, 'the same result goes on');
    const batches = after.filter((m) => m.type === 'result/batch') as Array<{ resultId: string; seq: number }>;
    assert.deepEqual(batches.map((b) => [b.resultId, b.seq]), [[resultId, 1], [resultId, 2]]);
    const done = after.filter((m) => m.type === 'result/progress' && m.done).pop() as { rows: number } | undefined;
    assert.equal(done?.rows, 3000);
    assert.deepEqual(after.filter((m) => m.type === 'result/limited').pop(),
      { type: 'result/limited', resultId, rowLimit: 3000, canFetchMore: true, continues: true });

    // The keep ends on the server side (expired): the marker now says Fetch more re-runs, and why.
    cont.end('kept for longer than the server would keep it');
    const relabel = p.posted.filter((m) => m.type === 'result/limited').pop() as { continues?: boolean; note?: string };
    assert.equal(relabel.continues, undefined);
    assert.match(relabel.note ?? '', /no longer holds the rest.*kept for longer/);
    request(p, 2, 'result/fetchMore', { resultId, mode: 'more' });
    await tick();
    assert.deepEqual(c.reruns, [30_000], 'a re-run, from the rows shown');
    pres.dispose();
  });

  void it('a continuation the server lost leaves the rows and turns Fetch more into a labelled re-run', async () => {
    const pres = await presenter();
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const cont = new FakeContinuation();
    cont.lost = true;
    const sink = pres.open(info('SELECT rand()', 0, c), undefined);
    const p = panels[panels.length - 1];
    await ready(p);
    const resultId = (p.posted.find((m) => m.type === 'result/start') as { resultId: string }).resultId;
    sink.addBatch(multi.batches[0], 1000);
    sink.complete({ rowCount: 1000, durationMs: 10, limited: true, continuation: cont });
    request(p, 1, 'result/fetchMore', { resultId, mode: 'more' });
    for (let i = 0; i < 10; i++) await tick();
    assert.deepEqual(c.reruns, [], 'never a silent re-run');
    const last = p.posted.filter((m) => m.type === 'result/limited').pop() as { continues?: boolean; note?: string; rowLimit: number };
    assert.equal(last.continues, undefined);
    assert.equal(last.rowLimit, 1000);
    assert.match(last.note ?? '', /no longer holds the rest/);
    assert.ok(p.posted.filter((m) => m.type === 'result/progress' && m.done).length >= 2, 'the result is done again');
    pres.dispose();
  });

  void it('closing the tab or replacing the result releases what the server keeps', async () => {
    const pres = await presenter();
    const c: Controls = { cancels: 0, reruns: [], rerunTargets: [] };
    const a = new FakeContinuation();
    pres.open(info('SELECT 1', 0, c), undefined).complete({ rowCount: 1000, durationMs: 1, limited: true, continuation: a });
    const b = new FakeContinuation();
    pres.open(info('SELECT 2', 0, c), undefined).complete({ rowCount: 1000, durationMs: 1, limited: true, continuation: b });
    assert.deepEqual(a.releases, ['the result was replaced']);
    pres.dispose();
    assert.deepEqual(b.releases, ['the tab was closed']);
  });
});
