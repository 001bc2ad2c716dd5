// One result on the host side, as the grid webview sees it: every Arrow batch kept as an exact-length
// ArrayBuffer copy (a view over a pooled Node Buffer would ship the whole pool through postMessage), sent
// to the webview as it arrives under flow control (FLOW_CONTROL: a fast server cannot flood the renderer),
// and split into pages by a byte cap: the webview holds one page, the host holds them all and sends another
// page when asked. Also the conversation's state after the rows: limited marker, final progress, error;
// and a replay of all of it when the webview reloads. No vscode: `post` is the only way out.
import {
  FLOW_CONTROL, type GridError, type HostToGrid, type ResultStart, type SparkColumn,
} from '../../protocol/grid';

export interface HeldBatch {
  /** Exactly the batch's bytes: byteLength is the batch size, nothing more. */
  readonly data: ArrayBuffer;
  readonly rows: number;
}

export interface Page {
  /** Batch indexes [first, end). */
  first: number;
  end: number;
  firstRow: number;
  rows: number;
  bytes: number;
}

export interface FeedOptions {
  resultId: string;
  start: Omit<ResultStart, 'type' | 'resultId'>;
  /** The most batch bytes the webview is given at once (a page); at least one batch always fits. */
  pageBytes: number;
  post(message: HostToGrid): void;
  now?: () => number;
  /** Least time between live progress messages while rows stream in. */
  progressEveryMs?: number;
}

/** Why a result stopped short of the memory budget, as 'result/budget' tells the webview. */
export interface BudgetStop {
  rows: number;
  bytes: number;
  budgetBytes: number;
  canRerun: boolean;
}

/** The 'result/limited' state: where the rows stopped and what "Fetch more" does. */
export interface LimitState {
  rowLimit: number;
  canFetchMore: boolean;
  /** "Fetch more" reads on in the same execution (kept on the server). */
  continues?: boolean;
  note?: string;
}

type Final =
  | { kind: 'done'; elapsedMs: number; limit?: LimitState; budget?: BudgetStop }
  | { kind: 'error'; error: GridError; elapsedMs: number };

