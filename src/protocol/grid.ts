// The message protocol between the results panel (extension host, src/views/results) and the results grid
// webview (media/grid). Compiled into both builds: no DOM, no vscode, no Node APIs.
//
// Conversation:
//   1. The webview loads and posts {type:'ready'}. The host queues everything until then (webviews drop
//      messages posted before their script runs), and re-sends the current result after a reload.
//   2. Per query the host sends 'result/start', then any number of 'result/batch' (each the bytes of one
//      ExecutePlanResponse.arrow_batch: a complete Arrow IPC stream, as an exact-length ArrayBuffer: never a
//      view over a pooled Node Buffer, which would transfer the whole pool), interleaved with
//      'result/schema' (Spark's own type strings, optional) and 'result/progress'. It ends with a
//      'result/progress' whose done is true, or with 'result/error'.
//   3. The webview acknowledges every batch it has decoded ('batch/ack'); the host keeps at most
//      FLOW_CONTROL limits unacknowledged, so a fast server cannot flood the renderer.
//   4. If the host stopped early at a row limit it sends 'result/limited' before the final progress; the
//      webview offers "Fetch more" / "Fetch all" and sends request 'result/fetchMore'. The host answers the
//      request, then either continues the same result (more batches under the same resultId, then a new
//      final progress: the rest of the same execution was kept on the server, 'continues') or starts a new
//      one (new resultId: the webview replaces what it shows; a re-run, which the buttons say).
//   5. 'cancel' asks the host to interrupt the running query; the host answers with 'result/error'
//      reason 'cancelled' (rows already shown stay).
//   6. Copy is a request the host performs ('clipboard/write' carries the text). Export of the whole
//      result is 'export/save': the host asks for a file with a save dialog and writes CSV, JSON lines or
//      an Arrow IPC file from the batches it holds, streamed to disk (the webview may hold only a page).
//   7. Paging: the host keeps every batch; the webview gets at most the memory cap's worth (a page). When a
//      result outgrows one page the host sends 'result/pages'; the webview asks for another page with
//      request 'result/page' and the host re-sends that page as a fresh 'result/start' (same resultId)
//      followed by 'result/pages', its batches and the result's final state.
//   9. Memory budget: the host keeps at most sparkConnect.results.memoryBudgetMB of Arrow data for all open
//      results. A result that reaches it stops fetching (the query is interrupted) and the host sends
//      'result/budget' before the final progress; the webview says how much was loaded and why, and offers
//      "Fetch more" (request 'result/fetchMore' mode 'more': re-runs the query with more room, a new
//      resultId) and "Export the whole result" (request 'result/exportAll': the host re-runs the query and
//      streams every row to a file without keeping it, with its own progress and cancel).
//   8. 'view/state' tells the webview whether its tab is pinned and whether a plan can be shown; the
//      webview sends 'view/pin' when the user pins or unpins and request 'result/plan' for the plan.
// Requests carry a numeric id; the host answers each with exactly one 'response' with that id.
import { isInt, isNum, isRec, isStr } from './guards';
import { parseSnapshot, type ResultSnapshot } from './result-snapshot';

export const GRID_PROTOCOL_VERSION = 1;

/** Host-side pacing: batches (or bytes) the webview may have received but not yet acknowledged. */
export const FLOW_CONTROL = { maxUnackedBatches: 8, maxUnackedBytes: 64 * 1024 * 1024 } as const;

export interface SparkColumn {
  name: string;
  /** Spark's type string from the result schema, e.g. "decimal(38,18)", "interval hour to minute". */
  sparkType: string;
  nullable: boolean;
}

export type GridErrorReason = 'cancelled' | 'analysis' | 'runtime' | 'unavailable' | 'auth' | 'deadline' | 'internal';

export interface GridError {
  reason: GridErrorReason;
  message: string;
  errorClass?: string;
  sqlState?: string;
  /** Longer text for a "details" disclosure (server stack trace, query context); already redacted. */
  detail?: string;
  /** Where in its document the error points (1-based); the grid links it to request 'result/revealError'. */
  position?: { line: number; column: number };
}

export type CopyFormat = 'tsv' | 'csv' | 'json' | 'markdown';
export type ExportFormat = 'csv' | 'jsonl' | 'arrow';

// ---------------------------------------------------------------- host -> webview

