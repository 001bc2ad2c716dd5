// What a notebook cell's DataFrame result holds, shared by the kernel (src/notebook, extension host) and
// the notebook renderer (media/notebook). One NotebookCellOutput carries three forms of one result:
//   - RESULT_MIME: this JSON document: schema, counts, and the first rows as Arrow IPC in base64 (raw
//     bytes in a custom MIME type do not survive VS Code's .ipynb serializer: it UTF-8-decodes them; a
//     base64 string inside a "+json" type does), for our grid renderer;
//   - text/html: the first rows as an escaped table, for viewers without our renderer (GitHub, Jupyter)
//     and for our renderer when the Arrow part is missing or does not decode;
//   - text/plain: a one-line summary.
// The whole output is capped (sparkConnect.notebook.maxOutputKB), so a result never bloats the file.
import { isInt, isNum, isRec, isStr } from './guards';
import type { SparkColumn } from './grid';
import { isResultKey } from './notebook-paging';

export const RESULT_MIME = 'application/vnd.spark-connect.result+json';
export const NOTEBOOK_RENDERER_ID = 'spark-connect.result-grid';
export const NOTEBOOK_OUTPUT_VERSION = 1;

export interface NotebookResultPayload {
  version: number;
  columns: SparkColumn[];
  /** Rows the query returned to the kernel (at least `keptRows`). */
  rowCount: number;
  /** Rows in `arrow` (the first rows of the result). */
  keptRows: number;
  /** The kernel received more rows than the output keeps. */
  truncated: boolean;
  /** The server-side row limit stopped the query: more rows may exist on the server. */
  limited: boolean;
  elapsedMs: number;
  /** Arrow IPC stream (schema + batches) of the first `keptRows` rows, base64; absent when none fit. */
  arrow?: string;
  /** Session time zone, for timestamps inside VARIANT values. */
  timeZone?: string;
  /**
   * Names this result in the extension host that produced it, which keeps the rows the output did not
   * (see notebook-paging.ts); unknown to any other host (after a reload, in another window).
   */
  resultKey?: string;
}

function isColumn(x: unknown): x is SparkColumn {
  return isRec(x) && isStr(x.name) && isStr(x.sparkType) && typeof x.nullable === 'boolean';
}

/** The payload, or undefined when `raw` is not one (a corrupt or foreign output). */
export function parseNotebookResult(raw: unknown): NotebookResultPayload | undefined {
  if (!isRec(raw)) return undefined;
  const r = raw;
  const ok = isInt(r.version) && Array.isArray(r.columns) && r.columns.every(isColumn) && isInt(r.rowCount)
    && isInt(r.keptRows) && r.keptRows <= r.rowCount && typeof r.truncated === 'boolean' && typeof r.limited === 'boolean'
    && isNum(r.elapsedMs) && (r.arrow === undefined || isStr(r.arrow))
    && (r.timeZone === undefined || isStr(r.timeZone)) && (r.resultKey === undefined || isResultKey(r.resultKey));
  return ok ? (r as unknown as NotebookResultPayload) : undefined;
}
