// Paging a notebook result's rows from the extension host into the notebook renderer, over VS Code's
// renderer messaging (notebooks.createRendererMessaging on the host, context.postMessage /
// onDidReceiveMessage in the renderer). Compiled into both builds: no DOM, no vscode, no Node APIs.
//
// Conversation:
//   1. An output the kernel could not keep whole carries `resultKey` in its JSON payload
//      (NotebookResultPayload); the host keeps that result's rows under the key (within a memory budget).
//   2. When the user scrolls past the rows the output kept, the renderer posts 'rows/request' for the
//      next range. Messaging reaches every renderer of the notebook editor, so replies carry the
//      request's id and each renderer ignores ids it did not send.
//   3. The host answers with one 'rows/reply': ok with the rows as an Arrow IPC stream in base64 (the
//      host's RPC to the renderer is JSON, where raw bytes do not travel) and how many rows it holds in
//      all; or not ok: 'gone' when it does not have the result (a reloaded window, a restarted kernel,
//      the cell run again, another window, the budget evicted it), 'failed' when reading failed.
//   4. Delivery is not guaranteed (VS Code drops messages for a closed editor): the renderer gives up
//      on a request after ROWS_REQUEST_TIMEOUT_MS and says so.
import { isInt, isRec, isStr } from './guards';

/** Rows the renderer asks for at once; the host may answer with fewer (a byte cap, the rows it holds). */
export const ROWS_PAGE = 2000;
/** The most base64 text one reply carries; a page of wide rows is cut to fit. */
export const MAX_REPLY_CHARS = 4 * 1024 * 1024;
export const ROWS_REQUEST_TIMEOUT_MS = 15_000;

export interface RowsRequest {
  type: 'rows/request';
  /** Unique per renderer instance and request (a random prefix and a counter). */
  requestId: string;
  resultKey: string;
  /** First row wanted (0-based, in the whole result). */
  start: number;
  count: number;
}

export type RowsGoneReason = 'gone' | 'failed';

export type RowsReply =
  | {
    type: 'rows/reply'; requestId: string; ok: true;
    start: number;
    /** Rows in `arrow` (0 when `start` is at or past heldRows). */
    rows: number;
    /** Arrow IPC stream (schema + batches) of the rows, base64. */
    arrow: string;
    /** Rows the host holds of this result (the first ones); the renderer cannot page past them. */
    heldRows: number;
  }
  | { type: 'rows/reply'; requestId: string; ok: false; reason: RowsGoneReason; message: string };

const RESULT_KEY = /^[\w-]{1,100}$/;

/** The request, or undefined when `raw` is not one (messages from a renderer are untrusted input). */
export function parseRowsRequest(raw: unknown): RowsRequest | undefined {
  if (!isRec(raw) || raw.type !== 'rows/request') return undefined;
  const ok = isStr(raw.requestId) && raw.requestId.length <= 200 && isStr(raw.resultKey) && RESULT_KEY.test(raw.resultKey)
    && isInt(raw.start) && isInt(raw.count) && raw.count <= 100_000;
  return ok ? (raw as unknown as RowsRequest) : undefined;
}

export function parseRowsReply(raw: unknown): RowsReply | undefined {
  if (!isRec(raw) || raw.type !== 'rows/reply' || !isStr(raw.requestId)) return undefined;
  if (raw.ok === true) {
    const ok = isInt(raw.start) && isInt(raw.rows) && isStr(raw.arrow) && isInt(raw.heldRows);
    return ok ? (raw as unknown as RowsReply) : undefined;
  }
  if (raw.ok === false) {
    const ok = (raw.reason === 'gone' || raw.reason === 'failed') && isStr(raw.message);
    return ok ? (raw as unknown as RowsReply) : undefined;
  }
  return undefined;
}

/** A result key as the payload and requests carry it (word characters and dashes). */
export function isResultKey(x: unknown): x is string {
  return isStr(x) && RESULT_KEY.test(x);
}
