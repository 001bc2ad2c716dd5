// The results grid as the extension's ResultsPresenter: each result of a run opens in a tab (reusing
// unpinned tabs of earlier runs, see TabPool), the server-side row limit comes from the settings, and a
// result's "Plan" action hands a PlanRequest with the run's metrics to the plan presenter.
import * as vscode from 'vscode';
import type { ExplainMode } from '../../connect/explain-mode';
import type { ResultColumn } from '../../engine/engine';
import type { ControlledResultSetInfo, RowLimitSource } from '../../engine/query-runner';
import type { Logger } from '../../connect/logger';
import type { ExecutionMetric } from '../../plan/metrics';
import type { PlanRequest, ResultFailure, ResultSink, ResultsPresenter } from '../../engine/result-sink';
import { MemoryBudget } from './memory-budget';
import { ResultsPanel } from './results-panel';
import { ResultsSettings } from './results-settings';
import { TabPool } from './tab-pool';
import type { ResultSnapshot } from '../../protocol/result-snapshot';

export interface GridResultsDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  /** Opens the plan visualizer (the plan presenter's show). */
  showPlan(request: PlanRequest): void | Promise<void>;
  /** The explain mode the plan opens in; metrics lay best onto 'formatted'. */
  planMode?: () => ExplainMode;
  /** Runs a restored tab's statement again on its profile (connecting first if needed), through this presenter. */
  rerun?: (profile: string | undefined, sql: string) => Promise<void>;
}

/** The PlanRequest for a result: explains its statement now and carries the run's metrics. */
export async function planRequestFor(info: ControlledResultSetInfo, metrics: readonly ExecutionMetric[] | undefined,
  mode: ExplainMode): Promise<PlanRequest> {
  const explain = info.explain;
  if (!explain) throw new Error('this result cannot be explained');
  const text = await explain(mode);
  return { title: info.title, profile: info.profile, sql: info.sql, mode, text, explain: (m, s) => explain(m, s), ...(metrics ? { metrics } : {}) };
}

/** Line and column (1-based) of an offset in an open document; undefined when it is not open. */
function documentPosition(source: string, offset: number): { line: number; column: number } | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source);
  if (!doc) return undefined;
  const p = doc.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

/** Opens the document and selects the range an error points at. */
async function revealDocumentRange(source: string, range: { start: number; end: number }): Promise<boolean> {
  try {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(source));
    const selection = new vscode.Selection(doc.positionAt(range.start), doc.positionAt(range.end));
    await vscode.window.showTextDocument(doc, { selection, preserveFocus: false });
    return true;
  } catch {
    return false;
  }
}

export class GridResultsPresenter implements ResultsPresenter, RowLimitSource, vscode.Disposable {
  private readonly settings = new ResultsSettings();
  private readonly pool = new TabPool<ResultsPanel>();
  /** One budget for every results tab: the Arrow bytes all open results may keep together. */
  private readonly budget = new MemoryBudget(() => this.settings.memoryBudgetBytes);
  /** A restored tab whose Re-run was clicked: the next run's first result goes there. */
  private rerunTarget: ResultsPanel | undefined;

  constructor(private readonly deps: GridResultsDeps) {}

  get rowLimit(): number {
    return this.settings.rowLimit;
  }

  /** Runs keep a limited result's rest on the server so "Fetch more" reads on (RowLimitSource). */
  get keepForMore(): boolean {
    return this.settings.fetchMoreContinues;
  }

  open(info: ControlledResultSetInfo, columns: ResultColumn[] | undefined): ResultSink {
    const tab = this.tabFor(info);
    return tab.show(info, columns);
  }

  /** A statement that failed before its result opened: the failure shows in the tab its result would have taken. */
  failed(info: ControlledResultSetInfo, failure: ResultFailure): void {
    this.tabFor(info).showFailure(info, failure);
  }

  /** A results tab VS Code restored after a window reload: shows its saved snapshot; later runs may reuse it. */
  restore(panel: vscode.WebviewPanel, resultId: string, snapshot: ResultSnapshot): ResultsPanel {
    const tab = this.newTab(panel);
    this.pool.adopt(tab);
    tab.showSnapshot(resultId, snapshot);
    return tab;
  }

  private tabFor(info: ControlledResultSetInfo): ResultsPanel {
    const target = this.rerunTarget;
    if (target && info.statementIndex === 0) {
      this.rerunTarget = undefined;
      if (!target.disposed && !target.busy) {
        target.reveal();
        return target;
      }
    }
    const { tab, reused } = this.pool.take(info.statementIndex, () => this.newTab());
    if (reused) tab.reveal();
    return tab;
  }

  private newTab(panel?: vscode.WebviewPanel): ResultsPanel {
    return new ResultsPanel({
      extensionUri: this.deps.extensionUri,
      logger: this.deps.logger,
      pageBytes: () => this.settings.webviewMemoryBytes,
      configuredRowLimit: () => this.settings.rowLimit,
      budget: this.budget,
      csvFormulaGuard: () => this.settings.csvFormulaGuard,
      showPlan: async (i, metrics, refreshOnly) => {
        const request = await planRequestFor(i, metrics, this.deps.planMode?.() ?? 'formatted');
        await this.deps.showPlan(refreshOnly ? { ...request, refreshOnly } : request);
      },
      positionOf: documentPosition,
      revealRange: revealDocumentRange,
      rerunSnapshot: async (tab, snapshot) => {
        const rerun = this.deps.rerun;
        if (!rerun) return;
        this.rerunTarget = tab;
        // Not connected and not reconnected, or the run was cancelled: no later run should land there unasked.
        try {
          await rerun(snapshot.profile, snapshot.statement);
        } finally {
          if (this.rerunTarget === tab) this.rerunTarget = undefined;
        }
      },
      keepForMore: () => this.settings.fetchMoreContinues,
    }, panel);
  }

  dispose(): void {
    for (const tab of this.pool.all) tab.dispose();
  }
}
