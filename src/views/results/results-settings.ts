// Typed access to the results grid's settings (sparkConnect.results.*), read when a result starts so a
// change applies to the next run.
import * as vscode from 'vscode';

export const DEFAULT_ROW_LIMIT = 10_000;
export const DEFAULT_WEBVIEW_MEMORY_MB = 256;
const MIN_WEBVIEW_MEMORY_MB = 16;
export const DEFAULT_MEMORY_BUDGET_MB = 512;
const MIN_MEMORY_BUDGET_MB = 16;

export class ResultsSettings {
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('sparkConnect.results');
  }

  /** Server-side row limit for queries; 0 means no limit. */
  get rowLimit(): number {
    const v = this.config.get<number>('rowLimit', DEFAULT_ROW_LIMIT);
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
  }

  /** Arrow bytes the grid webview holds at once; past this the host pages the result. */
  get webviewMemoryBytes(): number {
    const v = this.config.get<number>('webviewMemoryMB', DEFAULT_WEBVIEW_MEMORY_MB);
    const mb = typeof v === 'number' && Number.isFinite(v) ? Math.max(MIN_WEBVIEW_MEMORY_MB, v) : DEFAULT_WEBVIEW_MEMORY_MB;
    return Math.floor(mb * 1024 * 1024);
  }

  /** Arrow bytes the extension host keeps for all open results together (see memory-budget.ts). */
  get memoryBudgetBytes(): number {
    const v = this.config.get<number>('memoryBudgetMB', DEFAULT_MEMORY_BUDGET_MB);
    const mb = typeof v === 'number' && Number.isFinite(v) ? Math.max(MIN_MEMORY_BUDGET_MB, v) : DEFAULT_MEMORY_BUDGET_MB;
    return Math.floor(mb * 1024 * 1024);
  }

  /** "Fetch more" reads on in the same execution (the rest kept on the server) rather than re-running (on unless turned off). */
  get fetchMoreContinues(): boolean {
    return this.config.get<boolean>('fetchMoreContinues', true) !== false;
  }

  /** CSV export quote-prefixes string cells a spreadsheet would run as formulas (on unless turned off). */
  get csvFormulaGuard(): boolean {
    return this.config.get<boolean>('export.csvFormulaGuard', true) !== false;
  }
}
