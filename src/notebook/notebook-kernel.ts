// Runs one notebook cell on a Spark session and reports its outputs as plain data. No VS Code here: the
// editor's controller (src/views/notebook) and the headless `spark-connect notebook run` both use it,
// so a notebook runs the same way in both. SQL cells go through the engine's statement runner (the
// same path as SQL files: operations, history, error positions); skipped lines get one note each.
import type { Logger } from '../connect/logger';
import type { EngineSession, ResultColumn, SqlExecution } from '../engine/engine';
import { describeFailure } from '../engine/error-report';
import { isPySparkError } from '../engine/pyspark-session';
import { runPySparkPresenting, type PySparkOutputTarget } from '../engine/pyspark-outputs';
import type { SessionPlumbing } from '../pyspark/run-api';
import { runStatements } from '../engine/query-runner';
import type { OperationsModel } from '../engine/operations-model';
import type { ResultSetInfo, ResultSink, ResultsPresenter, ResultSummary } from '../engine/result-sink';
import { splitStatements } from '../sql/split';
import { classifyCell, type CellSource } from './cell-source';
import { errorOutput, lineColumn, stdoutOutput, textOutput, type CellOutputData } from './cell-outputs';
import { DEFAULT_OUTPUT_LIMITS, type ResultOutputLimits } from './result-output';
import type { CellOutcome } from './run-queue';
import { ProgressThrottle } from './progress-text';
import { plural } from './result-output';
import { retainedResultItems, type ResultRetainer } from './retained-results';
// The controller builds its store of kept rows from the kernel's module (loaded once, at the first cell).
export { RetainedResults } from './retained-results';

/** Where a running cell's outputs go, as they come. */
export interface CellSink {
  append(output: CellOutputData): void;
  /** Spark's progress while the cell runs (undefined: clear it). */
  progress(text: string | undefined): void;
}

export interface KernelDeps {
  /**
   * The session cells run on (connects when needed); throws when there is none. `remote`: its
   * connection URL without credentials, when known (a cell's .remote(url) naming it gets no note).
   */
  session(): Promise<{ profile: string; session: EngineSession; remote?: string }>;
  /** Ends the server session (spark.stop() in a cell); the next session() starts a fresh one. */
  endSession?(): Promise<void>;
  operations: OperationsModel;
  logger: Logger;
  limits?: ResultOutputLimits;
  /** Bytes of Arrow data a cell result keeps in memory before it only counts rows (default 8 MiB). */
  keepBytes?: number;
  now?: () => number;
  /** Keeps the rows an output could not, for the renderer to page in (absent: outputs keep what they keep). */
  retainer?: ResultRetainer;
}

export interface CellRequest {
  source: string;
  /** The cell's language id ('python', 'sql', …). */
  language: string;
  /** Shown on operations and history entries, e.g. "analysis.ipynb, cell 3". */
  title: string;
}

export class NotebookKernel {
  constructor(private readonly deps: KernelDeps) {}

  async runCell(req: CellRequest, sink: CellSink, signal: AbortSignal): Promise<CellOutcome> {
    const source = classifyCell(req.source, req.language);
    for (const s of source.skipped) sink.append(stdoutOutput(`line ${s.line}: ${s.note}`));
    switch (source.kind) {
      case 'skip':
        if (source.skipped.length === 0) sink.append(stdoutOutput(source.note));
        return 'succeeded';
      case 'sql':
        return this.runSql(source, req, sink, signal);
      case 'python':
        return this.runPython(source.text, req, sink, signal, source.timed);
    }
  }

  /** Names bound by the cells run so far (DataFrames as plans, Columns, values, imports, helpers). */
  readonly names = new Map<string, unknown>();

  /** Cells (their titles) whose names are bound now, in the order they ran: named when the session is lost. */
  private readonly definingCells: string[] = [];

  /** Restart: forget every name (the controller also starts a fresh server session). */
  reset(): void {
    this.names.clear();
    this.staleNames.clear();
    this.definingCells.length = 0;
  }

