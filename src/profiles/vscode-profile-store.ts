// The VS Code side of profile storage: the `sparkConnect.profiles` setting (user or workspace scope)
// and SecretStorage. Only this file knows about VS Code; everything else sees the two interfaces.
import * as vscode from 'vscode';
import type { ProfileScope, ProfileSettingsStore, SecretStore } from './profile-repository';

const SECTION = 'sparkConnect';
const KEY = 'profiles';

export class VsCodeProfileSettingsStore implements ProfileSettingsStore {
  read(scope: ProfileScope): unknown {
    // An untrusted folder's settings could point a connection at any server; they count once the
    // folder is trusted (package.json lists the setting under restrictedConfigurations too).
    if (scope === 'workspace' && !vscode.workspace.isTrusted) return undefined;
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(KEY);
    return scope === 'user' ? inspected?.globalValue : inspected?.workspaceValue;
  }

  async write(scope: ProfileScope, profiles: unknown[]): Promise<void> {
    const target = scope === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
    await vscode.workspace.getConfiguration(SECTION).update(KEY, profiles.length > 0 ? profiles : undefined, target);
  }

  hasWorkspace(): boolean {
    // Without trust there is no workspace scope to read from or save to.
    if (!vscode.workspace.isTrusted) return false;
    return (vscode.workspace.workspaceFolders?.length ?? 0) > 0 || vscode.workspace.workspaceFile !== undefined;
  }

  workspaceId(): string | undefined {
    // Workspace settings live in the .code-workspace file of a multi-root workspace, else in the folder.
    const id = vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    return id?.toString();
  }

  /** Fires when the setting changes, including edits of settings.json by hand, and when the folder becomes trusted. */
  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${KEY}`)) listener();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => listener()),
    );
  }
}

export class VsCodeSecretStore implements SecretStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    await this.secrets.store(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.secrets.delete(key);
  }
}
