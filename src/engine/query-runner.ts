// Running statements in order on one session: results stream to a presenter, each statement is an
// operation (visible, cancellable, recorded in history), and the run stops at the first failure with
// the document range the server pointed at.
import type { Logger } from '../connect/logger';
import { OffsetRange, parsePositionFromMessage, rangeFromParsePosition, rangeFromQueryContexts } from '../sql/error-position';
import type { SqlArguments } from '../sql/parameter-values';
import type { SqlStatement } from '../sql/split';
import type { ExecutionMetric } from '../plan/metrics';
import type { ResultFailure, ResultSetInfo, ResultSink, ResultsPresenter } from './result-sink';
import type { ExplainMode } from '../connect/explain-mode';
import type { EngineSession, ResultColumn, ResultContinuation, ResultRefinement } from './engine';
import { FailureDescription, describeFailure } from './error-report';
import type { OperationsModel } from './operations-model';
import { SparkConnectError } from '../connect/errors';
import { isSessionSettingCommand } from '../sql/session-command';

export interface PreparedStatement {
  statement: SqlStatement;
  args?: SqlArguments;
}

export interface RunRequest {
  profile: string;
  session: EngineSession;
  statements: PreparedStatement[];
  /** Shown on result views, e.g. the file name. */
  title: string;
  /** Server-side row limit for queries (0: none); default: the presenter's (RowLimitSource), else none. */
  rowLimit?: number;
  /** The document the statements come from (a URI), passed on to result views for error links. */
  source?: string;
  /** Filter and sort on the server (a re-run of a query the grid holds only part of). */
  refine?: ResultRefinement;
}

/** A presenter that chooses the row limit (the results grid reads it from its settings). */
export interface RowLimitSource {
  readonly rowLimit: number;
  /** Keep the rest of a limited result on the server so that "Fetch more" reads on (ResultContinuation). */
  readonly keepForMore?: boolean;
}

/** What a result view can do with its run, beyond ResultSetInfo (src/views/presenters.ts). */
export interface RunControls {
  /** The row limit this statement ran with (0: none). */
  rowLimit: number;
  /** Interrupts this statement on the server; the run stops as cancelled. */
  cancel(): void;
  /** Stops fetching (a memory budget): interrupts the statement, which ends as a success cut short ('limited'). */
  stop(): void;
  /**
   * Runs this statement again with another row limit (0: none), its result opened through `presenter`;
   * `refine` replaces the server-side filter and sort (undefined: keep this run's).
   */
  rerun(rowLimit: number, presenter: ResultsPresenter, refine?: ResultRefinement): Promise<RunOutcome>;
  /** The server-side filter and sort this statement ran with. */
  refine?: ResultRefinement;
}

/** The info a presenter receives from runStatements: ResultSetInfo plus the run's controls. */
export type ControlledResultSetInfo = ResultSetInfo & Partial<RunControls>;

function presenterRowLimit(presenter: ResultsPresenter): number {
  const limit = (presenter as Partial<RowLimitSource>).rowLimit;
  return typeof limit === 'number' && Number.isFinite(limit) && limit > 0 ? limit : 0;
}

export interface RunDeps {
  presenter: ResultsPresenter;
  /** Only start() is used: the PySpark runner passes one that marks its operations as 'pyspark'. */
  operations: Pick<OperationsModel, 'start'>;
  logger: Logger;
  now?: () => number;
}

export interface RunObserver {
  onStatement?(index: number, total: number, statement: SqlStatement): void;
  onProgress?(progress: { doneTasks: number; totalTasks: number; stages?: number; doneStages?: number; runningTasks?: number }): void;
}

export type RunOutcome =
  | { status: 'succeeded'; completed: number; totalRows: number }
  | { status: 'cancelled'; completed: number }
  | {
    status: 'failed';
    completed: number;
    statement: SqlStatement;
    error: unknown;
    failure: FailureDescription;
    /** Document range the server's error points at, when it points into the statement. */
    range?: OffsetRange;
  };

