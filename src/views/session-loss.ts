// Says once, as a warning, that the server no longer had a profile's session and what went with it
// (the temporary views, settings and cached tables the user created through the extension).
import * as vscode from 'vscode';
import type { SessionManager } from '../engine/session-manager';

export function registerSessionLossNotice(sessions: SessionManager, showLogs: () => void): vscode.Disposable {
  return sessions.onDidLoseSession((lost) => {
    const logs = vscode.l10n.t('Show Logs');
    void vscode.window.showWarningMessage(lost.message, logs).then((choice) => {
      if (choice === logs) showLogs();
    });
  });
}
