// Window state the UI depends on: the hasConnections context key (welcome content, menus) and the
// active connection remembered per workspace.
import * as vscode from 'vscode';
import type { SessionManager } from '../commands/session-manager';
import type { ProfileRepository } from '../profiles/profile-repository';

const ACTIVE_KEY = 'sparkConnect.activeProfile';

export function registerContextKeys(context: vscode.ExtensionContext, profiles: ProfileRepository, sessions: SessionManager): vscode.Disposable {
  const update = () => void vscode.commands.executeCommand('setContext', 'sparkConnect.hasConnections', profiles.list().length > 0);
  update();
  const remembered = context.workspaceState.get<string>(ACTIVE_KEY);
  if (remembered && profiles.get(remembered)) sessions.setActive(remembered);
  return vscode.Disposable.from(
    profiles.onDidChange(update),
    sessions.onDidChangeActive((name) => void context.workspaceState.update(ACTIVE_KEY, name)),
  );
}
