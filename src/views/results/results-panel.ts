// One results tab: the grid webview (through the generic WebviewHost) showing one result at a time. It
// turns a ResultSink into grid protocol messages (ResultFeed does the bytes, pages and flow control) and
// answers what the grid asks: cancel, pin, copy, export, other pages, fetch more/all, show the plan.
// Every kept batch is counted against the shared memory budget (memory-budget.ts); a result that reaches
// it stops fetching and offers a re-run with more room or an export of the whole result by re-running.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { ResultColumn } from '../../engine/engine';
import type { ControlledResultSetInfo } from '../../engine/query-runner';
import type { Logger } from '../../connect/logger';
import type { ExecutionMetric } from '../../plan/metrics';
import {
  parseGridMessage, type ExportFormat, type GridError, type GridRequest, type GridToHost, type HostToGrid, type SparkColumn,
} from '../../protocol/grid';
import type { ResultFailure, ResultSink, ResultsPresenter } from '../../engine/result-sink';
import { gridError } from './grid-error';
import { WebviewHost } from '../webview/webview-host';
import type { WebviewRequestMessage } from '../webview/message-pump';
import { nextRowLimit } from './fetch-limit';
import type { ResultRefinement } from '../../engine/engine';
import { describeRefinement, isRefining } from '../../engine/refinement';
import type { BudgetAccount, MemoryBudget } from './memory-budget';
import { ResultFeed, type BudgetStop, type LimitState } from './result-feed';
import type { ResultContinuation } from '../../engine/engine';
import { readOnInto } from '../../engine/read-on';
import type { PoolTab } from './tab-pool';
import { statementTitle } from './tab-pool';
import type { ResultSnapshot } from '../../protocol/result-snapshot';

export interface ResultsPanelDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  /** Current settings, read per result. */
  pageBytes(): number;
  configuredRowLimit(): number;
  /** Shared by every results tab: the Arrow bytes all open results may keep together. */
  budget: MemoryBudget;
  /** The sparkConnect.results.export.csvFormulaGuard setting, read per export. */
  csvFormulaGuard(): boolean;
  /**
   * Opens the plan of a result, with the run's metrics; refreshOnly: the metrics of a run whose plan was
   * opened while it ran, for that plan's panel if it is still open.
   */
  showPlan(info: ControlledResultSetInfo, metrics: readonly ExecutionMetric[] | undefined, refreshOnly?: boolean): Promise<void>;
  /** The tab was pinned or unpinned (the presenter stops or starts reusing it). */
  onPinChanged?(panel: ResultsPanel): void;
  /** Line and column (1-based) of a document offset, when that document is open. */
  positionOf?(source: string, offset: number): { line: number; column: number } | undefined;
  /** Selects a failure's range in its document; false when the document cannot be shown. */
  revealRange?(source: string, range: { start: number; end: number }): Promise<boolean>;
  /** Runs a restored snapshot's statement again on its profile; its result should come to `tab`. */
  rerunSnapshot?(tab: ResultsPanel, snapshot: ResultSnapshot): Promise<void>;
  /** Whether runs from this tab keep a limited result's rest on the server for "Fetch more" (the presenter's setting). */
  keepForMore?(): boolean;
}

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  csv: { CSV: ['csv'] },
  jsonl: { 'JSON lines': ['jsonl', 'json'] },
  arrow: { 'Arrow IPC file': ['arrow', 'feather'] },
};

// Starts at the clock so result ids stay unique across window reloads: a restored tab's saved column
// layout is keyed by the id of the result it was saved from.
let resultCounter = Date.now();

export function toSparkColumns(columns: ResultColumn[] | undefined): SparkColumn[] | undefined {
  return columns?.map((c) => ({ name: c.name, sparkType: c.type, nullable: c.nullable }));
}

