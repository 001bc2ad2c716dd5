// The SparkEngine the extension and the CLI run on: the embedded Spark Connect client (src/connect).
//  - A statement runs as one ExecutePlan whose root is a SQL relation, so the whole run is a single
//    server operation (one id to show and interrupt) that streams Arrow batches. Parameters travel in
//    the relation's literal arguments, which Spark 3.5 and 4.x both accept.
//  - Explain never executes anything: explain.ts sends the EXPLAIN statement, for queries and commands alike.
//  - The result row limit is part of the server plan: a query's SQL relation is wrapped in Limit(limit + 1),
//    so Spark stops early and the one extra row tells us more exist; that row is cut from the IPC bytes
//    (src/arrow-format/ipc-truncate.ts) before anyone sees it. Commands are never wrapped: a Limit over
//    an INSERT would still run it, and SHOW/DESCRIBE output is small.
//  - The explorer lists catalogs, namespaces and tables with SHOW commands, which work for any
//    catalog without changing the session's current catalog (the Catalog API would), and columns with
//    the Catalog API's listColumns, which reports nullability and partition columns.
import type { RecordBatch } from 'apache-arrow';
import { truncateIpcStream } from '../arrow-format/ipc-truncate';
import { collectResult, recordBatches } from '../connect/arrow-result';
import { tableToRows } from '../connect/arrow-rows';
import { SparkConnectClient } from '../connect/client';
import { SparkConnectError } from '../connect/errors';
import type { ExecuteEvent } from '../connect/execution';
import { spark } from '../connect/generated/spark-connect';
import { bigintLiteral, dateLiteral, decimalLiteral, doubleLiteral, intLiteral, literalOf } from '../connect/literals';
import type { Logger } from '../connect/logger';
// Re-exported so the lazy loader takes it from this bundle, which holds the one grpc-js the client uses.
export { routeGrpcLogs } from '../connect/grpc-logging';
import { newRelation } from '../connect/plan-ids';
import { SparkSession } from '../connect/session';
import type { ProfileClientOptions } from '../profiles/connection-options';
import { qualifiedName, splitQualifiedName } from '../sql/identifiers';
import { isQueryStatement } from '../sql/statement-kind';
import type { SqlArguments, SqlValue } from '../sql/parameter-values';
import type {
  ColumnInfo, EngineSession, ExecuteSqlOptions, ResultEvent, ResultRefinement, ResumeSession, SparkEngine, SqlExecution, TableInfo,
} from './engine';
import type { Event } from './emitter';
import { refineRelation } from './refine-plan';
import { columnsOf, columnsOfIpc, sideEvent } from './result-event-map';
import { KeptResult, continuationCap } from './kept-result';
import { isRefining } from './refinement';
import type { SessionCore } from '../connect/session-core';
import { explainWithoutRunning, type ExplainTarget } from './explain';
import { validateQueryWithoutRunning } from './validate-query';
import type { ExplainMode } from '../connect/explain-mode';
import type { RunPySpark } from '../pyspark/run-api';
import { runPySpark } from '../pyspark/run';
import type { DataFrame } from '../connect/dataframe';
import { ConnectPySpark } from './connect-pyspark';
import type { PySparkSession } from './pyspark-session';
import { hasSqlRefs } from '../connect/plan-refs';

type Literal = spark.connect.Expression.ILiteral;

export function sqlValueLiteral(v: SqlValue): Literal {
  switch (v.type) {
    case 'null':
      return literalOf(null);
    case 'boolean':
      return literalOf(v.value);
    case 'int':
      return intLiteral(v.value);
    case 'long':
      return bigintLiteral(v.value);
    case 'double':
      return doubleLiteral(v.value);
    case 'decimal':
      return decimalLiteral(v.value);
    case 'string':
      return literalOf(v.value);
    case 'date':
      return dateLiteral(v.value);
  }
}

/** The plan for one SQL statement with its arguments. */
export function sqlPlan(sql: string, args: SqlArguments | undefined): spark.connect.IPlan {
  const rel: spark.connect.ISQL = { query: sql };
  if (args?.kind === 'named') rel.args = Object.fromEntries(Object.entries(args.values).map(([k, v]) => [k, sqlValueLiteral(v)]));
  if (args?.kind === 'positional') rel.posArgs = args.values.map(sqlValueLiteral);
  return { root: newRelation({ sql: rel }) };
}

/** Limit.limit is an int32 and we ask for one row more than the limit. */
export const MAX_ROW_LIMIT = 2 ** 31 - 2;

