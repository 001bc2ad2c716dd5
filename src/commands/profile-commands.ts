// Connection profile commands: create, paste a connection string, take SPARK_REMOTE, edit,
// duplicate, delete, test, open the Spark UI. Each is a short flow over ProfileRepository.
import * as vscode from 'vscode';
import { ConnectionStringError, parseConnectionString } from '../connect/connection-string';
import { profileFromConnectionString, profileFromEnvironment } from '../profiles/import';
import { type ProfileClientOptions, toClientOptions } from '../profiles/connection-options';
import { emptySecrets, newProfile, uniqueName } from '../profiles/profile';
import type { ProfileDraft } from '../profiles/profile-fields';
import { ProfileScope, ProfileValidationError } from '../profiles/profile-repository';
import { validateProfile } from '../profiles/validate';
import { describeFailure } from '../engine/error-report';
import { resolveProfile } from './pick-profile';
import { profileResolver } from '../engine/profile-resolver';
import { editProfile } from './profile-editor';
import type { Handler } from './command-ids';
import type { Services } from './services';
import { testConnection } from '../engine/test-connection';


function validator(s: Services, previousName?: string) {
  return (d: ProfileDraft) => {
    const issues = validateProfile(d.profile, d.secrets);
    const clash = s.profiles.get(d.profile.name);
    // Saving the SPARK_REMOTE profile under its own name is how it becomes a stored one.
    if (d.profile.name !== previousName && clash && clash.source !== 'environment') {
      issues.push({ field: 'name', severity: 'error', message: vscode.l10n.t("A connection named '{0}' already exists.", d.profile.name) });
    }
    return issues;
  };
}

/** Opens the editor on a draft and saves the result; returns the saved name. */
async function reviewAndSave(s: Services, draft: ProfileDraft, title: string, scope: ProfileScope, previousName?: string): Promise<string | undefined> {
  const result = await editProfile(draft, {
    title,
    scope,
    canChooseScope: s.profiles.get(draft.profile.name)?.source !== 'environment' && (vscode.workspace.workspaceFolders?.length ?? 0) > 0,
    validate: validator(s, previousName),
    test: (d) => reportTest(s, d.profile.name, toClientOptions(d.profile, d.secrets), false),
  });
  if (!result) return undefined;
  try {
    const warnings = await s.profiles.save(result.draft.profile, result.draft.secrets, {
      scope: result.scope,
      ...(previousName !== undefined ? { previousName } : {}),
    });
    for (const w of warnings) void vscode.window.showWarningMessage(`${result.draft.profile.name}: ${w.message}`);
  } catch (err) {
    const message = err instanceof ProfileValidationError ? err.message : describeFailure(err).message;
    void vscode.window.showErrorMessage(vscode.l10n.t('The connection was not saved: {0}', message));
    return undefined;
  }
  const name = result.draft.profile.name;
  if (previousName !== undefined && previousName !== name) await s.sessions.forget(previousName);
  await offerTest(name);
  return name;
}

async function offerTest(name: string): Promise<void> {
  const test = vscode.l10n.t('Test Connection');
  const connect = vscode.l10n.t('Connect');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t("Saved connection '{0}'.", name), connect, test);
  if (choice === test) await vscode.commands.executeCommand('sparkConnect.profiles.test', name);
  if (choice === connect) await vscode.commands.executeCommand('sparkConnect.connection.connect', name);
}

function importedDraft(s: Services, url: string): ProfileDraft {
  const imported = profileFromConnectionString(url, undefined, s.profiles.names());
  for (const note of imported.notes) void vscode.window.showInformationMessage(note);
  return { profile: imported.profile, secrets: imported.secrets };
}

