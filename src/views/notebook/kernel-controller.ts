// The "Spark Connect" notebook kernel for ordinary .ipynb files: one controller on VS Code's
// `jupyter-notebook` type (so it works with only this extension installed), a run queue per notebook,
// and cells run by NotebookKernel (src/notebook), loaded on first use so activation stays small. This
// file is the VS Code glue: executions, [n] order, ✓/✗, cancel tokens, trust.
import * as vscode from 'vscode';
import type { Logger } from '../../connect/logger';
import type { OperationsModel } from '../../engine/operations-model';
import type { SessionManager } from '../../engine/session-manager';
import type { ExtensionSettings } from '../settings';
import type { NotebookKernel } from '../../notebook/notebook-kernel';
import type { CellOutputData } from '../../notebook/cell-outputs';
import type { RunQueue } from '../../notebook/run-queue';
import type { RetainedResults } from '../../notebook/retained-results';
import { ResultsSettings } from '../results/results-settings';
import { NotebookRowsServer } from './rows-messaging';

export const CONTROLLER_ID = 'spark-connect-kernel';

interface NotebookState {
  queue: RunQueue<vscode.NotebookCell>;
  /** One kernel per notebook: its names (the notebook's state) belong to this notebook only. */
  kernel?: Promise<NotebookKernel>;
  order: number;
  /** The notebook's URI (owner of the rows its results keep for paging). */
  uri: string;
  /** Executions created when cells were queued (VS Code shows them as pending until they start). */
  executions: Map<string, vscode.NotebookCellExecution>;
}

const cellKey = (cell: vscode.NotebookCell) => cell.document.uri.toString();

function toOutput(o: CellOutputData): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput(o.items.map((i) => new vscode.NotebookCellOutputItem(i.data, i.mime)));
}

/** What the kernel needs from the extension (built before the command table, which calls restart). */
export interface NotebookControllerDeps {
  sessions: SessionManager;
  operations: OperationsModel;
  log: Logger;
  settings: ExtensionSettings;
}

