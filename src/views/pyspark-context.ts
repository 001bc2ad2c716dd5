// The sparkConnect.pysparkEditor context key: true while the active editor holds a Python file that is
// PySpark code (looks-like-pyspark.ts). The Ctrl+Enter and Ctrl+Shift+Enter bindings for Python need it,
// so in any other Python file those keys keep their usual meaning.
import * as vscode from 'vscode';
import { looksLikePySpark } from '../pyspark/looks-like-pyspark';

export const PYSPARK_EDITOR_KEY = 'sparkConnect.pysparkEditor';

export function registerPySparkContext(): vscode.Disposable {
  let current: boolean | undefined;
  let timer: NodeJS.Timeout | undefined;
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const value = doc !== undefined && doc.languageId === 'python' && looksLikePySpark(doc.getText());
    if (value === current) return;
    current = value;
    void vscode.commands.executeCommand('setContext', PYSPARK_EDITOR_KEY, value);
  };
  update();
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== vscode.window.activeTextEditor?.document) return;
      // Typing the first `import pyspark` should switch the keys on without re-testing every keystroke.
      clearTimeout(timer);
      timer = setTimeout(update, 300);
    }),
    { dispose: () => clearTimeout(timer) },
  );
}