async function create(s: Services): Promise<void> {
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Spark Connection'),
    prompt: vscode.l10n.t('Host of the Spark Connect server, host:port, or a full sc:// connection string'),
    placeHolder: 'localhost:15002',
    value: 'localhost',
    ignoreFocusOut: true,
    validateInput: (text) => {
      const t = text.trim();
      if (t === '') return vscode.l10n.t('Enter a host name.');
      if (/^sc:\/\//i.test(t)) {
        try {
          parseConnectionString(t);
        } catch (err) {
          return err instanceof ConnectionStringError ? err.message : String(err);
        }
      }
      return undefined;
    },
  });
  if (input === undefined) return;
  const text = input.trim();
  let draft: ProfileDraft;
  if (/^sc:\/\//i.test(text)) {
    draft = importedDraft(s, text);
  } else {
    // "host:port" (but not a bare IPv6 address, which has several colons).
    const m = /^([^:\s]+):(\d{1,5})$/.exec(text);
    const host = m ? m[1] : text;
    const profile = newProfile(uniqueName(host === '127.0.0.1' ? 'localhost' : host, s.profiles.names()), host);
    if (m) profile.port = Number(m[2]);
    draft = { profile, secrets: emptySecrets() };
  }
  await reviewAndSave(s, draft, vscode.l10n.t('New Spark Connection'), 'user');
}

async function pasteConnectionString(s: Services): Promise<void> {
  const url = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Connection from Connection String'),
    prompt: vscode.l10n.t('A Spark Connect URL, e.g. sc://host:15002/;token=... (the token goes to the secret store, not to settings)'),
    placeHolder: 'sc://host:15002/;use_ssl=true;token=...',
    // The string may carry a token; do not show it on screen.
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => {
      try {
        parseConnectionString(text);
        return undefined;
      } catch (err) {
        return err instanceof ConnectionStringError ? err.message : String(err);
      }
    },
  });
  if (url === undefined) return;
  await reviewAndSave(s, importedDraft(s, url), vscode.l10n.t('New Spark Connection'), 'user');
}

async function importSparkRemote(s: Services): Promise<void> {
  const r = profileFromEnvironment(process.env);
  if (r.kind === 'none') {
    void vscode.window.showInformationMessage(vscode.l10n.t('SPARK_REMOTE is not set in the environment VS Code was started from.'));
    return;
  }
  if (r.kind === 'local') {
    const start = vscode.l10n.t('Start Local Spark');
    if ((await vscode.window.showInformationMessage(r.message, start)) === start) await vscode.commands.executeCommand('sparkConnect.local.start');
    return;
  }
  if (r.kind === 'invalid') {
    void vscode.window.showErrorMessage(r.message);
    return;
  }
  const draft = { profile: r.imported.profile, secrets: r.imported.secrets };
  draft.profile.name = uniqueName('SPARK_REMOTE', s.profiles.list().filter((e) => e.source !== 'environment').map((e) => e.profile.name));
  await reviewAndSave(s, draft, vscode.l10n.t('Save SPARK_REMOTE as a Connection'), 'user');
}

async function edit(s: Services, arg: unknown): Promise<void> {
  const name = await resolveProfile(s, arg, vscode.l10n.t('Connection to edit'));
  const entry = name === undefined ? undefined : s.profiles.get(name);
  if (!entry || name === undefined) return;
  const draft: ProfileDraft = { profile: entry.profile, secrets: await s.profiles.getSecrets(name) };
  const scope = entry.source === 'environment' ? 'user' : entry.source;
  const saved = await reviewAndSave(s, draft, vscode.l10n.t("Edit Connection '{0}'", name), scope, entry.source === 'environment' ? undefined : name);
  if (saved && s.sessions.session(saved)) {
    const reconnect = vscode.l10n.t('Reconnect');
    if ((await vscode.window.showInformationMessage(vscode.l10n.t("Reconnect '{0}' to use the new settings?", saved), reconnect)) === reconnect) {
      await vscode.commands.executeCommand('sparkConnect.connection.reconnect', saved);
    }
  }
}

async function duplicate(s: Services, arg: unknown): Promise<void> {
  const name = await resolveProfile(s, arg, vscode.l10n.t('Connection to duplicate'));
  if (name === undefined) return;
  const copy = await s.profiles.duplicate(name);
  void vscode.window.showInformationMessage(vscode.l10n.t("Created '{0}'.", copy));
}

