// Opens the "Get Started" walkthrough the first time the extension runs for this user (once, then
// never again), unless the user told VS Code not to open walkthroughs on install.
import * as vscode from 'vscode';
import { ConnectionStepPulse, mayShowWalkthrough } from './walkthrough-tick';

export const WALKTHROUGH_SHOWN_KEY = 'sparkConnect.walkthroughShown';
export const WALKTHROUGH_ID = 'sparkConnect.gettingStarted';

/** The part of vscode.Memento this needs. */
export interface ShownMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** True once per user: the flag is set before the walkthrough opens, so two windows do not both open it. */
export async function shouldOpenWalkthrough(state: ShownMemento, openOnInstall: boolean): Promise<boolean> {
  if (state.get<boolean>(WALKTHROUGH_SHOWN_KEY)) return false;
  await state.update(WALKTHROUGH_SHOWN_KEY, true);
  return openOnInstall;
}

export function openWalkthroughOnFirstRun(context: vscode.ExtensionContext): void {
  const openOnInstall = vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true);
  void shouldOpenWalkthrough(context.globalState, openOnInstall).then((open) => {
    if (open) return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
    return undefined;
  }).then(undefined, () => undefined);
}

/** Keeps "Add a connection" tickable in windows that start with a connection (see walkthrough-tick.ts). */
export function registerWalkthroughTick(profiles: { list(): readonly unknown[]; onDidChange(listener: () => void): vscode.Disposable }): vscode.Disposable {
  const pulse = new ConnectionStepPulse((key, value) => vscode.commands.executeCommand('setContext', key, value), () => profiles.list().length > 0);
  // A failed setContext only leaves the step as it was; nothing to tell the user.
  const run = () => void pulse.pulse().then(undefined, () => undefined);
  run();
  return vscode.Disposable.from(
    profiles.onDidChange(run),
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      if (mayShowWalkthrough([...e.opened, ...e.changed])) run();
    }),
  );
}