/**
 * The plan for a statement under a row limit: Limit(limit + 1) over the SQL relation for queries, the
 * plain SQL relation for commands (and when there is no limit). Returns the limit actually applied (0: none).
 */
export function limitedSqlPlan(sql: string, args: SqlArguments | undefined, rowLimit: number | undefined,
  refine?: { session: SessionCore; refinement: ResultRefinement }):
  { plan: spark.connect.IPlan; applied: number } {
  let plan = sqlPlan(sql, args);
  if (refine && isRefining(refine.refinement)) {
    // A Sort or Filter over a command would still run the command: only queries are refined.
    if (!isQueryStatement(sql)) throw new SparkConnectError('Only a query can be sorted or filtered on the server.', { reason: 'invalid-argument' });
    plan = { root: refineRelation(refine.session, plan.root as spark.connect.IRelation, refine.refinement) };
  }
  if (!rowLimit || rowLimit <= 0 || !isQueryStatement(sql)) return { plan, applied: 0 };
  const applied = Math.min(Math.floor(rowLimit), MAX_ROW_LIMIT);
  return { plan: { root: newRelation({ limit: { input: plan.root, limit: applied + 1 } }) }, applied };
}

/**
 * ExecuteEvents as ResultEvents; a schema is always announced before the first batch. With a row limit
 * (the plan asked for limit + 1 rows), rows past the limit are cut and 'limited' is announced once.
 */
export async function* resultEvents(events: AsyncIterable<ExecuteEvent>, rowLimit = 0): AsyncGenerator<ResultEvent> {
  let schemaSent = false;
  let delivered = 0;
  let limited = false;
  for await (const e of events) {
    if (e.kind === 'arrow' && rowLimit > 0 && delivered + e.rowCount > rowLimit) {
      const keep = rowLimit - delivered;
      if (!schemaSent) {
        schemaSent = true;
        yield { kind: 'schema', columns: columnsOfIpc(e.data) };
      }
      if (keep > 0) yield { kind: 'arrow', rowCount: keep, data: truncateIpcStream(e.data, keep) };
      delivered += keep;
      if (!limited) yield { kind: 'limited', rowLimit };
      limited = true;
      continue;
    }
    if (e.kind === 'metrics') {
      yield sideEvent(e)!;
      continue;
    }
    if (e.kind === 'schema') {
      // The server may send its schema after the batches; the first one we announce wins.
      if (!schemaSent) yield { kind: 'schema', columns: columnsOf(e.schema) };
      schemaSent = true;
    } else if (e.kind === 'arrow') {
      if (!schemaSent) {
        schemaSent = true;
        yield { kind: 'schema', columns: columnsOfIpc(e.data) };
      }
      delivered += e.rowCount;
      yield { kind: 'arrow', rowCount: e.rowCount, data: e.data };
    } else if (e.kind === 'progress') {
      yield sideEvent(e)!;
    }
  }
}

/** The runner sessions get: it is bundled with the client (dist/connect-engine.js), which it builds plans on. */
const DEFAULT_PYSPARK_RUNNER: RunPySpark = runPySpark;

/** How long a catalog load (explorer, completion) may take before it is interrupted. */
export const CATALOG_DEADLINE_MS = 30_000;

export interface OpenOptions {
  signal?: AbortSignal | undefined;
  /** The profile attached to an existing server session by id, so closing must not end it. */
  shared?: boolean;
  catalogDeadlineMs?: number;
  /** The PySpark runner (src/pyspark/run.ts); tests give their own. */
  runPySpark?: RunPySpark;
}

/** The session setting markSession() uses: not a Spark setting, only ours. */
export const SESSION_MARK_KEY = 'spark.sparkconnect.vscode.session';

/** Yields `events` and calls `done` once they ended without error (a statement that ran to the end). */
async function* notifyWhenDone<T>(events: AsyncIterable<T>, done: () => void): AsyncGenerator<T> {
  yield* events;
  done();
}

export class ConnectEngineSession implements EngineSession, ExplainTarget {
  private readonly spark: SparkSession;
  // A plain listener set, not emitter.ts's Emitter: this bundle (loaded lazily) shares no module with
  // the extension's bundle beyond the reviewed stateless ones (test/unit/package/activation-split).
  private readonly succeededListeners = new Set<(sql: string) => void>();
  readonly onDidSucceed: Event<string> = (listener) => {
    this.succeededListeners.add(listener);
    return { dispose: () => this.succeededListeners.delete(listener) };
  };

