// The outputs of a cell as plain data: a list of outputs, each with alternative MIME renderings of one
// thing (a result, a line of text, an error). The VS Code controller turns them into
// NotebookCellOutputs; the headless runner writes them into the .ipynb the way VS Code saves them.

export interface OutputItemData {
  mime: string;
  data: Uint8Array;
}

export interface CellOutputData {
  items: OutputItemData[];
}

/** VS Code's MIME type for an error output (NotebookCellOutputItem.error); saved to .ipynb as an "error" output. */
export const ERROR_MIME = 'application/vnd.code.notebook.error';
export const STDOUT_MIME = 'application/vnd.code.notebook.stdout';
export const STDERR_MIME = 'application/vnd.code.notebook.stderr';

const encoder = new TextEncoder();

export function textOutput(text: string, mime = 'text/plain'): CellOutputData {
  return { items: [{ mime, data: encoder.encode(text) }] };
}

export function stdoutOutput(text: string): CellOutputData {
  return textOutput(text.endsWith('\n') ? text : `${text}\n`, STDOUT_MIME);
}

export interface CellError {
  /** The error class (e.g. UNRESOLVED_COLUMN.WITH_SUGGESTION), or a kind of our own. */
  name: string;
  message: string;
  /** Extra lines (SQLSTATE, position, server detail); shown under the message. */
  detail?: string;
}

export function errorOutput(e: CellError): CellOutputData {
  // Same JSON shape VS Code's NotebookCellOutputItem.error writes: {name, message, stack}. VS Code's
  // error renderer shows the stack when there is one (a JS stack starts with "Name: message"), and the
  // .ipynb keeps it as the traceback, so the stack carries the whole story.
  const stack = [`${e.name}: ${e.message}`, ...(e.detail ? [e.detail] : [])].join('\n');
  return { items: [{ mime: ERROR_MIME, data: encoder.encode(JSON.stringify({ name: e.name, message: e.message, stack })) }] };
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}
