// Result tabs survive a window reload: the grid keeps a bounded snapshot of what it shows in its webview
// state (media/grid/snapshot.ts, src/protocol/result-snapshot.ts), VS Code keeps that state with the tab,
// and after the reload this serializer gets the tab back and shows the snapshot again, labelled as a saved
// result that is not live, with Re-run (which runs the statement again on its profile, reconnecting the
// way every other run after a reload does).
import * as vscode from 'vscode';
import type { Logger } from '../../connect/logger';
import { savedResult } from '../../protocol/result-snapshot';
import type { GridResultsPresenter } from './grid-results-presenter';

export const RESULTS_VIEW_TYPE = 'sparkConnect.results';

/** Runs a restored result's statement again through the history's "run again" (which connects first if needed). */
export function rerunAsHistoryRun(activeProfile: () => string | undefined): (profile: string | undefined, sql: string) => Promise<void> {
  return async (profile, sql) => {
    const entry = { id: 'restored', kind: 'query', profile: profile ?? activeProfile() ?? '', sql, startedAt: 0, durationMs: 0, status: 'succeeded' };
    await vscode.commands.executeCommand('sparkConnect.operations.rerun', { type: 'history', entry });
  };
}

export function registerResultRestore(results: GridResultsPresenter, logger: Logger): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Thenable<void> {
      const saved = savedResult(state);
      logger.info(`result tab restored after a reload: ${saved ? `showing its saved snapshot (${saved.snapshot.rows.length} rows)` : `no usable snapshot (${typeof state})`}`);
      if (!saved) {
        // Nothing to show (a tab that held no finished result, or an older version's): close it rather
        // than leave an empty tab behind.
        panel.dispose();
        return Promise.resolve();
      }
      results.restore(panel, saved.resultId, saved.snapshot);
      return Promise.resolve();
    },
  });
}
