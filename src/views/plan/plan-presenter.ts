// The PlanPresenter the commands talk to (src/views/presenters.ts): one plan panel per statement. Explaining
// the same statement again (same profile, same text up to whitespace) reuses its panel; another statement
// opens a panel of its own. A request that carries a run's metrics shows them on the executed physical plan,
// where the webview highlights the hottest operators. No vscode here: panels come from a factory, so the
// bookkeeping is testable; plan-panel.ts supplies the real one.

import type { ExplainMode } from '../../connect/explain-mode';
import type { PlanPresenter, PlanRequest } from '../../engine/result-sink';
import type { PlanPanelInput } from './plan-panel-model';

/** What the presenter needs of a panel. */
export interface PlanPanelHandle {
  /** Replaces what the panel shows and brings it to the front. */
  show(input: PlanPanelInput): void;
  /** Registers a callback for when the user closes the panel. */
  onDidClose(listener: () => void): void;
  dispose(): void;
}

export type PlanPanelFactory = (input: PlanPanelInput, tabTitle: string) => PlanPanelHandle;

const TAB_SNIPPET_LENGTH = 40;

/** The statement's identity for panel reuse: the profile and the SQL with whitespace runs collapsed. */
export function statementKey(profile: string, sql: string): string {
  return `${profile}\u0000${sql.replace(/\s+/g, ' ').trim()}`;
}

/** Short text for the editor tab: the statement's start, so two plan tabs can be told apart. */
export function tabSnippet(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > TAB_SNIPPET_LENGTH ? `${flat.slice(0, TAB_SNIPPET_LENGTH - 1)}\u2026` : flat;
}

let inputCounter = 0;

/** Turns a PlanRequest into what the panel model takes. */
export function panelInput(request: PlanRequest): PlanPanelInput {
  const input: PlanPanelInput = {
    // A fresh key per request: answers still in flight for an earlier request of the panel are dropped.
    planKey: `plan-${Date.now().toString(36)}-${++inputCounter}`,
    title: request.title,
    statement: request.sql,
    profile: request.profile,
    mode: request.mode,
    text: request.text,
    source: (mode: ExplainMode, signal: AbortSignal) => request.explain(mode, signal),
  };
  if (request.metrics && request.metrics.length > 0) input.metrics = { metrics: [...request.metrics] };
  return input;
}

export class PanelPlanPresenter implements PlanPresenter {
  private readonly panels = new Map<string, PlanPanelHandle>();

  constructor(private readonly createPanel: PlanPanelFactory) {}

  /** Open panels, for tests and diagnostics. */
  get panelCount(): number {
    return this.panels.size;
  }

  show(request: PlanRequest): void {
    const key = statementKey(request.profile, request.sql);
    const input = panelInput(request);
    const open = this.panels.get(key);
    if (open) {
      open.show(input);
      return;
    }
    if (request.refreshOnly) return;
    const panel = this.createPanel(input, tabSnippet(request.sql));
    this.panels.set(key, panel);
    panel.onDidClose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}
