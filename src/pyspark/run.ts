// The PySpark runner: parse, evaluate the whole source to plans and steps (nothing sent, except the
// AnalyzePlan that df.columns / df.schema need), then run the steps in source order.
import type { SparkSession } from '../connect/session';
import { Evaluator } from './evaluator';
import { setCurrentSession } from './surface-session';
import { parsePython } from './parse';
import { PySparkError, type PySparkOutput, type SessionPlumbing, type PySparkRunOptions, type RunPySpark, type SourceSpan } from './run-api';
import { PySparkSourceMap, sqlTextsOf } from './source-map';
import { runStep, type RunPhase, type Step } from './steps';

export interface EvaluateOptions {
  fileName?: string;
  /** Refuse whatever would ask the server (df.columns, df.schema, groupBy().sum() with no names). */
  offline?: boolean;
  /** Top-level names bound before this source (a notebook's earlier cells). */
  names?: ReadonlyMap<string, unknown>;
  /** A notebook's session plumbing (SparkSession.builder.remote/master, spark.stop()). */
  plumbing?: SessionPlumbing;
}

/** What evaluation found: the steps to run in order, and the names the code defined. */
export interface Evaluation {
  steps: ReadonlyArray<Step>;
  /** Top-level names after evaluation (DataFrames, Columns, values, functions). */
  globals: ReadonlyMap<string, unknown>;
  /** Maps a server error on one of these plans back to the source (SQL in string literals, call sites). */
  sourceMap: PySparkSourceMap;
}

const errorSpans = new WeakMap<object, SourceSpan>();

/**
 * Where in the source an error that runPySpark threw points: the SQL text or DataFrame call the
 * server's error names when it can be found, else the statement whose action failed.
 */
export function sourceSpanOfError(error: unknown): SourceSpan | undefined {
  return typeof error === 'object' && error !== null ? errorSpans.get(error) : undefined;
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
  setCurrentSession(spark);
  const ev = new Evaluator(source, spark, parsed.lines, options);
  await ev.run(parsed.tree.topNode);
  return { steps: ev.steps, globals: ev.globals.vars, sourceMap: ev.sourceMap };
}

/**
 * runPySpark: evaluate everything first, then run the steps in order and collect what they show; with
 * `onOutput`, each output is handed over as its step produces it, before the next step runs.
 */
export const runPySpark: RunPySpark = async (source: string, spark: SparkSession, options: PySparkRunOptions = {}): Promise<PySparkOutput[]> => {
  const evaluation = await evaluatePySpark(source, spark, {
    ...(options.fileName === undefined ? {} : { fileName: options.fileName }),
    ...(options.names ? { names: options.names } : {}),
    ...(options.plumbing ? { plumbing: options.plumbing } : {}),
  });
  // The code evaluated whole: its names stay bound for the next source (a notebook's next cell), even
  // when one of its actions fails below, as a Python kernel keeps what a cell assigned before failing.
  if (options.names) for (const [name, value] of evaluation.globals) options.names.set(name, value);
  const outputs: PySparkOutput[] = [];
  const phase: RunPhase = {
    skipActionsBefore: options.skipActionsBefore ?? 0,
    deliver: async (o) => {
      if (o.kind === 'dataframe' || o.kind === 'explain') {
        const df = o.df;
        o.locateError = (e) => evaluation.sourceMap.locate(e, sqlTextsOf(df.relation)) ?? o.span;
      }
      outputs.push(o);
      // The caller shows it (executes a DataFrame, asks for a plan) before the next action runs; what
      // fails there points at this output's SQL text or call.
      try {
        await options.onOutput?.(o);
      } catch (e) {
        if (typeof e === 'object' && e !== null && !(e instanceof PySparkError) && !errorSpans.has(e)) {
          errorSpans.set(e, o.kind === 'dataframe' || o.kind === 'explain' ? o.locateError!(e) ?? o.span : o.span);
        }
        throw e;
      }
    },
  };
  for (const step of evaluation.steps) {
    options.signal?.throwIfAborted();
    try {
      await runStep(step, phase, options.signal);
    } catch (e) {
      if (typeof e === 'object' && e !== null && !(e instanceof PySparkError) && !errorSpans.has(e)) {
        errorSpans.set(e, evaluation.sourceMap.locate(e, step.plan === undefined ? [] : sqlTextsOf(step.plan)) ?? step.span);
      }
      throw e;
    }
  }
  return outputs;
};
