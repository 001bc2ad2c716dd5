// Turns one DataFrame result (the Arrow IPC streams the server sent) into what a notebook cell output
// keeps: the JSON payload our renderer reads (schema, counts, the first rows as base64 Arrow), an
// escaped HTML table of the first rows and a one-line text summary, all within a byte cap. Pure: the
// kernel wraps the items into VS Code's NotebookCellOutputItems.
import { RecordBatchReader, Table, tableToIPC, type RecordBatch } from 'apache-arrow';
import { createCellFormatter } from '../arrow-format/formatter';
import { sparkTypeName } from '../arrow-format/spark-type';
import type { SparkColumn } from '../protocol/grid';
import type { OutputItemData } from './cell-outputs';
import { NOTEBOOK_OUTPUT_VERSION, RESULT_MIME, type NotebookResultPayload } from '../protocol/notebook-output';


export interface ResultOutputLimits {
  /** The most bytes the three forms together may add to the notebook file. */
  maxBytes: number;
  /** Rows in the HTML table (and at least the rows in the Arrow part when they fit). */
  previewRows: number;
}

export const DEFAULT_OUTPUT_LIMITS: ResultOutputLimits = { maxBytes: 256 * 1024, previewRows: 100 };

export interface CollectedResult {
  columns: SparkColumn[];
  /** Arrow IPC streams as received, in order. */
  batches: readonly Uint8Array[];
  /** Rows the kernel received (the batches may hold fewer when the kernel stopped keeping them). */
  rowCount: number;
  limited: boolean;
  elapsedMs: number;
  timeZone?: string;
  /** Written into the payload: the key under which this host keeps the rows (see notebook-paging.ts). */
  resultKey?: string;
}

const encoder = new TextEncoder();

export function decodeBatches(streams: readonly Uint8Array[]): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (const s of streams) for (const b of RecordBatchReader.from(s)) out.push(b);
  return out;
}

export function resultOutputItems(result: CollectedResult, limits: ResultOutputLimits = DEFAULT_OUTPUT_LIMITS): OutputItemData[] {
  return buildResultOutput(result, limits).items;
}

/** The output items, with how many rows the output kept of the rows the batches hold. */
export function buildResultOutput(result: CollectedResult, limits: ResultOutputLimits = DEFAULT_OUTPUT_LIMITS): { items: OutputItemData[]; keptRows: number; heldRows: number } {
  const batches = decodeBatches(result.batches);
  const table = batches.length > 0 ? new Table(batches) : undefined;
  // The schema message can be missing (the result opened on its first batch): the Arrow fields say it too.
  if (result.columns.length === 0 && table) {
    result = { ...result, columns: table.schema.fields.map((f) => ({ name: f.name, sparkType: sparkTypeName(f), nullable: f.nullable })) };
  }
  const held = table?.numRows ?? 0;
  // The HTML table may use at most a third of the cap; the Arrow part gets what is left.
  let previewRows = Math.min(limits.previewRows, held);
  let html = htmlTable(table, result, previewRows);
  while (html.length > limits.maxBytes / 3 && previewRows > 0) {
    previewRows = Math.floor(previewRows / 2);
    html = htmlTable(table, result, previewRows);
  }
  const summaryFor = (kept: number) => summaryLine(result.rowCount, result.columns.length, kept, result.limited);
  const payloadFor = (kept: number, arrow: string | undefined): NotebookResultPayload => ({
    version: NOTEBOOK_OUTPUT_VERSION, columns: result.columns, rowCount: Math.max(result.rowCount, held), keptRows: kept,
    truncated: Math.max(result.rowCount, held) > kept, limited: result.limited, elapsedMs: result.elapsedMs,
    ...(arrow !== undefined ? { arrow } : {}),
    ...(result.timeZone !== undefined ? { timeZone: result.timeZone } : {}),
    ...(result.resultKey !== undefined ? { resultKey: result.resultKey } : {}),
  });
  const room = limits.maxBytes - html.length - summaryFor(held).length;
  let kept = held;
  let arrow: string | undefined;
  if (table) {
    const total = ipcBase64(table, held);
    if (total.length + JSON.stringify(payloadFor(held, '')).length <= room) {
      arrow = total;
    } else {
      // Guess the rows that fit from the average row size, then shrink until the encoding fits.
      kept = Math.max(0, Math.floor((held * room) / Math.max(1, total.length) * 0.95));
      for (;;) {
        const candidate = ipcBase64(table, kept);
        if (candidate.length + JSON.stringify(payloadFor(kept, '')).length <= room) {
          arrow = candidate;
          break;
        }
        if (kept === 0) break;
        kept = Math.floor(kept * 0.8);
      }
    }
  }
  if (arrow === undefined) kept = 0;
  const payload = payloadFor(kept, arrow);
  const items = [
    { mime: RESULT_MIME, data: encoder.encode(JSON.stringify(payload)) },
    { mime: 'text/html', data: encoder.encode(html) },
    { mime: 'text/plain', data: encoder.encode(summaryFor(kept)) },
  ];
  return { items, keptRows: kept, heldRows: held };
}

function ipcBase64(table: Table, rows: number): string {
  const bytes = tableToIPC(rows >= table.numRows ? table : table.slice(0, rows), 'stream');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(rows: number, columns: number, kept: number, limited: boolean): string {
  const more = limited ? ' (row limit reached: more rows exist on the server)' : '';
  const keptNote = kept < rows ? `; the notebook keeps the first ${plural(kept, 'row')}` : '';
  return `${plural(rows, 'row')} × ${plural(columns, 'column')}${more}${keptNote}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** The first `rows` rows as an HTML table; every name, type and value is escaped text. */
function htmlTable(table: Table | undefined, result: CollectedResult, rows: number): string {
  const head = result.columns.map((c) => `<th>${escapeHtml(c.name)}<br><small>${escapeHtml(c.sparkType)}</small></th>`).join('');
  const body: string[] = [];
  if (table && rows > 0) {
    const fields = table.schema.fields;
    const formatters = fields.map((f, i) => createCellFormatter(f, {
      ...(result.columns[i] ? { sparkType: result.columns[i].sparkType } : {}),
      ...(result.timeZone ? { timeZone: result.timeZone } : {}),
    }));
    let left = rows;
    for (const batch of table.batches) {
      const n = Math.min(left, batch.numRows);
      for (let r = 0; r < n; r++) {
        const cells = formatters.map((f, c) => {
          const d = batch.data.children[c];
          return f.isNull(d, r) ? '<td class="null">NULL</td>' : `<td>${escapeHtml(f.text(d, r))}</td>`;
        });
        body.push(`<tr>${cells.join('')}</tr>`);
      }
      left -= n;
      if (left === 0) break;
    }
  }
  const total = Math.max(result.rowCount, table?.numRows ?? 0);
  const note = total > rows || result.limited
    ? `<p>${escapeHtml(`Showing the first ${plural(rows, 'row')} of ${plural(total, 'row')}${result.limited ? ' (more exist on the server)' : ''}.`)}</p>` : '';
  return `<table class="spark-connect-result"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>${note}`;
}
