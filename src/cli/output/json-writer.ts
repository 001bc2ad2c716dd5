// JSON lines: one object per row. The line is assembled as text, not through JSON.stringify of JS
// values, because a 64-bit integer or a decimal(38, x) has no exact JS number: ColumnCells.json returns
// each value's JSON source text with all its digits.
import type { RecordBatch, Schema } from 'apache-arrow';
import { batchCells, type CellContext, type CellsFactory, type ResultWriter } from './writer';
import type { TextSink } from './sink';
import { uniqueColumnKeys } from '../../arrow-format/chunks';

export class JsonLinesWriter implements ResultWriter {
  private keys: string[] = [];

  constructor(
    private readonly sink: TextSink,
    private readonly cells: CellsFactory,
    private readonly ctx: CellContext,
  ) {}

  async start(schema: Schema): Promise<void> {
    // Repeated column names (after a join) get distinct keys, as in the grid, so no value is lost.
    this.keys = uniqueColumnKeys(schema.fields.map((f) => f.name)).map((k) => JSON.stringify(k));
  }

  async batch(batch: RecordBatch): Promise<void> {
    const columns = batchCells(batch, this.cells, this.ctx);
    const lines: string[] = [];
    for (let r = 0; r < batch.numRows; r++) {
      let line = '{';
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) line += ',';
        line += `${this.keys[c]}:${columns[c].json(r)}`;
      }
      lines.push(`${line}}\n`);
    }
    await this.sink.write(lines.join(''));
  }

  async end(): Promise<void> {
    // JSON lines have no closing bracket.
  }
}
