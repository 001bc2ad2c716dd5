// Holds one result as it streams in: the Arrow batches (decoded zero-copy over the received bytes, which
// are kept for the Arrow file export at no extra cost), one Data chunk per column per batch, and a
// formatter per column. Cells are read as (chunk Data, index) pairs; rows are never materialized.

import type { BudgetState } from './budget-banner';
import { RecordBatchReader, type Data, type Field } from 'apache-arrow';
import { batchFields, ChunkIndex } from '../../src/arrow-format/chunks';
import { createCellFormatter, type CellFormatter } from '../../src/arrow-format/formatter';
import type { GridError, SparkColumn } from '../../src/protocol/grid';

export type ResultState = 'empty' | 'running' | 'done' | 'error' | 'cancelled';

export interface Limited {
  rowLimit: number;
  canFetchMore: boolean;
  /** "Fetch more" reads on in the same execution (kept on the server) instead of re-running. */
  continues?: boolean;
  /** Why it has to re-run now. */
  note?: string;
}

/** Where the rows held here sit in a result the host pages (it keeps the rest). */
export interface PageInfo {
  page: number;
  pageCount: number;
  firstRow: number;
  totalRows: number;
}

export class ResultStore {
  resultId: string | null = null;
  title = '';
  statement = '';
  startedAt = 0;
  /** The rows held are an earlier run's, kept under a label because this run failed without a result. */
  previous = false;
  /** The server sorted / filtered this result, in words ('' when not). */
  refinement = '';
  elapsedMs = 0;
  state: ResultState = 'empty';
  error: GridError | null = null;
  limited: Limited | null = null;
  /** Set when the host stopped fetching at its memory budget. */
  budget: BudgetState | null = null;
  /** Set when the host pages this result: the rows here are one page of it. */
  pages: PageInfo | null = null;
  /** Row number in the whole result of the first row held here (for the row numbers shown). */
  rowOffset = 0;
  /** Rows the host reports received (may run ahead of the batches decoded here). */
  hostRows = 0;
  fields: readonly Field[] = [];
  formatters: CellFormatter[] = [];
  /** columns[c][k]: column c of batch k. */
  columns: Data[][] = [];
  /** The received IPC streams, for the Arrow export. The decoded Data are views into these bytes. */
  readonly streams: Uint8Array[] = [];
  private sparkColumns: SparkColumn[] | undefined;
  private timeZone: string | undefined;
  private indexImpl = new ChunkIndex();

  get rowCount(): number {
    return this.indexImpl.rowCount;
  }

  get chunkIndex(): ChunkIndex {
    return this.indexImpl;
  }

  reset(resultId: string, opts: { title?: string; statement?: string; startedAt: number; timeZone?: string;
    columns?: SparkColumn[]; previous?: unknown; refinement?: string }): void {
    this.resultId = resultId;
    this.previous = opts.previous !== undefined;
    this.refinement = opts.refinement ?? '';
    this.title = opts.title ?? '';
    this.statement = opts.statement ?? '';
    this.startedAt = opts.startedAt;
    this.elapsedMs = 0;
    this.state = 'running';
    this.error = null;
    this.limited = null;
    this.budget = null;
    this.pages = null;
    this.rowOffset = 0;
    this.hostRows = 0;
    this.fields = [];
    this.formatters = [];
    this.columns = [];
    this.streams.length = 0;
    this.sparkColumns = opts.columns;
    this.timeZone = opts.timeZone;
    this.indexImpl = new ChunkIndex();
  }

  /** Spark's schema (type strings) arrived: rebuild formatters so interval fields and char(n) show. */
  setSparkColumns(columns: SparkColumn[]): void {
    this.sparkColumns = columns;
    if (this.fields.length) this.buildFormatters();
  }

  sparkTypeOf(c: number): string {
    return this.formatters[c]?.sparkType ?? this.sparkColumns?.[c]?.sparkType ?? '';
  }

  /**
   * Columns known so far: the Arrow schema once a batch arrived, before that Spark's schema (the host
   * sends it as soon as the server does, while the query still runs), so headers show from the start.
   */
  get columnCount(): number {
    return this.fields.length > 0 ? this.fields.length : this.sparkColumns?.length ?? 0;
  }

  columnName(c: number): string {
    return this.fields[c]?.name ?? this.sparkColumns?.[c]?.name ?? '';
  }

  /** Only Spark's schema is known yet (no batch decoded): headers can show, cells cannot. */
  get schemaOnly(): boolean {
    return this.fields.length === 0 && this.columnCount > 0;
  }

  /** Decodes one IPC stream; returns the number of rows added. Throws on bytes that are not Arrow IPC. */
  addStream(bytes: Uint8Array): number {
    const reader = RecordBatchReader.from(bytes);
    let added = 0;
    for (const batch of reader) {
      const fields = batchFields(batch);
      if (this.fields.length === 0) {
        this.fields = fields;
        this.columns = fields.map(() => []);
        this.buildFormatters();
      } else if (fields.length !== this.fields.length) {
        throw new Error(`batch has ${fields.length} columns, the result has ${this.fields.length}`);
      }
      if (batch.numRows === 0) continue;
      batch.data.children.forEach((d, c) => this.columns[c].push(d));
      this.indexImpl.push(batch.numRows);
      added += batch.numRows;
    }
    // A stream with no batches still carries the schema (an empty result).
    if (this.fields.length === 0 && reader.schema) {
      this.fields = reader.schema.fields;
      this.columns = this.fields.map(() => []);
      this.buildFormatters();
    }
    this.streams.push(bytes);
    return added;
  }

  /** The Data chunk and in-chunk index of a data row in column c. */
  cell(c: number, row: number): [Data, number] {
    const k = this.indexImpl.chunkOf(row);
    return [this.columns[c][k], row - this.indexImpl.start(k)];
  }

  text(c: number, row: number): string {
    const [d, i] = this.cell(c, row);
    return this.formatters[c].text(d, i);
  }

  isNull(c: number, row: number): boolean {
    const [d, i] = this.cell(c, row);
    return this.formatters[c].isNull(d, i);
  }

  private buildFormatters(): void {
    const spark = this.sparkColumns;
    this.formatters = this.fields.map((f, c) => createCellFormatter(f, {
      timeZone: this.timeZone,
      // Spark's schema lines up with the Arrow columns by position (names may repeat).
      sparkType: spark && spark.length === this.fields.length ? spark[c].sparkType : undefined,
    }));
  }
}
