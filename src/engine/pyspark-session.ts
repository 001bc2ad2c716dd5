// What the engine offers for PySpark code, beside SQL: the runner (src/pyspark) on the session's own
// SparkSession, and the two things callers do with the DataFrames its outputs hold: execute one through
// the same streaming ResultEvent path as a SQL statement, and explain one without executing it.
// The runner is loaded with the client (dist/connect-engine.js), never into the extension's first bundle.
import type { DataFrame } from '../connect/dataframe';
import type { ExplainMode } from '../connect/explain-mode';
import type { PySparkErrorPhase, PySparkOutput, PySparkRunOptions, SourceSpan } from '../pyspark/run-api';
import type { ExecuteSqlOptions, SqlExecution } from './engine';
import type { ProgressSummary } from '../connect/progress-scope';

/** The runner's options (skipActionsBefore, onOutput: src/pyspark/run-api.ts), and Spark's progress. */
export interface PySparkEngineOptions extends PySparkRunOptions {
  /** Spark's progress of the executions the code's own steps run (count(), collect(), SQL commands). */
  onProgress?: (progress: ProgressSummary) => void;
}

export interface PySparkSession {
  /** Evaluates all of `source` to plans, then runs its actions in order (src/pyspark/run-api.ts). */
  run(source: string, options?: PySparkEngineOptions): Promise<PySparkOutput[]>;
  /** Executes a DataFrame like executeSql executes a query: schema, Arrow batches, progress, metrics, limit, cancel. */
  executeDataFrame(df: DataFrame, options?: ExecuteSqlOptions): SqlExecution;
  /** AnalyzePlan(explain) of the DataFrame's plan: nothing is executed. */
  explainDataFrame(df: DataFrame, mode: ExplainMode, signal?: AbortSignal): Promise<string>;
  /** Where in the source a server error that run() threw points (the action, or SQL text inside it), if known. */
  errorSpan(error: unknown): SourceSpan | undefined;
}

/** A PySparkError (src/pyspark/run-api.ts) as seen from another bundle, where instanceof cannot tell. */
export interface PySparkErrorLike extends Error {
  readonly phase: PySparkErrorPhase;
  readonly construct: string;
  readonly span: SourceSpan;
}

export function isPySparkError(err: unknown): err is PySparkErrorLike {
  if (!(err instanceof Error) || err.name !== 'PySparkError') return false;
  const span = (err as Partial<PySparkErrorLike>).span;
  return typeof span === 'object' && span !== null && typeof span.from === 'number' && typeof span.to === 'number';
}
