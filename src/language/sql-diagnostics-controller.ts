// Spark SQL squiggles while typing: local syntax errors of the statements an edit changed (debounced),
// and, on save (and after a pause in typing when the setting says so), the server's analysis of the
// document's queries, which never executes anything. Where the server has spoken on a statement, its
// word replaces the local grammar's (the server's parser is the real one, of the connected version).
import * as vscode from 'vscode';
import type { EngineSession } from '../engine/engine';
import type { SqlDiagnostic } from '../sql-language/sql-language-service';
import { SQL_LANGUAGE_IDS } from './sql-language-ids';
import type { SqlLanguageClient } from './sql-language-client';

export type ServerDiagnosticsMode = 'off' | 'onSave' | 'onSaveAndPause';

const LOCAL_DEBOUNCE_MS = 300;
const PAUSE_MS = 1500;
const RETRY_MS = 1000;

export class SqlDiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sparkSql');
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pauseTimers = new Map<string, NodeJS.Timeout>();
  private readonly server = new Map<string, { version: number; diagnostics: SqlDiagnostic[] }>();
  private readonly inflight = new Map<string, AbortController>();
  /** The latest local check of each document: an older one that comes back empty is not retried. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly client: SqlLanguageClient,
    private readonly activeSession: () => EngineSession | undefined,
    private readonly mode: () => ServerDiagnosticsMode,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.changed(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => this.checkOnServer(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  private isSql(d: vscode.TextDocument): boolean {
    return SQL_LANGUAGE_IDS.includes(d.languageId);
  }

  private changed(d: vscode.TextDocument): void {
    if (!this.isSql(d)) return;
    // The server's answers were about the previous text.
    this.server.delete(d.uri.toString());
    this.schedule(d);
    if (this.mode() === 'onSaveAndPause') {
      const key = d.uri.toString();
      clearTimeout(this.pauseTimers.get(key));
      this.pauseTimers.set(key, setTimeout(() => this.checkOnServer(d), PAUSE_MS));
    }
  }

  private schedule(d: vscode.TextDocument): void {
    if (!this.isSql(d)) return;
    const key = d.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.publish(d), LOCAL_DEBOUNCE_MS));
  }

  private async checkOnServer(d: vscode.TextDocument): Promise<void> {
    const session = this.activeSession();
    if (!this.isSql(d) || this.mode() === 'off' || !session?.validateQuery) return;
    const key = d.uri.toString();
    this.inflight.get(key)?.abort();
    const abort = new AbortController();
    this.inflight.set(key, abort);
    const version = d.version;
    try {
      const { service } = await this.client.load();
      const validate = session.validateQuery.bind(session);
      const diagnostics = await service.serverDiagnostics({ key, text: d.getText() }, validate, `${session.sessionId}/${session.sparkVersion}`, abort.signal);
      if (abort.signal.aborted || d.version !== version) return;
      this.server.set(key, { version, diagnostics });
      await this.publish(d);
    } catch {
      // A failed check leaves the local diagnostics; the next save asks again.
    } finally {
      if (this.inflight.get(key) === abort) this.inflight.delete(key);
    }
  }

  private async publish(d: vscode.TextDocument, attempt = 0): Promise<void> {
    if (d.isClosed) return;
    const { service } = await this.client.load();
    const doc = { key: d.uri.toString(), text: d.getText() };
    const generation = (this.generations.get(doc.key) ?? 0) + 1;
    this.generations.set(doc.key, generation);
    const version = d.version;
    // Parsed off the typing thread (the grammar's worker); keyed to the connected server's version.
    const local = await service.checkSyntax(doc, this.activeSession()?.sparkVersion);
    if (local === undefined) {
      // No answer and no newer check: the grammar was slow (warming up); try again shortly.
      if (this.generations.get(doc.key) === generation && d.version === version && !d.isClosed && attempt < 3) {
        this.timers.set(doc.key, setTimeout(() => void this.publish(d, attempt + 1), RETRY_MS));
      }
      return;
    }
    if (d.isClosed || d.version !== version) return;
    const server = this.server.get(doc.key);
    const fromServer = server && server.version === d.version ? server.diagnostics : [];
    // Statements the server judged: drop the local grammar's squiggles there.
    const judged = service.statements(doc).filter((s) => fromServer.some((x) => x.start >= s.start && x.start <= s.end));
    const kept = local.filter((l) => !judged.some((s) => l.start >= s.start && l.start <= s.end));
    this.collection.set(d.uri, [...kept, ...fromServer].map((x) => toDiagnostic(d, x)));
  }

  /** Checks every open SQL document again (the connected server, so the syntax its version has, changed). */
  recheckAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  private closed(d: vscode.TextDocument): void {
    const key = d.uri.toString();
    this.generations.delete(key);
    clearTimeout(this.timers.get(key));
    clearTimeout(this.pauseTimers.get(key));
    this.inflight.get(key)?.abort();
    this.server.delete(key);
    this.collection.delete(d.uri);
    void this.client.load().then(({ service }) => service.forget(key), () => undefined);
  }

  dispose(): void {
    for (const t of [...this.timers.values(), ...this.pauseTimers.values()]) clearTimeout(t);
    for (const a of this.inflight.values()) a.abort();
    this.collection.dispose();
    for (const x of this.disposables) x.dispose();
  }
}

/** A language-service diagnostic as VS Code's (the SQL in Python strings uses it too). */
export function toDiagnostic(d: vscode.TextDocument, x: SqlDiagnostic): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(new vscode.Range(d.positionAt(x.start), d.positionAt(x.end)), x.message,
    x.severity === 'error' ? vscode.DiagnosticSeverity.Error : x.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
  diag.source = x.origin === 'server' ? 'Spark' : 'Spark SQL';
  diag.code = x.code;
  return diag;
}
