// What the user sees of a PySpark run, in one place for every front end (the editor, the notebook
// kernel, the CLI): which kind of output goes where, and which row limit a DataFrame gets. Each front
// end supplies a target (a results grid, a cell's outputs, stdout); the runner hands every output over
// as its action produces it (run-api.ts `onOutput`), so a show() executes and appears before the next
// action runs, and everything appears in the order of the code.
import type { PySparkOutput, SourceSpan } from '../pyspark/run-api';
import type { PySparkEngineOptions, PySparkSession } from './pyspark-session';

export type DataFrameOutput = Extract<PySparkOutput, { kind: 'dataframe' }>;
export type ExplainOutput = Extract<PySparkOutput, { kind: 'explain' }>;

/** Text an action produced: a value (count(), collect() ...), print() and printSchema() text, or what a write did. */
export interface PySparkTextOutput {
  kind: 'value' | 'text' | 'write';
  text: string;
  span: SourceSpan;
}

export interface PySparkOutputTarget {
  /** Executes and shows a DataFrame (show(), display(df), a bare DataFrame) under `rowLimit` rows (undefined: none). */
  dataFrame(out: DataFrameOutput, rowLimit: number | undefined): Promise<void>;
  /** df.explain(mode): shows the plan, never executes it. */
  explain(out: ExplainOutput): Promise<void>;
  text(out: PySparkTextOutput): void | Promise<void>;
}

/** show(n) keeps PySpark's row count; display(df) and a bare DataFrame get the front end's limit. */
export function rowLimitOf(out: DataFrameOutput, defaultRowLimit: number | undefined): number | undefined {
  return out.how === 'show' && out.show ? out.show.n : defaultRowLimit;
}

/** Sends one output to where it is shown. */
export async function presentPySparkOutput(out: PySparkOutput, target: PySparkOutputTarget, defaultRowLimit: number | undefined): Promise<void> {
  switch (out.kind) {
    case 'dataframe':
      return target.dataFrame(out, rowLimitOf(out, defaultRowLimit));
    case 'explain':
      return target.explain(out);
    case 'write':
      return target.text({ kind: 'write', text: out.description, span: out.span });
    case 'value':
    case 'text':
      return target.text({ kind: out.kind, text: out.text, span: out.span });
  }
}

/**
 * Runs `source` and presents each output as its action produces it, before the next action runs. A
 * target that throws stops the run with that error (py.errorSpan() answers the output's span for it).
 */
export function runPySparkPresenting(
  py: PySparkSession, source: string, options: Omit<PySparkEngineOptions, 'onOutput'>,
  target: PySparkOutputTarget, defaultRowLimit: number | undefined,
): Promise<PySparkOutput[]> {
  return py.run(source, { ...options, onOutput: (o) => presentPySparkOutput(o, target, defaultRowLimit) });
}
