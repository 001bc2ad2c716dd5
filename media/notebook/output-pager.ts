// Pages the rows an output did not keep into its grid as the user scrolls towards the end of the rows it
// has: the next range comes from the extension host (RowsClient) and is appended to the grid's result, so
// row numbers, selection and copy go on as if the rows had been there. A first request for no rows asks
// whether the host still has the result at all, so a reopened notebook says at once (not at the first
// scroll) that only the kept rows are left; the grid then keeps what the output kept.
import { ROWS_PAGE } from '../../src/protocol/notebook-paging';
import type { NotebookResultPayload } from '../../src/protocol/notebook-output';
import type { RowsClient } from './rows-client';

export interface PagerTarget {
  /** The grid's scroll container. */
  readonly scroller: HTMLElement;
  /** Appends the rows of one Arrow IPC stream to the grid's result; `loaded` is its new row count. */
  append(bytes: Uint8Array, loaded: number): void;
  setNote(text: string): void;
}

const count = (n: number) => n.toLocaleString('en-US');

export function base64Bytes(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The note for a result the output holds only part of, when no rows can be paged in. */
export function keptNote(p: NotebookResultPayload, why: string): string {
  const server = p.limited ? ' The row limit stopped the query; more rows exist on the server.' : '';
  return `Showing the first ${count(p.keptRows)} of ${count(p.rowCount)} rows. ${why}${server}`;
}

export class OutputPager {
  private loaded: number;
  /** Rows the host holds (known after its first reply); paging stops there. */
  private held: number;
  private busy = false;
  private stopped = false;
  private readonly onScroll = () => this.check();

  constructor(private readonly payload: NotebookResultPayload & { resultKey: string }, private readonly client: RowsClient,
    private readonly target: PagerTarget) {
    this.loaded = payload.keptRows;
    this.held = payload.rowCount;
    target.setNote(`Showing ${count(this.loaded)} of ${count(payload.rowCount)} rows.`);
    target.scroller.addEventListener('scroll', this.onScroll, { passive: true });
    void this.ask(0);
  }

  dispose(): void {
    this.stopped = true;
    this.target.scroller.removeEventListener('scroll', this.onScroll);
  }

  /** Loads the next range when the view is within one screen of the last row held here. */
  check(): void {
    if (this.busy || this.stopped || this.loaded >= this.held) return;
    const s = this.target.scroller;
    if (s.scrollHeight - s.scrollTop - s.clientHeight > Math.max(s.clientHeight, 100)) return;
    void this.ask(ROWS_PAGE);
  }

  /** Asks for the next `rows` rows (0: only whether the host has the result, and how many rows it holds). */
  private async ask(rows: number): Promise<void> {
    this.busy = true;
    if (rows > 0) this.target.setNote(`Loading rows ${count(this.loaded + 1)}–${count(Math.min(this.held, this.loaded + rows))} of ${count(this.payload.rowCount)} from the Spark Connect kernel…`);
    const reply = await this.client.request(this.payload.resultKey, this.loaded, rows);
    this.busy = false;
    if (this.stopped) return;
    if (!reply.ok) {
      if (reply.reason === 'gone') {
        this.stopped = true;
        this.target.setNote(keptNote(this.payload, `${reply.message} Run the cell again to scroll through all of them.`));
      } else {
        // A timeout or a failed read may pass: the next scroll tries again.
        this.target.setNote(`${this.progressNote()} Loading more rows failed: ${reply.message}`);
      }
      return;
    }
    this.held = Math.min(this.payload.rowCount, reply.heldRows);
    if (reply.rows > 0 && reply.start === this.loaded) {
      this.loaded += reply.rows;
      this.target.append(base64Bytes(reply.arrow), this.loaded);
    }
    this.target.setNote(this.progressNote());
    // Kept rows or a short page that leave the end in view: go on without waiting for a scroll.
    requestAnimationFrame(() => this.check());
  }

  private progressNote(): string {
    const total = this.payload.rowCount;
    const server = this.payload.limited ? ' The row limit stopped the query; more rows exist on the server.' : '';
    if (this.loaded >= total) return `All ${count(total)} rows (those past the first ${count(this.payload.keptRows)} came from the Spark Connect kernel).${server}`;
    if (this.loaded >= this.held) {
      return `Showing ${count(this.loaded)} of ${count(total)} rows: the kernel kept only the first ${count(this.held)} in memory.${server}`;
    }
    return `Showing ${count(this.loaded)} of ${count(total)} rows; scroll down for more (from the Spark Connect kernel).${server}`;
  }
}
