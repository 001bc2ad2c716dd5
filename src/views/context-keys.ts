// Window state the UI depends on: the hasConnections context key (welcome content, menus), the
// active connection remembered per workspace, and which connections were open, so that after a window
// reload the first run reconnects instead of answering "Not connected".
import * as vscode from 'vscode';
import type { SessionManager } from '../engine/session-manager';
import type { ProfileRepository } from '../profiles/profile-repository';

const ACTIVE_KEY = 'sparkConnect.activeProfile';
const CONNECTED_KEY = 'sparkConnect.connectedProfiles';

export function registerContextKeys(context: vscode.ExtensionContext, profiles: ProfileRepository, sessions: SessionManager): vscode.Disposable {
  const update = () => void vscode.commands.executeCommand('setContext', 'sparkConnect.hasConnections', profiles.list().length > 0);
  update();
  const remembered = context.workspaceState.get<string>(ACTIVE_KEY);
  const resumable: string[] = [];
  if (remembered && profiles.get(remembered)) {
    sessions.setActive(remembered);
    // The last-used profile reconnects by itself on first use even when it was not connected when the
    // window closed (a failed session, a server restarted meanwhile): the user's next run needs it, and
    // its token, if any, is already in SecretStorage.
    resumable.push(remembered);
  }
  const wasConnected = context.workspaceState.get<unknown>(CONNECTED_KEY);
  if (Array.isArray(wasConnected)) {
    resumable.push(...wasConnected.filter((n): n is string => typeof n === 'string' && profiles.get(n) !== undefined));
  }
  sessions.markResumable(resumable);
  return vscode.Disposable.from(
    profiles.onDidChange(update),
    sessions.onDidChangeActive((name) => void context.workspaceState.update(ACTIVE_KEY, name)),
    // Not while the window closes: those sessions end because the window does, and should come back.
    sessions.onDidChangeState(() => {
      if (!sessions.isDisposing) void context.workspaceState.update(CONNECTED_KEY, sessions.connectedProfiles());
    }),
  );
}
