// Wires the grid together: host messages in, result store and views updated, user actions out.

import {
  type CopyFormat, type ExportFormat, type HostToGrid, type ResultStart,
} from '../../src/protocol/grid';
import { jsonText } from '../../src/arrow-format/json-value';
import { ColumnLayout, type LayoutState } from './column-layout';
import { formatCopy } from './copy-format';
import { DetailPanel } from './detail';
import { countOf, el } from './dom';
import { exportResult, exportWholeResult } from './exporter';
import { GridView } from './grid-view';
import { gutterWidthFor, measureColumn } from './header';
import { GRID_CLIENT, type HostChannel } from './host-channel';
import { ResultStore } from './result-store';
import { RowView } from './row-view';
import { Selection } from './selection';
import { Toolbar } from './toolbar';
import { HostClient, type WebviewEnv } from '../shared/host-client';
import type { ResultSnapshot } from '../../src/protocol/result-snapshot';
import { loadSnapshot, snapshotOfStore } from './snapshot';
import { SnapshotBanner } from './snapshot-banner';

const CLOCK_MS = 200;
/** Re-sort while streaming at most this often; the rows that arrive in between are shown after. */
const RESORT_MS = 1000;

interface SavedState {
  resultId: string;
  layout: LayoutState;
  /** The last finished result's first rows, for the tab VS Code restores after a window reload. */
  snapshot?: ResultSnapshot;
}

export class GridApp {
  readonly store = new ResultStore();
  readonly rows = new RowView(this.store);
  readonly layout = new ColumnLayout();
  readonly selection = new Selection();
  readonly grid: GridView;
  readonly toolbar: Toolbar;
  readonly detail: DetailPanel;
  readonly channel: HostChannel;
  private clock: ReturnType<typeof setInterval> | undefined;
  private clockBase = { elapsed: 0, at: 0 };
  private note = '';
  private cancelling = false;
  private fetchPending = false;
  private pagePending = false;
  private pinned = false;
  /** What the cut-off note last showed. */
  private partialKey = '';
  private lastSort = 0;
  private resortTimer: ReturnType<typeof setTimeout> | undefined;
  /** performance.now() when the current result's first batch arrived / first rows were painted. */
  readonly timings = { firstBatchAt: 0, firstPaintAt: 0 };
  readonly snapshotBanner: SnapshotBanner;
  /** The snapshot kept in the webview state (the last finished result's, or the restored one). */
  private savedSnapshot: ResultSnapshot | undefined;
  /** Set while the grid shows a restored snapshot rather than a live result. */
  private shownSnapshot: ResultSnapshot | null = null;
  /** The connection profile of the result on show, from 'result/start'. */
  private profile: string | undefined;

  constructor(root: HTMLElement, env: WebviewEnv) {
    this.channel = new HostClient(GRID_CLIENT, {
      onNotification: (m) => this.onHostMessage(m),
      onInvalid: (raw) => this.log('warn', `ignored a message that is not part of the grid protocol: ${describe(raw)}`),
    }, env);
    this.toolbar = new Toolbar(root, {
      cancel: () => this.cancel(),
      filter: (t) => void this.applyFilter(t),
      toggleColumn: (c, visible) => this.toggleColumn(c, visible),
      freeze: (on) => {
        this.layout.frozen = on;
        this.grid.invalidate(true);
        this.saveState();
      },
      copyAs: (f) => void this.copy(f, true),
      exportAs: (f) => void this.export(f),
      fetchMore: (mode) => void this.fetchMore(mode),
      exportAll: (f) => void this.exportAll(f),
      pin: () => this.togglePin(),
      plan: () => void this.showPlan(),
      page: (delta) => void this.goToPage(delta),
      revealError: () => void this.revealError(),
      refineOnServer: () => void this.refineOnServer(),
    });
    this.snapshotBanner = new SnapshotBanner(() => void this.rerunSnapshot());
    this.savedSnapshot = (this.channel.state as SavedState | undefined)?.snapshot;
    const main = el('div', 'main');
    root.append(this.snapshotBanner.root, main);
    this.grid = new GridView(main, this.store, this.rows, this.layout, this.selection, {
      onSort: (c) => this.toggleSort(c),
      onLayoutChange: () => this.saveState(),
      onCopy: () => void this.copy('tsv', false),
      onOpenDetail: () => this.openDetail(),
      onEscape: () => {
        if (!this.detail.isOpen) return false;
        this.detail.hide();
        return true;
      },
      onSelectionChange: () => {
        if (this.detail.isOpen) this.openDetail();
      },
    });
    this.detail = new DetailPanel(main, {
      close: () => {
        this.detail.hide();
        this.grid.scroller.focus();
      },
      copy: (kind) => void this.copyDetail(kind),
    });
    this.refreshStatus();
  }

