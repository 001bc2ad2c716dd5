// spark.catalog: databases, tables, columns, functions and caching, through the Catalog relation.
// Every call runs a small plan whose rows the server fills from its catalog; they are read by column
// name, so servers that add columns (Spark 4's isCluster) or lack them (3.5) both work.
import { spark } from './generated/spark-connect';
import { DataFrame } from './dataframe';
import { StructType } from './data-types';
import { dataTypeToProto } from './data-type-proto';
import { newRelation } from './plan-ids';
import { Row } from './row';
import type { ActionOptions, SessionCore } from './session-core';

export interface CatalogMetadata { name: string; description: string | null }
export interface Database { name: string; catalog: string | null; description: string | null; locationUri: string }
export interface CatalogTable {
  name: string; catalog: string | null; namespace: string[] | null; description: string | null;
  tableType: string; isTemporary: boolean;
}
export interface CatalogFunction {
  name: string; catalog: string | null; namespace: string[] | null; description: string | null;
  className: string; isTemporary: boolean;
}
export interface CatalogColumn {
  name: string; description: string | null; dataType: string; nullable: boolean;
  isPartition: boolean; isBucket: boolean;
  /** Spark 4.0+ only; undefined on older servers. */
  isCluster?: boolean;
}

export interface CreateTableOptions {
  path?: string;
  source?: string;
  schema?: StructType;
  description?: string;
  options?: Record<string, string>;
}

type CatalogBody = spark.connect.ICatalog;

function field<T>(row: Row, name: string, index: number): T {
  return (row.has(name) ? row.get(name) : row.get(index)) as T;
}

export class Catalog {
  constructor(private readonly session: SessionCore) {}

  private df(body: CatalogBody): DataFrame {
    return new DataFrame(this.session, newRelation({ catalog: body }));
  }

  private rows(body: CatalogBody, opts?: ActionOptions): Promise<Row[]> {
    return this.df(body).collect(opts);
  }

  private async first<T>(body: CatalogBody, opts?: ActionOptions): Promise<T> {
    const rows = await this.rows(body, opts);
    return (rows[0]?.get(0) ?? null) as T;
  }

  private async run(body: CatalogBody, opts?: ActionOptions): Promise<void> {
    await this.rows(body, opts);
  }

  currentCatalog(opts?: ActionOptions): Promise<string> {
    return this.first({ currentCatalog: {} }, opts);
  }

  setCurrentCatalog(catalogName: string, opts?: ActionOptions): Promise<void> {
    return this.run({ setCurrentCatalog: { catalogName } }, opts);
  }

  async listCatalogs(pattern?: string, opts?: ActionOptions): Promise<CatalogMetadata[]> {
    const rows = await this.rows({ listCatalogs: pattern === undefined ? {} : { pattern } }, opts);
    return rows.map((r) => ({ name: field(r, 'name', 0), description: field(r, 'description', 1) }));
  }

  currentDatabase(opts?: ActionOptions): Promise<string> {
    return this.first({ currentDatabase: {} }, opts);
  }

  setCurrentDatabase(dbName: string, opts?: ActionOptions): Promise<void> {
    return this.run({ setCurrentDatabase: { dbName } }, opts);
  }

  async listDatabases(pattern?: string, opts?: ActionOptions): Promise<Database[]> {
    const rows = await this.rows({ listDatabases: pattern === undefined ? {} : { pattern } }, opts);
    return rows.map(toDatabase);
  }

  async getDatabase(dbName: string, opts?: ActionOptions): Promise<Database> {
    const rows = await this.rows({ getDatabase: { dbName } }, opts);
    return toDatabase(single(rows, `database ${dbName}`));
  }

  databaseExists(dbName: string, opts?: ActionOptions): Promise<boolean> {
    return this.first({ databaseExists: { dbName } }, opts);
  }

