// The AnalyzePlan enum each explain mode is sent as, for the DataFrame API, the engine and the tests.
import type { ExplainMode } from './explain-mode';
import { spark } from './generated/spark-connect';

const Mode = spark.connect.AnalyzePlanRequest.Explain.ExplainMode;

export const EXPLAIN_MODE_PROTO: Readonly<Record<ExplainMode, spark.connect.AnalyzePlanRequest.Explain.ExplainMode>> = {
  simple: Mode.EXPLAIN_MODE_SIMPLE,
  extended: Mode.EXPLAIN_MODE_EXTENDED,
  codegen: Mode.EXPLAIN_MODE_CODEGEN,
  cost: Mode.EXPLAIN_MODE_COST,
  formatted: Mode.EXPLAIN_MODE_FORMATTED,
};
