// INTERIM presenters, standing in until the results grid (src/views/results) and the plan visualizer
// (src/views/plan) implement ResultsPresenter and PlanPresenter. Results go to an output channel as a
// text table of the first rows; plans open as a plain-text editor.
import * as vscode from 'vscode';
import type { ResultColumn } from '../../engine/engine';
import { formatDuration } from '../format';
import type { PlanPresenter, PlanRequest, ResultSetInfo, ResultSink, ResultsPresenter } from '../../engine/result-sink';

const MAX_ROWS = 200;

export class InterimTextResultsPresenter implements ResultsPresenter, vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;

  open(info: ResultSetInfo, columns: ResultColumn[] | undefined): ResultSink {
    this.channel ??= vscode.window.createOutputChannel(vscode.l10n.t('Spark Connect: Results'));
    const channel = this.channel;
    const names = columns?.map((c) => c.name) ?? [];
    // Kept as bytes and decoded at the end: the Arrow decoder loads only when a result is shown.
    const batches: Uint8Array[] = [];
    let held = 0;
    const header = () => {
      const which = info.statementCount > 1 ? ` \u00b7 ${vscode.l10n.t('statement {0} of {1}', info.statementIndex + 1, info.statementCount)}` : '';
      channel.appendLine(`\u2500\u2500 ${info.title}${which} \u00b7 ${info.profile} \u00b7 ${new Date(info.startedAt).toLocaleTimeString()}`);
      channel.appendLine(info.sql);
      channel.appendLine('');
    };
    const print = (footer: string) => printTable(footer).catch((err: unknown) => {
      channel.appendLine(vscode.l10n.t('Could not show the result: {0}', err instanceof Error ? err.message : String(err)));
    });
    const printTable = async (footer: string) => {
      const { arrowToText, formatTextTable } = await import('./text-table');
      const rows: string[][] = [];
      let cols = names;
      for (const data of batches) {
        const t = arrowToText(data, MAX_ROWS - rows.length);
        if (cols.length === 0) cols = t.columns;
        rows.push(...t.rows);
      }
      header();
      if (cols.length > 0) channel.appendLine(formatTextTable(cols, rows));
      channel.appendLine(footer);
      channel.appendLine('');
      channel.show(true);
    };
    return {
      addBatch: (data, rowCount) => {
        if (held >= MAX_ROWS) return;
        batches.push(data);
        held += rowCount;
      },
      complete: ({ rowCount, durationMs }) => {
        const shown = rowCount > MAX_ROWS ? vscode.l10n.t(' (first {0} shown)', MAX_ROWS) : '';
        void print(vscode.l10n.t('{0} rows in {1}{2}', rowCount, formatDuration(durationMs), shown));
      },
      fail: ({ message, rowCount }) => {
        void print(vscode.l10n.t('Stopped after {0} rows: {1}', rowCount, message));
      },
    };
  }

  dispose(): void {
    this.channel?.dispose();
  }
}

export class InterimTextPlanPresenter implements PlanPresenter {
  async show(request: PlanRequest): Promise<void> {
    const content = `-- ${request.title} \u00b7 ${request.profile} \u00b7 EXPLAIN ${request.mode.toUpperCase()}\n-- ${request.sql.split('\n').join('\n-- ')}\n\n${request.text}`;
    const doc = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }
}