  /**
   * The server session ended (idle timeout, server restart): DataFrames bound to it are stale. Forget
   * them and say which cells to run again, once, in the failing cell's output.
   */
  private sessionLost(sink: CellSink, errorClass: string | undefined): void {
    const cells = [...new Set(this.definingCells)];
    this.reset();
    sink.append(stdoutOutput(`The server session ended (${errorClass ?? 'session lost'}): temp views, settings and the names earlier cells bound are gone.`
      + (cells.length > 0 ? ` Run these cells again: ${cells.join('; ')}.` : '')));
  }

  /** DataFrame results inline at most this many rows (the rest is said to exist). */
  static readonly ROW_LIMIT = 100_000;

  private async runPython(text: string, req: CellRequest, sink: CellSink, signal: AbortSignal, timed: boolean): Promise<CellOutcome> {
    const { profile, session, remote } = await this.deps.session();
    let stopAsked = false;
    const plumbing: SessionPlumbing = {
      runsOn: remote && remote !== profile ? `profile '${profile}' (${remote})` : remote ?? `profile '${profile}'`,
      ...(remote ? { remote } : {}),
      stop: () => { stopAsked = true; return Promise.resolve(); },
    };
    try {
      return await this.runPythonOn(session, plumbing, text, req, sink, signal, timed);
    } finally {
      // After the cell's outputs: they execute on the session the cell ran on.
      if (stopAsked) await this.stopSession();
    }
  }

  /** Names bound to a session spark.stop() ended: using one fails with a note, never runs on the new session. */
  private readonly staleNames = new Set<string>();

  private staleNote(names: readonly string[]): CellOutputData | undefined {
    const used = names.filter((n) => this.staleNames.has(n) && !this.names.has(n));
    if (used.length === 0) return undefined;
    return errorOutput({
      name: 'STALE_SESSION',
      message: `${used.map((n) => `'${n}'`).join(', ')} ${used.length === 1 ? 'was' : 'were'} bound to the server session spark.stop() ended; run the cells that define ${used.length === 1 ? 'it' : 'them'} again.`,
    });
  }

  /** spark.stop(): the server session ends; DataFrames and sessions bound to it are forgotten (Columns and values stay). */
  private async stopSession(): Promise<void> {
    for (const [name, value] of this.names) {
      if (isDataFrameLike(value) || isSparkSessionLike(value)) {
        this.names.delete(name);
        this.staleNames.add(name);
      }
    }
    await this.deps.endSession?.();
  }

  private async runPythonOn(session: EngineSession, plumbing: SessionPlumbing, text: string, req: CellRequest, sink: CellSink,
    signal: AbortSignal, timed: boolean): Promise<CellOutcome> {
    const pyspark = session.pyspark;
    if (!pyspark) {
      sink.append(errorOutput({ name: 'NOT_SUPPORTED', message: 'This session cannot run PySpark code; use SQL cells (%%sql).' }));
      return 'failed';
    }
    const started = (this.deps.now ?? Date.now)();
    // The code's own steps (count(), collect(), SQL commands) show their progress too.
    const progress = new ProgressThrottle((t) => sink.progress(t));
    try {
      // Each output is appended as its action runs (print, show, count ... in the order of the code).
      await runPySparkPresenting(pyspark, text, {
        fileName: req.title, signal, names: this.names, plumbing, onProgress: (p) => progress.update(p),
      }, this.outputTarget(session, sink, signal), NotebookKernel.ROW_LIMIT);
    } catch (err) {
      return this.pythonFailure(err, sink, signal);
    } finally {
      progress.clear();
    }
    if (timed) sink.append(stdoutOutput(`Wall time: ${(this.deps.now ?? Date.now)() - started} ms`));
    this.definingCells.push(req.title);
    return 'succeeded';
  }

