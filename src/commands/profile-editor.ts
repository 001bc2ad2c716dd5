// The connection editor: a quick pick listing every field with its value and any problem; picking a
// field edits it (an input box, or a flip for on/off fields), "Save" validates and returns. All
// parsing and checking is in src/profiles/profile-fields.ts and validate.ts.
import * as vscode from 'vscode';
import { PROFILE_FIELDS, ProfileDraft, ProfileField, cloneDraft } from '../profiles/profile-fields';
import type { ProfileScope } from '../profiles/profile-repository';
import { ProfileIssue, hasErrors } from '../profiles/validate';

export interface EditorOptions {
  title: string;
  scope: ProfileScope;
  /** Offer the choice between user and workspace settings. */
  canChooseScope: boolean;
  validate(draft: ProfileDraft): ProfileIssue[];
  /** Tries the draft against its server (before it is saved) and tells the user how it went. */
  test?(draft: ProfileDraft): Promise<void>;
}

export interface EditorResult {
  draft: ProfileDraft;
  scope: ProfileScope;
}

interface Item extends vscode.QuickPickItem {
  action: 'save' | 'test' | 'scope' | 'field';
  field?: ProfileField;
}

const GROUP_TITLES: Record<ProfileField['group'], string> = {
  connection: 'Connection',
  tls: 'TLS',
  session: 'Session',
  advanced: 'Advanced',
};

function issueText(issues: ProfileIssue[], key: string): string | undefined {
  const mine = issues.filter((i) => i.field === key || (key === 'session' && i.field === 'sessionId'));
  if (mine.length === 0) return undefined;
  return mine.map((i) => `${i.severity === 'error' ? '$(error)' : '$(warning)'} ${i.message}`).join('  ');
}

function items(draft: ProfileDraft, scope: ProfileScope, options: EditorOptions, issues: ProfileIssue[]): Item[] {
  const errors = hasErrors(issues);
  const out: Item[] = [{
    action: 'save',
    label: `$(check) ${vscode.l10n.t('Save')}`,
    description: errors ? vscode.l10n.t('fix the problems marked below first') : undefined,
    alwaysShow: true,
  }];
  if (options.test) {
    out.push({
      action: 'test',
      label: `$(pulse) ${vscode.l10n.t('Test Connection')}`,
      description: errors ? vscode.l10n.t('fix the problems marked below first') : undefined,
      alwaysShow: true,
    });
  }
  let group: ProfileField['group'] | undefined;
  for (const field of PROFILE_FIELDS) {
    if (field.group !== group) {
      group = field.group;
      out.push({ action: 'field', label: vscode.l10n.t(GROUP_TITLES[group]), kind: vscode.QuickPickItemKind.Separator });
    }
    const detail = issueText(issues, field.key);
    out.push({
      action: 'field',
      field,
      label: vscode.l10n.t(field.label),
      description: field.display(draft),
      ...(detail ? { detail } : {}),
    });
  }
  if (options.canChooseScope) {
    out.push({ action: 'field', label: '', kind: vscode.QuickPickItemKind.Separator });
    out.push({
      action: 'scope',
      label: vscode.l10n.t('Save to'),
      description: scope === 'user' ? vscode.l10n.t('User settings') : vscode.l10n.t('Workspace settings'),
    });
  }
  return out;
}

async function editField(draft: ProfileDraft, field: ProfileField, title: string): Promise<void> {
  if (field.kind === 'toggle') {
    field.apply(draft, '');
    return;
  }
  const value = await vscode.window.showInputBox({
    title: `${title}: ${vscode.l10n.t(field.label)}`,
    prompt: vscode.l10n.t(field.prompt),
    value: field.initial(draft),
    password: field.kind === 'secret',
    ignoreFocusOut: true,
    ...(field.placeholder ? { placeHolder: field.placeholder } : {}),
    // Checked on a copy, so a half-typed value never reaches the draft.
    validateInput: (text) => field.apply(cloneDraft(draft), text),
  });
  if (value !== undefined) field.apply(draft, value);
}

/** Runs the editor on a copy of `initial`; undefined when the user leaves without saving. */
export async function editProfile(initial: ProfileDraft, options: EditorOptions): Promise<EditorResult | undefined> {
  const draft = cloneDraft(initial);
  let scope = options.scope;
  let activeKey: string | undefined;
  for (;;) {
    const issues = options.validate(draft);
    const list = items(draft, scope, options, issues);
    const picked = await new Promise<Item | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<Item>();
      qp.title = options.title;
      qp.placeholder = vscode.l10n.t('Pick a field to change it, or Save');
      qp.matchOnDescription = true;
      qp.ignoreFocusOut = true;
      qp.items = list;
      const active = list.find((i) => i.field?.key === activeKey);
      if (active) qp.activeItems = [active];
      let result: Item | undefined;
      qp.onDidAccept(() => {
        result = qp.selectedItems[0];
        qp.hide();
      });
      qp.onDidHide(() => {
        qp.dispose();
        resolve(result);
      });
      qp.show();
    });
    if (!picked) return undefined;
    if (picked.action === 'save') {
      if (!hasErrors(issues)) return { draft, scope };
      void vscode.window.showWarningMessage(vscode.l10n.t('The connection has problems: {0}', issues.filter((i) => i.severity === 'error').map((i) => i.message).join(' ')));
      continue;
    }
    if (picked.action === 'test') {
      activeKey = undefined;
      if (hasErrors(issues)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The connection has problems: {0}', issues.filter((i) => i.severity === 'error').map((i) => i.message).join(' ')));
      } else {
        await options.test?.(cloneDraft(draft));
      }
      continue;
    }
    if (picked.action === 'scope') {
      scope = scope === 'user' ? 'workspace' : 'user';
      continue;
    }
    if (picked.field) {
      activeKey = picked.field.key;
      await editField(draft, picked.field, options.title);
    }
  }
}