  async listTables(dbName?: string, pattern?: string, opts?: ActionOptions): Promise<CatalogTable[]> {
    const body: spark.connect.IListTables = {};
    if (dbName !== undefined) body.dbName = dbName;
    if (pattern !== undefined) body.pattern = pattern;
    return (await this.rows({ listTables: body }, opts)).map(toTable);
  }

  async getTable(tableName: string, opts?: ActionOptions): Promise<CatalogTable> {
    return toTable(single(await this.rows({ getTable: { tableName } }, opts), `table ${tableName}`));
  }

  tableExists(tableName: string, dbName?: string, opts?: ActionOptions): Promise<boolean> {
    return this.first({ tableExists: dbName === undefined ? { tableName } : { tableName, dbName } }, opts);
  }

  async listColumns(tableName: string, dbName?: string, opts?: ActionOptions): Promise<CatalogColumn[]> {
    const rows = await this.rows({ listColumns: dbName === undefined ? { tableName } : { tableName, dbName } }, opts);
    return rows.map((r) => {
      const c: CatalogColumn = {
        name: field(r, 'name', 0), description: field(r, 'description', 1), dataType: field(r, 'dataType', 2),
        nullable: field(r, 'nullable', 3), isPartition: field(r, 'isPartition', 4), isBucket: field(r, 'isBucket', 5),
      };
      if (r.has('isCluster')) c.isCluster = r.get('isCluster') as boolean;
      return c;
    });
  }

  async listFunctions(dbName?: string, pattern?: string, opts?: ActionOptions): Promise<CatalogFunction[]> {
    const body: spark.connect.IListFunctions = {};
    if (dbName !== undefined) body.dbName = dbName;
    if (pattern !== undefined) body.pattern = pattern;
    return (await this.rows({ listFunctions: body }, opts)).map(toFunction);
  }

  async getFunction(functionName: string, opts?: ActionOptions): Promise<CatalogFunction> {
    return toFunction(single(await this.rows({ getFunction: { functionName } }, opts), `function ${functionName}`));
  }

  functionExists(functionName: string, dbName?: string, opts?: ActionOptions): Promise<boolean> {
    return this.first({ functionExists: dbName === undefined ? { functionName } : { functionName, dbName } }, opts);
  }

  /**
   * Creates a table (eagerly, as PySpark does) and returns a DataFrame reading it. The DataFrame reads
   * the table by name rather than wrapping the CreateTable relation, which a server would run again
   * each time the DataFrame is analyzed or collected (Spark 3.5 then fails: the table exists).
   */
  async createTable(tableName: string, options: CreateTableOptions = {}, opts?: ActionOptions): Promise<DataFrame> {
    const body: spark.connect.ICreateTable = { tableName, options: options.options ?? {} };
    if (options.path !== undefined) body.path = options.path;
    if (options.source !== undefined) body.source = options.source;
    if (options.description !== undefined) body.description = options.description;
    if (options.schema !== undefined) body.schema = dataTypeToProto(options.schema);
    await this.run({ createTable: body }, opts);
    return new DataFrame(this.session, newRelation({ read: { namedTable: { unparsedIdentifier: tableName } } }));
  }

  dropTempView(viewName: string, opts?: ActionOptions): Promise<boolean> {
    return this.first({ dropTempView: { viewName } }, opts);
  }

  dropGlobalTempView(viewName: string, opts?: ActionOptions): Promise<boolean> {
    return this.first({ dropGlobalTempView: { viewName } }, opts);
  }

  isCached(tableName: string, opts?: ActionOptions): Promise<boolean> {
    return this.first({ isCached: { tableName } }, opts);
  }

  cacheTable(tableName: string, opts?: ActionOptions): Promise<void> {
    return this.run({ cacheTable: { tableName } }, opts);
  }

  uncacheTable(tableName: string, opts?: ActionOptions): Promise<void> {
    return this.run({ uncacheTable: { tableName } }, opts);
  }

