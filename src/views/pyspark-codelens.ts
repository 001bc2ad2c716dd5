// "Run | Explain" above each top-level statement of a PySpark file that ends in an action (show,
// count, display, a bare DataFrame, a write ...), as SQL files have above each statement
// (sparkConnect.codeLens.enabled). print() gets Run only: there is no DataFrame to explain.
import * as vscode from 'vscode';
import { isNotebookCell } from '../notebook/cell-uri';
import { looksLikePySpark } from '../pyspark/looks-like-pyspark';
import type { PythonFiles } from './python-files';
import type { ExtensionSettings } from './settings';

// A generated file with thousands of actions would drown the editor in lenses; past this they are left out.
const MAX_LENSES = 2000;

export class PySparkCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly settings: ExtensionSettings, private readonly files: PythonFiles) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (settings.affects(e, 'codeLens.enabled')) this.changed.fire();
    });
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.settings.codeLensEnabled || isNotebookCell(document.uri) || !looksLikePySpark(document.getText())) return [];
    const file = await this.files.get(document);
    const actions = file.statements.filter((s) => s.action !== undefined);
    if (actions.length > MAX_LENSES) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const s of actions) {
      const range = new vscode.Range(document.positionAt(s.from), document.positionAt(s.to));
      const args = [document.uri, s.from, s.to];
      lenses.push(new vscode.CodeLens(range, { title: `$(play) ${vscode.l10n.t('Run')}`, command: 'sparkConnect.pyspark.runStatement', arguments: args }));
      if (s.action?.kind !== 'text') {
        lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Explain'), command: 'sparkConnect.pyspark.explainStatement', arguments: args }));
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
