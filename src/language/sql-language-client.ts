// The extension's side of the Spark SQL language service: loads the service (its own bundle,
// dist/sql-language-service.js) on first use, and keeps one catalog cache per Spark session, so that
// catalog data is fetched once per session and dropped when DDL runs or the explorer refreshes.
import type { EngineSession } from '../engine/engine';
import type { CatalogCache, SqlLanguageService } from '../sql-language/sql-language-service';

type ServiceModule = typeof import('../sql-language/sql-language-service');

export class SqlLanguageClient {
  private module: Promise<ServiceModule> | undefined;
  private service: SqlLanguageService | undefined;
  private readonly caches = new WeakMap<EngineSession, CatalogCache>();
  /** Caches made so far (few: one per session connected in this window), for invalidate(). */
  private readonly all = new Set<WeakRef<CatalogCache>>();

  constructor(private readonly activeSession: () => EngineSession | undefined, private readonly onGrammarFallback?: (reason: string) => void) {}

  /** The service, loaded once (about 0.9 MB of grammar: never on the activation path). */
  async load(): Promise<{ service: SqlLanguageService; mod: ServiceModule }> {
    if (!this.module) {
      const loading = import('../sql-language/sql-language-service');
      this.module = loading;
      loading.catch(() => {
        if (this.module === loading) this.module = undefined;
      });
    }
    const mod = await this.module;
    // The grammar parses on a worker thread: its first parses take seconds and must not block typing.
    this.service ??= mod.createSqlLanguageService({ offThread: this.onGrammarFallback ? { onFallback: this.onGrammarFallback } : true });
    return { service: this.service, mod };
  }

  /** The catalog cache of the active session, or undefined when not connected. */
  async catalog(): Promise<CatalogCache | undefined> {
    const session = this.activeSession();
    if (!session) return undefined;
    const { mod } = await this.load();
    let cache = this.caches.get(session);
    if (!cache) {
      cache = new mod.CatalogCache(session);
      this.caches.set(session, cache);
      this.all.add(new WeakRef(cache));
    }
    return cache;
  }

  /** Drops every session's cached tables, columns and server diagnostics (functions stay). */
  invalidate(): void {
    for (const ref of this.all) {
      const cache = ref.deref();
      if (cache) cache.invalidate();
      else this.all.delete(ref);
    }
    this.service?.forgetServerDiagnostics();
  }

  /** Ends the grammar's worker thread. */
  dispose(): void {
    this.service?.dispose();
  }
}