  start(): void {
    // VS Code may run its own Copy command in the webview (execCommand('copy')) instead of delivering the
    // key press; answer that native copy event with the same TSV the Ctrl+C path sends to the host.
    document.addEventListener('copy', (e: ClipboardEvent) => {
      if (document.activeElement !== this.grid.scroller || !e.clipboardData || this.store.fields.length === 0) return;
      const { rows, columns } = this.selectionScope();
      e.clipboardData.setData('text/plain', formatCopy('tsv', { store: this.store, rows, columns, header: false }));
      e.preventDefault();
    });
    this.channel.start();
  }

  // ---------------------------------------------------------------- host messages

  private onHostMessage(m: HostToGrid): void {
    if (m.type === 'result/start') {
      this.startResult(m);
      return;
    }
    if (m.type === 'response') return;
    if (m.type === 'result/snapshot') {
      this.showSnapshot(m.resultId, m.snapshot);
      return;
    }
    if (m.type === 'view/state') {
      this.pinned = m.pinned;
      this.toolbar.setViewState(m.pinned, m.canShowPlan);
      return;
    }
    if (m.resultId !== this.store.resultId) {
      // A late message from a result that was replaced; still release the host's flow control.
      if (m.type === 'result/batch') this.channel.post({ type: 'batch/ack', resultId: m.resultId, seq: m.seq });
      return;
    }
    switch (m.type) {
      case 'result/schema':
        this.store.setSparkColumns(m.columns);
        // Before the first batch the headers come from this schema alone.
        if (this.store.schemaOnly) this.initColumns();
        this.grid.invalidate(true);
        break;
      case 'result/batch':
        this.addBatch(m.data, m.seq);
        break;
      case 'result/progress':
        this.store.hostRows = m.rows;
        this.store.elapsedMs = m.elapsedMs;
        this.clockBase = { elapsed: m.elapsedMs, at: performance.now() };
        if (m.done) this.finish('done');
        break;
      case 'result/pages':
        this.store.pages = { page: m.page, pageCount: m.pageCount, firstRow: m.firstRow, totalRows: m.totalRows };
        this.store.rowOffset = m.firstRow;
        this.fitGutter();
        this.toolbar.setPages(this.store.pages, this.store.rowCount, this.pagePending);
        this.grid.invalidate();
        break;
      case 'result/limited':
        this.store.limited = {
          rowLimit: m.rowLimit, canFetchMore: m.canFetchMore,
          ...(m.continues ? { continues: true } : {}), ...(m.note !== undefined ? { note: m.note } : {}),
        };
        this.toolbar.setLimited(this.store.limited, this.fetchPending);
        break;
      case 'result/budget':
        this.store.budget = { rows: m.rows, bytes: m.bytes, budgetBytes: m.budgetBytes, canRerun: m.canRerun };
        this.toolbar.budgetBanner.set(this.store.budget, this.fetchPending);
        break;
      case 'result/error':
        this.store.error = m.error;
        if (m.elapsedMs !== undefined) this.store.elapsedMs = m.elapsedMs;
        this.finish(m.error.reason === 'cancelled' ? 'cancelled' : 'error');
        this.toolbar.setError(m.error);
        break;
    }
    this.refreshStatus();
  }

  private startResult(m: ResultStart): void {
    this.store.reset(m.resultId, m);
    this.profile = m.profile;
    this.shownSnapshot = null;
    this.snapshotBanner.set(null);
    this.rows.reset();
    this.selection.clear();
    this.layout.reset(0, []);
    this.detail.hide();
    this.note = '';
    this.cancelling = false;
    this.fetchPending = false;
    this.toolbar.filterInput.value = '';
    this.toolbar.setError(null);
    this.toolbar.setPrevious(m.previous ?? null);
    this.grid.scroller.classList.toggle('previous-result', !!m.previous);
    this.toolbar.setLimited(null, false);
    this.toolbar.budgetBanner.set(null, false);
    this.toolbar.setPages(null, 0, false);
    this.toolbar.setColumns([]);
    this.timings.firstBatchAt = 0;
    this.timings.firstPaintAt = 0;
    this.clockBase = { elapsed: Math.max(0, Date.now() - m.startedAt), at: performance.now() };
    clearInterval(this.clock);
    this.clock = setInterval(() => this.refreshStatus(), CLOCK_MS);
    this.grid.resetScroll();
    if (this.store.schemaOnly) this.initColumns();
    this.grid.invalidate(true);
    this.refreshStatus();
  }

