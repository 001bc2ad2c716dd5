// The PySparkSession of the embedded client: the runner on the session's SparkSession; DataFrames
// executed as one ExecutePlan whose root is their own relation, through resultEvents() exactly like a
// SQL statement (connect-engine.ts), and explained with AnalyzePlan, which plans without executing.
//  - The row limit is Limit(limit + 1) over the DataFrame, as for SQL queries, so Spark stops early and
//    the extra row says more exist. A plan whose root is a SQL command (spark.sql("INSERT ...")) is not
//    wrapped: a Limit would not stop it from running, and commands return little.
//  - Explain refuses plans that hold a SQL command: Spark 3.5 runs commands while it plans a SQL
//    relation (see explain.ts), and explaining must never execute anything.
import { withProgressListener } from '../connect/progress-scope';
import type { DataFrame } from '../connect/dataframe';
import { SparkConnectError } from '../connect/errors';
import type { ExplainMode } from '../connect/explain-mode';
import { EXPLAIN_MODE_PROTO } from '../connect/explain-mode-proto';
import type { spark } from '../connect/generated/spark-connect';
import { newRelation } from '../connect/plan-ids';
import type { SessionClient } from '../connect/session-core';
import type { SparkSession } from '../connect/session';
import type { PySparkOutput, RunPySpark, SourceSpan } from '../pyspark/run-api';
import { sourceSpanOfError } from '../pyspark/run';
import { isQueryStatement } from '../sql/statement-kind';
import type { ExecuteSqlOptions, SqlExecution } from './engine';
import type { PySparkEngineOptions, PySparkSession } from './pyspark-session';

type Relation = spark.connect.IRelation;

/** Limit.limit is an int32 and we ask for one row more (as MAX_ROW_LIMIT in connect-engine.ts). */
const MAX_DATAFRAME_ROW_LIMIT = 2 ** 31 - 2;

/**
 * Executes a plan as a SqlExecution, cutting rows past `applied` (0: none). ConnectEngineSession gives
 * its own, so SQL statements and DataFrames share one streaming path.
 */
export type PlanExecutor = (plan: spark.connect.IPlan, applied: number, options: ExecuteSqlOptions) => SqlExecution;

/** The SQL texts of the `sql` relations anywhere in a plan (a DataFrame over spark.sql(...)). */
export function sqlTextsOf(rel: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof rel !== 'object' || rel === null || depth > 10_000) return out;
  if (Array.isArray(rel)) {
    for (const r of rel) sqlTextsOf(r, out, depth + 1);
    return out;
  }
  if (ArrayBuffer.isView(rel)) return out;
  for (const [key, value] of Object.entries(rel)) {
    if (key === 'sql' && typeof value === 'object' && value !== null && typeof (value as { query?: unknown }).query === 'string') {
      out.push((value as { query: string }).query);
    }
    sqlTextsOf(value, out, depth + 1);
  }
  return out;
}

function rootIsCommand(rel: Relation): boolean {
  return rel.sql?.query !== undefined && rel.sql.query !== null && !isQueryStatement(rel.sql.query);
}

/** The plan that executes `df` under a row limit (see the header); the limit actually applied (0: none). */
export function limitedDataFramePlan(df: Pick<DataFrame, 'relation'>, rowLimit: number | undefined): { plan: spark.connect.IPlan; applied: number } {
  if (!rowLimit || rowLimit <= 0 || rootIsCommand(df.relation)) return { plan: { root: df.relation }, applied: 0 };
  const applied = Math.min(Math.floor(rowLimit), MAX_DATAFRAME_ROW_LIMIT);
  return { plan: { root: newRelation({ limit: { input: df.relation, limit: applied + 1 } }) }, applied };
}

export class ConnectPySpark implements PySparkSession {
  constructor(
    private readonly spark: SparkSession,
    private readonly client: Pick<SessionClient, 'analyze'>,
    private readonly executePlan: PlanExecutor,
    private readonly runner: RunPySpark | undefined,
  ) {}

  run(source: string, options: PySparkEngineOptions = {}): Promise<PySparkOutput[]> {
    if (!this.runner) return Promise.reject(new Error('This build has no PySpark runner.'));
    const { onProgress, ...rest } = options;
    const runner = this.runner;
    return onProgress ? withProgressListener(onProgress, () => runner(source, this.spark, rest)) : runner(source, this.spark, rest);
  }

  executeDataFrame(df: DataFrame, options: ExecuteSqlOptions = {}): SqlExecution {
    const { plan, applied } = limitedDataFramePlan(df, options.rowLimit);
    return this.executePlan(plan, applied, options);
  }

  errorSpan(error: unknown): SourceSpan | undefined {
    return sourceSpanOfError(error);
  }

  async explainDataFrame(df: DataFrame, mode: ExplainMode, signal?: AbortSignal): Promise<string> {
    const command = sqlTextsOf(df.relation).find((q) => !isQueryStatement(q));
    if (command !== undefined) {
      throw new SparkConnectError(
        'This DataFrame runs a SQL command (spark.sql with a statement that is not a query); explaining it could run the command, so it is not explained.',
        { reason: 'invalid-argument' },
      );
    }
    // Through the DataFrame's session where it has one: on Spark 3.5, SQL naming DataFrames needs its temp views for the call.
    const analyze = df.session.analyze ? df.session.analyze.bind(df.session) : this.client.analyze.bind(this.client);
    const r = await analyze({ explain: { plan: df.toPlan(), explainMode: EXPLAIN_MODE_PROTO[mode] } }, signal ? { signal } : {});
    return r.explain?.explainString ?? '';
  }
}