export async function runStatements(req: RunRequest, deps: RunDeps, signal: AbortSignal, observer: RunObserver = {}): Promise<RunOutcome> {
  const now = deps.now ?? Date.now;
  let completed = 0;
  let totalRows = 0;
  for (let i = 0; i < req.statements.length; i++) {
    if (signal.aborted) return { status: 'cancelled', completed };
    const { statement, args } = req.statements[i];
    observer.onStatement?.(i, req.statements.length, statement);
    const result = await runOne(req, deps, i, statement, args, signal, observer, now);
    if (result.status === 'cancelled') return { status: 'cancelled', completed };
    if (result.status === 'failed') {
      return { status: 'failed', completed, statement, error: result.error, failure: result.failure, range: errorRange(statement, result.error) };
    }
    completed++;
    totalRows += result.rows;
  }
  return { status: 'succeeded', completed, totalRows };
}

type OneResult =
  | { status: 'succeeded'; rows: number }
  | { status: 'cancelled' }
  | { status: 'failed'; error: unknown; failure: FailureDescription };

async function runOne(
  req: RunRequest, deps: RunDeps, index: number, statement: SqlStatement, args: SqlArguments | undefined,
  signal: AbortSignal, observer: RunObserver, now: () => number,
): Promise<OneResult> {
  const startedAt = now();
  const rowLimit = req.rowLimit ?? presenterRowLimit(deps.presenter);
  const keepForMore = (deps.presenter as Partial<RowLimitSource>).keepForMore === true;
  const execution = req.session.executeSql(statement.text, args, {
    signal, rowLimit, ...(req.refine ? { refine: req.refine } : {}), ...(keepForMore ? { keepForMore } : {}),
  });
  // Cancel from the result view or the operations list: the statement ends as cancelled, not as a short success.
  let userCancelled = false;
  let stopped = false;
  const cancel = () => {
    userCancelled = true;
    void execution.cancel().catch(() => undefined);
  };
  const handle = deps.operations.start({ kind: 'query', profile: req.profile, sql: statement.text, cancel });
  handle.setOperationId(execution.operationId);
  const onAbort = () => void execution.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });

  let columns: ResultColumn[] | undefined;
  let sink: ResultSink | undefined;
  // SET k = v, RESET, USE: Spark may answer with a row, but that is no result set; the log reports it.
  const silent = isSessionSettingCommand(statement.text);
  let rows = 0;
  let limited = false;
  let continuation: ResultContinuation | undefined;
  let metrics: ExecutionMetric[] | undefined;
  // Zero-row batches that arrive before we know whether this statement returns columns at all.
  const held: Array<{ data: Uint8Array; rowCount: number }> = [];
  const infoFor = (): ControlledResultSetInfo => ({
      title: req.title, profile: req.profile, sql: statement.text, statementIndex: index,
      statementCount: req.statements.length, operationId: execution.operationId, startedAt,
      ...(req.source !== undefined ? { source: req.source } : {}),
      explain: (mode, s) => req.session.explainSql(statement.text, args, mode, s),
      rowLimit, cancel, stop: () => { stopped = true; void execution.cancel().catch(() => undefined); },
      ...(req.refine ? { refine: req.refine } : {}),
      rerun: (limit, presenter, refine) => runStatements(
        { ...req, statements: [req.statements[index]], rowLimit: limit, ...(refine !== undefined ? { refine } : {}) },
        { ...deps, presenter }, new AbortController().signal),
  });
  const open = () => {
    sink = deps.presenter.open(infoFor(), columns);
    for (const b of held.splice(0)) sink.addBatch(b.data, b.rowCount);
  };
  try {
    for await (const event of execution) {
      if (event.kind === 'schema') {
        columns = event.columns;
        // Spark sends the schema before it computes rows: open now, so a long query shows its clock and Cancel.
        if (!sink && !silent && columns.length > 0) open();
      } else if (event.kind === 'arrow') {
        rows += event.rowCount;
        if (!sink && !silent && (event.rowCount > 0 || (columns?.length ?? 0) > 0)) open();
        if (sink) {
          sink.addBatch(event.data, event.rowCount);
          await sink.whenWritten?.();
        } else if (!silent) {
          held.push({ data: event.data, rowCount: event.rowCount });
        }
      } else if (event.kind === 'progress') {
        observer.onProgress?.(event);
      } else if (event.kind === 'limited') {
        limited = true;
        continuation = event.continuation;
      } else if (event.kind === 'metrics') {
        metrics = event.metrics;
      }
    }
    if (signal.aborted || userCancelled) throw abortedError(execution.operationId);
    if (!sink && !silent && (columns?.length ?? 0) > 0) open();
    const durationMs = now() - startedAt;
    // Nobody can read on a result that has no view.
    if (!sink) continuation?.release();
    sink?.complete({
      rowCount: rows, durationMs, ...(metrics ? { metrics } : {}), ...(limited ? { limited } : {}),
      ...(sink && continuation?.kept ? { continuation } : {}),
    });
    handle.finish({ status: 'succeeded', rows });
    // Statements without a result set (DDL, settings) have no tab: this line is their report.
    const what = sink ? `${rows} ${rows === 1 ? 'row' : 'rows'}` : `no result set (${oneLine(statement.text)})`;
    deps.logger.info(`[${req.profile}] statement ${index + 1}/${req.statements.length} succeeded: ${what} in ${durationMs} ms (operation ${execution.operationId})`);
    return { status: 'succeeded', rows };
  } catch (err) {
    continuation?.release();
    if (stopped && !signal.aborted && !userCancelled) {
      sink?.complete({ rowCount: rows, durationMs: now() - startedAt, limited: true });
      handle.finish({ status: 'succeeded', rows });
      return { status: 'succeeded', rows };
    }
    const failure = describeFailure(err);
    const cancelled = signal.aborted || userCancelled || failure.cancelled;
    const range = cancelled ? undefined : errorRange(statement, err);
    const reported: ResultFailure = cancelled ? { message: 'Cancelled.', cancelled, rowCount: rows } : {
      // The grid shows the class and SQLSTATE on their own line, so the message leaves them out.
      message: failure.errorClass !== undefined ? failure.summary : failure.message,
      cancelled, rowCount: rows, detail: failure.detail,
      ...(failure.reason !== undefined ? { reason: failure.reason } : {}),
      ...(failure.errorClass !== undefined ? { errorClass: failure.errorClass } : {}),
      ...(failure.sqlState !== undefined ? { sqlState: failure.sqlState } : {}),
      ...(range ? { range: { start: range.start, end: range.end } } : {}),
    };
    if (sink) sink.fail(reported);
    // Failed before any result (parse or analysis error): the failure still goes where its result would.
    else if (!cancelled) deps.presenter.failed?.(infoFor(), reported);
    handle.finish({ status: cancelled ? 'cancelled' : 'failed', rows, ...(cancelled ? {} : { error: failure.message }) });
    if (cancelled) {
      deps.logger.info(`[${req.profile}] statement ${index + 1} cancelled (operation ${execution.operationId})`);
      return { status: 'cancelled' };
    }
    deps.logger.error(`[${req.profile}] statement ${index + 1} failed (operation ${execution.operationId}):\n${failure.detail}`);
    return { status: 'failed', error: err, failure };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A statement on one line for the log, cut at 120 characters. */
function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length <= 120 ? flat : `${flat.slice(0, 119)}\u2026`;
}