  private pythonFailure(err: unknown, sink: CellSink, signal: AbortSignal): CellOutcome {
    if (signal.aborted) return 'cancelled';
    if (isPySparkError(err)) {
      const stale = err.phase === 'evaluate' ? this.staleNote([err.construct]) : undefined;
      if (stale) {
        sink.append(stale);
        return 'failed';
      }
      // Span lines count from the cell's first line: skipped lines were blanked, not removed.
      sink.append(errorOutput({
        name: err.phase === 'unsupported' ? 'UNSUPPORTED_PYSPARK' : err.phase === 'parse' ? 'SYNTAX_ERROR' : 'PYSPARK_ERROR',
        message: err.message, detail: `at cell line ${err.span.line}, column ${err.span.column}${err.construct ? ` (${err.construct})` : ''}`,
      }));
      return 'failed';
    }
    const f = describeFailure(err);
    if (f.cancelled) return 'cancelled';
    sink.append(errorOutput({ name: f.errorClass ?? 'ERROR', message: f.summary, ...(f.sqlState ? { detail: `SQLSTATE: ${f.sqlState}` } : {}) }));
    if (f.connectionLost) this.sessionLost(sink, f.errorClass);
    return 'failed';
  }

  /** Where a Python cell's outputs go: DataFrames and plans as results, values and text as the cell's text. */
  private outputTarget(session: EngineSession, sink: CellSink, signal: AbortSignal): PySparkOutputTarget {
    const pyspark = session.pyspark!;
    return {
      dataFrame: async (out, rowLimit) => {
        signal.throwIfAborted();
        const started = (this.deps.now ?? Date.now)();
        const execution = pyspark.executeDataFrame(out.df, { signal, ...(rowLimit !== undefined ? { rowLimit } : {}) });
        sink.append(await this.collect(execution, signal, started, sink));
      },
      explain: async (out) => {
        sink.append(textOutput(await pyspark.explainDataFrame(out.df, out.mode, signal)));
      },
      text: (out) => {
        sink.append(out.kind === 'value' ? textOutput(out.text) : stdoutOutput(out.text));
      },
    };
  }