  /** `shared`: the profile attached to an existing server session by id, so closing must not end it. */
  /** Running PySpark code on this session (pyspark-session.ts). */
  readonly pyspark: PySparkSession;
  /** Results whose rest is kept on the server for "Fetch more", released when the session ends. */
  private readonly keptResults = new Set<KeptResult>();

  constructor(
    private readonly client: SparkConnectClient, readonly sparkVersion: string, logger: Logger, private readonly shared = false,
    private readonly catalogDeadlineMs = CATALOG_DEADLINE_MS, runPySpark: RunPySpark | undefined = DEFAULT_PYSPARK_RUNNER,
  ) {
    this.spark = new SparkSession(client, { logger });
    this.pyspark = new ConnectPySpark(this.spark, client, (plan, applied, options) => this.executePlan(plan, applied, options), runPySpark);
  }

  /** The SparkSession the PySpark runner evaluates on (DataFrames it builds belong to this session). */
  get sparkSession(): SparkSession {
    return this.spark;
  }

  /**
   * A session on a client built by the caller (the CLI builds its own, with its TLS files and timeouts):
   * resolves once the server has answered with its version; on failure the client is closed.
   */
  static async open(client: SparkConnectClient, logger: Logger, opts: OpenOptions = {}): Promise<ConnectEngineSession> {
    try {
      const version = await client.sparkVersion(opts.signal ? { signal: opts.signal } : {});
      return new ConnectEngineSession(client, version, logger, opts.shared ?? false, opts.catalogDeadlineMs, opts.runPySpark ?? DEFAULT_PYSPARK_RUNNER);
    } catch (err) {
      await client.close().catch(() => undefined);
      throw err;
    }
  }

  get sessionId(): string {
    return this.client.sessionId;
  }

  get serverSideSessionId(): string | undefined {
    return this.client.serverSideSessionId;
  }

  get major(): number {
    return Number(/^(\d+)/.exec(this.sparkVersion)?.[1] ?? '4');
  }

  executeSql(sql: string, args: SqlArguments | undefined, options: ExecuteSqlOptions = {}): SqlExecution {
    const refine = options.refine ? { session: this.spark, refinement: options.refine } : undefined;
    // Kept for "Fetch more": the plan asks for more rows than are shown and the rest stays on the server.
    const cap = options.keepForMore && options.rowLimit && isQueryStatement(sql) ? continuationCap(options.rowLimit) : 0;
    const { plan, applied } = limitedSqlPlan(sql, args, cap > 0 ? cap : options.rowLimit, refine);
    const execution = cap > 0 && applied > 0 ? this.executeKept(plan, Math.min(options.rowLimit ?? 0, applied), applied, options)
      : this.executePlan(plan, applied, options);
    // A statement that ran to the end is recorded (session-loss notes name the temp views it made).
    return {
      operationId: execution.operationId,
      cancel: () => execution.cancel(),
      [Symbol.asyncIterator]: () => notifyWhenDone(execution, () => { for (const l of [...this.succeededListeners]) l(sql); })[Symbol.asyncIterator](),
    };
  }

  /** One ExecutePlan as ResultEvents, rows past `applied` cut (0: no limit): SQL and DataFrames alike. */
  private executePlan(plan: spark.connect.IPlan, applied: number, options: ExecuteSqlOptions): SqlExecution {
    // A DataFrame over spark.sql(q, df=df) goes through the session, which knows what the server takes.
    const stream = hasSqlRefs(plan) ? this.spark.execute(plan, options.signal ? { signal: options.signal } : {})
      : this.client.execute(plan, options.signal ? { signal: options.signal } : {});
    return {
      operationId: stream.operationId,
      cancel: () => stream.cancel(),
      [Symbol.asyncIterator]: () => resultEvents(stream, applied)[Symbol.asyncIterator](),
    };
  }

  /**
   * One ExecutePlan read up to `showRows`, its rest (up to `maxRows`) kept on the server for "Fetch
   * more" (kept-result.ts). Kept results are released when this session closes.
   */
  private executeKept(plan: spark.connect.IPlan, showRows: number, maxRows: number, options: ExecuteSqlOptions): SqlExecution {
    const stream = this.client.execute(plan, options.signal ? { signal: options.signal } : {});
    const kept = new KeptResult(stream, { showRows, maxRows, onEnd: (k) => this.keptResults.delete(k) });
    this.keptResults.add(kept);
    return {
      operationId: stream.operationId,
      cancel: () => stream.cancel(),
      [Symbol.asyncIterator]: () => kept.first()[Symbol.asyncIterator](),
    };
  }

