// The PySpark runner: parse, evaluate the whole source to plans and steps (nothing sent, except the
// AnalyzePlan that df.columns / df.schema need), then run the steps in source order.
import type { SparkSession } from '../connect/session';
import { Evaluator } from './evaluator';
import { parsePython } from './parse';
import type { PySparkOutput, PySparkRunOptions, RunPySpark, SourceSpan } from './run-api';
import type { Step } from './steps';

export interface EvaluateOptions {
  fileName?: string;
  /** Refuse whatever would ask the server (df.columns, df.schema, groupBy().sum() with no names). */
  offline?: boolean;
}

/** What evaluation found: the steps to run in order, and the names the code defined. */
export interface Evaluation {
  steps: ReadonlyArray<Step>;
  /** Top-level names after evaluation (DataFrames, Columns, values, functions). */
  globals: ReadonlyMap<string, unknown>;
}

export interface PlannedStep {
  label: string;
  span: SourceSpan;
  emit: boolean;
}

/**
 * Evaluates `source` to plans and steps without running any step. With `offline`, nothing at all is
 * sent; otherwise only df.columns-like questions (AnalyzePlan) may be. Throws PySparkError.
 */
export async function evaluatePySpark(source: string, spark: SparkSession, options: EvaluateOptions = {}): Promise<Evaluation> {
  const parsed = parsePython(source, options.fileName);
  const ev = new Evaluator(source, spark, parsed.lines, options);
  await ev.run(parsed.tree.topNode);
  return { steps: ev.steps, globals: ev.globals.vars };
}

/** runPySpark: evaluate everything first, then run the steps in order and collect what they show. */
export const runPySpark: RunPySpark = async (source: string, spark: SparkSession, options: PySparkRunOptions = {}): Promise<PySparkOutput[]> => {
  const evaluation = await evaluatePySpark(source, spark, options.fileName === undefined ? {} : { fileName: options.fileName });
  const outputs: PySparkOutput[] = [];
  for (const step of evaluation.steps) {
    options.signal?.throwIfAborted();
    const out = await step.run(options.signal);
    if (Array.isArray(out)) outputs.push(...out);
    else if (out) outputs.push(out);
  }
  return outputs;
};
