// The explain modes by the names PySpark's df.explain(mode=...) takes, and the AnalyzePlan enum each
// one is sent as. One table for the DataFrame API, the CLI, the extension's engine and the tests.
import { spark } from './generated/spark-connect';

export type ExplainMode = 'simple' | 'extended' | 'codegen' | 'cost' | 'formatted';

const Mode = spark.connect.AnalyzePlanRequest.Explain.ExplainMode;

export const EXPLAIN_MODE_PROTO: Readonly<Record<ExplainMode, spark.connect.AnalyzePlanRequest.Explain.ExplainMode>> = {
  simple: Mode.EXPLAIN_MODE_SIMPLE,
  extended: Mode.EXPLAIN_MODE_EXTENDED,
  codegen: Mode.EXPLAIN_MODE_CODEGEN,
  cost: Mode.EXPLAIN_MODE_COST,
  formatted: Mode.EXPLAIN_MODE_FORMATTED,
};
