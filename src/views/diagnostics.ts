// Squiggles at the place a server error points to. A run clears its document's diagnostics first, so
// they always describe the latest run.
import * as vscode from 'vscode';
import type { FailureDescription } from '../engine/error-report';
import type { OffsetRange } from '../sql/error-position';

export class SqlDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sparkConnect');

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  /** Marks `range` (or, when the server gave no position, the whole `statement` range). */
  report(document: vscode.TextDocument, range: OffsetRange | undefined, statement: OffsetRange, failure: FailureDescription): void {
    const r = range ?? statement;
    const vsRange = new vscode.Range(document.positionAt(r.start), document.positionAt(r.end));
    const parts = [failure.summary];
    if (failure.sqlState) parts.push(`SQLSTATE ${failure.sqlState}`);
    if (failure.hint) parts.push(failure.hint);
    const d = new vscode.Diagnostic(vsRange, parts.join(' \u2014 '), vscode.DiagnosticSeverity.Error);
    d.source = 'Spark';
    if (failure.errorClass) d.code = failure.errorClass;
    this.collection.set(document.uri, [d]);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