export class ResultsPanel implements PoolTab, vscode.Disposable {
  private readonly host: WebviewHost<GridToHost, HostToGrid>;
  private feed: ResultFeed | undefined;
  private info: ControlledResultSetInfo | undefined;
  private metrics: readonly ExecutionMetric[] | undefined;
  private running = false;
  /** The result whose Plan was opened before its run ended: the run's metrics follow when it ends. */
  private planAskedWhileRunning: ResultFeed | undefined;
  private account: BudgetAccount | undefined;
  /** The shown result stopped at the memory budget. */
  private budgetStopped = false;
  /** The shown result stopped at the row limit (more rows exist). */
  private limitedShown = false;
  /** Room beyond the shared budget for the next result shown here (set by "Fetch more" after a budget stop). */
  private pendingExtraBytes = 0;
  private pinnedState = false;
  private disposedState = false;
  /** The failure of the result on show, for its "go to the error" link. */
  private failure: ResultFailure | undefined;
  /** Set while the rows on show are an earlier run's, kept under a "previous result" label. */
  private previous: { statement: string; startedAt: number } | undefined;
  /** The saved snapshot on show in a tab restored after a window reload (no live result yet). */
  private restored: { resultId: string; snapshot: ResultSnapshot } | undefined;
  /** The rest of the shown result's execution, kept on the server: "Fetch more" reads on (read-on.ts). */
  private kept: { continuation: ResultContinuation; watch: { dispose(): void } } | undefined;
  /** Cancels a "Fetch more" that is reading on. */
  private readingOn: AbortController | undefined;

  /** `panel`: one VS Code restored after a window reload (result-restore.ts), taken over instead of a new one. */
  constructor(private readonly deps: ResultsPanelDeps, panel?: vscode.WebviewPanel) {
    this.host = new WebviewHost<GridToHost, HostToGrid>(deps.extensionUri, {
      viewType: 'sparkConnect.results',
      title: vscode.l10n.t('Spark Result'),
      bundle: 'grid',
      preserveFocus: true,
      logger: deps.logger,
      ...(panel ? { panel } : {}),
      hooks: {
        parse: parseGridMessage,
        onReady: (reload) => {
          // A reloaded webview (it was hidden, or VS Code rebuilt it) starts empty: replay the result.
          if (reload) this.feed?.begin();
          if (reload && !this.feed && this.restored) this.host.send({ type: 'result/snapshot', ...this.restored });
          this.sendViewState();
        },
        onMessage: (m) => this.onMessage(m),
        onRequest: (r) => this.onRequest(r as GridRequest & WebviewRequestMessage),
        onDispose: () => this.onDisposed(),
      },
    });
  }

  get pinned(): boolean {
    return this.pinnedState;
  }

  get disposed(): boolean {
    return this.disposedState;
  }

  get busy(): boolean {
    return this.running;
  }

  /** The result on show, for tests and the presenter. */
  get current(): { feed: ResultFeed | undefined; info: ControlledResultSetInfo | undefined } {
    return { feed: this.feed, info: this.info };
  }

  setPinned(pinned: boolean): void {
    if (this.pinnedState === pinned) return;
    this.pinnedState = pinned;
    this.updateTitle();
    this.sendViewState();
    this.deps.onPinChanged?.(this);
  }

  reveal(): void {
    this.host.reveal(true);
  }

