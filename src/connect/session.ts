// SparkSession: the entry point, shaped like PySpark's Connect session. It owns one
// SparkConnectClient (one server-side session), the tags attached to its executions, and the
// factories for DataFrames (sql, table, range, read), spark.conf and spark.catalog.
import { spark } from './generated/spark-connect';
import { Catalog } from './catalog';
import { SparkConnectClient, validateTag, type AnalyzeBody, type CallOptions, type ClientOptions } from './client';
import { Column } from './column';
import { parseConnectionString } from './connection-string';
import { DataFrame } from './dataframe';
import { DataType } from './data-types';
import { dataTypeFromProto } from './data-type-proto';
import { arrayLiteral, int64, isLiteralValue, literalOf, LiteralValue } from './literals';
import { noopLogger, type Logger } from './logger';
import { adoptRelation, newRelation } from './plan-ids';
import { analyzeWithSqlRefs, executeWithSqlRefs, hasSqlRefs } from './plan-refs';
import { currentProgressListener, tapProgress } from './progress-scope';
import { DataFrameReader } from './reader';
import { RuntimeConfig } from './runtime-config';
import type { ActionOptions, ExecutionLike, SessionClient, SessionCore } from './session-core';

/** A SQL parameter value: a literal value, an array of them, or a Column (Spark 4.x: any expression). */
export type SqlArg = LiteralValue | LiteralValue[] | Column;

export interface SessionOptions {
  logger?: Logger;
  /** Where show() and printSchema() write when not given a writer. */
  output?: (text: string) => void;
}

export class SparkSession implements SessionCore {
  readonly conf: RuntimeConfig;
  readonly catalog: Catalog;
  readonly logger: Logger;
  readonly output?: (text: string) => void;
  private readonly tags = new Set<string>();
  private versionPromise?: Promise<string>;
  private stopped = false;

  constructor(readonly client: SessionClient, options: SessionOptions = {}) {
    this.logger = options.logger ?? noopLogger;
    if (options.output) this.output = options.output;
    this.conf = new RuntimeConfig(client, this.logger);
    this.catalog = new Catalog(this);
  }

  /** PySpark's SparkSession.builder, as a call: SparkSession.builder().remote(url).config(k, v).create(). */
  static builder(): SparkSessionBuilder {
    return new SparkSessionBuilder();
  }

  /** Connects to a Spark Connect server: connect("sc://host:15002/;token=..."), checking it answers. */
  static async connect(url: string, options: Partial<ClientOptions> & SessionOptions = {}): Promise<SparkSession> {
    return SparkSession.builder().remote(url).options(options).create();
  }

