// Syntax squiggles for the SQL inside spark.sql("...") literals of Python files and notebook cells:
// each region's text goes through the same local grammar as a .sql file (statement by statement,
// cached by text), and the errors land where the SQL was written in the Python source, through
// escapes, raw strings, triple quotes and implicit concatenation. Statements with an f-string hole or
// a {placeholder} get no local squiggle (what it stands for is known only when Python runs).
// On save (and after a pause in typing, as the setting says), the connected server analyzes each
// region's queries as it does a .sql file's (AnalyzePlan, never executing anything); its word replaces
// the local grammar's on the statements it judged. Statements with a hole are not sent: the server
// would judge the placeholder's name, not what Python puts there.
import * as vscode from 'vscode';
import type { EngineSession } from '../engine/engine';
import type { SqlDiagnostic } from '../sql-language/sql-language-service';
import { toDiagnostic, type ServerDiagnosticsMode } from './sql-diagnostics-controller';
import type { PythonSqlRegions } from './python-sql-providers';
import { regionKey } from './python-sql-providers';
import type { SqlLanguageClient } from './sql-language-client';

const DEBOUNCE_MS = 300;
const PAUSE_MS = 1500;

/** The connected session and the server-diagnostics setting; without them only local syntax is checked. */
export interface PythonSqlServer {
  activeSession(): EngineSession | undefined;
  mode(): ServerDiagnosticsMode;
}

export class PythonSqlDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sparkSqlInPython');
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** How many regions each document had last time, to forget the service's caches of those gone. */
  private readonly regionCounts = new Map<string, number>();
  /** The server's diagnostics of each document, in source offsets, for the version it analyzed. */
  private readonly server = new Map<string, { version: number; diagnostics: SqlDiagnostic[]; judged: Array<{ start: number; end: number }> }>();
  private readonly inflight = new Map<string, AbortController>();
  private readonly pauseTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly client: SqlLanguageClient, private readonly regions: PythonSqlRegions, private readonly debounceMs = DEBOUNCE_MS,
    private readonly serverSide?: PythonSqlServer) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.changed(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => void this.checkOnServer(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  private changed(d: vscode.TextDocument): void {
    if (d.languageId !== 'python') return;
    // The server's answers were about the previous text.
    this.server.delete(d.uri.toString());
    this.schedule(d);
    if (this.serverSide?.mode() === 'onSaveAndPause') {
      const key = d.uri.toString();
      clearTimeout(this.pauseTimers.get(key));
      this.pauseTimers.set(key, setTimeout(() => void this.checkOnServer(d), PAUSE_MS));
    }
  }

  private async checkOnServer(d: vscode.TextDocument): Promise<void> {
    const session = this.serverSide?.activeSession();
    if (d.languageId !== 'python' || !this.serverSide || this.serverSide.mode() === 'off' || !session?.validateQuery) return;
    const key = d.uri.toString();
    this.inflight.get(key)?.abort();
    const abort = new AbortController();
    this.inflight.set(key, abort);
    const version = d.version;
    try {
      const found = await this.regions.all(d);
      if (!found || found.regions.length === 0) return;
      const { service } = await this.client.load();
      const validate = session.validateQuery.bind(session);
      const diagnostics: SqlDiagnostic[] = [];
      const judged: Array<{ start: number; end: number }> = [];
      for (const [i, region] of found.regions.entries()) {
        if (abort.signal.aborted) return;
        const doc = { key: regionKey(d, i), text: region.text };
        const statements = service.statements(doc);
        // Only statements without a hole: what Python puts in a placeholder is not in the text.
        const sendable = statements.filter((s) => !region.holes.some((h) => h.start < s.end && h.end > s.start));
        if (sendable.length === 0) continue;
        const text = sendable.length === statements.length ? region.text : blankOutside(region.text, sendable);
        const fromServer = await service.serverDiagnostics({ key: `${doc.key}#server`, text }, validate, `${session.sessionId}/${session.sparkVersion}`, abort.signal);
        diagnostics.push(...found.mod.regionDiagnostics(region, fromServer, statements));
        judged.push({ start: region.contentStart, end: region.contentEnd });
      }
      if (abort.signal.aborted || d.isClosed || d.version !== version) return;
      this.server.set(key, { version, diagnostics, judged });
      await this.publish(d);
    } catch {
      // A failed check leaves the local squiggles; the next save asks again.
    } finally {
      if (this.inflight.get(key) === abort) this.inflight.delete(key);
    }
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
    const local: SqlDiagnostic[] = [];
    for (const [i, region] of found.regions.entries()) {
      const doc = { key: regionKey(d, i), text: region.text };
      // Promise.resolve: the service may answer from a worker thread.
      const syntax = await Promise.resolve(service.syntaxDiagnostics(doc));
      if (syntax.length > 0) local.push(...found.mod.regionDiagnostics(region, syntax, service.statements(doc)));
    }
    if (d.isClosed || d.version !== version) return;
    const server = this.server.get(uri);
    const fromServer = server && server.version === version ? server : undefined;
    // In the strings the server analyzed (every statement without a hole), its word replaces the grammar's.
    const kept = fromServer ? local.filter((x) => !fromServer.judged.some((r) => x.start >= r.start && x.start <= r.end)) : local;
    this.collection.set(d.uri, [...kept, ...(fromServer?.diagnostics ?? [])].map((x) => toDiagnostic(d, x)));
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
    clearTimeout(this.pauseTimers.get(key));
    this.inflight.get(key)?.abort();
    this.server.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(d.uri);
    this.forgetFrom(d, 0);
    this.regionCounts.delete(key);
  }

  dispose(): void {
    for (const t of [...this.timers.values(), ...this.pauseTimers.values()]) clearTimeout(t);
    for (const a of this.inflight.values()) a.abort();
    this.collection.dispose();
    for (const x of this.disposables) x.dispose();
  }
}

/** The text with everything outside the given statements blanked to spaces (offsets unchanged). */
function blankOutside(text: string, keep: ReadonlyArray<{ start: number; end: number }>): string {
  let out = '';
  let at = 0;
  for (const s of keep) {
    out += text.slice(at, s.start).replace(/[^\n]/g, ' ') + text.slice(s.start, s.end);
    at = s.end;
  }
  return out + text.slice(at).replace(/[^\n]/g, ' ');
}

