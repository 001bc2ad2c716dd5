// Choosing a connection when a command was not given one.
import * as vscode from 'vscode';
import { profileAddress } from '../profiles/profile';
import { profileNameOf } from '../views/connection-nodes';
import type { Services } from './services';
import { stateText } from '../views/connection-state';

/** The profile named by the argument, else one the user picks; undefined if there is none or they cancel. */
export async function resolveProfile(s: Services, arg: unknown, placeHolder: string): Promise<string | undefined> {
  const named = profileNameOf(arg);
  if (named !== undefined) return named;
  const entries = s.profiles.list();
  if (entries.length === 0) {
    const add = vscode.l10n.t('Add Connection\u2026');
    if ((await vscode.window.showInformationMessage(vscode.l10n.t('There are no Spark connections yet.'), add)) === add) {
      await vscode.commands.executeCommand('sparkConnect.profiles.create');
    }
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => ({
      label: e.profile.name,
      description: `${profileAddress(e.profile)} \u00b7 ${stateText(s.sessions.state(e.profile.name))}`,
      ...(e.profile.name === s.sessions.activeProfile ? { detail: vscode.l10n.t('active') } : {}),
    })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.label;
}