  get sessionId(): string {
    return this.client.sessionId;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** The server's Spark version (e.g. "4.3.0"), asked once. */
  version(opts?: ActionOptions): Promise<string> {
    if (!this.versionPromise) {
      const p = this.client.analyze({ sparkVersion: {} }, opts).then((r) => r.sparkVersion?.version ?? '');
      p.catch(() => { if (this.versionPromise === p) delete this.versionPromise; });
      this.versionPromise = p;
    }
    return this.versionPromise;
  }

  /** A new DataFrameReader (spark.read). */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /**
   * Runs SQL. Commands (DDL, SET, INSERT ...) run now; a query comes back as a lazy DataFrame.
   * Parameters travel as literals, never spliced into the text: named ones ({ id: 1 } for :id) or
   * positional ones ([1, "x"] for ?).
   */
  async sql(query: string, args?: Record<string, SqlArg> | SqlArg[], opts?: ActionOptions): Promise<DataFrame> {
    const legacy = await this.isLegacyServer(opts);
    const sqlCommand = legacy ? legacySqlCommand(query, args) : { input: sqlRelation(query, args) };
    let result: spark.connect.IRelation | undefined;
    for await (const e of this.execute({ command: { sqlCommand } }, opts)) {
      if (e.kind === 'sql-command-result') result = e.relation;
    }
    if (result) return new DataFrame(this, adoptRelation(result));
    // Servers always answer with a relation; should one not, run the query lazily as PySpark does.
    return new DataFrame(this, sqlRelation(query, args));
  }

  /** A table or view by name (spark.table). */
  table(tableName: string): DataFrame {
    return this.read.table(tableName);
  }

  /** range(end), range(start, end), range(start, end, step, numPartitions): a single "id" BIGINT column. */
  range(start: number | bigint, end?: number | bigint, step: number | bigint = 1, numPartitions?: number): DataFrame {
    const [s, e] = end === undefined ? [0, start] : [start, end];
    const range: spark.connect.IRange = { start: int64(s), end: int64(e), step: int64(step) };
    if (numPartitions !== undefined) range.numPartitions = numPartitions;
    return new DataFrame(this, newRelation({ range }));
  }

  /** Parses a DDL string on the server ("a INT, b STRING" or "array<int>") into a DataType. */
  async parseDDL(ddl: string, opts?: ActionOptions): Promise<DataType> {
    const r = await this.client.analyze({ ddlParse: { ddlString: ddl } }, opts);
    return dataTypeFromProto(r.ddlParse?.parsed);
  }

  // ---- executions, tags and interrupts ----

  /** Starts an execution with this session's tags. */
  execute(plan: spark.connect.IPlan, opts: ActionOptions = {}): ExecutionLike {
    const o: { signal?: AbortSignal; tags?: string[] } = {};
    if (opts.signal) o.signal = opts.signal;
    if (this.tags.size > 0) o.tags = [...this.tags];
    // SQL naming DataFrames (spark.sql(q, df=df)): Spark 3.5 needs them as temp views for the execution.
    const execution = hasSqlRefs(plan) ? executeWithSqlRefs(this.client, () => this.isLegacyServer(opts), plan, o) : this.client.execute(plan, o);
    // Inside a caller's progress scope (a notebook cell running PySpark code), progress is reported too.
    const listener = currentProgressListener();
    return listener ? tapProgress(execution, listener) : execution;
  }

  /** AnalyzePlan for the DataFrame actions: on Spark 3.5, SQL naming DataFrames gets its temp views for the call. */
  analyze(body: AnalyzeBody, opts?: CallOptions): Promise<spark.connect.AnalyzePlanResponse.$Properties> {
    return analyzeWithSqlRefs(this.client, () => this.isLegacyServer(opts), body, opts);
  }

  /** Tags every later execution of this session, so interruptTag(tag) can stop them together. */
  addTag(tag: string): void {
    validateTag(tag);
    this.tags.add(tag);
  }

  removeTag(tag: string): void {
    validateTag(tag);
    this.tags.delete(tag);
  }

  getTags(): Set<string> {
    return new Set(this.tags);
  }

  clearTags(): void {
    this.tags.clear();
  }

  /** Interrupts every running operation of this session; returns the interrupted operation ids. */
  interruptAll(opts?: ActionOptions): Promise<string[]> {
    return this.client.interrupt({ all: true }, opts);
  }

  interruptTag(tag: string, opts?: ActionOptions): Promise<string[]> {
    return this.client.interrupt({ tag }, opts);
  }

  interruptOperation(operationId: string, opts?: ActionOptions): Promise<string[]> {
    return this.client.interrupt({ operationId }, opts);
  }

  /** Releases the server-side session and closes the connection. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.client.close();
  }

  private async isLegacyServer(opts?: ActionOptions): Promise<boolean> {
    const v = await this.version(opts);
    const major = Number(/^(\d+)/.exec(v)?.[1] ?? '4');
    return major < 4;
  }
}

function argExpression(v: SqlArg): spark.connect.IExpression {
  if (v instanceof Column) return v.expr;
  if (Array.isArray(v)) {
    // PySpark's lit([..]) is array(lit(a), lit(b), ...).
    return { unresolvedFunction: { functionName: 'array', arguments: v.map((x) => ({ literal: literalOf(x) })), isDistinct: false } };
  }
  if (isLiteralValue(v)) return { literal: literalOf(v) };
  throw new TypeError(`Unsupported SQL argument of type ${typeof v}`);
}

function argLiteral(v: SqlArg): spark.connect.Expression.ILiteral {
  if (v instanceof Column) {
    if (v.expr.literal) return v.expr.literal;
    throw new TypeError('Spark 3.5 accepts only literal values as SQL arguments, not expressions');
  }
  if (Array.isArray(v)) return arrayLiteral(v);
  return literalOf(v);
}

/** The SQL relation Spark 4 plans: parameters as expressions. */
function sqlRelation(query: string, args: Record<string, SqlArg> | SqlArg[] | undefined): spark.connect.IRelation {
  const sql: spark.connect.ISQL = { query };
  if (Array.isArray(args)) sql.posArguments = args.map(argExpression);
  else if (args) sql.namedArguments = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, argExpression(v)]));
  return newRelation({ sql });
}