  /** Shows a new result in this tab, replacing the one shown. */
  show(info: ControlledResultSetInfo, columns: ResultColumn[] | undefined): ResultSink {
    const feed = new ResultFeed({
      resultId: `r${++resultCounter}`,
      start: {
        title: statementTitle(info.sql, 60), statement: info.sql, startedAt: info.startedAt, ...(columns ? { columns: toSparkColumns(columns) } : {}),
        ...(isRefining(info.refine) ? { refinement: describeRefinement(info.refine) } : {}),
        ...(info.profile ? { profile: info.profile } : {}),
      },
      pageBytes: this.deps.pageBytes(),
      post: (m) => {
        // Live row counts only matter to a running page; queued for a webview that is not loaded yet they
        // would pile up (and push out what it needs) during a long query.
        if (m.type === 'result/progress' && !m.done && !this.host.ready) return;
        this.host.send(m);
      },
    });
    this.releaseKept('the result was replaced');
    this.feed = feed;
    this.info = info;
    this.restored = undefined;
    this.failure = undefined;
    this.previous = undefined;
    this.metrics = undefined;
    this.running = true;
    this.budgetStopped = false;
    this.limitedShown = false;
    this.account?.release();
    const account = this.deps.budget.open(this.pendingExtraBytes);
    this.pendingExtraBytes = 0;
    this.account = account;
    let stoppedAtBudget = false;
    const budgetStop = (): BudgetStop => ({
      rows: feed.totalRows, bytes: account.bytes, budgetBytes: account.limit, canRerun: info.rerun !== undefined,
    });
    this.updateTitle();
    this.sendViewState();
    feed.begin();
    const isCurrent = () => this.feed === feed && !this.disposedState;
    return {
      addBatch: (data, rowCount) => {
        // After a budget stop, batches already in flight are dropped: the grid says what was kept.
        if (!isCurrent() || stoppedAtBudget) return;
        feed.addBatch(data, rowCount);
        if (account.add(data.byteLength)) return;
        stoppedAtBudget = true;
        this.deps.logger.info(`results: memory budget reached (${account.bytes} bytes kept by this result, ${this.deps.budget.used} by all); stopping ${info.operationId}`);
        // stop() ends the statement as cut short, so the rest of a multi-statement run still runs.
        if (info.stop) info.stop();
        else info.cancel?.();
      },
      complete: (summary) => {
        if (!isCurrent()) return;
        this.running = false;
        this.metrics = summary.metrics;
        if (this.planAskedWhileRunning === feed) {
          this.planAskedWhileRunning = undefined;
          // Metrics come with the run's end: the plan opened without them gets them now.
          if (summary.metrics && summary.metrics.length > 0) {
            this.deps.showPlan(info, summary.metrics, true).catch((e: unknown) =>
              this.deps.logger.warn(`results: the run's metrics could not reach its plan: ${e instanceof Error ? e.message : String(e)}`));
          }
        }
        const continues = !stoppedAtBudget && summary.continuation?.kept === true;
        const limit = summary.limited && !stoppedAtBudget
          ? {
            rowLimit: info.rowLimit && info.rowLimit > 0 ? info.rowLimit : summary.rowCount,
            canFetchMore: info.rerun !== undefined || continues, ...(continues ? { continues } : {}),
          }
          : undefined;
        this.budgetStopped = stoppedAtBudget;
        this.limitedShown = limit !== undefined;
        if (continues && summary.continuation) this.keep(summary.continuation, feed);
        else summary.continuation?.release('the result stopped at the memory budget');
        feed.complete(summary.durationMs, limit, stoppedAtBudget ? budgetStop() : undefined);
        this.sendViewState();
      },
      fail: (f) => {
        if (!isCurrent()) return;
        this.running = false;
        const elapsed = Math.max(0, Date.now() - info.startedAt);
        // Our own interrupt (a runner without stop()): the result is what the budget allowed, not a cancel.
        if (stoppedAtBudget && f.cancelled) {
          this.budgetStopped = true;
          feed.complete(elapsed, undefined, budgetStop());
          this.sendViewState();
          return;
        }
        this.failure = f;
        feed.fail(this.errorFor(info, f), elapsed);
      },
    };
  }

  /**
   * Shows a statement that failed before it had a result (a parse or analysis error). The tab's previous
   * rows stay, but only under a "previous result" label: a new result carries them with the failure, so
   * nothing on screen passes for this run's result.
   */
  showFailure(info: ControlledResultSetInfo, f: ResultFailure): void {
    const old = this.feed;
    const oldInfo = this.info;
    const keep = old && oldInfo && old.batches.length > 0 ? old : undefined;
    // Failing twice keeps naming the run the rows came from.
    const previous = keep && oldInfo ? this.previous ?? { statement: oldInfo.sql, startedAt: oldInfo.startedAt } : undefined;
    const feed = new ResultFeed({
      resultId: `r${++resultCounter}`,
      start: {
        title: statementTitle(info.sql, 60), statement: info.sql, startedAt: info.startedAt,
        ...(keep?.sparkColumns ? { columns: keep.sparkColumns } : {}),
        ...(previous ? { previous } : {}),
      },
      pageBytes: this.deps.pageBytes(),
      post: (m) => this.host.send(m),
    });
    this.releaseKept('the result was replaced');
    this.feed = feed;
    this.info = info;
    this.restored = undefined;
    this.failure = f;
    this.previous = previous;
    this.metrics = undefined;
    this.running = false;
    this.budgetStopped = false;
    this.limitedShown = false;
    // The kept rows are the same bytes, still counted by the old result's budget account; without them
    // the account is released.
    if (!keep) {
      this.account?.release();
      this.account = undefined;
    }
    this.updateTitle();
    this.sendViewState();
    feed.begin();
    if (keep) feed.adopt(keep);
    feed.fail(this.errorFor(info, f), Math.max(0, Date.now() - info.startedAt));
  }

