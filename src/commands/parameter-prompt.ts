// Asking for parameter values. Values configured in sparkConnect.sql.parameters are used as they are;
// others are asked for, prefilled with what was typed last time in this window.
import * as vscode from 'vscode';
import { parseSqlValue, type SqlValue } from '../sql/parameter-values';
import type { SqlStatement } from '../sql/split';
import { bindParameters, collectParameters, hasParameters } from '../engine/parameter-plan';
import type { PreparedStatement } from '../engine/query-runner';
import type { ExtensionSettings } from '../views/settings';

const VALUE_HELP = "A SQL literal: 42, 3.5, 7L, true, NULL, DATE '2024-01-31' or 'text'. Anything else is taken as text.";

export class ParameterPrompter {
  private readonly lastValues = new Map<string, string>();

  constructor(private readonly settings: ExtensionSettings) {}

  /** Statements with their arguments; undefined when the user cancelled or values are missing. */
  async prepare(statements: readonly SqlStatement[]): Promise<PreparedStatement[] | undefined> {
    const needs = collectParameters(statements);
    if (!hasParameters(needs)) return statements.map((statement) => ({ statement }));
    if (needs.mixed.length > 0) {
      void vscode.window.showErrorMessage(vscode.l10n.t(
        'Statement {0} uses both named (:name) and positional (?) parameters; Spark accepts only one kind per statement.',
        needs.mixed[0] + 1,
      ));
      return undefined;
    }
    const configured = this.settings.parameterValues;
    const prompt = this.settings.promptForParameters;
    const named: Record<string, SqlValue> = {};
    for (const name of needs.named) {
      const fixed = configured[name];
      if (fixed !== undefined) {
        named[name] = parseSqlValue(fixed);
        continue;
      }
      const text = await this.ask(`:${name}`, vscode.l10n.t('Value for parameter :{0}', name), prompt);
      if (text === undefined) return undefined;
      named[name] = parseSqlValue(text);
    }
    const positional = new Map<number, SqlValue[]>();
    for (const [index, count] of needs.positional) {
      const values: SqlValue[] = [];
      for (let k = 0; k < count; k++) {
        const title = needs.positional.size > 1 || statements.length > 1
          ? vscode.l10n.t('Statement {0}: value for ? number {1} of {2}', index + 1, k + 1, count)
          : vscode.l10n.t('Value for ? number {0} of {1}', k + 1, count);
        const text = await this.ask(`?${index}.${k}`, title, prompt);
        if (text === undefined) return undefined;
        values.push(parseSqlValue(text));
      }
      positional.set(index, values);
    }
    return bindParameters(statements, needs, named, positional);
  }

  private async ask(key: string, title: string, prompt: boolean): Promise<string | undefined> {
    if (!prompt) {
      void vscode.window.showErrorMessage(vscode.l10n.t('No value for {0}: add it to the sparkConnect.sql.parameters setting, or turn on sparkConnect.sql.promptForParameters.', key.startsWith(':') ? key : '?'));
      return undefined;
    }
    const text = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t(VALUE_HELP),
      value: this.lastValues.get(key) ?? '',
      ignoreFocusOut: true,
    });
    if (text !== undefined) this.lastValues.set(key, text);
    return text;
  }
}