  /** Reads a DataFrame's execution into one result output, keeping at most keepBytes of Arrow data. */
  private async collect(execution: SqlExecution, signal: AbortSignal, started: number, sink: CellSink): Promise<CellOutputData> {
    const keepBytes = this.deps.keepBytes ?? 8 * 1024 * 1024;
    const onAbort = () => void execution.cancel().catch(() => undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    let columns: ResultColumn[] = [];
    const batches: Uint8Array[] = [];
    let kept = 0;
    let rows = 0;
    let limited = false;
    const progress = new ProgressThrottle((t) => sink.progress(t));
    try {
      for await (const e of execution) {
        if (e.kind === 'schema') columns = e.columns;
        else if (e.kind === 'arrow') {
          rows += e.rowCount;
          if (kept + e.data.byteLength <= keepBytes) {
            batches.push(e.data);
            kept += e.data.byteLength;
          }
        } else if (e.kind === 'limited') limited = true;
        else if (e.kind === 'progress') progress.update(e);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      progress.clear();
    }
    return {
      items: retainedResultItems({
        columns: columns.map((c) => ({ name: c.name, sparkType: c.type, nullable: c.nullable })),
        batches, rowCount: rows, limited, elapsedMs: (this.deps.now ?? Date.now)() - started,
      }, this.deps.limits ?? DEFAULT_OUTPUT_LIMITS, this.deps.retainer),
    };
  }

  private async runSql(source: Extract<CellSource, { kind: 'sql' }>, req: CellRequest, sink: CellSink, signal: AbortSignal): Promise<CellOutcome> {
    const statements = splitStatements(source.text, source.offset);
    if (statements.length === 0) return 'succeeded';
    // {df} names a DataFrame an earlier Python cell bound: the statement runs as spark.sql(q, df=df)
    // through the PySpark runner, which sends the DataFrame's plan with it.
    const named = [...new Set([...source.text.matchAll(/\{([A-Za-z_]\w*)\}/g)].map((m) => m[1]))];
    const stale = this.staleNote(named);
    if (stale) {
      sink.append(stale);
      return 'failed';
    }
    const refs = named.filter((n) => this.names.has(n));
    if (refs.length > 0) {
      if (statements.length > 1) {
        sink.append(errorOutput({ name: 'NOT_SUPPORTED', message: `A cell that names DataFrames (${refs.map((r) => `{${r}}`).join(', ')}) runs one statement; split the others into their own cells.` }));
        return 'failed';
      }
      // A JSON string is a valid Python string literal (same escapes for quotes, backslashes and control characters).
      const call = `spark.sql(${JSON.stringify(statements[0].text)}, ${refs.map((r) => `${r}=${r}`).join(', ')})`;
      return this.runPython(call, req, sink, signal, false);
    }
    const { profile, session } = await this.deps.session();
    const presenter = new CellResultsPresenter(sink, this.deps.limits ?? DEFAULT_OUTPUT_LIMITS, this.deps.keepBytes ?? 8 * 1024 * 1024, this.deps.retainer);
    const progress = new ProgressThrottle((t) => sink.progress(t));
    const outcome = await runStatements(
      { profile, session, statements: statements.map((statement) => ({ statement })), title: req.title },
      { presenter, operations: this.deps.operations, logger: this.deps.logger, ...(this.deps.now ? { now: this.deps.now } : {}) },
      signal,
      { onProgress: (p) => progress.update(p) },
    ).finally(() => progress.clear());
    if (outcome.status === 'succeeded') {
      const silent = outcome.completed - presenter.opened;
      if (silent > 0) sink.append(stdoutOutput(`${plural(silent, 'statement')} ran without a result set.`));
      return 'succeeded';
    }
    if (outcome.status === 'cancelled') return 'cancelled';
    const f = outcome.failure;
    if (f.cancelled) return 'cancelled';
    const where = outcome.range ? lineColumn(req.source, outcome.range.start) : undefined;
    const lines = [
      f.sqlState ? `SQLSTATE: ${f.sqlState}` : undefined,
      where ? `at cell line ${where.line}, column ${where.column}` : undefined,
      statements.length > 1 ? `in statement ${outcome.completed + 1} of ${statements.length}` : undefined,
    ].filter((l): l is string => l !== undefined);
    sink.append(errorOutput({ name: f.errorClass ?? 'ERROR', message: f.summary, detail: lines.join('\n') }));
    if (f.connectionLost) this.sessionLost(sink, f.errorClass);
    return 'failed';
  }
}

/** Collects each result set of a cell and appends it as one output when it completes. */
class CellResultsPresenter implements ResultsPresenter {
  opened = 0;

  constructor(private readonly sink: CellSink, private readonly limits: ResultOutputLimits, private readonly keepBytes: number,
    private readonly retainer?: ResultRetainer) {}

  open(info: ResultSetInfo, columns: ResultColumn[] | undefined): ResultSink {
    this.opened++;
    const batches: Uint8Array[] = [];
    let kept = 0;
    const emit = (summary: ResultSummary | undefined, rowCount: number) => {
      this.sink.append({
        items: retainedResultItems({
          columns: (columns ?? []).map((c) => ({ name: c.name, sparkType: c.type, nullable: c.nullable })),
          batches, rowCount, limited: summary?.limited ?? false, elapsedMs: summary?.durationMs ?? Date.now() - info.startedAt,
        }, this.limits, this.retainer),
      });
    };
    return {
      addBatch: (data) => {
        // Past the cap only rows are counted: the output keeps far less anyway.
        if (kept + data.byteLength <= this.keepBytes) {
          batches.push(data);
          kept += data.byteLength;
        }
      },
      complete: (summary) => emit(summary, summary.rowCount),
      // A failed statement's partial rows are not shown as if they were its result; the error says what happened.
      fail: () => undefined,
    };
  }
}

/** A DataFrame (bound to one server session) as seen from this bundle: its plan and its session. */
function isDataFrameLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'relation' in v && 'session' in v;
}

/** A SparkSession (`spark = SparkSession.builder.getOrCreate()`): once stopped, the runner's own `spark` serves. */
function isSparkSessionLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'sessionId' in v && 'catalog' in v && 'conf' in v;
}
