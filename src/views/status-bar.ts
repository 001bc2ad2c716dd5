// The status bar item: the active connection and its state; clicking it switches connections.
import * as vscode from 'vscode';
import type { SessionManager } from '../engine/session-manager';

export function registerStatusBar(sessions: SessionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('sparkConnect.status', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Spark Connection');
  item.command = 'sparkConnect.connection.switch';
  const update = () => {
    const name = sessions.activeProfile;
    item.backgroundColor = undefined;
    if (!name) {
      item.text = `$(plug) ${vscode.l10n.t('Spark: not connected')}`;
      item.tooltip = vscode.l10n.t('Click to choose a Spark connection');
      item.show();
      return;
    }
    const state = sessions.state(name);
    switch (state.kind) {
      case 'connected':
        item.text = `$(database) ${name} \u00b7 Spark ${state.sparkVersion}`;
        item.tooltip = vscode.l10n.t('Connected to {0} (Spark {1}, session {2}). Click to switch.', name, state.sparkVersion, state.sessionId);
        break;
      case 'connecting':
        item.text = `$(sync~spin) ${name}`;
        item.tooltip = vscode.l10n.t('Connecting to {0}\u2026', name);
        break;
      case 'error':
        item.text = `$(error) ${name}`;
        item.tooltip = vscode.l10n.t('{0}: {1}. Click to switch or reconnect.', name, state.message);
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'disconnected':
        item.text = `$(debug-disconnect) ${name}`;
        item.tooltip = vscode.l10n.t('{0} is disconnected. Click to switch or connect.', name);
        break;
    }
    item.show();
  };
  update();
  return vscode.Disposable.from(item, sessions.onDidChangeState(update), sessions.onDidChangeActive(update));
}
