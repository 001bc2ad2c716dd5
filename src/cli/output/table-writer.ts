// Aligned table in the style of Spark's Dataset.show(), printed batch by batch. A streamed result cannot
// know its widest value in advance: the first rows (up to `lookahead`, default 1000) are held so that
// small results come out perfectly aligned; after that every batch is printed as it arrives, and widths
// only ever grow: when a later batch holds a wider value, a fresh border line with the new widths is
// printed before it. Memory stays bounded by the lookahead whatever the result size.
import { DataType, type Field, type RecordBatch, type Schema } from 'apache-arrow';
import { batchCells, type CellContext, type CellsFactory, type ResultWriter } from './writer';
import type { TextSink } from './sink';
import { displayWidth, sliceToWidth } from './text-width';
// Cells and column names go through it: a value must neither break the grid (tab, line break) nor act on
// the terminal (ESC sequences, C1 controls); CSV and JSON keep values as they are.
import { escapeForTerminal } from './terminal-escape';

export const NULL_TEXT = 'NULL';

export const DEFAULT_LOOKAHEAD_ROWS = 1000;

export interface TableOptions {
  /** Cut cells (and headers) to this many columns, like show(truncate=n). */
  truncate?: number;
  /** Rows held before the first line is printed, to pick the column widths (default 1000). */
  lookahead?: number;
}

/** Same rule as show(truncate=n): keep n characters, the last three replaced by "..." when n >= 4. */
export function truncateCell(text: string, n: number | undefined): string {
  if (n === undefined || displayWidth(text) <= n) return text;
  return n < 4 ? sliceToWidth(text, n) : `${sliceToWidth(text, n - 3)}...`;
}


function isNumeric(field: Field): boolean {
  const t = field.type;
  return DataType.isInt(t) || DataType.isFloat(t) || DataType.isDecimal(t);
}

function pad(text: string, width: number, right: boolean): string {
  const fill = width - displayWidth(text);
  if (fill <= 0) return text;
  return right ? ' '.repeat(fill) + text : text + ' '.repeat(fill);
}

export class TableWriter implements ResultWriter {
  private widths: number[] = [];
  private rightAlign: boolean[] = [];
  private headers: string[] = [];
  private headerPrinted = false;
  private held: string[][] = [];

  constructor(
    private readonly sink: TextSink,
    private readonly cells: CellsFactory,
    private readonly ctx: CellContext,
    private readonly options: TableOptions = {},
  ) {}

  async start(schema: Schema): Promise<void> {
    this.headers = schema.fields.map((f) => truncateCell(escapeForTerminal(f.name), this.options.truncate));
    this.rightAlign = schema.fields.map(isNumeric);
    // Spark's show() never draws a column narrower than 3.
    this.widths = this.headers.map((h) => Math.max(3, displayWidth(h)));
    this.headerPrinted = false;
    this.held = [];
  }

  private border(): string {
    return `+${this.widths.map((w) => '-'.repeat(w)).join('+')}+\n`;
  }

  private line(values: readonly string[]): string {
    return `|${values.map((v, i) => pad(v, this.widths[i], this.rightAlign[i])).join('|')}|\n`;
  }

  async batch(batch: RecordBatch): Promise<void> {
    if (batch.numRows === 0) return;
    const columns = batchCells(batch, this.cells, this.ctx);
    const rows: string[][] = [];
    const grown = [...this.widths];
    for (let r = 0; r < batch.numRows; r++) {
      const row = new Array<string>(columns.length);
      for (let c = 0; c < columns.length; c++) {
        const value = columns[c].text(r);
        const text = value === null ? NULL_TEXT : truncateCell(escapeForTerminal(value), this.options.truncate);
        row[c] = text;
        const w = displayWidth(text);
        if (w > grown[c]) grown[c] = w;
      }
      rows.push(row);
    }
    const changed = grown.some((w, i) => w !== this.widths[i]);
    this.widths = grown;
    if (!this.headerPrinted) {
      this.held.push(...rows);
      if (this.held.length < (this.options.lookahead ?? DEFAULT_LOOKAHEAD_ROWS)) return;
      await this.sink.write(this.flushHeld());
      return;
    }
    let out = changed ? this.border() : '';
    for (const row of rows) out += this.line(row);
    await this.sink.write(out);
  }

  /** The header and the held rows, with the widths known so far. */
  private flushHeld(): string {
    let out = this.border() + this.line(this.headers) + this.border();
    for (const row of this.held) out += this.line(row);
    this.held = [];
    this.headerPrinted = true;
    return out;
  }

  async end(): Promise<void> {
    // An empty result still shows its header, closed by a bottom border, as show() does.
    const out = (this.headerPrinted ? '' : this.flushHeld()) + this.border();
    await this.sink.write(out);
  }
}