  clearCache(opts?: ActionOptions): Promise<void> {
    return this.run({ clearCache: {} }, opts);
  }

  refreshTable(tableName: string, opts?: ActionOptions): Promise<void> {
    return this.run({ refreshTable: { tableName } }, opts);
  }

  refreshByPath(path: string, opts?: ActionOptions): Promise<void> {
    return this.run({ refreshByPath: { path } }, opts);
  }

  recoverPartitions(tableName: string, opts?: ActionOptions): Promise<void> {
    return this.run({ recoverPartitions: { tableName } }, opts);
  }

  // Spark 4.1+ catalog calls (older servers answer with an error naming the unknown catalog type).

  dropTable(tableName: string, ifExists = false, purge = false, opts?: ActionOptions): Promise<void> {
    return this.run({ dropTable: { tableName, ifExists, purge } }, opts);
  }

  dropView(viewName: string, ifExists = false, opts?: ActionOptions): Promise<void> {
    return this.run({ dropView: { viewName, ifExists } }, opts);
  }

  createDatabase(dbName: string, ifNotExists = false, properties: Record<string, string> = {}, opts?: ActionOptions): Promise<void> {
    return this.run({ createDatabase: { dbName, ifNotExists, properties } }, opts);
  }

  dropDatabase(dbName: string, ifExists = false, cascade = false, opts?: ActionOptions): Promise<void> {
    return this.run({ dropDatabase: { dbName, ifExists, cascade } }, opts);
  }

  async listViews(dbName?: string, pattern?: string, opts?: ActionOptions): Promise<CatalogTable[]> {
    const body: spark.connect.IListViews = {};
    // PySpark resolves the database first when only a pattern is given.
    const db = dbName ?? (pattern !== undefined ? await this.currentDatabase(opts) : undefined);
    if (db !== undefined) body.dbName = db;
    if (pattern !== undefined) body.pattern = pattern;
    return (await this.rows({ listViews: body }, opts)).map(toTable);
  }

  async getTableProperties(tableName: string, opts?: ActionOptions): Promise<Record<string, string>> {
    const rows = await this.rows({ getTableProperties: { tableName } }, opts);
    return Object.fromEntries(rows.map((r) => [String(r.get(0)), String(r.get(1))]));
  }

  async getCreateTableString(tableName: string, asSerde = false, opts?: ActionOptions): Promise<string> {
    const rows = await this.rows({ getCreateTableString: { tableName, asSerde } }, opts);
    return rows.length > 0 ? String(rows[0]!.get(0)) : '';
  }

  truncateTable(tableName: string, opts?: ActionOptions): Promise<void> {
    return this.run({ truncateTable: { tableName } }, opts);
  }

  analyzeTable(tableName: string, noScan = false, opts?: ActionOptions): Promise<void> {
    return this.run({ analyzeTable: { tableName, noScan } }, opts);
  }
}

function single(rows: Row[], what: string): Row {
  const r = rows[0];
  if (!r) throw new Error(`The server returned no row for ${what}`);
  return r;
}

function toDatabase(r: Row): Database {
  return {
    name: field(r, 'name', 0), catalog: field(r, 'catalog', 1), description: field(r, 'description', 2),
    locationUri: field(r, 'locationUri', 3),
  };
}

function toTable(r: Row): CatalogTable {
  return {
    name: field(r, 'name', 0), catalog: field(r, 'catalog', 1), namespace: field(r, 'namespace', 2),
    description: field(r, 'description', 3), tableType: field(r, 'tableType', 4), isTemporary: field(r, 'isTemporary', 5),
  };
}

function toFunction(r: Row): CatalogFunction {
  return {
    name: field(r, 'name', 0), catalog: field(r, 'catalog', 1), namespace: field(r, 'namespace', 2),
    description: field(r, 'description', 3), className: field(r, 'className', 4), isTemporary: field(r, 'isTemporary', 5),
  };
}