export interface ResultStart {
  type: 'result/start';
  resultId: string;
  /** Short label for the header (statement kind, table name...). */
  title?: string;
  /** The statement text, shown on hover; never inserted as HTML. */
  statement?: string;
  /** Epoch ms when the query was sent, so the webview's clock keeps running between progress messages. */
  startedAt: number;
  /** Session time zone, for timestamps inside VARIANT values. */
  timeZone?: string;
  columns?: SparkColumn[];
  /**
   * Set when this run failed before it had a result of its own: the rows that follow are the tab's
   * previous result, kept for reference under that label (never as this run's).
   */
  previous?: { statement: string; startedAt: number };
  /** The server sorted and/or filtered this result (a re-run from the grid), in words. */
  refinement?: string;
  /** The connection profile's name (never a credential), kept with the tab's snapshot for Re-run. */
  profile?: string;
}

export interface ResultSchema {
  type: 'result/schema';
  resultId: string;
  columns: SparkColumn[];
}

export interface ResultBatch {
  type: 'result/batch';
  resultId: string;
  /** 0, 1, 2... in arrival order within the result. */
  seq: number;
  data: ArrayBuffer;
}

export interface ResultProgress {
  type: 'result/progress';
  resultId: string;
  /** Rows the host has received from the server so far. */
  rows: number;
  elapsedMs: number;
  done: boolean;
}

export interface ResultLimited {
  type: 'result/limited';
  resultId: string;
  /** The host stopped after this many rows; more exist (or may exist) on the server. */
  rowLimit: number;
  /** False when the host cannot resume (then only "Fetch all" by re-running is offered). */
  canFetchMore: boolean;
  /**
   * True while the rest of this same execution is kept on the server: "Fetch more" reads on (the rows
   * shown stay as they are) instead of re-running the query. The host sends 'result/limited' again when
   * that ends (expired, the session closed, the server lost it), with `note` saying why.
   */
  continues?: boolean;
  /** Why "Fetch more" has to re-run the query now, in words. */
  note?: string;
}

export interface ResultBudget {
  type: 'result/budget';
  resultId: string;
  /** What was kept when fetching stopped. */
  rows: number;
  bytes: number;
  /** The budget this result could fill (the shared budget plus any room a "Fetch more" gave it). */
  budgetBytes: number;
  /** False when the host cannot re-run the statement (then neither button is offered). */
  canRerun: boolean;
}

export interface ResultPages {
  type: 'result/pages';
  resultId: string;
  /** The page the webview holds now (0-based), of pageCount. */
  page: number;
  pageCount: number;
  /** Row number (0-based, in the whole result) of the page's first row. */
  firstRow: number;
  /** Rows in the whole result so far. */
  totalRows: number;
}

export interface ViewState {
  type: 'view/state';
  pinned: boolean;
  canShowPlan: boolean;
}

export interface ResultErrorMessage {
  type: 'result/error';
  resultId: string;
  error: GridError;
  elapsedMs?: number;
}

/**
 * A tab VS Code restored after a window reload: show the saved snapshot (result-snapshot.ts) as a
 * not-live result with a Re-run button (request 'result/rerun'). Under its own resultId.
 */
export interface ResultSnapshotShow {
  type: 'result/snapshot';
  resultId: string;
  snapshot: ResultSnapshot;
}

export type GridResponse =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

export type HostToGrid =
  | ResultStart | ResultSchema | ResultBatch | ResultProgress | ResultLimited | ResultBudget | ResultPages | ResultErrorMessage
  | ViewState | GridResponse | ResultSnapshotShow;

// ---------------------------------------------------------------- webview -> host

/** Every request method with its parameters and its result. */
export interface GridRequests {
  'result/fetchMore': { params: { resultId: string; mode: 'more' | 'all' }; result: { accepted: boolean } };
  'clipboard/write': { params: { text: string; format: CopyFormat; rows: number; columns: number }; result: null };
  /** path null: the user dismissed the save dialog. */
  'export/save': { params: { resultId: string; format: ExportFormat; suggestedName: string }; result: { path: string | null; rows: number } };
  'result/page': { params: { resultId: string; page: number }; result: { accepted: boolean } };
  /** Re-runs the statement and streams the whole result to a file; path null: the save dialog was dismissed. */
  'result/exportAll': { params: { resultId: string; format: ExportFormat; suggestedName: string }; result: { path: string | null; rows: number } };
  'result/plan': { params: { resultId: string }; result: null };
  /**
   * Re-runs the query sorted and/or filtered on the server (for a result the grid holds only part of);
   * columns by position. The new result arrives under a new resultId.
   */
  'result/refine': {
    params: { resultId: string; sort?: { column: number; descending: boolean }; filter?: { text: string; columns: number[] } };
    result: { accepted: boolean };
  };
  /** Shows the failed statement's error position in its editor; false when the document is gone. */
  'result/revealError': { params: { resultId: string }; result: { revealed: boolean } };
  /** Runs a restored snapshot's statement again on its profile (connecting first if needed); live rows replace it. */
  'result/rerun': { params: { resultId: string }; result: { accepted: boolean } };
}

