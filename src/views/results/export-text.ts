// CSV and JSON-lines text of a result, a batch at a time, as bytes: row by row, written into one buffer
// (src/arrow-format/csv-field-bytes.ts, json-field-bytes.ts) without a string per cell; types without a
// byte writer (arrays, structs, binary, intervals...) are formatted a column at a time as text
// (src/arrow-format/column-text.ts) and copied in.
// The cell text is the grid's and the CLI's (src/arrow-format).
// CSV is RFC 4180 as the CLI writes it: CRLF line ends, a field quoted when it holds a comma, a double
// quote, CR or LF, quotes doubled, NULL an empty field and the empty string "".
// The formula guard (on by default) defends spreadsheets against CSV injection as OWASP describes it: a
// string cell (or column name) that starts with = + - @ TAB or CR is written as '<text>, quoted, so a
// spreadsheet shows it as text instead of running it. Numbers, dates and other non-string cells are
// never changed (a negative number stays a number).
import type { Data, Field, RecordBatch, Schema } from 'apache-arrow';
import { batchFields, uniqueColumnKeys } from '../../arrow-format/chunks';
import { ByteSink } from '../../arrow-format/byte-sink';
import { bitmapOf, createColumnText, isSet, type ColumnText } from '../../arrow-format/column-text';
import { createCsvFieldBytes, type CsvFieldBytes, type FieldWriter } from '../../arrow-format/csv-field-bytes';
import { createJsonFieldBytes } from '../../arrow-format/json-field-bytes';

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
 * Rows per slice: the text-formatted columns' arrays of n strings stay small enough for V8's young
 * generation (a larger array is allocated in the old generation, and every cell string it points to then
 * survives collections), and the bytes stay in cache.
 */
