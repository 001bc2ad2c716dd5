// What the DataFrame API needs from a session, as interfaces: the transport client's calls (so unit
// tests can pass a fake that records plans) and the session state DataFrames consult (tags).
// SparkConnectClient satisfies SessionClient as it is.
import { spark } from './generated/spark-connect';
import type { RecordBatchOptions } from './arrow-result';
import type { ExecuteEvent } from './execution';
import type { Logger } from './logger';
import type { AnalyzeBody, CallOptions, ExecuteOptions, InterruptTarget } from './client';

/** A running execution: its events, and a way to stop it on the server. */
export interface ExecutionLike extends AsyncIterable<ExecuteEvent> {
  readonly operationId: string;
  cancel(): Promise<void>;
}

/** The transport calls a session uses (SparkConnectClient implements them). */
export interface SessionClient {
  readonly sessionId: string;
  execute(plan: spark.connect.IPlan, opts?: ExecuteOptions): ExecutionLike;
  analyze(body: AnalyzeBody, opts?: CallOptions): Promise<spark.connect.AnalyzePlanResponse.$Properties>;
  config(operation: spark.connect.ConfigRequest.IOperation, opts?: CallOptions): Promise<spark.connect.ConfigResponse.$Properties>;
  interrupt(target: InterruptTarget, opts?: CallOptions): Promise<string[]>;
  close(): Promise<void>;
}

/** Options every action accepts. */
export interface ActionOptions {
  /** Cancels the call (and interrupts the server operation for executions). */
  signal?: AbortSignal;
}

/** toArrowBatches' options: the action's, plus reuseMemory (documented on RecordBatchOptions). */
export interface ArrowBatchOptions extends ActionOptions, RecordBatchOptions {}

/** The session as DataFrames see it. */
export interface SessionCore {
  readonly client: SessionClient;
  readonly logger: Logger;
  /** Starts an execution, attaching the session's current tags. */
  execute(plan: spark.connect.IPlan, opts?: ActionOptions): ExecutionLike;
  /**
   * AnalyzePlan of a DataFrame's plan, as the session sends it (Spark 3.5: SQL naming DataFrames gets its
   * temp views for the call); sessions without it leave it to `client.analyze`.
   */
  analyze?(body: AnalyzeBody, opts?: CallOptions): Promise<spark.connect.AnalyzePlanResponse.$Properties>;
  /** The server's Spark version, asked once and remembered. */
  version(): Promise<string>;
  /** Where show() and printSchema() write when the caller passes no writer (none: return only). */
  readonly output?: (text: string) => void;
}
