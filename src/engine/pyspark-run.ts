// Running PySpark code on a session and presenting what its actions show, for the editor (and next
// the notebook kernel): the runner evaluates the whole source to plans (a PySparkError stops everything
// before anything is sent), runs its actions, and each output then goes where the SQL path sends its
// own: a DataFrame to the results grid through runStatements (the same streaming, limits, cancel,
// operations and "explain from the result"), an explain to the plan view, values, text and writes to
// the caller's text output. Each output is shown as its action produces it (pyspark-outputs.ts), so the
// grid, the plan view and the text appear in the order of the code; the runner runs no action of a
// dependency slice (before `targetOffset`).
import type { DataFrame } from '../connect/dataframe';
import type { ExplainMode } from '../connect/explain-mode';
import type { Logger } from '../connect/logger';
import type { PySparkOutput, SourceSpan } from '../pyspark/run-api';
import type { SqlStatement } from '../sql/split';
import type { EngineSession } from './engine';
import { describeFailure, type FailureDescription } from './error-report';
import type { OperationsModel } from './operations-model';
import { isPySparkError, type PySparkErrorLike, type PySparkSession } from './pyspark-session';
import { runPySparkPresenting, type PySparkTextOutput } from './pyspark-outputs';
import { runStatements, type RunOutcome } from './query-runner';
import type { PlanPresenter, ResultsPresenter } from './result-sink';

export interface PySparkRunRequest {
  profile: string;
  session: EngineSession;
  /** What the runner evaluates (for Ctrl+Enter, a dependency slice). */
  source: string;
  /** Shown on result views, e.g. the file name. */
  title: string;
  /** Passed to the runner for errors and Spark 4's Origin. */
  fileName?: string;
  /** Where the code the user asked for starts in `source` (0: all of it). */
  targetOffset?: number;
  /** Server-side row limit for DataFrames shown with display() or as an expression (0: none). */
  rowLimit?: number;
  /** Mode for df.explain() without a mode argument is the runner's; this one is for 'explain' requests of the caller. */
  explainMode?: ExplainMode;
}

export type { PySparkTextOutput } from './pyspark-outputs';

export interface PySparkRunDeps {
  presenter: ResultsPresenter;
  plans: PlanPresenter;
  operations: Pick<OperationsModel, 'start'>;
  logger: Logger;
  /** Values, printed text and writes, in the order they ran. */
  print(output: PySparkTextOutput): void;
}

export type PySparkRunOutcome =
  | { status: 'succeeded'; outputs: number; dataFrames: number; totalRows: number }
  | { status: 'cancelled' }
  /** The code cannot run (parse, evaluation, unsupported construct): nothing was sent. */
  | { status: 'refused'; error: PySparkErrorLike }
  | {
    status: 'failed'; error: unknown; failure: FailureDescription;
    /** The action whose execution failed, when known (a DataFrame shown, an explain). */
    span?: SourceSpan;
  };

function noPySpark(): Error {
  return new Error('This connection cannot run PySpark code.');
}

/** Operations of a PySpark run are marked 'pyspark', so history never re-runs their Python as SQL. */
function pysparkOperations(operations: Pick<OperationsModel, 'start'>): Pick<OperationsModel, 'start'> {
  return { start: (op) => operations.start({ ...op, kind: 'pyspark' }) };
}

/** An EngineSession whose one "statement" is this DataFrame, so runStatements streams it like SQL. */
export function dataFrameSession(session: EngineSession, py: PySparkSession, df: DataFrame): EngineSession {
  return Object.assign(Object.create(session) as EngineSession, {
    executeSql: (_sql: string, _args: unknown, options?: Parameters<EngineSession['executeSql']>[2]) => py.executeDataFrame(df, options),
    explainSql: (_sql: string, _args: unknown, mode: ExplainMode, signal?: AbortSignal) => py.explainDataFrame(df, mode, signal),
  });
}

function statementOf(source: string, span: SourceSpan, index: number): SqlStatement {
  const text = source.slice(span.from, span.to);
  return { index, text, start: span.from, end: span.to, terminatorEnd: span.to, isScript: false };
}

/** Stops a run from its output target: showing an output failed or was cancelled, with the outcome to report. */
class PresentationStopped extends Error {
  constructor(readonly outcome: PySparkRunOutcome) {
    super('PySpark output presentation stopped');
  }
}