  explainSql(sql: string, args: SqlArguments | undefined, mode: ExplainMode, signal?: AbortSignal): Promise<string> {
    return explainWithoutRunning(this, sql, args, mode, signal);
  }

  // ExplainTarget: the two calls explainWithoutRunning makes.
  async firstValue(sql: string, args: SqlArguments | undefined, signal?: AbortSignal): Promise<string> {
    const rows = await this.query(sql, args, signal);
    return String(rows[0]?.get(0) ?? '');
  }

  async analyzeSql(sql: string, args: SqlArguments | undefined, signal?: AbortSignal): Promise<void> {
    await this.client.analyze({ schema: { plan: sqlPlan(sql, args) } }, signal ? { signal } : {});
  }

  async ping(signal?: AbortSignal): Promise<void> {
    await this.client.sparkVersion(signal ? { signal } : {});
  }

  async listCatalogs(signal?: AbortSignal): Promise<string[]> {
    return this.withCatalogDeadline(signal, async (s) => (await this.query('SHOW CATALOGS', undefined, s)).map((r) => String(r.get(0))));
  }

  async listDatabases(catalog: string, signal?: AbortSignal): Promise<string[][]> {
    return this.withCatalogDeadline(signal, async (s) => {
      const rows = await this.query(`SHOW NAMESPACES IN ${qualifiedName([catalog])}`, undefined, s);
      return rows.map((r) => splitQualifiedName(String(r.get(0))));
    });
  }

  listTables(catalog: string, database: readonly string[], signal?: AbortSignal): Promise<TableInfo[]> {
    return this.withCatalogDeadline(signal, (s) => this.listTablesNow(catalog, database, s));
  }

  private async listTablesNow(catalog: string, database: readonly string[], signal: AbortSignal): Promise<TableInfo[]> {
    const where = qualifiedName([catalog, ...database]);
    const rows = await this.query(`SHOW TABLES IN ${where}`, undefined, signal);
    let views = new Set<string>();
    try {
      // Not every catalog supports SHOW VIEWS; without it, views are listed as tables.
      views = new Set((await this.query(`SHOW VIEWS IN ${where}`, undefined, signal)).map((r) => String(r.get(1))));
    } catch {
      // fall through with no views known
    }
    return rows.map((r) => {
      const namespace = String(r.get(0) ?? '');
      const name = String(r.get(1));
      const isTemporary = Boolean(r.get(2));
      const info: TableInfo = { name, isTemporary, kind: isTemporary || views.has(name) ? 'view' : 'table' };
      // Temporary views live outside the catalog: local ones by bare name, global ones in global_temp.
      if (isTemporary) info.nameParts = namespace ? [...splitQualifiedName(namespace), name] : [name];
      return info;
    });
  }

  listColumns(nameParts: readonly string[], signal?: AbortSignal): Promise<ColumnInfo[]> {
    return this.withCatalogDeadline(signal, (s) => this.listColumnsNow(nameParts, s));
  }

  private async listColumnsNow(nameParts: readonly string[], signal: AbortSignal): Promise<ColumnInfo[]> {
    const cols = await this.spark.catalog.listColumns(qualifiedName(nameParts), undefined, { signal });
    return cols.map((c) => ({
      name: c.name, type: c.dataType, nullable: c.nullable, isPartition: c.isPartition,
      ...(c.description ? { description: c.description } : {}),
    }));
  }

  // The language service's calls (engine.ts). Read-only commands and a validation that never runs anything.
  listFunctions(signal?: AbortSignal): Promise<string[]> {
    return this.withCatalogDeadline(signal, async (s) => (await this.query('SHOW FUNCTIONS', undefined, s)).map((r) => String(r.get(0))));
  }

  describeFunction(name: string, signal?: AbortSignal): Promise<string[]> {
    // The name is quoted: DESCRIBE FUNCTION takes an identifier, and a name from the editor is untrusted text.
    return this.withCatalogDeadline(signal, async (s) => (await this.query(`DESCRIBE FUNCTION EXTENDED ${qualifiedName(splitQualifiedName(name))}`, undefined, s)).map((r) => String(r.get(0))));
  }

  currentNamespace(signal?: AbortSignal): Promise<{ catalog: string; database: string[] }> {
    return this.withCatalogDeadline(signal, async (s) => {
      const [row] = await this.query('SELECT current_catalog(), current_database()', undefined, s);
      return { catalog: String(row?.get(0) ?? 'spark_catalog'), database: splitQualifiedName(String(row?.get(1) ?? 'default')) };
    });
  }