function abortedError(operationId: string): SparkConnectError {
  return new SparkConnectError('The query was cancelled.', { reason: 'cancelled', errorClass: 'OPERATION_CANCELED', operationId });
}

/** Where in the document the error points: query context first, else a parse position. */
export function errorRange(statement: SqlStatement, err: unknown): OffsetRange | undefined {
  if (err instanceof SparkConnectError) {
    const fromContext = rangeFromQueryContexts(statement, err.queryContext);
    if (fromContext) return fromContext;
    const pos = parsePositionFromMessage(err.message);
    if (pos) return rangeFromParsePosition(statement, pos.line, pos.pos);
  }
  return undefined;
}

/** Explains one statement, tracked as an operation so it shows up (and can be cancelled). */
export async function explainStatement(
  profile: string, session: EngineSession, prepared: PreparedStatement, mode: ExplainMode,
  operations: Pick<OperationsModel, 'start'>, signal: AbortSignal,
): Promise<string> {
  const local = new AbortController();
  const onAbort = () => local.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const handle = operations.start({ kind: 'explain', profile, sql: prepared.statement.text, cancel: () => local.abort() });
  try {
    const text = await session.explainSql(prepared.statement.text, prepared.args, mode, local.signal);
    handle.finish({ status: 'succeeded' });
    return text;
  } catch (err) {
    const failure = describeFailure(err);
    handle.finish(local.signal.aborted || failure.cancelled ? { status: 'cancelled' } : { status: 'failed', error: failure.message });
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
