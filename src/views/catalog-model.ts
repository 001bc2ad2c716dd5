// The catalog part of the explorer, without VS Code: nodes, lazy loading with a cache and
// cancellation, and the SQL text of the context actions. One CatalogModel lives per connected session
// and is disposed with it, which aborts whatever it is still loading.
import type { ColumnInfo, EngineSession, TableInfo } from '../engine/engine';
import { qualifiedName } from '../sql/identifiers';

export type CatalogNode =
  | { kind: 'catalog'; profile: string; catalog: string }
  | { kind: 'database'; profile: string; catalog: string; database: string[] }
  | { kind: 'table'; profile: string; catalog: string; database: string[]; table: TableInfo }
  | { kind: 'column'; profile: string; catalog: string; database: string[]; table: string; column: ColumnInfo };

export type TableAction = 'selectTop100' | 'describe' | 'showDdl' | 'explain';

/** The name parts of a node, from the catalog down. Temporary views have no catalog or database. */
export function nodeNameParts(node: CatalogNode): string[] {
  switch (node.kind) {
    case 'catalog':
      return [node.catalog];
    case 'database':
      return [node.catalog, ...node.database];
    case 'table':
      return node.table.nameParts ?? [node.catalog, ...node.database, node.table.name];
    case 'column':
      return [node.column.name];
  }
}

export function tableActionSql(node: Extract<CatalogNode, { kind: 'table' }>, action: TableAction): string {
  const name = qualifiedName(nodeNameParts(node));
  switch (action) {
    case 'selectTop100':
    case 'explain':
      return `SELECT * FROM ${name} LIMIT 100`;
    case 'describe':
      return `DESCRIBE TABLE EXTENDED ${name}`;
    case 'showDdl':
      // SHOW CREATE TABLE does not work on temporary views; their schema is what DESCRIBE shows.
      return node.table.isTemporary ? `DESCRIBE TABLE ${name}` : `SHOW CREATE TABLE ${name}`;
  }
}

/** A stable id for caching and for VS Code tree item ids. */
export function nodeId(node: CatalogNode): string {
  const base = [node.profile, node.kind, node.catalog];
  switch (node.kind) {
    case 'catalog':
      return JSON.stringify(base);
    case 'database':
      return JSON.stringify([...base, node.database]);
    case 'table':
      return JSON.stringify([...base, node.database, node.table.name]);
    case 'column':
      return JSON.stringify([...base, node.database, node.table, node.column.name]);
  }
}

/** Cache keys are paths, so that a node's descendants share its key as a prefix. */
function cacheKey(node: CatalogNode): string {
  const path = [`c:${node.catalog}`];
  if (node.kind !== 'catalog') path.push(`d:${JSON.stringify(node.database)}`);
  if (node.kind === 'table') path.push(`t:${node.table.name}`);
  if (node.kind === 'column') path.push(`t:${node.table}`, `col:${node.column.name}`);
  return path.join('\u0000');
}

export class CatalogModel {
  private readonly cache = new Map<string, Promise<CatalogNode[]>>();
  // One controller per load in flight, so refreshing a node cancels just its subtree's loads.
  private readonly inFlight = new Map<string, AbortController>();

  constructor(private readonly profile: string, private readonly session: EngineSession) {}

  roots(): Promise<CatalogNode[]> {
    return this.load('', async (signal) =>
      (await this.session.listCatalogs(signal)).map((catalog) => ({ kind: 'catalog', profile: this.profile, catalog })));
  }

  children(node: CatalogNode): Promise<CatalogNode[]> {
    const { profile } = this;
    switch (node.kind) {
      case 'catalog':
        return this.load(cacheKey(node), async (signal) =>
          (await this.session.listDatabases(node.catalog, signal)).map((database) => ({ kind: 'database', profile, catalog: node.catalog, database })));
      case 'database':
        return this.load(cacheKey(node), async (signal) =>
          (await this.session.listTables(node.catalog, node.database, signal))
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((table) => ({ kind: 'table', profile, catalog: node.catalog, database: node.database, table })));
      case 'table':
        return this.load(cacheKey(node), async (signal) =>
          (await this.session.listColumns(nodeNameParts(node), signal))
            .map((column) => ({ kind: 'column', profile, catalog: node.catalog, database: node.database, table: node.table.name, column })));
      case 'column':
        return Promise.resolve([]);
    }
  }

  /** Forgets cached children (of one node and its descendants, or all) and aborts their loads in flight. */
  refresh(node?: CatalogNode): void {
    const key = node ? cacheKey(node) : undefined;
    const hit = (k: string) => key === undefined || k === key || k.startsWith(`${key}\u0000`);
    for (const [k, ctl] of [...this.inFlight]) {
      if (hit(k)) {
        ctl.abort();
        this.inFlight.delete(k);
      }
    }
    for (const k of [...this.cache.keys()]) if (hit(k)) this.cache.delete(k);
  }

  dispose(): void {
    this.refresh();
  }

  private load(key: string, fetch: (signal: AbortSignal) => Promise<CatalogNode[]>): Promise<CatalogNode[]> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const ctl = new AbortController();
    this.inFlight.set(key, ctl);
    const promise = fetch(ctl.signal);
    this.cache.set(key, promise);
    const settle = () => {
      if (this.inFlight.get(key) === ctl) this.inFlight.delete(key);
    };
    promise.then(settle, () => {
      settle();
      // A failed load is not cached: expanding the node again retries.
      if (this.cache.get(key) === promise) this.cache.delete(key);
    });
    return promise;
  }
}