  private addBatch(data: ArrayBuffer, seq: number): void {
    const firstBatch = this.store.fields.length === 0;
    if (this.timings.firstBatchAt === 0) this.timings.firstBatchAt = performance.now();
    const hadRows = this.store.rowCount > 0;
    try {
      this.store.addStream(new Uint8Array(data));
    } catch (e) {
      this.log('error', `could not decode batch ${seq}: ${(e as Error).message}`);
      this.toolbar.setError({ reason: 'internal', message: `The result could not be decoded (batch ${seq}): ${(e as Error).message}` });
    }
    this.channel.post({ type: 'batch/ack', resultId: this.store.resultId ?? '', seq });
    if (firstBatch && this.store.fields.length) this.initColumns();
    else this.fitGutter();
    if (this.rows.filterText) void this.rows.rowsAppended().then(() => this.afterViewChange());
    if (this.rows.isSortStale) this.scheduleResort();
    if (!hadRows && this.store.rowCount > 0) {
      // First rows: paint now rather than on the next frame.
      this.grid.relayout();
      this.grid.renderNow();
      this.timings.firstPaintAt = performance.now();
    } else {
      this.grid.relayout();
    }
  }

  /** Widens the row-number column when the largest row number held gets another digit. */
  private fitGutter(): void {
    const w = gutterWidthFor(this.grid, this.store.rowOffset + this.store.rowCount);
    if (w === this.layout.gutterWidth) return;
    this.layout.gutterWidth = w;
    this.grid.invalidate(true);
  }

  private initColumns(): void {
    const n = this.store.columnCount;
    this.layout.reset(n, new Array<number>(n).fill(120));
    this.layout.gutterWidth = gutterWidthFor(this.grid, this.store.rowOffset + this.store.rowCount);
    for (let c = 0; c < n; c++) this.layout.setWidth(c, measureColumn(this.grid, c, 50));
    const saved = this.channel.state as SavedState | undefined;
    if (saved && saved.resultId === this.store.resultId) this.layout.restore(saved.layout);
    this.toolbar.setFrozen(this.layout.frozen);
    this.refreshColumnMenu();
    this.grid.invalidate(true);
  }

  private refreshColumnMenu(): void {
    this.toolbar.setColumns(Array.from({ length: this.store.columnCount }, (_, c) => ({
      column: c, label: `${this.store.columnName(c)} : ${this.store.sparkTypeOf(c)}`, visible: !this.layout.isHidden(c),
    })));
  }

  private finish(state: 'done' | 'error' | 'cancelled'): void {
    this.store.state = state;
    clearInterval(this.clock);
    this.clock = undefined;
    this.cancelling = false;
    this.clockBase = { elapsed: this.store.elapsedMs, at: performance.now() };
    if (this.rows.isSortStale) this.resort();
    if (state !== 'error') this.keepSnapshot();
  }

  // ---------------------------------------------------------------- saved snapshot (window reloads)

  /** Takes the finished result's snapshot into the webview state, after the rows have painted. */
  private keepSnapshot(): void {
    const resultId = this.store.resultId;
    setTimeout(() => {
      if (this.store.resultId !== resultId || this.shownSnapshot) return;
      const s = snapshotOfStore(this.store, this.profile);
      if (!s) return;
      this.savedSnapshot = s;
      this.saveState();
    }, 0);
  }

  /** A tab restored after a window reload: its saved rows, labelled as not live, with Re-run. */
  private showSnapshot(resultId: string, s: ResultSnapshot): void {
    this.startResult({ type: 'result/start', resultId, startedAt: s.startedAt, title: s.title, statement: s.statement, columns: s.columns,
      ...(s.profile !== undefined ? { profile: s.profile } : {}) });
    clearInterval(this.clock);
    this.clock = undefined;
    loadSnapshot(this.store, resultId, s);
    this.shownSnapshot = s;
    this.savedSnapshot = s;
    this.snapshotBanner.set(s);
    this.initColumns();
    this.clockBase = { elapsed: s.elapsedMs, at: performance.now() };
    this.grid.relayout();
    this.grid.renderNow();
    this.saveState();
    this.refreshStatus();
  }

