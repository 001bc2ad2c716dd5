// Squiggles for PySpark runs, in a collection of their own (so SQL runs and PySpark runs never clear
// each other's): a construct the runner cannot run or a parse/evaluation error at its exact span, a
// server error at the action that failed. A run clears its document's marks first, so they always
// describe the latest run.
import * as vscode from 'vscode';
import type { FailureDescription } from '../engine/error-report';

export class PySparkDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sparkConnect.pyspark');

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  /** The runner refused the code: `message` names the construct; `phase` is parse, evaluate or unsupported. */
  refused(document: vscode.TextDocument, from: number, to: number, message: string, phase: string, construct: string): void {
    const range = new vscode.Range(document.positionAt(from), document.positionAt(Math.max(to, from + 1)));
    const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
    d.source = 'PySpark';
    d.code = phase === 'unsupported' ? `unsupported: ${construct}` : phase;
    this.collection.set(document.uri, [d]);
  }

  /** The server rejected what an action sent: error class and SQLSTATE as SQL errors show them. */
  failed(document: vscode.TextDocument, from: number, to: number, failure: FailureDescription): void {
    const range = new vscode.Range(document.positionAt(from), document.positionAt(Math.max(to, from + 1)));
    const parts = [failure.summary];
    if (failure.sqlState) parts.push(`SQLSTATE ${failure.sqlState}`);
    if (failure.hint) parts.push(failure.hint);
    const d = new vscode.Diagnostic(range, parts.join(' \u2014 '), vscode.DiagnosticSeverity.Error);
    d.source = 'Spark';
    if (failure.errorClass) d.code = failure.errorClass;
    this.collection.set(document.uri, [d]);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