async function remove(s: Services, arg: unknown): Promise<void> {
  const name = await resolveProfile(s, arg, vscode.l10n.t('Connection to delete'));
  const entry = name === undefined ? undefined : s.profiles.get(name);
  if (!entry || name === undefined) return;
  if (entry.source === 'environment') {
    void vscode.window.showInformationMessage(vscode.l10n.t("'{0}' comes from the SPARK_REMOTE environment variable; unset it to remove this connection.", name));
    return;
  }
  const del = vscode.l10n.t('Delete');
  const answer = await vscode.window.showWarningMessage(vscode.l10n.t("Delete connection '{0}' and its stored token?", name), { modal: true }, del);
  if (answer !== del) return;
  await s.sessions.forget(name);
  await s.profiles.delete(name);
}

async function test(s: Services, arg: unknown): Promise<void> {
  const name = await resolveProfile(s, arg, vscode.l10n.t('Connection to test'));
  if (name === undefined || !s.profiles.get(name)) return;
  const options = await profileResolver(s.profiles, s.log)(name);
  if (options) await reportTest(s, name, options, true);
}

/** Tests options (of a saved profile, or a draft in the editor) and reports the outcome. */
async function reportTest(s: Services, name: string, options: ProfileClientOptions, offerEdit: boolean): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Testing '{0}'\u2026", name), cancellable: true },
    (_progress, token) => {
      const ctl = new AbortController();
      const sub = token.onCancellationRequested(() => ctl.abort());
      return testConnection(s.engine, options, ctl.signal).finally(() => sub.dispose());
    },
  );
  if (result.ok) {
    s.log.info(`Test of '${name}': Spark ${result.sparkVersion}, connected in ${result.connectMs} ms, round trip ${result.roundTripMs} ms`);
    void vscode.window.showInformationMessage(vscode.l10n.t("'{0}': Spark {1} \u2014 connected in {2} ms, round trip {3} ms.", name, result.sparkVersion, result.connectMs, result.roundTripMs));
    return;
  }
  // The result's texts were redacted while the tested token and headers were known to the redactor.
  s.log.warn(`Test of '${name}' failed:\n${result.detail}`);
  const editAction = vscode.l10n.t('Edit Connection');
  const logs = vscode.l10n.t('Show Logs');
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t("'{0}': cannot connect. {1}", name, result.message), ...(offerEdit ? [editAction] : []), logs);
  if (choice === editAction) await vscode.commands.executeCommand('sparkConnect.profiles.edit', name);
  if (choice === logs) s.log.show();
}

async function openSparkUi(s: Services, arg: unknown): Promise<void> {
  const name = await resolveProfile(s, arg, vscode.l10n.t('Connection whose Spark UI to open'));
  const entry = name === undefined ? undefined : s.profiles.get(name);
  if (!entry) return;
  if (!entry.profile.sparkUiUrl) {
    const editAction = vscode.l10n.t('Edit Connection');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t("'{0}' has no Spark UI URL.", entry.profile.name), editAction);
    if (choice === editAction) await vscode.commands.executeCommand('sparkConnect.profiles.edit', entry.profile.name);
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(entry.profile.sparkUiUrl));
}

export function profileCommands(s: Services) {
  return {
    'sparkConnect.profiles.create': (() => create(s)) as Handler,
    'sparkConnect.profiles.pasteConnectionString': (() => pasteConnectionString(s)) as Handler,
    'sparkConnect.profiles.importSparkRemote': (() => importSparkRemote(s)) as Handler,
    'sparkConnect.profiles.edit': ((arg?: unknown) => edit(s, arg)) as Handler,
    'sparkConnect.profiles.duplicate': ((arg?: unknown) => duplicate(s, arg)) as Handler,
    'sparkConnect.profiles.delete': ((arg?: unknown) => remove(s, arg)) as Handler,
    'sparkConnect.profiles.test': ((arg?: unknown) => test(s, arg)) as Handler,
    'sparkConnect.profiles.openSparkUi': ((arg?: unknown) => openSparkUi(s, arg)) as Handler,
  };
}