  /**
   * Shows a snapshot saved before a window reload: its rows as they were, labelled as not live, with
   * Re-run. Nothing runs until the user asks.
   */
  showSnapshot(resultId: string, snapshot: ResultSnapshot): void {
    this.restored = { resultId, snapshot };
    this.updateTitle();
    this.host.send({ type: 'result/snapshot', resultId, snapshot });
    this.sendViewState();
  }

  private rerunSnapshot(resultId: string): boolean {
    const restored = this.restored;
    if (!restored || restored.resultId !== resultId || this.feed || !this.deps.rerunSnapshot) return false;
    this.deps.rerunSnapshot(this, restored.snapshot).catch((err: unknown) =>
      this.deps.logger.error(`re-running a saved result failed: ${err instanceof Error ? err.message : String(err)}`));
    return true;
  }

  /** The grid's error, with the line and column it points at when the document is open. */
  private errorFor(info: ControlledResultSetInfo, f: ResultFailure): GridError {
    const error = gridError(f);
    if (f.range && info.source !== undefined) {
      const position = this.deps.positionOf?.(info.source, f.range.start);
      if (position) error.position = position;
    }
    return error;
  }

  dispose(): void {
    this.host.dispose();
  }

  private onDisposed(): void {
    this.disposedState = true;
    // Nobody will see the rest of the rows: stop the server work (a "fetch all" can be large).
    if (this.running) {
      if (this.readingOn) this.readingOn.abort();
      else this.info?.cancel?.();
    }
    this.releaseKept('the tab was closed');
    this.feed = undefined;
    this.account?.release();
    this.account = undefined;
  }

  private updateTitle(): void {
    const base = this.info ? statementTitle(this.info.sql)
      : this.restored ? `${statementTitle(this.restored.snapshot.statement)} (saved)` : vscode.l10n.t('Spark Result');
    this.host.title = this.pinnedState ? `\u{1F4CC} ${base}` : base;
  }

  private sendViewState(): void {
    this.host.send({ type: 'view/state', pinned: this.pinnedState, canShowPlan: this.info?.explain !== undefined });
  }

  private onMessage(m: GridToHost): void {
    switch (m.type) {
      case 'batch/ack':
        if (this.feed && m.resultId === this.feed.resultId) this.feed.ack(m.seq);
        break;
      case 'cancel':
        if (this.feed && m.resultId === this.feed.resultId && this.running) {
          if (this.readingOn) this.readingOn.abort();
          else this.info?.cancel?.();
        }
        break;
      case 'view/pin':
        this.setPinned(m.pinned);
        break;
      case 'log':
        this.deps.logger[m.level === 'error' ? 'error' : m.level === 'warn' ? 'warn' : 'info'](`results grid: ${m.message}`);
        break;
      default:
        break;
    }
  }

  private async onRequest(r: GridRequest): Promise<unknown> {
    switch (r.method) {
      case 'clipboard/write':
        await vscode.env.clipboard.writeText(r.params.text);
        return null;
      case 'export/save':
        return this.exportResult(r.params.resultId, r.params.format, r.params.suggestedName);
      case 'result/page':
        return { accepted: this.feedFor(r.params.resultId)?.showPage(r.params.page) ?? false };
      case 'result/fetchMore':
        return { accepted: this.fetchMore(r.params.resultId, r.params.mode) };
      case 'result/exportAll':
        return this.exportAll(r.params.resultId, r.params.format, r.params.suggestedName);
      case 'result/refine':
        return { accepted: this.refine(r.params.resultId, r.params.sort, r.params.filter) };
      case 'result/revealError': {
        const { info, failure } = this;
        if (!this.feedFor(r.params.resultId) || !info?.source || !failure?.range || !this.deps.revealRange) return { revealed: false };
        return { revealed: await this.deps.revealRange(info.source, failure.range) };
      }
      case 'result/rerun':
        return { accepted: this.rerunSnapshot(r.params.resultId) };
      case 'result/plan': {
        const info = this.info;
        if (!info || !this.feedFor(r.params.resultId)) throw new Error(vscode.l10n.t('This result is no longer shown.'));
        if (this.running && this.feed) this.planAskedWhileRunning = this.feed;
        await this.deps.showPlan(info, this.metrics);
        return null;
      }
    }
  }