export type GridMethod = keyof GridRequests;

export type GridRequest = {
  [M in GridMethod]: { type: 'request'; id: number; method: M; params: GridRequests[M]['params'] };
}[GridMethod];

export interface GridReady {
  type: 'ready';
  protocolVersion: number;
}

export interface BatchAck {
  type: 'batch/ack';
  resultId: string;
  seq: number;
}

export interface CancelQuery {
  type: 'cancel';
  resultId: string;
}

/** Diagnostics for the host's log (rendering failures, decode errors); never user data. */
export interface GridLog {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface PinView {
  type: 'view/pin';
  pinned: boolean;
}

export type GridToHost = GridReady | BatchAck | CancelQuery | PinView | GridRequest | GridLog;

/** Request timeouts on the webview side; an export waits on a save dialog and a large write, so it gets long. */
export const REQUEST_TIMEOUT_MS: Record<GridMethod, number> = {
  'result/fetchMore': 30_000,
  'clipboard/write': 30_000,
  'export/save': 60 * 60_000,
  'result/page': 60_000,
  'result/exportAll': 24 * 60 * 60_000,
  'result/plan': 5 * 60_000,
  'result/revealError': 30_000,
  'result/refine': 30_000,
  'result/rerun': 30_000,
};

// ---------------------------------------------------------------- validation
// Both sides check what arrives: postMessage carries structured-cloned data with no type guarantees.


const optStr = (x: unknown) => x === undefined || isStr(x);

function isArrayBuffer(x: unknown): x is ArrayBuffer {
  return x instanceof ArrayBuffer || Object.prototype.toString.call(x) === '[object ArrayBuffer]';
}

function isColumns(x: unknown): x is SparkColumn[] {
  return Array.isArray(x) && x.every((c) => isRec(c) && isStr(c.name) && isStr(c.sparkType) && typeof c.nullable === 'boolean');
}

const ERROR_REASONS: readonly string[] = ['cancelled', 'analysis', 'runtime', 'unavailable', 'auth', 'deadline', 'internal'];

function isPosition(x: unknown): boolean {
  return x === undefined || (isRec(x) && isInt(x.line) && isInt(x.column) && x.line >= 1 && x.column >= 1);
}

function isGridError(x: unknown): x is GridError {
  return isRec(x) && isStr(x.reason) && ERROR_REASONS.includes(x.reason) && isStr(x.message)
    && optStr(x.errorClass) && optStr(x.sqlState) && optStr(x.detail) && isPosition(x.position);
}

function isPrevious(x: unknown): boolean {
  return x === undefined || (isRec(x) && isStr(x.statement) && isNum(x.startedAt));
}

/** The host message, or undefined when `raw` is not one. */
export function parseHostMessage(raw: unknown): HostToGrid | undefined {
  if (!isRec(raw) || !isStr(raw.type)) return undefined;
  const m = raw;
  switch (m.type) {
    case 'result/start':
      return isStr(m.resultId) && isNum(m.startedAt) && optStr(m.title) && optStr(m.statement) && optStr(m.timeZone)
        && (m.columns === undefined || isColumns(m.columns)) && isPrevious(m.previous) && optStr(m.refinement) && optStr(m.profile)
        ? (m as unknown as ResultStart) : undefined;
    case 'result/schema':
      return isStr(m.resultId) && isColumns(m.columns) ? (m as unknown as ResultSchema) : undefined;
    case 'result/batch':
      return isStr(m.resultId) && isInt(m.seq) && isArrayBuffer(m.data) ? (m as unknown as ResultBatch) : undefined;
    case 'result/progress':
      return isStr(m.resultId) && isInt(m.rows) && isNum(m.elapsedMs) && typeof m.done === 'boolean'
        ? (m as unknown as ResultProgress) : undefined;
    case 'result/limited':
      return isStr(m.resultId) && isInt(m.rowLimit) && typeof m.canFetchMore === 'boolean'
        && (m.continues === undefined || typeof m.continues === 'boolean') && optStr(m.note)
        ? (m as unknown as ResultLimited) : undefined;
    case 'result/budget':
      return isStr(m.resultId) && isInt(m.rows) && isInt(m.bytes) && isInt(m.budgetBytes) && typeof m.canRerun === 'boolean'
        ? (m as unknown as ResultBudget) : undefined;
    case 'result/pages':
      return isStr(m.resultId) && isInt(m.page) && isInt(m.pageCount) && m.page < m.pageCount && isInt(m.firstRow)
        && isInt(m.totalRows) ? (m as unknown as ResultPages) : undefined;
    case 'view/state':
      return typeof m.pinned === 'boolean' && typeof m.canShowPlan === 'boolean' ? (m as unknown as ViewState) : undefined;
    case 'result/error':
      return isStr(m.resultId) && isGridError(m.error) && (m.elapsedMs === undefined || isNum(m.elapsedMs))
        ? (m as unknown as ResultErrorMessage) : undefined;
    case 'result/snapshot': {
      const snapshot = parseSnapshot(m.snapshot);
      return isStr(m.resultId) && snapshot ? { type: 'result/snapshot', resultId: m.resultId, snapshot } : undefined;
    }
    case 'response':
      if (!isInt(m.id) || typeof m.ok !== 'boolean') return undefined;
      return m.ok || isStr(m.error) ? (m as unknown as GridResponse) : undefined;
    default:
      return undefined;
  }
}

function isParams(method: string, p: unknown): boolean {
  if (!isRec(p)) return false;
  switch (method) {
    case 'result/fetchMore': return isStr(p.resultId) && (p.mode === 'more' || p.mode === 'all');
    case 'clipboard/write':
      return isStr(p.text) && ['tsv', 'csv', 'json', 'markdown'].includes(p.format as string) && isInt(p.rows) && isInt(p.columns);
    case 'export/save':
      return isStr(p.resultId) && ['csv', 'jsonl', 'arrow'].includes(p.format as string) && isStr(p.suggestedName);
    case 'result/page': return isStr(p.resultId) && isInt(p.page);
    case 'result/exportAll':
      return isStr(p.resultId) && ['csv', 'jsonl', 'arrow'].includes(p.format as string) && isStr(p.suggestedName);
    case 'result/plan': return isStr(p.resultId);
    case 'result/revealError': return isStr(p.resultId);
    case 'result/rerun': return isStr(p.resultId);
    case 'result/refine':
      return isStr(p.resultId)
        && (p.sort === undefined || (isRec(p.sort) && isInt(p.sort.column) && typeof p.sort.descending === 'boolean'))
        && (p.filter === undefined || (isRec(p.filter) && isStr(p.filter.text) && Array.isArray(p.filter.columns) && p.filter.columns.every(isInt)))
        && (p.sort !== undefined || p.filter !== undefined);
    default: return false;
  }
}

/** The webview message, or undefined when `raw` is not one (the host should log and drop it). */
export function parseGridMessage(raw: unknown): GridToHost | undefined {
  if (!isRec(raw) || !isStr(raw.type)) return undefined;
  const m = raw;
  switch (m.type) {
    case 'ready': return isInt(m.protocolVersion) ? (m as unknown as GridReady) : undefined;
    case 'batch/ack': return isStr(m.resultId) && isInt(m.seq) ? (m as unknown as BatchAck) : undefined;
    case 'cancel': return isStr(m.resultId) ? (m as unknown as CancelQuery) : undefined;
    case 'view/pin': return typeof m.pinned === 'boolean' ? (m as unknown as PinView) : undefined;
    case 'log':
      return (m.level === 'info' || m.level === 'warn' || m.level === 'error') && isStr(m.message)
        ? (m as unknown as GridLog) : undefined;
    case 'request':
      return isInt(m.id) && isStr(m.method) && isParams(m.method, m.params) ? (m as unknown as GridRequest) : undefined;
    default: return undefined;
  }
}

/**
 * Copies the bytes of one arrow_batch into an exact-length ArrayBuffer for postMessage. Protobuf decoders
 * hand out views over a larger buffer; posting the view's .buffer would ship the whole buffer.
 */
export function exactArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}
