// What the extension needs from a Spark Connect session, as a small interface of our own. The
// production implementation wraps the embedded client (connect-engine.ts); tests use fakes. Keeping
// the extension on this interface means UI code never touches protobuf or gRPC types.
import type { ProfileClientOptions } from '../profiles/connection-options';
import type { SqlArguments } from '../sql/parameter-values';
import type { ExecutionMetric } from '../plan/metrics';
import type { Event } from './emitter';

import type { ExplainMode } from '../connect/explain-mode';
import type { PySparkSession } from './pyspark-session';

export interface ResultColumn {
  name: string;
  /** Spark SQL type name, e.g. "int", "array<string>", "decimal(10,2)". */
  type: string;
  nullable: boolean;
}

export type ResultEvent =
  /** The result's columns; an empty list for commands that return nothing. */
  | { kind: 'schema'; columns: ResultColumn[] }
  /** One Arrow IPC stream (schema + record batch), exactly as received. */
  | { kind: 'arrow'; rowCount: number; data: Uint8Array }
  | { kind: 'progress'; doneTasks: number; totalTasks: number; stages: number;
    /** Stages finished, and tasks running now (Spark 4's ExecutionProgress; absent from older producers). */
    doneStages?: number; runningTasks?: number }
  /** ExecutePlanResponse.Metrics of the executed plan (sent once, near the end). */
  | { kind: 'metrics'; metrics: ExecutionMetric[] }
  /**
   * The server-side row limit cut the result: more rows exist than were delivered. With `continuation`
   * the rest is kept on the server and can be read on (Fetch more without a re-run).
   */
  | { kind: 'limited'; rowLimit: number; continuation?: ResultContinuation };

/**
 * A result that stopped at its row limit with the rest of the same execution kept on the server
 * (kept-result.ts): "Fetch more" reads on instead of running the query again, so rows already shown
 * stay what they are (uuid(), rand(), a table that changed). The server drops a kept operation after
 * a while (Spark: spark.connect.execute.manager.detachedTimeout, 5 minutes by default); we release it
 * before that, and when the tab closes, the result is replaced or the session ends.
 */
export interface ResultContinuation {
  readonly operationId: string;
  /** Rows delivered so far. */
  readonly deliveredRows: number;
  /** The most rows this execution can deliver in all (its plan's limit); more than that needs a re-run. */
  readonly maxRows: number;
  /** True while the rest is kept on the server and readOn() may be called. */
  readonly kept: boolean;
  /** Why it is no longer kept, in words (expired, released, the session closed, the server lost it). */
  readonly endReason: string | undefined;
  /** Fires once when `kept` turns false for any reason but a readOn() in progress. */
  onDidEnd(listener: () => void): { dispose(): void };
  /**
   * Reads up to `rows` more rows of the same execution (fewer at the end or at maxRows). Ends with a
   * 'limited' event (with this continuation again when the server still keeps more) when rows remain.
   * Throws ContinuationLostError before any event when the server no longer has the operation.
   */
  readOn(rows: number, signal?: AbortSignal): AsyncIterable<ResultEvent>;
  /** Tells the server to forget the rest. Idempotent. */
  release(reason?: string): void;
}

/**
 * A query re-run with a filter and/or sort applied on the server (src/engine/refine-plan.ts), for
 * results the grid holds only part of. Columns are named as in the result's schema.
 */
export interface ResultRefinement {
  /** Rows where some of these columns' text contains `text`, ignoring case (the grid's quick filter). */
  filter?: { text: string; columns: string[] };
  sort?: { column: string; descending: boolean };
}

export interface ExecuteSqlOptions {
  signal?: AbortSignal;
  /** Filter and sort on the server, applied before the row limit (queries only). */
  refine?: ResultRefinement;
  /**
   * At most this many rows, applied on the server plan (queries only; commands run unlimited).
   * 0 or undefined: no limit. When more rows exist, a 'limited' event follows the last batch.
   */
  rowLimit?: number;
  /**
   * Keep the rest of a limited query result on the server for "Fetch more" (a ResultContinuation on
   * the 'limited' event). The plan then asks for up to continuationCap(rowLimit) rows; reading stops at
   * rowLimit.
   */
  keepForMore?: boolean;
}

