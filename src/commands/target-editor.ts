// Which editor a run command works on, and the title its results carry: shared by the SQL and the
// PySpark run commands, which CodeLenses and menus call with a document's URI.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The editor a command should work on: an explicit document, else the active editor. */
export async function targetEditor(uri: unknown): Promise<vscode.TextEditor | undefined> {
  if (uri instanceof vscode.Uri) {
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    return open ?? vscode.window.showTextDocument(uri, { preserveFocus: true });
  }
  return vscode.window.activeTextEditor;
}

/** A document's name for result titles (an untitled one by its path, `Untitled-1`). */
export function titleOf(document: vscode.TextDocument): string {
  return document.isUntitled ? document.uri.path : path.basename(document.uri.fsPath);
}