/** Spark 3.5's SqlCommand: the text and literal parameters directly on the command. */
function legacySqlCommand(query: string, args: Record<string, SqlArg> | SqlArg[] | undefined): spark.connect.ISqlCommand {
  const cmd: spark.connect.ISqlCommand = { sql: query };
  if (Array.isArray(args)) cmd.posArgs = args.map(argLiteral);
  else if (args) cmd.args = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, argLiteral(v)]));
  return cmd;
}

// Settings that name the application or the server cannot change on a running session.
const STATIC_KEYS = new Set(['spark.app.name', 'spark.master', 'spark.remote']);
const activeSessions = new Map<string, SparkSession>();

/** Collects connection settings and session configuration, then connects (create/getOrCreate). */
export class SparkSessionBuilder {
  private url?: string;
  private clientOptions: Partial<ClientOptions> = {};
  private sessionOptions: SessionOptions = {};
  private readonly confs: Record<string, string> = {};

  /** The Spark Connect connection string, sc://host:port/;key=value... */
  remote(url: string): this {
    this.url = url;
    return this;
  }

  /** A Spark SQL configuration set on the session once it is connected; or several as an object. */
  config(key: string | Record<string, string | number | boolean>, value?: string | number | boolean): this {
    const entries = typeof key === 'string' ? [[key, value] as const] : Object.entries(key);
    for (const [k, v] of entries) {
      if (v === undefined) throw new TypeError(`config(${k}): a value is required`);
      this.confs[k] = typeof v === 'boolean' ? String(v) : String(v);
    }
    return this;
  }

  /** The application name shown by the server (spark.app.name). */
  appName(name: string): this {
    return this.config('spark.app.name', name);
  }

  /** Client settings that a connection string cannot carry (logger, TLS files, timeouts, output). */
  options(options: Partial<ClientOptions> & SessionOptions): this {
    const { output, ...client } = options;
    this.clientOptions = { ...this.clientOptions, ...client };
    if (output) this.sessionOptions.output = output;
    if (options.logger) this.sessionOptions.logger = options.logger;
    return this;
  }

  /**
   * Connects a new session: builds the client, checks the server answers (asking its version), and
   * applies the configured settings. A failure closes the client before it is thrown.
   */
  async create(): Promise<SparkSession> {
    const client = this.makeClient();
    const session = new SparkSession(client, this.sessionOptions);
    try {
      await session.version();
      // spark.app.name and other static settings cannot change on a running server; PySpark skips them too.
      const settable = Object.entries(this.confs).filter(([k]) => !STATIC_KEYS.has(k));
      if (settable.length > 0) await session.conf.setAll(Object.fromEntries(settable));
    } catch (err) {
      await client.close().catch(() => undefined);
      throw err;
    }
    return session;
  }

  /**
   * PySpark's getOrCreate(): the session this process last got for the same connection string, if it
   * is still open (with this builder's settings applied to it), else a new one.
   */
  async getOrCreate(): Promise<SparkSession> {
    const key = this.url ?? '';
    const existing = activeSessions.get(key);
    if (existing && !existing.isStopped) {
      const settable = Object.entries(this.confs).filter(([k]) => !STATIC_KEYS.has(k));
      if (settable.length > 0) await existing.conf.setAll(Object.fromEntries(settable));
      return existing;
    }
    const created = await this.create();
    activeSessions.set(key, created);
    return created;
  }

  private makeClient(): SparkConnectClient {
    const base = this.url !== undefined ? parseConnectionString(this.url) : undefined;
    if (!base && (this.clientOptions.host === undefined || this.clientOptions.port === undefined)) {
      throw new TypeError('SparkSession.builder(): call remote(url) or give host and port in options()');
    }
    return new SparkConnectClient({ useSsl: false, headers: {}, ...base, ...this.clientOptions } as ClientOptions);
  }
}