export interface SqlExecution extends AsyncIterable<ResultEvent> {
  /** The server operation id (chosen by the client, known before the first response). */
  readonly operationId: string;
  /** Interrupts the operation on the server and ends the iteration. */
  cancel(): Promise<void>;
}

export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  isTemporary: boolean;
  /** How to address it when that is not catalog.database.name (temporary views). */
  nameParts?: string[];
  description?: string;
}

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  isPartition: boolean;
  description?: string;
}

export interface EngineSession {
  readonly sessionId: string;
  readonly sparkVersion: string;
  executeSql(sql: string, args: SqlArguments | undefined, options?: ExecuteSqlOptions): SqlExecution;
  explainSql(sql: string, args: SqlArguments | undefined, mode: ExplainMode, signal?: AbortSignal): Promise<string>;
  /** One cheap round trip (asks the server for its version). */
  ping(signal?: AbortSignal): Promise<void>;
  listCatalogs(signal?: AbortSignal): Promise<string[]>;
  /** Namespaces of a catalog, each as its name parts. */
  listDatabases(catalog: string, signal?: AbortSignal): Promise<string[][]>;
  listTables(catalog: string, database: readonly string[], signal?: AbortSignal): Promise<TableInfo[]>;
  /** Columns of a table or view, by its full name parts (just [name] for a temporary view). */
  listColumns(nameParts: readonly string[], signal?: AbortSignal): Promise<ColumnInfo[]>;
  interrupt(operationId: string): Promise<void>;
  // The language service's calls (optional, so that test fakes need not have them). None executes a
  // statement of the user's: see validate-query.ts.
  /** Names of the functions the session can call (SHOW FUNCTIONS). */
  listFunctions?(signal?: AbortSignal): Promise<string[]>;
  /** DESCRIBE FUNCTION EXTENDED's lines for one function. */
  describeFunction?(name: string, signal?: AbortSignal): Promise<string[]>;
  /** The session's current catalog and namespace. */
  currentNamespace?(signal?: AbortSignal): Promise<{ catalog: string; database: string[] }>;
  /** Resolves when one query analyzes on the server; throws its error (positions in `sql`) otherwise. */
  validateQuery?(sql: string, signal?: AbortSignal): Promise<void>;
  /** Releases the server session and the channel; idempotent. */
  close(): Promise<void>;
  /** PySpark code on this session (pyspark-session.ts); absent where a session cannot run it (test fakes). */
  readonly pyspark?: PySparkSession;
  /** Spark 4's id of this server-side incarnation of the session (none on Spark 3.5). */
  readonly serverSideSessionId?: string | undefined;
  /**
   * Closes the channel but leaves the session on the server, for a window that reloads and will
   * reattach to it by id (the server ends it after its idle timeout if nobody does).
   */
  detach?(): Promise<void>;
  /** Fires with a statement's text when it ran to the end without error. */
  readonly onDidSucceed?: Event<string>;
  /**
   * For servers that name no server-side session (Spark 3.5): marks the session with a setting of our
   * own and says whether the mark was already there. A session reattached by id without it is a new one
   * the server made under the old id (it restarted): what the old one held is gone.
   */
  markSession?(signal?: AbortSignal): Promise<boolean>;
}

/** An existing server session to reattach to (the one a profile used before a window reload). */
export interface ResumeSession {
  sessionId: string;
  serverSideSessionId?: string;
}

export interface SparkEngine {
  /** Opens a session and resolves once the server has answered (with its Spark version). */
  connect(options: ProfileClientOptions, signal?: AbortSignal, resume?: ResumeSession): Promise<EngineSession>;
}
