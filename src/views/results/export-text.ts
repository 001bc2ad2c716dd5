// CSV and JSON-lines text of a result, a batch at a time and a column at a time: each column of a slice of
// rows is formatted in one loop (src/arrow-format/column-text.ts) straight into its places in one array of
// pieces (cell, separator, cell, ..., line end), which join('') turns into one flat string. No per-row
// objects, no string ropes; the cell text is the grid's and the CLI's (src/arrow-format).
// CSV is RFC 4180 as the CLI writes it: CRLF line ends, a field quoted when it holds a comma, a double
// quote, CR or LF, quotes doubled, NULL an empty field and the empty string "".
// The formula guard (on by default) defends spreadsheets against CSV injection as OWASP describes it: a
// string cell (or column name) that starts with = + - @ TAB or CR is written as '<text>, quoted, so a
// spreadsheet shows it as text instead of running it. Numbers, dates and other non-string cells are
// never changed (a negative number stays a number).
import type { Field, RecordBatch, Schema } from 'apache-arrow';
import { batchFields, uniqueColumnKeys } from '../../arrow-format/chunks';
import { createColumnText, type ColumnText } from '../../arrow-format/column-text';

export type TextFormat = 'csv' | 'jsonl';

export interface TextExportOptions {
  /** Spark's type strings by column position, when known (restores interval fields, char/varchar). */
  sparkTypes?: readonly string[];
  /** Session time zone, for timestamps inside VARIANT values. */
  timeZone?: string;
  /** Prefix formula-like string cells with a quote (CSV only). Default true. */
  csvFormulaGuard?: boolean;
}

/**
 * Pieces per slice of rows. The array of pieces stays small enough for V8's young generation: a larger one
 * is allocated in the old generation, and every cell string it points to then survives collections, which
 * made garbage collection the export's main cost.
 */
const SLICE_PIECES = 8192;
const NEEDS_QUOTES = /[",\r\n]/;

const QUOTES = /"/g;

/** Doubles every double quote. */
function doubleQuotes(value: string): string {
  return value.indexOf('"') < 0 ? value : value.replace(QUOTES, '""');
}

/** True when a spreadsheet would read text starting with this character as a formula (OWASP's list). */
export function isFormulaStart(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 0x3d /* = */ || c === 0x2b /* + */ || c === 0x2d /* - */ || c === 0x40 /* @ */
    || c === 0x09 /* TAB */ || c === 0x0d /* CR */;
}

/** One CSV field; `guard`: the cell is a string and the formula guard is on. */
export function csvCell(value: string | null, guard: boolean): string {
  if (value === null) return '';
  if (value === '') return '""';
  if (guard && isFormulaStart(value)) return `"'${doubleQuotes(value)}"`;
  return NEEDS_QUOTES.test(value) ? `"${doubleQuotes(value)}"` : value;
}

export class TextExportEncoder {
  private fields: readonly Field[] | undefined;
  private columns: ColumnText[] = [];
  private keyPrefixes: string[] = [];
  private readonly guard: boolean;

  constructor(readonly format: TextFormat, private readonly options: TextExportOptions = {}) {
    this.guard = format === 'csv' && options.csvFormulaGuard !== false;
  }

  /** Text before the first row: the CSV header (a header always names its columns, even when a name is empty). */
  start(schema: Schema): string {
    const names = schema.fields.map((f) => f.name);
    if (this.format === 'csv') return names.map((n) => csvCell(n, this.guard)).join(',') + '\r\n';
    // Repeated column names (after a join) get distinct keys, as in the grid, so no value is lost.
    this.keyPrefixes = uniqueColumnKeys(names).map((k, c) => (c === 0 ? '{' : ',') + JSON.stringify(k) + ':');
    return '';
  }

  /** Every row of the batch, as one string per slice of rows (tens to hundreds of KiB each). */
  *chunks(batch: RecordBatch): Generator<string> {
    const fields = batchFields(batch);
    if (fields !== this.fields) this.prepare(fields);
    const sliceRows = Math.max(16, Math.floor(SLICE_PIECES / (2 * this.columns.length + 1)));
    for (let first = 0; first < batch.numRows; first += sliceRows) {
      const n = Math.min(sliceRows, batch.numRows - first);
      yield this.format === 'csv' ? this.csv(batch, first, n) : this.jsonLines(batch, first, n);
    }
  }

  private prepare(fields: readonly Field[]): void {
    this.fields = fields;
    this.columns = fields.map((f, i) => createColumnText(f, {
      timeZone: this.options.timeZone || undefined, sparkType: this.options.sparkTypes?.[i],
    }));
  }

  /** [cell, ',', cell, ..., cell, CRLF] per row. */
  private csv(batch: RecordBatch, first: number, n: number): string {
    const cols = this.columns.length;
    if (cols === 0) return '\r\n'.repeat(n);
    const stride = 2 * cols;
    const parts = new Array<string | null>(n * stride);
    const children = batch.data.children;
    for (let c = 0; c < cols; c++) {
      const col = this.columns[c];
      const at = 2 * c;
      if (col.csvFields) {
        // Arrays and structs build their CSV fields themselves (no second pass over the assembled text).
        col.csvFields(children[c], first, n, parts, at, stride);
      } else {
        col.texts(children[c], first, n, parts, at, stride);
        if (!col.plain) {
          const guard = this.guard && col.isString;
          for (let j = at; j < parts.length; j += stride) parts[j] = csvCell(parts[j], guard);
        } else {
          // join('') would write a null as '' too, but only strings keep it on V8's fast path.
          for (let j = at; j < parts.length; j += stride) if (parts[j] === null) parts[j] = '';
        }
      }
      const sep = c === cols - 1 ? '\r\n' : ',';
      for (let j = at + 1; j < parts.length; j += stride) parts[j] = sep;
    }
    return parts.join('');
  }

  /** ['{"a":', value, ',"b":', value, ..., '}\n'] per row. */
  private jsonLines(batch: RecordBatch, first: number, n: number): string {
    const cols = this.columns.length;
    if (cols === 0) return '{}\n'.repeat(n);
    const stride = 2 * cols + 1;
    const parts = new Array<string | null>(n * stride);
    const children = batch.data.children;
    for (let c = 0; c < cols; c++) {
      const key = this.keyPrefixes[c];
      for (let j = 2 * c; j < parts.length; j += stride) parts[j] = key;
      this.columns[c].jsons(children[c], first, n, parts, 2 * c + 1, stride);
    }
    for (let j = stride - 1; j < parts.length; j += stride) parts[j] = '}\n';
    return parts.join('');
  }
}
