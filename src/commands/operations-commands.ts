// Operations view actions: cancel a running query, run a past one again, open it, clear history.
import * as vscode from 'vscode';
import { historyOf, runningOf } from '../views/operation-nodes';
import type { Handler } from './command-ids';
import type { SqlRunCommands } from './run-commands';
import type { Services } from './services';

export function operationsCommands(s: Services, runner: SqlRunCommands) {
  return {
    'sparkConnect.operations.cancel': ((arg?: unknown) => {
      const op = runningOf(arg);
      if (op) s.operations.cancel(op.id);
      else runner.cancel();
    }) as Handler,
    'sparkConnect.operations.rerun': (async (arg?: unknown) => {
      const entry = historyOf(arg);
      if (!entry) return;
      if (entry.kind === 'pyspark') {
        // Its text is one action of a PySpark run, which needs the file it came from.
        void vscode.window.showInformationMessage(vscode.l10n.t('PySpark code runs again from its .py file (Ctrl+Enter there).'));
        return;
      }
      if (entry.kind === 'explain') await runner.explainText(entry.profile, entry.sql, vscode.l10n.t('History'));
      else await runner.runText(entry.profile, entry.sql, vscode.l10n.t('History'));
    }) as Handler,
    'sparkConnect.operations.open': (async (arg?: unknown) => {
      const sql = historyOf(arg)?.sql ?? runningOf(arg)?.sql;
      if (sql === undefined) return;
      const kind = historyOf(arg)?.kind ?? runningOf(arg)?.kind;
      const doc = await vscode.workspace.openTextDocument({ language: kind === 'pyspark' ? 'python' : 'sql', content: sql });
      await vscode.window.showTextDocument(doc);
    }) as Handler,
    'sparkConnect.operations.clearHistory': (() => s.operations.clearHistory()) as Handler,
  };
}
