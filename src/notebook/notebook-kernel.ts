// Runs one notebook cell on a Spark session and reports its outputs as plain data. No VS Code here: the
// editor's controller (src/views/notebook) and the headless `spark-connect notebook run` both use it,
// so a notebook runs the same way in both. SQL cells go through the engine's statement runner (the
// same path as SQL files: operations, history, error positions); skipped lines get one note each.
import type { Logger } from '../connect/logger';
import type { EngineSession, ResultColumn } from '../engine/engine';
import { runStatements } from '../engine/query-runner';
import type { OperationsModel } from '../engine/operations-model';
import type { ResultSetInfo, ResultSink, ResultsPresenter, ResultSummary } from '../engine/result-sink';
import { splitStatements } from '../sql/split';
import { classifyCell, type CellSource } from './cell-source';
import { errorOutput, lineColumn, stdoutOutput, type CellOutputData } from './cell-outputs';
import { DEFAULT_OUTPUT_LIMITS, resultOutputItems, type ResultOutputLimits } from './result-output';
import type { CellOutcome } from './run-queue';
import { plural } from './result-output';

/** Where a running cell's outputs go, as they come. */
export interface CellSink {
  append(output: CellOutputData): void;
  /** Spark's progress while the cell runs (undefined: clear it). */
  progress(text: string | undefined): void;
}

export interface KernelDeps {
  /** The session cells run on (connects when needed); throws when there is none. */
  session(): Promise<{ profile: string; session: EngineSession }>;
  operations: OperationsModel;
  logger: Logger;
  limits?: ResultOutputLimits;
  /** Bytes of Arrow data a cell result keeps in memory before it only counts rows (default 8 MiB). */
  keepBytes?: number;
  now?: () => number;
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
        sink.append(errorOutput({ name: 'NOT_SUPPORTED', message: 'PySpark cells need the PySpark runner, which this build does not include yet; use SQL cells (%%sql).' }));
        return 'failed';
    }
  }

  private async runSql(source: Extract<CellSource, { kind: 'sql' }>, req: CellRequest, sink: CellSink, signal: AbortSignal): Promise<CellOutcome> {
    const statements = splitStatements(source.text, source.offset);
    if (statements.length === 0) return 'succeeded';
    const { profile, session } = await this.deps.session();
    const presenter = new CellResultsPresenter(sink, this.deps.limits ?? DEFAULT_OUTPUT_LIMITS, this.deps.keepBytes ?? 8 * 1024 * 1024);
    const outcome = await runStatements(
      { profile, session, statements: statements.map((statement) => ({ statement })), title: req.title },
      { presenter, operations: this.deps.operations, logger: this.deps.logger, ...(this.deps.now ? { now: this.deps.now } : {}) },
      signal,
      { onProgress: (p) => sink.progress(p.totalTasks > 0 ? `${p.doneTasks} of ${plural(p.totalTasks, 'task')} done` : undefined) },
    );
    sink.progress(undefined);
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
    return 'failed';
  }
}

/** Collects each result set of a cell and appends it as one output when it completes. */
class CellResultsPresenter implements ResultsPresenter {
  opened = 0;

  constructor(private readonly sink: CellSink, private readonly limits: ResultOutputLimits, private readonly keepBytes: number) {}

  open(info: ResultSetInfo, columns: ResultColumn[] | undefined): ResultSink {
    this.opened++;
    const batches: Uint8Array[] = [];
    let kept = 0;
    const emit = (summary: ResultSummary | undefined, rowCount: number) => {
      this.sink.append({
        items: resultOutputItems({
          columns: (columns ?? []).map((c) => ({ name: c.name, sparkType: c.type, nullable: c.nullable })),
          batches, rowCount, limited: summary?.limited ?? false, elapsedMs: summary?.durationMs ?? Date.now() - info.startedAt,
        }, this.limits),
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
