// What the language service knows of the connected server's catalog, fetched at most once per session:
// completion runs on every keystroke, and a catalog call costs tens to hundreds of milliseconds. Failed
// lookups are remembered too (as empty), so a table name being typed is not asked for again and again.
// invalidate() forgets everything but the function registry and its docs: the editor calls it after it
// runs DDL, and the explorer's refresh calls it.
import type { ColumnInfo, TableInfo } from '../engine/engine';
import { parseFunctionDoc, type FunctionDoc } from './function-docs';

/** The catalog calls the service makes; an EngineSession has them all (the last three optionally). */
export interface CatalogSource {
  readonly sparkVersion: string;
  listCatalogs(signal?: AbortSignal): Promise<string[]>;
  listDatabases(catalog: string, signal?: AbortSignal): Promise<string[][]>;
  listTables(catalog: string, database: readonly string[], signal?: AbortSignal): Promise<TableInfo[]>;
  listColumns(nameParts: readonly string[], signal?: AbortSignal): Promise<ColumnInfo[]>;
  listFunctions?(signal?: AbortSignal): Promise<string[]>;
  describeFunction?(name: string, signal?: AbortSignal): Promise<string[]>;
  currentNamespace?(signal?: AbortSignal): Promise<{ catalog: string; database: string[] }>;
}

export interface Namespace {
  catalog: string;
  database: string[];
}

const key = (parts: readonly string[]): string => parts.map((p) => p.toLowerCase()).join('\u0000');

export class CatalogCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private readonly lasting = new Map<string, Promise<unknown>>();
  /** Server calls made so far (tests check that the typing path does not repeat them). */
  fetches = 0;

  constructor(readonly source: CatalogSource) {}

  get sparkVersion(): string {
    return this.source.sparkVersion;
  }

  invalidate(): void {
    this.entries.clear();
  }

  namespace(): Promise<Namespace> {
    return this.memo(this.entries, 'ns', async () => (await this.source.currentNamespace?.()) ?? { catalog: 'spark_catalog', database: ['default'] },
      { catalog: 'spark_catalog', database: ['default'] });
  }

  catalogs(): Promise<string[]> {
    return this.memo(this.entries, 'catalogs', () => this.source.listCatalogs(), []);
  }

  databases(catalog: string): Promise<string[][]> {
    return this.memo(this.entries, `dbs:${key([catalog])}`, () => this.source.listDatabases(catalog), []);
  }

  tables(catalog: string, database: readonly string[]): Promise<TableInfo[]> {
    return this.memo(this.entries, `tables:${key([catalog, ...database])}`, () => this.source.listTables(catalog, database), []);
  }

  columns(nameParts: readonly string[]): Promise<ColumnInfo[]> {
    return this.memo(this.entries, `cols:${key(nameParts)}`, () => this.source.listColumns(nameParts), []);
  }

  functions(): Promise<string[]> {
    return this.memo(this.lasting, 'functions', async () => (await this.source.listFunctions?.()) ?? [], []);
  }

  describe(name: string): Promise<FunctionDoc | undefined> {
    return this.memo(this.lasting, `doc:${name.toLowerCase()}`, async () => {
      const rows = await this.source.describeFunction?.(name);
      return rows ? parseFunctionDoc(name, rows) : undefined;
    }, undefined);
  }

  /** The cached value or a fetch; a failure is remembered as `fallback`. */
  private memo<T>(map: Map<string, Promise<unknown>>, k: string, fetch: () => Promise<T>, fallback: T): Promise<T> {
    const known = map.get(k);
    if (known) return known as Promise<T>;
    this.fetches++;
    const p = fetch().catch(() => fallback);
    map.set(k, p);
    return p;
  }
}