  validateQuery(sql: string, signal?: AbortSignal): Promise<void> {
    return validateQueryWithoutRunning(this, sql, signal);
  }

  /**
   * One statement's result as Arrow record batches, for front ends that turn each batch into text
   * before reading the next (the CLI): the next message may then be received into the same memory.
   */
  streamBatches(sql: string, args: SqlArguments | undefined, signal?: AbortSignal): AsyncIterable<RecordBatch> {
    return recordBatches(this.client.execute(sqlPlan(sql, args), signal ? { signal } : {}), { reuseMemory: true });
  }

  /** The rows of a DataFrame (a PySpark output) as record batches, at most `limit` when given (the CLI's writers). */
  streamDataFrame(df: DataFrame, limit: number | undefined, signal?: AbortSignal): AsyncIterable<RecordBatch> {
    const plan = limit === undefined ? df.toPlan() : { root: newRelation({ limit: { input: df.relation, limit } }) };
    return recordBatches(this.client.execute(plan, signal ? { signal } : {}), { reuseMemory: true });
  }

  /** Sets session configuration pairs, in order, in one request. */
  async setConfig(pairs: ReadonlyArray<readonly [string, string]>, signal?: AbortSignal): Promise<void> {
    if (pairs.length === 0) return;
    await this.client.config({ set: { pairs: pairs.map(([key, value]) => ({ key, value })) } }, signal ? { signal } : {});
  }

  /** A session configuration value; undefined when the server has none. */
  async getConfig(key: string, signal?: AbortSignal): Promise<string | undefined> {
    const resp = await this.client.config({ get: { keys: [key] } }, signal ? { signal } : {});
    return resp.pairs.find((p) => p.key === key)?.value ?? undefined;
  }

  async interrupt(operationId: string): Promise<void> {
    await this.client.interrupt({ operationId });
  }

  /** Releases every result kept for "Fetch more" (the session ends): ReleaseExecute goes out before the session closes. */
  private releaseKept(): void {
    for (const k of [...this.keptResults]) k.release('the session ended');
  }

  close(): Promise<void> {
    this.releaseKept();
    this.succeededListeners.clear();
    return this.shared ? this.client.close({ releaseSession: false }) : this.spark.stop();
  }

  async markSession(signal?: AbortSignal): Promise<boolean> {
    const resp = await this.client.config({ getOption: { keys: [SESSION_MARK_KEY] } }, signal ? { signal } : {});
    if (resp.pairs.find((p) => p.key === SESSION_MARK_KEY)?.value === this.sessionId) return true;
    await this.setConfig([[SESSION_MARK_KEY, this.sessionId]], signal);
    return false;
  }

  detach(): Promise<void> {
    this.releaseKept();
    this.succeededListeners.clear();
    return this.client.close({ releaseSession: false });
  }

  /**
   * Catalog loads run for the explorer and, soon, for completion: a server that accepts the call and
   * never answers must not leave them spinning. Past the deadline the call is interrupted on the server
   * and fails with reason 'deadline'; the caller's own signal still cancels it sooner.
   */
  private async withCatalogDeadline<T>(signal: AbortSignal | undefined, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.catalogDeadlineMs;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new SparkConnectError(
      `The server did not answer the catalog request within ${ms / 1000} s.`, { reason: 'deadline' },
    )), ms);
    try {
      return await body(signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal);
    } catch (err) {
      // The call reports its own cancellation; past the deadline, say that the server did not answer.
      if (deadline.signal.aborted && !signal?.aborted) throw deadline.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private async query(sql: string, args: SqlArguments | undefined, signal?: AbortSignal) {
    const stream = this.client.execute(sqlPlan(sql, args), signal ? { signal } : {});
    const { table } = await collectResult(stream);
    return tableToRows(table);
  }
}

export class ConnectEngine implements SparkEngine {
  constructor(private readonly logger: Logger, private readonly clientType: string) {}

  /**
   * `resume`: reattach to the session this profile had before (a window reload). It is ours, so
   * closing releases it; a session named in the profile (`options.sessionId`) is shared and is not.
   */
  connect(options: ProfileClientOptions, signal?: AbortSignal, resume?: ResumeSession): Promise<EngineSession> {
    const client = new SparkConnectClient({
      ...options, logger: this.logger, clientType: this.clientType,
      ...(resume ? { sessionId: resume.sessionId, observedServerSideSessionId: resume.serverSideSessionId } : {}),
    });
    return ConnectEngineSession.open(client, this.logger, { signal, shared: !resume && options.sessionId !== undefined });
  }
}
