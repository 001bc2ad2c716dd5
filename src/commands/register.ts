// The one command table: every contributed command id mapped to its handler, registered once.
// Two things happen here for every command, so no handler repeats them:
//  - a command that needs a connection and has none answers "Not connected — Connect…" (and runs
//    again once connected);
//  - an unexpected error becomes a notification with "Show Logs", its details in the log.
import * as vscode from 'vscode';
import { COMMAND_IDS, CommandId, Handler, NEEDS_CONNECTION } from './command-ids';
import { connectProfile, connectionCommands } from './connection-commands';
import { describeFailure } from '../engine/error-report';
import { explorerCommands } from './explorer-commands';
import { localSparkCommands } from './local-spark-commands';
import { operationsCommands } from './operations-commands';
import { resolveProfile } from './pick-profile';
import { profileCommands } from './profile-commands';
import { SqlRunCommands, runCommands } from './run-commands';
import { PySparkRunCommands, pysparkCommands } from './pyspark-commands';
import type { Services } from './services';
import { NotConnectedError } from '../engine/session-manager';

export function commandTable(s: Services): Record<CommandId, Handler> {
  const runner = new SqlRunCommands(s);
  return {
    ...profileCommands(s),
    ...connectionCommands(s),
    ...runCommands(runner),
    ...explorerCommands(s, runner),
    ...operationsCommands(s, runner),
    ...localSparkCommands(s.localSpark),
    'sparkConnect.log.show': () => s.log.show(),
    ...pysparkCommands(new PySparkRunCommands(s, s.pythonFiles, s.pysparkDiagnostics)),
    'sparkConnect.notebook.restart': () => s.notebooks.restart(vscode.window.activeNotebookEditor?.notebook),
  };
}

/** "Not connected — Connect…": connects (the named profile, or one the user picks) and says whether it worked. */
async function offerConnect(s: Services, profile: string | undefined): Promise<boolean> {
  const connect = vscode.l10n.t('Connect\u2026');
  const message = profile
    ? vscode.l10n.t("Not connected to '{0}'.", profile)
    : vscode.l10n.t('Not connected to Spark.');
  if ((await vscode.window.showWarningMessage(message, connect)) !== connect) return false;
  const name = profile ?? (await resolveProfile(s, undefined, vscode.l10n.t('Connection to connect')));
  return name === undefined ? false : connectProfile(s, name);
}

/**
 * A profile that was connected before the window reloaded reconnects without asking (once); any other
 * gets "Not connected — Connect…". True when connected.
 */
async function connectOrOffer(s: Services, profile: string | undefined): Promise<boolean> {
  if (profile !== undefined && s.sessions.takeResumable(profile)) return connectProfile(s, profile);
  return offerConnect(s, profile);
}

function guarded(s: Services, id: CommandId, handler: Handler): Handler {
  const run = async (...args: unknown[]): Promise<unknown> => {
    if (NEEDS_CONNECTION.has(id)) {
      const active = s.sessions.activeProfile;
      if (!active || !s.sessions.session(active)) {
        return (await connectOrOffer(s, active)) ? run(...args) : undefined;
      }
    }
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof NotConnectedError) {
        return (await connectOrOffer(s, err.profile)) ? run(...args) : undefined;
      }
      const failure = describeFailure(err);
      if (failure.cancelled) return undefined;
      s.log.error(`${id} failed:\n${failure.detail}`);
      const logs = vscode.l10n.t('Show Logs');
      if ((await vscode.window.showErrorMessage(failure.message, logs)) === logs) s.log.show();
      return undefined;
    }
  };
  return run;
}

export function registerCommands(s: Services): vscode.Disposable {
  const table = commandTable(s);
  return vscode.Disposable.from(...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, guarded(s, id, table[id]))));
}