  private async rerunSnapshot(): Promise<void> {
    const s = this.shownSnapshot;
    if (!s || !this.store.resultId) return;
    this.snapshotBanner.set(s, true);
    try {
      const r = await this.channel.request('result/rerun', { resultId: this.store.resultId });
      this.note = r.accepted ? 're-running the query…' : 'this saved result cannot be re-run';
    } catch (e) {
      this.note = `could not re-run: ${(e as Error).message}`;
    }
    if (this.shownSnapshot === s) this.snapshotBanner.set(s, false);
    this.refreshStatus();
  }

  // ---------------------------------------------------------------- actions

  private cancel(): void {
    if (!this.store.resultId || this.store.state !== 'running') return;
    this.cancelling = true;
    this.channel.post({ type: 'cancel', resultId: this.store.resultId });
    this.refreshStatus();
  }

  private toggleSort(c: number): void {
    // Headers from the schema alone (no batch yet): there is nothing to sort.
    if (this.store.fields.length === 0) return;
    if (this.shownSnapshot) {
      // The saved rows are display text: sorting text would misorder numbers and dates.
      this.note = 'sorting needs live rows: Re-run';
      this.refreshStatus();
      return;
    }
    const s = this.rows.sort;
    const next = !s || s.column !== c ? { column: c, descending: false } : !s.descending ? { column: c, descending: true } : null;
    this.note = next ? 'Sorting…' : '';
    this.refreshStatus();
    // Let "Sorting…" paint before the (synchronous) sort of a large result.
    requestAnimationFrame(() => setTimeout(() => {
      const ms = this.rows.applySort(next);
      this.lastSort = performance.now();
      this.note = next ? `sorted in ${Math.round(ms)} ms` : '';
      this.afterViewChange();
    }, 0));
  }

  private scheduleResort(): void {
    if (this.resortTimer) return;
    const wait = Math.max(0, RESORT_MS - (performance.now() - this.lastSort));
    this.resortTimer = setTimeout(() => {
      this.resortTimer = undefined;
      this.resort();
    }, wait);
  }

  private resort(): void {
    if (!this.rows.sort) return;
    this.rows.applySort(this.rows.sort);
    this.lastSort = performance.now();
    this.afterViewChange();
  }

  private async applyFilter(text: string): Promise<void> {
    const cols = this.layout.columns.slice();
    await this.rows.setFilter(text, cols, () => {
      this.note = this.rows.filtering ? `filtering ${Math.round(this.rows.filterProgress * 100)}%` : '';
      this.afterViewChange();
    });
    this.note = '';
    this.afterViewChange();
  }

  private afterViewChange(): void {
    const n = this.rows.length;
    const a = this.selection.active;
    if (a && a.row >= n) this.selection.clear();
    this.grid.invalidate();
    this.refreshStatus();
  }

  private toggleColumn(c: number, visible: boolean): void {
    this.layout.setHidden(c, !visible);
    this.selection.clear();
    this.grid.invalidate(true);
    this.refreshColumnMenu();
    this.saveState();
  }

  /** Rows (data row numbers, view order) and columns (Arrow positions) of the selection, or everything. */
  private selectionScope(): { rows: Uint32Array; columns: number[] } {
    const rect = this.selection.rect(this.rows.length, this.layout.displayCount);
    const r0 = rect ? rect.r0 : 0;
    const r1 = rect ? rect.r1 : this.rows.length - 1;
    const c0 = rect ? rect.c0 : 0;
    const c1 = rect ? rect.c1 : this.layout.displayCount - 1;
    const rows = new Uint32Array(Math.max(0, r1 - r0 + 1));
    for (let v = r0; v <= r1; v++) rows[v - r0] = this.rows.rowAt(v);
    return { rows, columns: this.layout.columns.slice(c0, c1 + 1) };
  }

  private async copy(format: CopyFormat, header: boolean): Promise<void> {
    if (this.store.fields.length === 0) return;
    const { rows, columns } = this.selectionScope();
    const text = formatCopy(format, { store: this.store, rows, columns, header: header || rows.length > 1 && format !== 'tsv' });
    await this.sendClipboard(text, format, rows.length, columns.length);
  }