const SLICE_ROWS = 512;
const NEEDS_QUOTES = /[",\r\n]/;

const QUOTES = /"/g;
const NULL = new TextEncoder().encode('null');
const EMPTY_LINE = new TextEncoder().encode('{}\n');

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
  /** JSON lines: per column, '{"name":' or ',"name":' as UTF-8. */
  private keyPrefixes: Uint8Array[] = [];
  /** Per column, its byte writer (CSV or JSON), or undefined to go through its text. */
  private byteWriters: (CsvFieldBytes | undefined)[] = [];
  private readonly sink = new ByteSink();
  private readonly guard: boolean;

  constructor(readonly format: TextFormat, private readonly options: TextExportOptions = {}) {
    this.guard = format === 'csv' && options.csvFormulaGuard !== false;
  }

  /** Text before the first row: the CSV header (a header always names its columns, even when a name is empty). */
  start(schema: Schema): string {
    const names = schema.fields.map((f) => f.name);
    if (this.format === 'csv') return names.map((n) => csvCell(n, this.guard)).join(',') + '\r\n';
    // Repeated column names (after a join) get distinct keys, as in the grid, so no value is lost.
    const enc = new TextEncoder();
    this.keyPrefixes = uniqueColumnKeys(names).map((k, c) => enc.encode((c === 0 ? '{' : ',') + JSON.stringify(k) + ':'));
    return '';
  }

  /**
   * Every row of the batch, a slice of rows at a time (tens to hundreds of KiB each), as UTF-8 bytes in a
   * buffer that the next slice reuses (copy them out before asking for the next).
   */
  *chunks(batch: RecordBatch): Generator<Uint8Array> {
    for (let first = 0; first < batch.numRows; first += SLICE_ROWS) {
      this.slice(batch, first);
      yield this.sink.take();
    }
  }

  /**
   * Every row of the batch appended to the sink, kept there until detach(): for a caller that formats a
   * whole stream into one buffer (a worker, which hands that buffer on without copying it).
   */
  append(batch: RecordBatch): void {
    for (let first = 0; first < batch.numRows; first += SLICE_ROWS) this.slice(batch, first);
  }

  /** Text (a header) appended to the sink. */
  appendText(text: string): void {
    this.sink.text(text);
  }

  /** What append() wrote, in a buffer the encoder gives up; it continues in `next`. */
  detach(next: Uint8Array): Uint8Array {
    return this.sink.detach(next);
  }

  private slice(batch: RecordBatch, first: number): void {
    const fields = batchFields(batch);
    if (fields !== this.fields) this.prepare(fields);
    const n = Math.min(SLICE_ROWS, batch.numRows - first);
    if (this.format === 'csv') this.csvBytes(batch, first, n);
    else this.jsonBytes(batch, first, n);
  }

  private prepare(fields: readonly Field[]): void {
    this.fields = fields;
    this.columns = fields.map((f, i) => createColumnText(f, {
      timeZone: this.options.timeZone || undefined, sparkType: this.options.sparkTypes?.[i],
    }));
    this.byteWriters = fields.map((f, i) => {
      const options = { timeZone: this.options.timeZone || undefined, sparkType: this.options.sparkTypes?.[i] };
      return this.format === 'csv'
        ? createCsvFieldBytes(f, this.sink, this.guard && this.columns[i].isString, options)
        : createJsonFieldBytes(f, this.sink, options);
    });
  }

  /**
   * Per column of a slice: its writer (the byte writer, else `textWriter`), the validity bitmap the row loop
   * checks (null where the writer handles NULL itself) and the column's offset into that bitmap.
   */
  private sliceWriters(
    batch: RecordBatch, first: number, n: number, textWriter: (c: number, d: Data) => FieldWriter,
  ): { writers: FieldWriter[]; bitmaps: (Uint8Array | null)[]; offsets: number[] } {
    const cols = this.columns.length;
    const children = batch.data.children;
    const writers = new Array<FieldWriter>(cols);
    const bitmaps = new Array<Uint8Array | null>(cols);
    const offsets = new Array<number>(cols);
    for (let c = 0; c < cols; c++) {
      const bytes = this.byteWriters[c];
      const d = children[c];
      writers[c] = bytes ? bytes(d, first, n) : textWriter(c, d);
      bitmaps[c] = bytes ? bitmapOf(d) : null;
      offsets[c] = d.offset;
    }
    return { writers, bitmaps, offsets };
  }

  /** Rows [first, first + n) as CSV into the sink: field, ',', field, ..., CRLF per row. */
  private csvBytes(batch: RecordBatch, first: number, n: number): void {
    const cols = this.columns.length;
    const sink = this.sink;
    // NULL is an empty field: the row loop skips it by the column's validity bitmap (null: all valid, or
    // a text-formatted column, which writes nothing for NULL itself).
    const { writers, bitmaps, offsets } = this.sliceWriters(batch, first, n, (c, d) => this.csvTextWriter(c, d, first, n));
    for (let i = first, end = first + n; i < end; i++) {
      for (let c = 0; c < cols; c++) {
        if (c > 0) sink.byte(0x2c);
        const bm = bitmaps[c];
        if (bm === null || isSet(bm, offsets[c] + i)) writers[c](i);
      }
      sink.ensure(2);
      sink.buf[sink.pos++] = 0x0d;
      sink.buf[sink.pos++] = 0x0a;
    }
  }

  /** A column without a byte writer: its CSV fields for the slice as text, then copied in row by row. */
  private csvTextWriter(c: number, d: Data, first: number, n: number): FieldWriter {
    const col = this.columns[c];
    const fields = new Array<string | null>(n);
    if (col.csvFields) {
      // Arrays and structs build their CSV fields themselves (no second pass over the assembled text).
      col.csvFields(d, first, n, fields, 0, 1);
    } else {
      col.texts(d, first, n, fields, 0, 1);
      const guard = this.guard && col.isString;
      for (let k = 0; k < n; k++) fields[k] = col.plain ? fields[k] : csvCell(fields[k], guard);
    }
    const sink = this.sink;
    return (i) => {
      const s = fields[i - first];
      if (s) sink.text(s);
    };
  }

  /** Rows [first, first + n) as JSON lines into the sink: '{"a":', value, ',"b":', value, ..., '}\n' per row. */
  private jsonBytes(batch: RecordBatch, first: number, n: number): void {
    const cols = this.columns.length;
    const sink = this.sink;
    if (cols === 0) {
      for (let k = 0; k < n; k++) sink.bytes(EMPTY_LINE, 0, 3);
      return;
    }
    // A NULL is null: the row loop writes it by the column's validity bitmap (null: all valid, or a
    // text-formatted column, whose text says null itself).
    const { writers, bitmaps, offsets } = this.sliceWriters(batch, first, n, (c, d) => this.jsonTextWriter(c, d, first, n));
    const keys = this.keyPrefixes;
    for (let i = first, end = first + n; i < end; i++) {
      for (let c = 0; c < cols; c++) {
        const key = keys[c];
        sink.bytes(key, 0, key.length);
        const bm = bitmaps[c];
        if (bm === null || isSet(bm, offsets[c] + i)) writers[c](i);
        else sink.bytes(NULL, 0, 4);
      }
      sink.ensure(2);
      sink.buf[sink.pos++] = 0x7d;
      sink.buf[sink.pos++] = 0x0a;
    }
  }

  /** A column without a byte writer: its JSON values for the slice as text (null included), then copied in. */
  private jsonTextWriter(c: number, d: Data, first: number, n: number): FieldWriter {
    const values = new Array<string | null>(n);
    this.columns[c].jsons(d, first, n, values, 0, 1);
    const sink = this.sink;
    return (i) => sink.text(values[i - first] as string);
  }
}