export class SparkNotebookController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly notebooks = new Map<string, NotebookState>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Rows of results the outputs could not keep, paged into the renderer (loaded with the first kernel). */
  private retained: RetainedResults | undefined;

  constructor(private readonly s: NotebookControllerDeps) {
    this.controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, 'jupyter-notebook', vscode.l10n.t('Spark Connect'));
    this.controller.supportedLanguages = ['python', 'sql'];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = vscode.l10n.t('PySpark and SQL on the connected Spark Connect server');
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
    this.subscriptions.push(
      vscode.workspace.onDidCloseNotebookDocument((nb) => {
        this.notebooks.get(nb.uri.toString())?.queue.cancelAll();
        this.notebooks.delete(nb.uri.toString());
        this.retained?.dropNotebook(nb.uri.toString());
      }),
      s.sessions.onDidChangeActive((profile) => {
        this.controller.detail = profile ? vscode.l10n.t('Runs on {0}', profile) : vscode.l10n.t('Not connected');
      }),
      new NotebookRowsServer(() => this.retained),
    );
  }

  private loadKernel(state: NotebookState): Promise<NotebookKernel> {
    state.kernel ??= import('../../notebook/notebook-kernel').then(({ NotebookKernel, RetainedResults }) => new NotebookKernel({
      session: async () => {
        // After a window reload the profile that was connected reconnects on first use, as for SQL runs.
        const active = this.s.sessions.activeProfile;
        if (active && !this.s.sessions.session(active) && this.s.sessions.takeResumable(active)) await this.s.sessions.connect(active);
        return this.s.sessions.requireActiveSession();
      },
      // spark.stop() in a cell: end the server session and start a fresh one for the next cell.
      endSession: async () => {
        const profile = this.s.sessions.activeProfile;
        if (profile) await this.s.sessions.reconnect(profile);
      },
      operations: this.s.operations,
      logger: this.s.log,
      limits: { maxBytes: this.s.settings.notebookMaxOutputKB * 1024, previewRows: 100 },
      // Results belong to the cell running when they complete (one cell at a time per notebook).
      retainer: this.retainedResults(RetainedResults).retainerFor(state.uri, () => state.queue.runningKey ?? ''),
    }));
    return state.kernel;
  }

  /** One store for every notebook (it comes with the kernel's module, so its code is bundled once). */
  private retainedResults(store: typeof RetainedResults): RetainedResults {
    const settings = new ResultsSettings();
    // The results panel's budget for kept results, read on each add so a change applies to the next result.
    this.retained ??= new store(() => settings.memoryBudgetBytes);
    return this.retained;
  }

  /** Restart: stop the notebook's cells, forget its names, and start a fresh server session. */
  async restart(notebook: vscode.NotebookDocument | undefined): Promise<void> {
    const state = notebook ? this.notebooks.get(notebook.uri.toString()) : undefined;
    state?.queue.cancelAll();
    if (state?.kernel) (await state.kernel).reset();
    if (notebook) this.retained?.dropNotebook(notebook.uri.toString());
    const profile = this.s.sessions.activeProfile;
    if (profile) await this.s.sessions.reconnect(profile);
    void vscode.window.showInformationMessage(profile
      ? vscode.l10n.t('Spark Connect kernel restarted: a fresh session on {0}; run the cells again.', profile)
      : vscode.l10n.t('Spark Connect kernel restarted; connect a profile to run cells.'));
  }

  private async state(notebook: vscode.NotebookDocument): Promise<NotebookState> {
    const key = notebook.uri.toString();
    const known = this.notebooks.get(key);
    if (known) return known;
    const { RunQueue } = await import('../../notebook/run-queue');
    const state: NotebookState = {
      order: 0, executions: new Map(), uri: key,
      queue: new RunQueue<vscode.NotebookCell>({
        run: (cell, signal) => this.runCell(state, cell, signal),
        dropped: (cell) => {
          const exec = state.executions.get(cellKey(cell));
          state.executions.delete(cellKey(cell));
          // Ended without a result: VS Code shows neither ✓ nor ✗ (as for Jupyter's cancelled cells).
          exec?.end(undefined);
        },
      }),
    };
    this.notebooks.set(key, state);
    return state;
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    const state = await this.state(notebook);
    const fresh = cells.filter((c) => !state.executions.has(cellKey(c)) && state.queue.runningKey !== cellKey(c));
    for (const cell of fresh) {
      const exec = this.controller.createNotebookCellExecution(cell);
      state.executions.set(cellKey(cell), exec);
      exec.token.onCancellationRequested(() => state.queue.cancel(cellKey(cell)));
    }
    await state.queue.enqueue(fresh.map((cell) => ({ key: cellKey(cell), item: cell })));
  }

  private async runCell(state: NotebookState, cell: vscode.NotebookCell, signal: AbortSignal): Promise<'succeeded' | 'failed' | 'cancelled'> {
    const exec = state.executions.get(cellKey(cell)) ?? this.controller.createNotebookCellExecution(cell);
    state.executions.delete(cellKey(cell));
    exec.executionOrder = ++state.order;
    // The cell's earlier outputs go, and the rows they kept with them.
    this.retained?.dropCell(cellKey(cell));
    exec.start(Date.now());
    await exec.clearOutput();
    const outputs: vscode.NotebookCellOutput[] = [];
    let progress: vscode.NotebookCellOutput | undefined;
    const show = () => void exec.replaceOutput(progress ? [...outputs, progress] : [...outputs]);
    if (!vscode.workspace.isTrusted) {
      await exec.replaceOutput([new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(new Error(
        vscode.l10n.t('This workspace is not trusted: Spark Connect does not run notebook cells until you trust it (saved outputs still show).')))])]);
      exec.end(false, Date.now());
      return 'failed';
    }
    let outcome: 'succeeded' | 'failed' | 'cancelled';
    try {
      const kernel = await this.loadKernel(state);
      const started = Date.now();
      outcome = await kernel.runCell({
        source: cell.document.getText(), language: cell.document.languageId,
        title: vscode.l10n.t('{0}, cell {1}', vscode.workspace.asRelativePath(cell.notebook.uri), cell.index + 1),
      }, {
        append: (o) => { outputs.push(toOutput(o)); show(); },
        progress: (text) => {
          const item = text ? vscode.NotebookCellOutputItem.stdout(`Spark: ${text}\n`) : undefined;
          // A moving progress line redraws only itself, not the results above it.
          if (item && progress) {
            void exec.replaceOutputItems(item, progress);
            return;
          }
          if (item) {
            progress = new vscode.NotebookCellOutput([item]);
            void exec.appendOutput(progress);
            return;
          }
          if (!progress) return;
          progress = undefined;
          show();
        },
      }, signal);
      if (outcome === 'cancelled') {
        outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stderr(vscode.l10n.t('Cancelled after {0} ms.', Date.now() - started) + '\n')]));
        progress = undefined;
        show();
      }
    } catch (err) {
      // No session (not connected), or the kernel could not load: say so in the cell.
      const message = err instanceof Error ? err.message : String(err);
      outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: 'Spark Connect', message })]));
      progress = undefined;
      show();
      outcome = 'failed';
    }
    exec.end(outcome === 'cancelled' ? undefined : outcome === 'succeeded', Date.now());
    return outcome;
  }

  dispose(): void {
    for (const st of this.notebooks.values()) st.queue.cancelAll();
    this.notebooks.clear();
    for (const d of this.subscriptions) d.dispose();
    this.controller.dispose();
  }
}