  private async copyDetail(kind: 'text' | 'json'): Promise<void> {
    const a = this.selection.active;
    if (!a) return;
    const c = this.layout.columns[a.col];
    const [d, i] = this.store.cell(c, this.rows.rowAt(a.row));
    const f = this.store.formatters[c];
    const text = kind === 'json' ? jsonText(f.json(d, i)) : f.text(d, i);
    await this.sendClipboard(text, kind === 'json' ? 'json' : 'tsv', 1, 1);
  }

  private async sendClipboard(text: string, format: CopyFormat, rows: number, columns: number): Promise<void> {
    try {
      await this.channel.request('clipboard/write', { text, format, rows, columns });
      this.note = `copied ${countOf(rows, 'row')} as ${format.toUpperCase()}`;
    } catch (e) {
      this.note = `copy failed: ${(e as Error).message}`;
    }
    this.refreshStatus();
  }

  private async export(format: ExportFormat): Promise<void> {
    if (this.store.fields.length === 0) return;
    if (this.shownSnapshot) {
      this.note = 'export needs live rows: Re-run, then export';
      this.refreshStatus();
      return;
    }
    try {
      this.note = 'exporting…';
      this.refreshStatus();
      const out = await exportResult(this.channel, this.store, format);
      this.note = out.cancelled ? '' : `exported ${countOf(out.rows, 'row')}${out.path ? ' to ' + out.path : ''}`;
    } catch (e) {
      this.note = `export failed: ${(e as Error).message}`;
    }
    this.refreshStatus();
  }

  private async fetchMore(mode: 'more' | 'all'): Promise<void> {
    if (!this.store.resultId) return;
    this.fetchPending = true;
    this.toolbar.setLimited(this.store.limited, true);
    this.toolbar.budgetBanner.set(this.store.budget, true);
    try {
      const r = await this.channel.request('result/fetchMore', { resultId: this.store.resultId, mode });
      if (r.accepted) {
        if (this.store.budget) this.note = 're-running the query…';
        else if (mode === 'more' && this.store.limited?.continues) this.note = 'reading on in the same execution…';
        this.store.limited = null;
        this.store.budget = null;
        this.store.state = 'running';
        this.clockBase = { elapsed: this.store.elapsedMs, at: performance.now() };
        clearInterval(this.clock);
        this.clock = setInterval(() => this.refreshStatus(), CLOCK_MS);
      }
    } catch (e) {
      this.note = `fetch failed: ${(e as Error).message}`;
    }
    this.fetchPending = false;
    this.toolbar.setLimited(this.store.limited, false);
    this.toolbar.budgetBanner.set(this.store.budget, false);
    this.refreshStatus();
  }

  /** After a memory budget stop: the host re-runs the query and streams every row to a file. */
  private async exportAll(format: ExportFormat): Promise<void> {
    if (!this.store.resultId) return;
    try {
      this.note = 'exporting the whole result (re-running the query)…';
      this.refreshStatus();
      const out = await exportWholeResult(this.channel, this.store, format);
      this.note = out.cancelled ? '' : `exported ${countOf(out.rows, 'row')}${out.path ? ' to ' + out.path : ''}`;
    } catch (e) {
      this.note = `export failed: ${(e as Error).message}`;
    }
    this.refreshStatus();
  }

  private togglePin(): void {
    this.pinned = !this.pinned;
    this.toolbar.setViewState(this.pinned, null);
    this.channel.post({ type: 'view/pin', pinned: this.pinned });
  }

  private async showPlan(): Promise<void> {
    if (!this.store.resultId) return;
    this.note = 'opening the plan…';
    this.refreshStatus();
    try {
      await this.channel.request('result/plan', { resultId: this.store.resultId });
      this.note = '';
    } catch (e) {
      this.note = `plan failed: ${(e as Error).message}`;
    }
    this.refreshStatus();
  }

  private async goToPage(delta: number): Promise<void> {
    const p = this.store.pages;
    if (!p || !this.store.resultId || this.pagePending) return;
    const page = p.page + delta;
    if (page < 0 || page >= p.pageCount) return;
    this.pagePending = true;
    this.toolbar.setPages(p, this.store.rowCount, true);
    try {
      const r = await this.channel.request('result/page', { resultId: this.store.resultId, page });
      if (!r.accepted) this.note = 'that page is not available';
    } catch (e) {
      this.note = `paging failed: ${(e as Error).message}`;
    }
    this.pagePending = false;
    this.toolbar.setPages(this.store.pages, this.store.rowCount, false);
    this.refreshStatus();
  }

