// The Spark SQL language service: one object per window (or CLI run) that answers completion, hover,
// signature help and diagnostics for documents, always on the statement at the caret (or, for
// diagnostics, one statement at a time, cached by text), never by parsing a whole file. Front ends
// (src/language/ for VS Code, the CLI's check) give it text and offsets and map the answers to their
// own positions. This module is the entry of its own bundle (dist/sql-language-service.js), loaded
// on first use: the grammar inside weighs about 0.9 MB.
import type { SqlStatement } from '../sql/split';
import type { CatalogCache } from './catalog-cache';
import { complete, type CompletionResult } from './completion';
import type { SqlDiagnostic } from './diagnostic';
import { DtSparkGrammar } from './dt-spark-grammar';
import type { SqlGrammar } from './grammar';
import { InThreadGrammarHost, type GrammarHost } from './grammar-host';
import { WorkerGrammarHost, type WorkerGrammarHostOptions } from './grammar-worker';
import { hoverAt, type HoverResult } from './hover';
import { serverDiagnostics, type ValidateQuery } from './server-diagnostics';
import { signatureHelpAt, type SignatureHelpResult } from './signature-help';
import { StatementCache, statementForCaret } from './statement-cache';
import { SyntaxDiagnosticsCache } from './syntax-diagnostics';

export { CatalogCache, type CatalogSource } from './catalog-cache';
export type { CompletionEntry, CompletionKind, CompletionResult } from './completion';
export type { SqlDiagnostic } from './diagnostic';
export type { HoverResult } from './hover';
export type { SignatureHelpResult } from './signature-help';

export interface SqlServiceOptions {
  /** Runs the grammar on a worker thread (the editor: a slow parse must not block typing). */
  offThread?: boolean | WorkerGrammarHostOptions;
  /** A grammar host to share (tests); the service does not dispose it. */
  host?: GrammarHost;
}

export interface SqlDocument {
  /** A stable key for the document (its URI, or a file path). */
  key: string;
  text: string;
}

export class SqlLanguageService {
  private readonly statementCaches = new Map<string, StatementCache>();
  private readonly syntax: SyntaxDiagnosticsCache;
  private readonly server = new Map<string, Promise<Array<Omit<SqlDiagnostic, 'start' | 'end'> & { from: number; to: number }>>>();

  /** Where the grammar answers asynchronous requests (completion, checkSyntax): a worker or this thread. */
  readonly host: GrammarHost;
  private readonly ownsHost: boolean;

  constructor(readonly grammar: SqlGrammar = new DtSparkGrammar(), options: SqlServiceOptions = {}) {
    this.syntax = new SyntaxDiagnosticsCache(grammar);
    const { offThread } = options;
    this.ownsHost = options.host === undefined;
    this.host = options.host ?? (offThread ? new WorkerGrammarHost({ fallback: () => grammar, ...(typeof offThread === 'object' ? offThread : {}) }) : new InThreadGrammarHost(grammar));
  }

  statements(doc: SqlDocument): readonly SqlStatement[] {
    return this.cache(doc.key).all(doc.text);
  }

  forget(key: string): void {
    this.statementCaches.delete(key);
  }

  async completion(doc: SqlDocument, offset: number, catalog?: CatalogCache): Promise<CompletionResult> {
    const s = statementForCaret(doc.text, this.cache(doc.key), offset);
    const r = await complete({ statement: s.text, offset: offset - s.start, host: this.host, ...(catalog ? { catalog } : {}), isScript: s.isScript });
    return { items: r.items, replaceStart: r.replaceStart + s.start, replaceEnd: r.replaceEnd + s.start, ...(r.incomplete ? { incomplete: true } : {}) };
  }

  async hover(doc: SqlDocument, offset: number, catalog?: CatalogCache): Promise<HoverResult | undefined> {
    const s = statementForCaret(doc.text, this.cache(doc.key), offset);
    const h = await hoverAt(s.text, offset - s.start, catalog);
    return h ? { ...h, start: h.start + s.start, end: h.end + s.start } : undefined;
  }

  signatureHelp(doc: SqlDocument, offset: number, catalog?: CatalogCache): Promise<SignatureHelpResult | undefined> {
    const s = statementForCaret(doc.text, this.cache(doc.key), offset);
    return signatureHelpAt(s.text, offset - s.start, catalog);
  }

  /**
   * Local syntax errors of every statement (each parsed once per distinct text), in this thread.
   * `sparkVersion`: the connected server's (its missing syntax is an error); undefined: the newest Spark.
   */
  syntaxDiagnostics(doc: SqlDocument, sparkVersion?: string): SqlDiagnostic[] {
    return this.statements(doc).flatMap((s) => this.syntax.forStatement(s, sparkVersion));
  }

  /**
   * The same, with the parsing done by the grammar host (a worker thread in the editor). Undefined
   * when there is no answer: a newer check of the same document superseded it, or it was cancelled.
   */
  checkSyntax(doc: SqlDocument, sparkVersion: string | undefined, signal?: AbortSignal): Promise<SqlDiagnostic[] | undefined> {
    return this.syntax.forStatements(this.host, this.statements(doc), sparkVersion, { channel: `syntax:${doc.key}`, ...(signal ? { signal } : {}) });
  }

  /** Ends the grammar's worker thread, if any. */
  dispose(): void {
    if (this.ownsHost) this.host.dispose();
  }

  /**
   * Server diagnostics of every query in the document, asked once per distinct (server version, text):
   * a save that changed one statement sends that one. `serverKey` names the connected server (its version).
   */
  async serverDiagnostics(doc: SqlDocument, validate: ValidateQuery, serverKey: string, signal?: AbortSignal): Promise<SqlDiagnostic[]> {
    const out: SqlDiagnostic[] = [];
    for (const s of this.statements(doc)) {
      if (signal?.aborted) break;
      const k = `${serverKey}\u0000${s.isScript ? 'S' : 'Q'}${s.text}`;
      let p = this.server.get(k);
      if (!p) {
        p = serverDiagnostics(validate, { ...s, start: 0, end: s.end - s.start }, signal)
          .then((ds) => ds.map(({ start, end, ...rest }) => ({ ...rest, from: start, to: end })));
        if (this.server.size >= 2000) this.server.delete(this.server.keys().next().value as string);
        this.server.set(k, p);
        // A cancelled or failed check is asked again next time.
        p.catch(() => this.server.delete(k));
      }
      const ds = await p.catch(() => []);
      out.push(...ds.map(({ from, to, ...rest }) => ({ ...rest, start: s.start + from, end: s.start + to })));
    }
    return out;
  }

  /** Forgets server diagnostics (after DDL changed what the server would say). */
  forgetServerDiagnostics(): void {
    this.server.clear();
  }

  private cache(key: string): StatementCache {
    let c = this.statementCaches.get(key);
    if (!c) {
      c = new StatementCache();
      this.statementCaches.set(key, c);
    }
    return c;
  }
}

export function createSqlLanguageService(options: SqlServiceOptions = {}): SqlLanguageService {
  return new SqlLanguageService(new DtSparkGrammar(), options);
}
