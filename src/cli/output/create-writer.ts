// Picks the writer for --format, wired to the shared value formatting.
import type { OutputFormat } from '../args';
import { CsvWriter } from './csv-writer';
import { JsonLinesWriter } from './json-writer';
import { arrowCells } from './arrow-cells';
import type { TextSink } from './sink';
import { TableWriter } from './table-writer';
import type { CellContext, ResultWriter } from './writer';

export interface WriterOptions {
  format: OutputFormat;
  truncate?: number;
  header: boolean;
}

export function createWriter(o: WriterOptions, sink: TextSink, ctx: CellContext): ResultWriter {
  switch (o.format) {
    case 'csv':
      return new CsvWriter(sink, arrowCells, ctx, { header: o.header });
    case 'json':
      return new JsonLinesWriter(sink, arrowCells, ctx);
    case 'table':
      return new TableWriter(sink, arrowCells, ctx, { truncate: o.truncate });
  }
}