/** The exact bytes of `bytes` in a fresh ArrayBuffer of exactly that length. */
export function exactCopy(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

export class ResultFeed {
  readonly resultId: string;
  readonly batches: HeldBatch[] = [];
  readonly pages: Page[] = [];
  private shown = 0;
  /** Next batch of the shown page to post. */
  private cursor = 0;
  private readonly unacked = new Map<number, number>();
  private unackedBytes = 0;
  private final: Final | undefined;
  private finalSent = false;
  private lastProgressAt = -Infinity;
  /** The elapsed time the final state first went out with (replays and other pages repeat it). */
  private finalElapsedMs: number | undefined;
  private columns: SparkColumn[] | undefined;
  private readonly now: () => number;
  /** Set by reopen(): the clock's zero, so the time between the stop and "Fetch more" is not counted. */
  private clockStart: number | undefined;

  constructor(private readonly opts: FeedOptions) {
    this.resultId = opts.resultId;
    this.columns = opts.start.columns;
    this.now = opts.now ?? Date.now;
  }

  get totalRows(): number {
    const last = this.pages[this.pages.length - 1];
    return last ? last.firstRow + last.rows : 0;
  }

  get totalBytes(): number {
    return this.batches.reduce((n, b) => n + b.data.byteLength, 0);
  }

  get shownPage(): number {
    return this.shown;
  }

  get isFinished(): boolean {
    return this.final !== undefined;
  }

  get sparkColumns(): SparkColumn[] | undefined {
    return this.columns;
  }

  /** The batches as byte views, in order (for export). */
  *streams(): Generator<Uint8Array> {
    for (const b of this.batches) yield new Uint8Array(b.data);
  }

  /** Starts the conversation for this result (and again after a webview reload). */
  begin(): void {
    this.showPage(this.shown);
  }

  setColumns(columns: SparkColumn[]): void {
    this.columns = columns;
    this.opts.post({ type: 'result/schema', resultId: this.resultId, columns });
  }

  addBatch(bytes: Uint8Array, rows: number): void {
    this.hold({ data: exactCopy(bytes), rows });
    const t = this.now();
    if (t - this.lastProgressAt >= (this.opts.progressEveryMs ?? 100)) {
      this.lastProgressAt = t;
      this.opts.post({ type: 'result/progress', resultId: this.resultId, rows: this.totalRows, elapsedMs: this.elapsed(), done: false });
    }
  }

  /**
   * Takes over another result's batches (the same bytes, not copies): a failed run shows the tab's
   * previous rows under that label. Call after begin().
   */
  adopt(from: ResultFeed): void {
    for (const b of from.batches) this.hold(b);
  }

  private hold(batch: HeldBatch): void {
    const { data, rows } = batch;
    const index = this.batches.length;
    this.batches.push(batch);
    const last = this.pages[this.pages.length - 1];
    if (!last || (last.bytes + data.byteLength > this.opts.pageBytes && last.end > last.first)) {
      this.pages.push({ first: index, end: index + 1, firstRow: this.totalRows, rows, bytes: data.byteLength });
      if (this.pages.length > 1) this.postPages();
    } else {
      last.end++;
      last.rows += rows;
      last.bytes += data.byteLength;
    }
    this.pump();
  }

  /** The webview decoded batch `seq`: room for more. */
  ack(seq: number): void {
    const bytes = this.unacked.get(seq);
    if (bytes === undefined) return;
    this.unacked.delete(seq);
    this.unackedBytes -= bytes;
    this.pump();
  }

  /**
   * The result goes on (Fetch more read on in the same execution): more batches, then a new final state.
   * The clock continues from the time the result had taken, not from its start (the user waited
   * between the two).
   */
  reopen(): void {
    const taken = this.finalElapsedMs ?? (this.final?.elapsedMs ?? this.elapsed());
    this.clockStart = this.now() - taken;
    this.final = undefined;
    this.finalSent = false;
    this.finalElapsedMs = undefined;
    this.opts.post({ type: 'result/progress', resultId: this.resultId, rows: this.totalRows, elapsedMs: taken, done: false });
  }

  /** The time the result has taken so far (as its header shows it). */
  get elapsedMs(): number {
    return this.finalElapsedMs ?? this.elapsed();
  }

  /** Changes what the limited marker says (a kept continuation ended) and tells the webview when it shows. */
  updateLimit(limit: LimitState): void {
    if (this.final?.kind !== 'done' || !this.final.limit) return;
    this.final.limit = limit;
    if (this.finalSent) this.opts.post({ type: 'result/limited', resultId: this.resultId, ...limit });
  }

  complete(elapsedMs: number, limit?: LimitState, budget?: BudgetStop): void {
    this.final = { kind: 'done', elapsedMs, ...(limit ? { limit } : {}), ...(budget ? { budget } : {}) };
    this.pump();
  }

  fail(error: GridError, elapsedMs: number): void {
    this.final = { kind: 'error', error, elapsedMs };
    this.pump();
  }

  /** Replaces what the webview holds with page `page`; false when there is no such page. */
  showPage(page: number): boolean {
    if (page !== 0 && page >= this.pages.length) return false;
    this.shown = page;
    this.cursor = this.pages[page]?.first ?? 0;
    this.unacked.clear();
    this.unackedBytes = 0;
    this.finalSent = false;
    this.opts.post({ type: 'result/start', resultId: this.resultId, ...this.opts.start, ...(this.columns ? { columns: this.columns } : {}) });
    if (this.pages.length > 1) this.postPages();
    this.pump();
    return true;
  }

  private postPages(): void {
    const p = this.pages[this.shown];
    this.opts.post({
      type: 'result/pages', resultId: this.resultId, page: this.shown, pageCount: this.pages.length,
      firstRow: p?.firstRow ?? 0, totalRows: this.totalRows,
    });
  }

  private elapsed(): number {
    return Math.max(0, this.now() - (this.clockStart ?? this.opts.start.startedAt));
  }

  /** Posts what flow control allows of the shown page, then the final state once the page is out. */
  private pump(): void {
    const page = this.pages[this.shown];
    const end = page ? page.end : 0;
    while (this.cursor < end) {
      const b = this.batches[this.cursor];
      const full = this.unacked.size >= FLOW_CONTROL.maxUnackedBatches
        || (this.unacked.size > 0 && this.unackedBytes + b.data.byteLength > FLOW_CONTROL.maxUnackedBytes);
      if (full) return;
      this.unacked.set(this.cursor, b.data.byteLength);
      this.unackedBytes += b.data.byteLength;
      this.opts.post({ type: 'result/batch', resultId: this.resultId, seq: this.cursor, data: b.data });
      this.cursor++;
    }
    // The final state follows the page's last batch; a later page may still be filling, which is fine:
    // the webview shows this page as complete and the pager reports the growing total.
    const lastPage = this.shown >= this.pages.length - 1;
    if (!this.final || this.finalSent || (lastPage && this.cursor < this.batches.length)) return;
    this.finalSent = true;
    const f = this.final;
    // The header's time is what the user waited: until the last row reached the grid, which under flow
    // control can be well after the server finished (a large "Fetch all").
    this.finalElapsedMs ??= Math.max(f.elapsedMs, this.elapsed());
    const elapsedMs = this.finalElapsedMs;
    if (this.pages.length > 1) this.postPages();
    if (f.kind === 'done') {
      if (f.limit) this.opts.post({ type: 'result/limited', resultId: this.resultId, ...f.limit });
      if (f.budget) this.opts.post({ type: 'result/budget', resultId: this.resultId, ...f.budget });
      this.opts.post({ type: 'result/progress', resultId: this.resultId, rows: this.totalRows, elapsedMs, done: true });
    } else {
      this.opts.post({ type: 'result/error', resultId: this.resultId, error: f.error, elapsedMs });
    }
  }
}