  private feedFor(resultId: string): ResultFeed | undefined {
    return this.feed && this.feed.resultId === resultId ? this.feed : undefined;
  }

  private fetchMore(resultId: string, mode: 'more' | 'all'): boolean {
    const info = this.info;
    if (!info || !this.feedFor(resultId) || this.running) return false;
    // The rest of the same execution is kept: read on, the rows shown stay as they are.
    if (mode === 'more' && !this.budgetStopped && this.kept?.continuation.kept && this.feed) {
      this.readOn(info, this.feed, this.kept.continuation);
      return true;
    }
    if (!info.rerun) return false;
    // After a budget stop "more" means more memory, not more rows: the same row limit, and room beyond the
    // shared budget for the re-run (each click adds another budget's worth).
    const afterBudget = this.budgetStopped && mode === 'more';
    // A result that read on shows more than its row limit: "more" grows from what is shown.
    const shown = Math.max(info.rowLimit ?? 0, this.limitedShown ? this.feed?.totalRows ?? 0 : 0);
    const limit = afterBudget ? info.rowLimit ?? 0 : nextRowLimit(mode, shown, this.deps.configuredRowLimit());
    this.pendingExtraBytes = afterBudget ? (this.account?.extraBytes ?? 0) + this.deps.budget.limit : 0;
    info.rerun(limit, this.rerunTarget()).then((outcome) => {
      if (outcome.status === 'failed') this.deps.logger.warn(`fetch ${mode} failed: ${outcome.failure.message}`);
    }, (err: unknown) => this.deps.logger.error(`fetch ${mode} failed: ${err instanceof Error ? err.message : String(err)}`));
    return true;
  }

  /**
   * "Sort / filter on the server": the same query re-run with a Sort and a Filter over its SQL relation,
   * under the same row limit, so the rows shown are the first of the whole result in that order.
   */
  private refine(resultId: string, sort: { column: number; descending: boolean } | undefined,
    filter: { text: string; columns: number[] } | undefined): boolean {
    const info = this.info;
    const names = this.feed?.sparkColumns?.map((c) => c.name);
    if (!info?.rerun || !this.feedFor(resultId) || this.running || !names) return false;
    // A name that appears twice cannot be told apart on the server: such columns are left out of the filter.
    const unique = (c: number) => names[c] !== undefined && names.indexOf(names[c]) === names.lastIndexOf(names[c]);
    if (sort && !unique(sort.column)) return false;
    const refinement: ResultRefinement = {
      ...(sort ? { sort: { column: names[sort.column], descending: sort.descending } } : {}),
      ...(filter && filter.text !== '' ? { filter: { text: filter.text, columns: filter.columns.filter(unique).map((c) => names[c]) } } : {}),
    };
    if (!isRefining(refinement)) return false;
    const limit = info.rowLimit && info.rowLimit > 0 ? info.rowLimit : this.deps.configuredRowLimit();
    this.pendingExtraBytes = 0;
    info.rerun(limit, this.rerunTarget(), refinement).then((outcome) => {
      if (outcome.status === 'failed') this.deps.logger.warn(`sort/filter on the server failed: ${outcome.failure.message}`);
    }, (err: unknown) => this.deps.logger.error(`sort/filter on the server failed: ${err instanceof Error ? err.message : String(err)}`));
    return true;
  }

  /** Where a re-run started from this tab shows: here, its failure too. */
  private rerunTarget(): ResultsPresenter & { keepForMore: boolean } {
    return {
      open: (i: ControlledResultSetInfo, c) => this.show(i, c),
      failed: (i: ControlledResultSetInfo, f) => this.showFailure(i, f),
      keepForMore: this.deps.keepForMore?.() ?? false,
    };
  }

