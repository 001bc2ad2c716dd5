// "Run | Explain" above each statement of a SQL file (sparkConnect.codeLens.enabled).
import * as vscode from 'vscode';
import { isNotebookCell } from '../notebook/cell-uri';
import type { ExtensionSettings } from './settings';
import { splitStatements } from '../sql/split';

// Splitting is cheap, but a generated file with many thousands of statements would drown the editor
// in lenses; past this size they are left out.
const MAX_LENSES = 2000;

export class SqlCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly settings: ExtensionSettings) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (settings.affects(e, 'codeLens.enabled')) this.changed.fire();
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.settings.codeLensEnabled || isNotebookCell(document.uri)) return [];
    const statements = splitStatements(document.getText());
    if (statements.length > MAX_LENSES) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const s of statements) {
      const range = new vscode.Range(document.positionAt(s.start), document.positionAt(s.end));
      const args = [document.uri, s.start, s.end];
      lenses.push(
        new vscode.CodeLens(range, { title: `$(play) ${vscode.l10n.t('Run')}`, command: 'sparkConnect.sql.runStatement', arguments: args }),
        new vscode.CodeLens(range, { title: vscode.l10n.t('Explain'), command: 'sparkConnect.sql.explainStatement', arguments: args }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
