// Connect, disconnect, reconnect, and switching the active connection (the status bar item).
import * as vscode from 'vscode';
import { profileAddress } from '../profiles/profile';
import { profileNameOf } from '../views/connection-nodes';
import type { Handler } from './command-ids';
import { describeConnectFailure, describeFailure } from '../engine/error-report';
import { resolveProfile } from './pick-profile';
import { stateText } from '../views/connection-state';
import type { Services } from './services';

/** Connects with a window progress indicator; shows failures; resolves true when connected. */
export async function connectProfile(s: Services, name: string): Promise<boolean> {
  if (!s.profiles.get(name)) {
    void vscode.window.showErrorMessage(vscode.l10n.t("There is no connection named '{0}'.", name));
    return false;
  }
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Connecting to {0}\u2026', name) },
      () => s.sessions.connect(name),
    );
    s.sessions.setActive(name);
    return true;
  } catch (err) {
    if (describeFailure(err).cancelled || s.sessions.state(name).kind === 'disconnected') return false;
    s.log.warn(`Connecting to '${name}' failed:\n${describeFailure(err).detail}`);
    const test = vscode.l10n.t('Edit Connection');
    const logs = vscode.l10n.t('Show Logs');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t("Cannot connect to '{0}'. {1}", name, describeConnectFailure(err)), test, logs);
    if (choice === test) await vscode.commands.executeCommand('sparkConnect.profiles.edit', name);
    if (choice === logs) s.log.show();
    return false;
  }
}

async function connect(s: Services, arg: unknown): Promise<boolean> {
  const name = await resolveProfile(s, arg, vscode.l10n.t('Connection to connect'));
  return name === undefined ? false : connectProfile(s, name);
}

async function disconnect(s: Services, arg: unknown): Promise<void> {
  const name = profileNameOf(arg) ?? s.sessions.activeProfile;
  if (name !== undefined) await s.sessions.disconnect(name);
}

async function reconnect(s: Services, arg: unknown): Promise<void> {
  const name = profileNameOf(arg) ?? s.sessions.activeProfile ?? (await resolveProfile(s, undefined, vscode.l10n.t('Connection to reconnect')));
  if (name === undefined) return;
  await s.sessions.disconnect(name);
  await connectProfile(s, name);
}

async function switchActive(s: Services): Promise<void> {
  const add = { label: `$(add) ${vscode.l10n.t('Add Connection\u2026')}`, name: undefined as string | undefined };
  const items = s.profiles.list().map((e) => ({
    label: `${e.profile.name === s.sessions.activeProfile ? '$(check) ' : ''}${e.profile.name}`,
    description: `${profileAddress(e.profile)} \u00b7 ${stateText(s.sessions.state(e.profile.name))}`,
    name: e.profile.name as string | undefined,
  }));
  const picked = await vscode.window.showQuickPick([...items, add], { placeHolder: vscode.l10n.t('Active Spark connection') });
  if (!picked) return;
  if (picked.name === undefined) {
    await vscode.commands.executeCommand('sparkConnect.profiles.create');
    return;
  }
  s.sessions.setActive(picked.name);
  if (!s.sessions.session(picked.name)) await connectProfile(s, picked.name);
}

export function connectionCommands(s: Services) {
  return {
    'sparkConnect.connection.connect': ((arg?: unknown) => connect(s, arg)) as Handler,
    'sparkConnect.connection.disconnect': ((arg?: unknown) => disconnect(s, arg)) as Handler,
    'sparkConnect.connection.reconnect': ((arg?: unknown) => reconnect(s, arg)) as Handler,
    'sparkConnect.connection.switch': (() => switchActive(s)) as Handler,
  };
}
