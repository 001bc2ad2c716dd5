// Syntax squiggles for the SQL inside spark.sql("...") literals of Python files and notebook cells:
// each region's text goes through the same local grammar as a .sql file (statement by statement,
// cached by text), and the errors land where the SQL was written in the Python source, through
// escapes, raw strings, triple quotes and implicit concatenation. Statements with an f-string hole or
// a {placeholder} get no local squiggle (what it stands for is known only when Python runs).
import * as vscode from 'vscode';
import type { PythonSqlRegions } from './python-sql-providers';
import { regionKey } from './python-sql-providers';
import type { SqlLanguageClient } from './sql-language-client';

const DEBOUNCE_MS = 300;

export class PythonSqlDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sparkSqlInPython');
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** How many regions each document had last time, to forget the service's caches of those gone. */
  private readonly regionCounts = new Map<string, number>();

  constructor(private readonly client: SqlLanguageClient, private readonly regions: PythonSqlRegions, private readonly debounceMs = DEBOUNCE_MS) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  private schedule(d: vscode.TextDocument): void {
    if (d.languageId !== 'python') return;
    const key = d.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.publish(d).catch(() => undefined);
    }, this.debounceMs));
  }

  private async publish(d: vscode.TextDocument): Promise<void> {
    const version = d.version;
    const found = await this.regions.all(d);
    const uri = d.uri.toString();
    if (!found || found.regions.length === 0) {
      this.collection.delete(d.uri);
      this.forgetFrom(d, 0);
      return;
    }
    const { service } = await this.client.load();
    const diagnostics: vscode.Diagnostic[] = [];
    for (const [i, region] of found.regions.entries()) {
      const doc = { key: regionKey(d, i), text: region.text };
      // Promise.resolve: the service may answer from a worker thread.
      const local = await Promise.resolve(service.syntaxDiagnostics(doc));
      if (local.length === 0) continue;
      for (const x of found.mod.regionDiagnostics(region, local, service.statements(doc))) {
        const diag = new vscode.Diagnostic(new vscode.Range(d.positionAt(x.start), d.positionAt(x.end)), x.message, vscode.DiagnosticSeverity.Error);
        diag.source = 'Spark SQL';
        diag.code = x.code;
        diagnostics.push(diag);
      }
    }
    if (d.isClosed || d.version !== version) return;
    this.collection.set(d.uri, diagnostics);
    this.forgetFrom(d, found.regions.length);
    this.regionCounts.set(uri, found.regions.length);
  }

  /** Drops the service's caches of the document's regions from index `from` on. */
  private forgetFrom(d: vscode.TextDocument, from: number): void {
    const had = this.regionCounts.get(d.uri.toString()) ?? 0;
    if (had <= from) return;
    void this.client.load().then(({ service }) => {
      for (let i = from; i < had; i++) service.forget(regionKey(d, i));
    }, () => undefined);
    this.regionCounts.set(d.uri.toString(), from);
  }

  private closed(d: vscode.TextDocument): void {
    const key = d.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(d.uri);
    this.forgetFrom(d, 0);
    this.regionCounts.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
    for (const x of this.disposables) x.dispose();
  }
}
