// The plan visualizer panel on the host side: one webview panel showing one statement's plan (the
// PanelPlanPresenter keeps one per statement and hands a panel the statement's newer requests). It fills in
// the generic WebviewHost's hooks with the plan protocol and keeps a PlanPanelModel; mode switches ask the
// model (and through it the caller's PlanSource) for another explain text, never re-running the query.

import * as vscode from 'vscode';
import type { Logger } from '../../connect/logger';
import type { ExplainMode } from '../../connect/explain-mode';
import {
  parsePlanToHost,
  type HostToPlan,
  type PlanRequest,
  type PlanRequests,
  type PlanToHost,
} from '../../protocol/plan';
import { WebviewHost } from '../webview/webview-host';
import type { MetricsLike } from './metrics-merge';
import { PlanPanelModel, type PlanPanelInput } from './plan-panel-model';
import type { PlanPanelFactory, PlanPanelHandle } from './plan-presenter';

export interface PlanPanelDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  /** Explains a restored panel's statement again on its connection (connecting first if needed). */
  rerun?: (profile: string | undefined, sql: string) => Promise<void>;
}

/** The factory PanelPlanPresenter opens panels with. */
export function planPanelFactory(deps: PlanPanelDeps): PlanPanelFactory {
  return (input, tabTitle) => new PlanPanel(deps, input, tabTitle);
}

export class PlanPanel implements PlanPanelHandle, vscode.Disposable {
  private readonly host: WebviewHost<PlanToHost, HostToPlan>;
  private model: PlanPanelModel;
  private loading: AbortController | undefined;

  /** `panel`: one VS Code restored after a window reload, shown from `input.snapshot`. */
  constructor(private readonly deps: PlanPanelDeps, input: PlanPanelInput, tabTitle: string, panel?: vscode.WebviewPanel) {
    this.model = new PlanPanelModel(input);
    this.host = new WebviewHost<PlanToHost, HostToPlan>(deps.extensionUri, {
      ...(panel ? { panel } : {}),
      viewType: 'sparkConnect.plan',
      title: panelTitle(tabTitle),
      bundle: 'plan',
      preserveFocus: true,
      logger: deps.logger,
      hooks: {
        parse: parsePlanToHost,
        onReady: () => this.sendCurrent(),
        onMessage: (m) => this.onMessage(m),
        onRequest: (r) => this.onRequest(r),
        onDispose: () => this.loading?.abort(),
      },
    });
  }

  get planKey(): string {
    return this.model.planKey;
  }

  /** The query ran: lay its metrics onto the plan shown (if it is still the same query). */
  setMetrics(planKey: string, metrics: MetricsLike): void {
    if (planKey !== this.model.planKey) return;
    const show = this.model.setMetrics(metrics);
    if (show) this.host.send(show);
  }

  /** A newer request for this panel's statement: show it (its mode, text and metrics) and come forward. */
  show(input: PlanPanelInput): void {
    this.loading?.abort();
    this.model = new PlanPanelModel(input);
    this.sendCurrent();
    this.host.reveal(true);
  }

  onDidClose(listener: () => void): void {
    this.host.onDidDispose(listener);
  }

  dispose(): void {
    this.host.dispose();
  }

  // After 'ready' (first load or a reload) and for each new plan: the cached message, or a fresh load.
  private sendCurrent(): void {
    const shown = this.model.shown;
    if (shown) this.host.send(shown);
    else this.switchMode(this.model.mode);
  }

  private switchMode(mode: ExplainMode): void {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    const model = this.model;
    this.host.send({ type: 'plan/loading', planKey: model.planKey, mode });
    model.load(mode, controller.signal).then(
      (show) => {
        if (!controller.signal.aborted && model === this.model) this.host.send(show);
      },
      (e: unknown) => {
        if (controller.signal.aborted || model !== this.model) return;
        const message = e instanceof Error ? e.message : String(e);
        this.deps.logger.warn(`plan: explain ${mode} failed: ${message}`);
        this.host.send({ type: 'plan/error', planKey: model.planKey, mode, message });
      },
    );
  }

  private onMessage(m: PlanToHost): void {
    if (m.type === 'plan/rendered') {
      this.deps.logger.debug(`plan: drew ${m.nodeCount} nodes (${m.view}, ${m.mode}) layout ${m.layoutMs.toFixed(1)} ms, draw ${m.drawMs.toFixed(1)} ms`);
    } else if (m.type === 'log') {
      this.deps.logger[m.level](`plan webview: ${m.message}`);
    }
  }

  private async onRequest(r: PlanRequest): Promise<PlanRequests[PlanRequest['method']]['result']> {
    switch (r.method) {
      case 'plan/setMode': {
        const ok = r.params.planKey === this.model.planKey && this.model.canShow(r.params.mode);
        if (ok) this.switchMode(r.params.mode);
        return { accepted: ok };
      }
      case 'clipboard/write':
        await vscode.env.clipboard.writeText(r.params.text);
        return null;
      case 'plan/openText': {
        if (r.params.planKey !== this.model.planKey) throw new Error(vscode.l10n.t('That plan is no longer shown.'));
        const text = await this.model.text(r.params.mode, new AbortController().signal);
        const doc = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
        await vscode.window.showTextDocument(doc, { preview: true });
        return null;
      }
      case 'plan/rerun': {
        const sql = this.model.statement;
        if (r.params.planKey !== this.model.planKey || sql === undefined || !this.deps.rerun) {
          throw new Error(vscode.l10n.t('This plan cannot be explained again: its statement is not known.'));
        }
        // The new plan opens through the presenter; this restored panel has served its purpose.
        void this.deps.rerun(this.model.profile, sql).then(() => this.dispose(), () => undefined);
        return null;
      }
    }
  }
}

function panelTitle(title: string): string {
  return title ? vscode.l10n.t('Plan: {0}', title) : vscode.l10n.t('Spark Plan');
}
