// A connection's state in a few words, as the Connections tree and the connection pickers show it.
import * as vscode from 'vscode';
import type { ConnectionState } from '../engine/session-manager';

export function stateText(state: ConnectionState): string {
  switch (state.kind) {
    case 'connected':
      return vscode.l10n.t('connected \u00b7 Spark {0}', state.sparkVersion);
    case 'connecting':
      return vscode.l10n.t('connecting\u2026');
    case 'error':
      return vscode.l10n.t('error: {0}', state.message);
    case 'disconnected':
      return vscode.l10n.t('disconnected');
  }
}