  /** The grid's sort and filter, applied by the server to the whole result (a re-run under the same row limit). */
  private async refineOnServer(): Promise<void> {
    if (!this.store.resultId || this.fetchPending) return;
    const sort = this.rows.sort;
    const text = this.rows.filterText;
    this.fetchPending = true;
    this.partialKey = '';
    try {
      const r = await this.channel.request('result/refine', {
        resultId: this.store.resultId,
        ...(sort ? { sort: { column: sort.column, descending: sort.descending } } : {}),
        ...(text ? { filter: { text, columns: this.layout.columns.slice() } } : {}),
      });
      this.note = r.accepted ? 're-running the query on the server…' : 'this result cannot be re-run';
    } catch (e) {
      this.note = `could not re-run: ${(e as Error).message}`;
    }
    this.fetchPending = false;
    this.refreshStatus();
  }

  private async revealError(): Promise<void> {
    if (!this.store.resultId) return;
    try {
      const r = await this.channel.request('result/revealError', { resultId: this.store.resultId });
      if (!r.revealed) this.note = 'the statement\'s document is no longer open';
    } catch (e) {
      this.note = `could not show the error: ${(e as Error).message}`;
    }
    this.refreshStatus();
  }

  private openDetail(): void {
    const a = this.selection.active;
    if (!a || a.row >= this.rows.length) return;
    const c = this.layout.columns[a.col];
    const row = this.rows.rowAt(a.row);
    const [d, i] = this.store.cell(c, row);
    const f = this.store.formatters[c];
    const isNull = f.isNull(d, i);
    const wasOpen = this.detail.isOpen;
    this.detail.show({
      column: this.store.fields[c].name, sparkType: f.sparkType, rowLabel: `row ${a.row + 1}`,
      text: f.text(d, i), isNull, tree: f.nested && !isNull ? f.tree(d, i) : null,
    });
    // The panel narrows the grid: keep the cell being inspected in view.
    if (!wasOpen) {
      this.grid.relayout();
      this.grid.ensureVisible(a);
    }
  }

  // ---------------------------------------------------------------- status, state, log

  private refreshStatus(): void {
    const running = this.store.state === 'running';
    const elapsed = running ? this.clockBase.elapsed + (performance.now() - this.clockBase.at) : this.store.elapsedMs;
    this.toolbar.setStatus({
      state: this.store.state, loadedRows: this.store.rowCount, viewRows: this.rows.length, elapsedMs: elapsed,
      note: [this.note, this.store.refinement ? `${this.store.refinement} on the server` : '',
        this.shownSnapshot && this.rows.filterText ? 'filtered the saved rows' : ''].filter(Boolean).join(' · '),
      cancelling: this.cancelling, previous: this.store.previous,
    });
    this.refreshPartial();
    // The host's live row count runs ahead of the last 'result/pages' while later pages fill.
    const p = this.store.pages;
    if (p) this.toolbar.setPages({ ...p, totalRows: Math.max(p.totalRows, this.store.hostRows) }, this.store.rowCount, this.pagePending);
  }

  /** The note under a cut-off result that is sorted or filtered here (re-drawn only when it changes). */
  private refreshPartial(): void {
    const s = this.store;
    const partial = (!!s.limited || !!s.budget) && s.state === 'done';
    const canRefine = !!s.limited?.canFetchMore || !!s.budget?.canRerun;
    const v = partial ? { loadedRows: s.rowCount, sorted: !!this.rows.sort, filtered: this.rows.filterText !== '', canRefine } : null;
    const key = JSON.stringify(v) + String(this.fetchPending);
    if (key === this.partialKey) return;
    this.partialKey = key;
    this.toolbar.setPartial(partial);
    this.toolbar.setPartialView(v);
  }

  private saveState(): void {
    if (!this.store.resultId) return;
    const s: SavedState = { resultId: this.store.resultId, layout: this.layout.save(), ...(this.savedSnapshot ? { snapshot: this.savedSnapshot } : {}) };
    this.channel.state = s;
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.channel.post({ type: 'log', level, message });
  }
}

function describe(raw: unknown): string {
  if (raw && typeof raw === 'object' && 'type' in raw) return `type ${String((raw as { type: unknown }).type)}`;
  return typeof raw;
}
