// What every output format implements, and how cells reach it. Writers see columns through ColumnCells
// so that the exact text of a value (64-bit integers, decimals, timestamps in the session zone, nested
// values) is decided in one place, src/arrow-format/, shared with the results grid.
import type { Field, RecordBatch, Schema } from 'apache-arrow';
import { batchFields } from '../../arrow-format/chunks';

/** One column of one record batch, as text. */
export interface ColumnCells {
  /** Human-readable text of the cell (Spark's show() style), or null for SQL NULL. */
  text(row: number): string | null;
  /** The cell as a JSON value's source text ("null" for SQL NULL); numbers keep every digit. */
  json(row: number): string;
}

export interface CellContext {
  /** The session time zone (spark.sql.session.timeZone), for timestamps with a zone. */
  timeZone: string;
}

/** Builds the text view of one column of a batch. */
export type CellsFactory = (field: Field, batch: RecordBatch, columnIndex: number, ctx: CellContext) => ColumnCells;

export interface ResultWriter {
  /** Called once per result before any batch, also when the result has no rows. */
  start(schema: Schema): Promise<void>;
  batch(batch: RecordBatch): Promise<void>;
  /** Called after the last batch of the result. */
  end(): Promise<void>;
}

/** Builds every column's cells for a batch, in schema order. */
export function batchCells(batch: RecordBatch, cells: CellsFactory, ctx: CellContext): ColumnCells[] {
  // batch.schema merges fields that share a name (an arrow-js quirk), so read the batch's own field list.
  return batchFields(batch).map((field, i) => cells(field, batch, i, ctx));
}
