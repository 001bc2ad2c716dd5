// Reading and writing .ipynb files (nbformat 4) for the headless runner, in the encoding VS Code's own
// serializer uses when it saves a notebook, so a notebook run in CI opens in the editor exactly as if
// it had run there: MIME types containing "json" as JSON values, text/* as lists of lines, error
// outputs as nbformat "error" outputs, stdout/stderr as "stream" outputs.
import { ERROR_MIME, STDERR_MIME, STDOUT_MIME, type CellOutputData } from './cell-outputs';

export interface NotebookCellSource {
  /** Index in the notebook's cell list. */
  index: number;
  kind: 'code' | 'markdown' | 'raw';
  source: string;
  /** The cell's language: metadata.vscode.languageId, else the notebook's language. */
  language: string;
}

type Json = Record<string, unknown>;

export interface IpynbDocument {
  json: Json;
  cells: NotebookCellSource[];
}

export class IpynbFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpynbFormatError';
  }
}

const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

function joinSource(s: unknown): string {
  if (typeof s === 'string') return s;
  if (Array.isArray(s) && s.every((l) => typeof l === 'string')) return s.join('');
  return '';
}

/** Splits text into nbformat's list of lines, each keeping its "\n" (as Jupyter and VS Code write them). */
export function toLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

export function parseIpynb(text: string): IpynbDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new IpynbFormatError(`not a notebook: ${(err as Error).message}`);
  }
  if (!isObj(json) || !Array.isArray(json.cells)) throw new IpynbFormatError('not a notebook: no "cells" list');
  if (typeof json.nbformat === 'number' && json.nbformat < 4) throw new IpynbFormatError(`nbformat ${json.nbformat} is not supported (4 or later)`);
  const meta = isObj(json.metadata) ? json.metadata : {};
  const info = isObj(meta.language_info) ? meta.language_info : {};
  const kernel = isObj(meta.kernelspec) ? meta.kernelspec : {};
  const notebookLanguage = String(info.name ?? kernel.language ?? 'python').toLowerCase();
  const cells = json.cells.map((c, index): NotebookCellSource => {
    const cell = isObj(c) ? c : {};
    const kind = cell.cell_type === 'markdown' ? 'markdown' : cell.cell_type === 'raw' ? 'raw' : 'code';
    const m = isObj(cell.metadata) ? cell.metadata : {};
    const vs = isObj(m.vscode) ? m.vscode : {};
    const language = typeof vs.languageId === 'string' ? vs.languageId : notebookLanguage;
    return { index, kind, source: joinSource(cell.source), language };
  });
  return { json, cells };
}

const decoder = new TextDecoder();

/** One output in nbformat, the way VS Code's serializer writes it. */
export function toNbformatOutput(output: CellOutputData): Json {
  const error = output.items.find((i) => i.mime === ERROR_MIME);
  if (error) {
    const e = JSON.parse(decoder.decode(error.data)) as { name?: string; message?: string; stack?: string };
    return { output_type: 'error', ename: e.name ?? 'Error', evalue: e.message ?? '', traceback: (e.stack ?? '').split('\n') };
  }
  if (output.items.length > 0 && output.items.every((i) => i.mime === STDOUT_MIME || i.mime === STDERR_MIME)) {
    return {
      output_type: 'stream', name: output.items[0].mime === STDERR_MIME ? 'stderr' : 'stdout',
      text: toLines(output.items.map((i) => decoder.decode(i.data)).join('')),
    };
  }
  const data: Json = {};
  for (const item of output.items) {
    const text = decoder.decode(item.data);
    if (item.mime.includes('json')) data[item.mime] = JSON.parse(text);
    else if (item.mime.startsWith('text/')) data[item.mime] = toLines(text);
    else data[item.mime] = text;
  }
  return { output_type: 'display_data', data, metadata: {} };
}

/** Records a cell's run in the document: its outputs and execution count (null clears a stale one). */
export function setCellOutputs(doc: IpynbDocument, index: number, outputs: readonly CellOutputData[], executionCount: number | null): void {
  const cell = (doc.json.cells as unknown[])[index];
  if (!isObj(cell) || cell.cell_type !== 'code') return;
  cell.outputs = outputs.map(toNbformatOutput);
  cell.execution_count = executionCount;
}

/** The file text, indented with one space as VS Code writes .ipynb files. */
export function serializeIpynb(doc: IpynbDocument): string {
  return `${JSON.stringify(doc.json, null, 1)}\n`;
}
