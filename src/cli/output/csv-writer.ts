// CSV as RFC 4180 defines it: CRLF line ends, a field is quoted when it holds a comma, a double quote,
// CR or LF, and quotes inside are doubled. NULL is an empty field and an empty string is "" so the two
// stay distinguishable.
import type { RecordBatch, Schema } from 'apache-arrow';
import { batchCells, type CellContext, type CellsFactory, type ResultWriter } from './writer';
import type { TextSink } from './sink';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | null): string {
  if (value === null) return '';
  if (value === '') return '""';
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: ReadonlyArray<string | null>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export interface CsvOptions {
  header: boolean;
}

export class CsvWriter implements ResultWriter {
  constructor(
    private readonly sink: TextSink,
    private readonly cells: CellsFactory,
    private readonly ctx: CellContext,
    private readonly options: CsvOptions = { header: true },
  ) {}

  async start(schema: Schema): Promise<void> {
    // A header always names its columns, even when a name is empty, hence no null here.
    if (this.options.header) await this.sink.write(csvLine(schema.fields.map((f) => f.name)));
  }

  async batch(batch: RecordBatch): Promise<void> {
    const columns = batchCells(batch, this.cells, this.ctx);
    const lines: string[] = [];
    const row: Array<string | null> = new Array<string | null>(columns.length);
    for (let r = 0; r < batch.numRows; r++) {
      for (let c = 0; c < columns.length; c++) row[c] = columns[c].text(r);
      lines.push(csvLine(row));
    }
    await this.sink.write(lines.join(''));
  }

  async end(): Promise<void> {
    // Nothing trails a CSV result.
  }
}