  /** Holds the shown result's kept continuation; when the server side ends, the limited marker says "re-runs". */
  private keep(continuation: ResultContinuation, feed: ResultFeed): void {
    this.releaseKept('the result was replaced');
    const watch = continuation.onDidEnd(() => {
      if (this.kept?.continuation !== continuation) return;
      this.kept = undefined;
      if (this.feed === feed && !this.running) feed.updateLimit(this.rerunLimit(feed, continuation.endReason));
    });
    this.kept = { continuation, watch };
  }

  private releaseKept(reason: string): void {
    const kept = this.kept;
    if (!kept) return;
    this.kept = undefined;
    kept.watch.dispose();
    kept.continuation.release(reason);
  }

  /** The limited marker once "Fetch more" can only re-run the query. */
  private rerunLimit(feed: ResultFeed, why: string | undefined): LimitState {
    return {
      rowLimit: feed.totalRows, canFetchMore: this.info?.rerun !== undefined,
      ...(why ? { note: vscode.l10n.t('The server no longer holds the rest of this run ({0}).', why) } : {}),
    };
  }

  /**
   * "Fetch more" on a kept result: the same feed (same resultId) gets the next rows of the same execution,
   * up to ten times what is shown, counted against the same memory budget. A continuation the server lost
   * leaves the rows as they are and turns the button into a re-run that says so.
   */
  private readOn(info: ControlledResultSetInfo, feed: ResultFeed, continuation: ResultContinuation): void {
    const kept = this.kept;
    this.kept = undefined;
    kept?.watch.dispose();
    const shown = feed.totalRows;
    const rows = Math.max(1, Math.min(nextRowLimit('more', shown, this.deps.configuredRowLimit()), continuation.maxRows) - shown);
    const ctl = new AbortController();
    this.readingOn = ctl;
    this.running = true;
    const before = feed.elapsedMs;
    feed.reopen();
    const account = this.account;
    let stoppedAtBudget = false;
    const isCurrent = () => this.feed === feed && !this.disposedState;
    const sink: ResultSink = {
      addBatch: (data, rowCount) => {
        if (!isCurrent() || stoppedAtBudget) return;
        feed.addBatch(data, rowCount);
        if (!account || account.add(data.byteLength)) return;
        stoppedAtBudget = true;
        ctl.abort();
      },
      complete: (summary) => {
        if (!isCurrent()) {
          summary.continuation?.release('the result was replaced');
          return;
        }
        const continues = summary.continuation?.kept === true;
        if (continues && summary.continuation) this.keep(summary.continuation, feed);
        this.limitedShown = summary.limited === true;
        feed.complete(before + summary.durationMs, summary.limited ? {
          rowLimit: summary.rowCount, canFetchMore: info.rerun !== undefined || continues, ...(continues ? { continues } : {}),
        } : undefined);
      },
      fail: (f) => {
        if (!isCurrent()) return;
        const elapsed = feed.elapsedMs;
        if (stoppedAtBudget && f.cancelled && account) {
          this.budgetStopped = true;
          this.limitedShown = false;
          feed.complete(elapsed, undefined, { rows: feed.totalRows, bytes: account.bytes, budgetBytes: account.limit, canRerun: info.rerun !== undefined });
          return;
        }
        this.failure = f;
        feed.fail(this.errorFor(info, f), elapsed);
      },
    };
    readOnInto(continuation, rows, sink, ctl.signal).then((outcome) => {
      if (outcome.status === 'lost' && isCurrent()) {
        this.deps.logger.info(`results: the server no longer holds operation ${continuation.operationId} (${outcome.reason}); Fetch more re-runs the query`);
        feed.complete(feed.elapsedMs, this.rerunLimit(feed, outcome.reason));
      } else if (outcome.status === 'failed') {
        this.deps.logger.warn(`fetch more (reading on ${continuation.operationId}) failed: ${outcome.message}`);
      } else if (outcome.status === 'read') {
        this.deps.logger.info(`results: read ${outcome.rows} more rows of operation ${continuation.operationId} (no re-run)`);
      }
    }, (err: unknown) => this.deps.logger.error(`fetch more failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (this.readingOn === ctl) this.readingOn = undefined;
        if (isCurrent()) {
          this.running = false;
          this.sendViewState();
        }
      });
  }

  /** The file to export to, from a save dialog; undefined when dismissed. */
  private async askExportPath(format: ExportFormat, suggestedName: string, title: string): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const safeName = suggestedName.replace(/[\\/:*?"<>|]+/g, '_') || `result.${format}`;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, safeName),
      filters: FILTERS[format],
      saveLabel: vscode.l10n.t('Export'),
      title,
    });
    if (uri && uri.scheme !== 'file') throw new Error(vscode.l10n.t('Results can only be exported to a local file.'));
    return uri;
  }

  /**
   * Re-runs the statement without a row limit and streams every row to a file as batches arrive, keeping
   * none (a result cut off at the row limit or the memory budget). Progress and cancel in a notification.
   */
  private async exportAll(resultId: string, format: ExportFormat, suggestedName: string): Promise<{ path: string | null; rows: number }> {
    const info = this.info;
    const rerun = info?.rerun;
    if (!info || !rerun || !this.feedFor(resultId)) throw new Error(vscode.l10n.t('This result can no longer be re-run.'));
    const uri = await this.askExportPath(format, suggestedName, vscode.l10n.t('Export the whole result (re-runs the query)'));
    if (!uri) return { path: null, rows: 0 };
    const sparkTypes = this.feed?.sparkColumns?.map((c) => c.sparkType);
    const { exportByRerun, ExportCancelledError } = await import('./export-entry');
    try {
      const out = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Re-running the query to export the whole result'), cancellable: true },
        async (progress, token) => {
          const ctl = new AbortController();
          token.onCancellationRequested(() => ctl.abort());
          let lastMb = 0;
          return exportByRerun((presenter) => rerun(0, presenter), format, uri.fsPath, {
            signal: ctl.signal,
            csvFormulaGuard: this.deps.csvFormulaGuard(),
            ...(sparkTypes ? { sparkTypes } : {}),
            onProgress: (rows, bytes) => {
              const mb = Math.floor(bytes / (1024 * 1024));
              if (mb === lastMb) return;
              lastMb = mb;
              progress.report({ message: vscode.l10n.t('{0} rows, {1} MB written', rows.toLocaleString(), mb) });
            },
          });
        },
      );
      this.deps.logger.info(`results: exported the whole result by re-running: ${out.rows} rows (${out.bytes} bytes) as ${format} to ${uri.fsPath}`);
      return { path: uri.fsPath, rows: out.rows };
    } catch (err) {
      if (err instanceof ExportCancelledError) return { path: null, rows: 0 };
      throw err;
    }
  }

  private async exportResult(resultId: string, format: ExportFormat, suggestedName: string): Promise<{ path: string | null; rows: number }> {
    const feed = this.feedFor(resultId);
    if (!feed) throw new Error(vscode.l10n.t('This result is no longer shown.'));
    // A cut-off result (row limit, memory budget) exports what is loaded, and says so.
    const partial = this.limitedShown || this.budgetStopped;
    const uri = await this.askExportPath(format, suggestedName, partial
      ? vscode.l10n.t('Export the {0} loaded rows (not the whole result)', feed.totalRows.toLocaleString())
      : vscode.l10n.t('Export the result'));
    if (!uri) return { path: null, rows: 0 };
    const sparkTypes = feed.sparkColumns?.map((c) => c.sparkType);
    const out = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting {0} rows…', feed.totalRows), cancellable: true },
      async (_progress, token) => {
        const ctl = new AbortController();
        token.onCancellationRequested(() => ctl.abort());
        // Loaded on first export: the Arrow decoder and writers stay out of activation.
        const { writeExport } = await import('./export-entry');
        return writeExport({ streams: () => feed.streams(), ...(sparkTypes ? { sparkTypes } : {}) }, format, uri.fsPath, ctl.signal,
          { csvFormulaGuard: this.deps.csvFormulaGuard() });
      },
    );
    this.deps.logger.info(`results: exported ${out.rows} rows (${out.bytes} bytes) as ${format} to ${uri.fsPath}`);
    return { path: uri.fsPath, rows: out.rows };
  }
}
