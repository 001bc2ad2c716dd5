// Plan tabs survive a window reload: the plan webview saves the last plan it drew in its state
// (media/plan/app.ts), VS Code keeps that state with the tab, and after the reload this serializer
// gets the tab back and shows the saved plan again, marked as restored, with "Explain again".
import * as vscode from 'vscode';
import { parseHostToPlan, type PlanShow } from '../../protocol/plan';
import { PlanPanel, type PlanPanelDeps } from './plan-panel';
import { tabSnippet } from './plan-presenter';

export const PLAN_VIEW_TYPE = 'sparkConnect.plan';

/** The plan a restored tab's state holds, if it is a valid one (state outlives versions of the extension). */
export function savedPlan(state: unknown): PlanShow | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const m = parseHostToPlan((state as { snapshot?: unknown }).snapshot);
  return m?.type === 'plan/show' ? m : undefined;
}

/** Explains a restored plan's statement again through the history's "run again" (which connects first if needed). */
export function rerunAsHistoryExplain(activeProfile: () => string | undefined): (profile: string | undefined, sql: string) => Promise<void> {
  return async (profile, sql) => {
    const entry = { id: 'restored', kind: 'explain', profile: profile ?? activeProfile() ?? '', sql, startedAt: 0, durationMs: 0, status: 'succeeded' };
    await vscode.commands.executeCommand('sparkConnect.operations.rerun', { type: 'history', entry });
  };
}

export function registerPlanRestore(deps: PlanPanelDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PLAN_VIEW_TYPE, {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Thenable<void> {
      const snapshot = savedPlan(state);
      deps.logger.info(`plan tab restored after a reload: ${snapshot ? 'showing its saved plan' : `no usable saved plan (${typeof state})`}`);
      if (!snapshot) {
        // Nothing to show (an older version's tab, or a plan too large to keep): close it rather than
        // leave an empty tab behind.
        panel.dispose();
        return Promise.resolve();
      }
      new PlanPanel(deps, { title: snapshot.title, mode: snapshot.mode, snapshot }, tabSnippet(snapshot.statement ?? snapshot.title), panel);
      return Promise.resolve();
    },
  });
}