export async function runPySparkCode(req: PySparkRunRequest, deps: PySparkRunDeps, signal: AbortSignal): Promise<PySparkRunOutcome> {
  const py = req.session.pyspark;
  if (!py) throw noPySpark();
  const operations = pysparkOperations(deps.operations);
  const target = req.targetOffset ?? 0;
  // The evaluation and the actions the runner runs itself (count(), collect(), writes) are one
  // operation; each DataFrame shown is its own (the grid's), run at its place in the code.
  const local = new AbortController();
  const onAbort = () => local.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const handle = operations.start({ kind: 'pyspark', profile: req.profile, sql: req.source.slice(target).trim(), cancel: () => local.abort() });
  let outputs = 0;
  let dataFrames = 0;
  let totalRows = 0;
  try {
    await runPySparkPresenting(py, req.source, {
      signal: local.signal, skipActionsBefore: target, ...(req.fileName !== undefined ? { fileName: req.fileName } : {}),
    }, {
      dataFrame: async (out, rowLimit) => {
        const outcome: RunOutcome = await runStatements({
          profile: req.profile, session: dataFrameSession(req.session, py, out.df),
          statements: [{ statement: statementOf(req.source, out.span, outputs++) }], title: req.title,
          ...(rowLimit !== undefined ? { rowLimit } : {}),
        }, { presenter: deps.presenter, operations, logger: deps.logger }, local.signal);
        if (outcome.status === 'cancelled') throw new PresentationStopped({ status: 'cancelled' });
        if (outcome.status === 'failed') {
          // The runner knows where in the source the server's error points (SQL text in spark.sql, the call).
          throw new PresentationStopped({ status: 'failed', error: outcome.error, failure: outcome.failure, span: out.locateError?.(outcome.error) ?? out.span });
        }
        dataFrames++;
        totalRows += outcome.totalRows;
      },
      explain: async (out) => {
        outputs++;
        const failed = await explainOutput(req, deps, py, out.df, out.mode, out.span, local.signal);
        if (failed?.status === 'failed') throw new PresentationStopped({ ...failed, span: out.locateError?.(failed.error) ?? out.span });
        if (failed) throw new PresentationStopped(failed);
      },
      text: (out: PySparkTextOutput) => {
        outputs++;
        deps.print(out);
      },
    }, req.rowLimit);
    handle.finish({ status: 'succeeded' });
  } catch (err) {
    if (err instanceof PresentationStopped) {
      const o = err.outcome;
      handle.finish(o.status === 'failed' ? { status: 'failed', error: o.failure.message } : { status: 'cancelled' });
      return o.status === 'cancelled' || signal.aborted ? { status: 'cancelled' } : o;
    }
    if (isPySparkError(err)) {
      handle.finish({ status: 'failed', error: err.message });
      return { status: 'refused', error: err };
    }
    const failure = describeFailure(err);
    const cancelled = local.signal.aborted || failure.cancelled;
    handle.finish(cancelled ? { status: 'cancelled' } : { status: 'failed', error: failure.message });
    if (cancelled) return { status: 'cancelled' };
    deps.logger.error(`[${req.profile}] PySpark run failed:\n${failure.detail}`);
    const span = py.errorSpan(err);
    return { status: 'failed', error: err, failure, ...(span ? { span } : {}) };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return { status: 'succeeded', outputs, dataFrames, totalRows };
}

/** Explains one DataFrame (never executes it) and opens the plan view; an outcome when it failed. */
export async function explainOutput(
  req: Pick<PySparkRunRequest, 'profile' | 'source' | 'title'>, deps: Pick<PySparkRunDeps, 'plans' | 'operations' | 'logger'>,
  py: PySparkSession, df: DataFrame, mode: ExplainMode, span: SourceSpan, signal: AbortSignal,
): Promise<PySparkRunOutcome | undefined> {
  const sql = req.source.slice(span.from, span.to);
  const local = new AbortController();
  const onAbort = () => local.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const handle = pysparkOperations(deps.operations).start({ kind: 'pyspark', profile: req.profile, sql, cancel: () => local.abort() });
  try {
    const text = await py.explainDataFrame(df, mode, local.signal);
    handle.finish({ status: 'succeeded' });
    await deps.plans.show({ title: req.title, profile: req.profile, sql, mode, text, explain: (m, s) => py.explainDataFrame(df, m, s) });
    return undefined;
  } catch (err) {
    const failure = describeFailure(err);
    const cancelled = local.signal.aborted || failure.cancelled;
    handle.finish(cancelled ? { status: 'cancelled' } : { status: 'failed', error: failure.message });
    if (cancelled) return { status: 'cancelled' };
    deps.logger.error(`[${req.profile}] explain failed:\n${failure.detail}`);
    return { status: 'failed', error: err, failure, span };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Explain on a statement: the source's code (ending in the DataFrame expression the statement acts on,
 * see PythonFile.explainRangeOf) is evaluated, and the DataFrame it yields is explained, not executed.
 */
export async function explainPySparkCode(
  req: PySparkRunRequest & { explainMode: ExplainMode }, deps: PySparkRunDeps, signal: AbortSignal,
): Promise<PySparkRunOutcome> {
  const py = req.session.pyspark;
  if (!py) throw noPySpark();
  const target = req.targetOffset ?? 0;
  let outputs: PySparkOutput[];
  try {
    outputs = await py.run(req.source, { signal, skipActionsBefore: target, ...(req.fileName !== undefined ? { fileName: req.fileName } : {}) });
  } catch (err) {
    if (isPySparkError(err)) return { status: 'refused', error: err };
    const failure = describeFailure(err);
    if (signal.aborted || failure.cancelled) return { status: 'cancelled' };
    const span = py.errorSpan(err);
    return { status: 'failed', error: err, failure, ...(span ? { span } : {}) };
  }
  // The runner showed nothing of the code before `target`: the first DataFrame is the statement's.
  const out = outputs.find((o) => o.kind === 'dataframe' || o.kind === 'explain');
  if (!out || (out.kind !== 'dataframe' && out.kind !== 'explain')) return { status: 'succeeded', outputs: 0, dataFrames: 0, totalRows: 0 };
  const failed = await explainOutput(req, deps, py, out.df, out.kind === 'explain' ? out.mode : req.explainMode, out.span, signal);
  if (failed?.status === 'failed') return { ...failed, span: out.locateError?.(failed.error) ?? out.span };
  return failed ?? { status: 'succeeded', outputs: 1, dataFrames: 0, totalRows: 0 };
}
