// How runs hand their output to a front end: the result sinks and plan presenter the engine writes to.
// The results grid (src/views/results) and the plan visualizer (src/views/plan) implement them in the
// extension; the notebook kernel and the CLI will too. Arrow data stays as IPC bytes all the way through.
import type { ExplainMode } from '../connect/explain-mode';
import type { ResultColumn, ResultContinuation } from './engine';
import type { SparkConnectErrorReason } from '../connect/errors';
import type { ExecutionMetric } from '../plan/metrics';

export interface ResultSetInfo {
  /** Where the SQL came from, e.g. the file name. */
  title: string;
  profile: string;
  sql: string;
  /** 0-based index of the statement in this run, and how many the run has. */
  statementIndex: number;
  statementCount: number;
  operationId: string;
  startedAt: number;
  /** Where the statement's text lives (a document URI), so a failure can link to its position. */
  source?: string;
  /** Explains this statement on the same session (for "show plan" from a result). */
  explain?(mode: ExplainMode, signal?: AbortSignal): Promise<string>;
}

export interface ResultSummary {
  rowCount: number;
  durationMs: number;
  /** ExecutePlanResponse.Metrics of the run, when the server sent them (laid onto the executed plan). */
  metrics?: readonly ExecutionMetric[];
  /** The server-side row limit cut the result short (more rows exist). */
  limited?: boolean;
  /** The rest of this same execution is kept on the server: "Fetch more" can read on (no re-run). */
  continuation?: ResultContinuation;
}

export interface ResultSink {
  /** One Arrow IPC stream (schema + batch) as received from the server. */
  addBatch(data: Uint8Array, rowCount: number): void;
  /** Backpressure: resolves when the sink can take the next batch (a file export); the runner waits on it. */
  whenWritten?(): Promise<void>;
  complete(summary: ResultSummary): void;
  /** The statement failed or was cancelled after this result was opened. */
  fail(summary: ResultFailure): void;
}

/** Why a statement that had opened a result did not finish. Texts are already redacted. */
export interface ResultFailure {
  /** One line; without the error class and SQLSTATE when those are given separately. */
  message: string;
  cancelled: boolean;
  rowCount: number;
  reason?: SparkConnectErrorReason;
  errorClass?: string;
  sqlState?: string;
  /** Everything known (server stack trace, query context), for a details disclosure. */
  detail?: string;
  /** Document offsets the server's error points at (in ResultSetInfo.source). */
  range?: { start: number; end: number };
}

export interface ResultsPresenter {
  /** Opens a result view; `columns` is known when the server sent a schema first. */
  open(info: ResultSetInfo, columns: ResultColumn[] | undefined): ResultSink;
  /**
   * The statement failed before it had a result to open (a parse or analysis error): show the failure
   * where its result would have gone, so an older result there is not taken for this run's.
   */
  failed?(info: ResultSetInfo, failure: ResultFailure): void;
}

export interface PlanRequest {
  title: string;
  profile: string;
  sql: string;
  mode: ExplainMode;
  /** The plan text in `mode`, as Spark printed it. */
  text: string;
  /** Asks the server again, e.g. for another mode. */
  explain(mode: ExplainMode, signal?: AbortSignal): Promise<string>;
  /** After a run: the metrics the server sent, to lay onto the executed physical plan. */
  metrics?: readonly ExecutionMetric[];
  /**
   * The run's metrics for a plan asked for while it ran: update that plan's panel if it is still open,
   * and open none if the user closed it meanwhile.
   */
  refreshOnly?: boolean;
}

export interface PlanPresenter {
  show(request: PlanRequest): void | Promise<void>;
}
