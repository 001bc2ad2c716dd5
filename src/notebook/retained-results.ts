// The rows of notebook results that did not fit into their outputs, kept in the extension host so the
// renderer can page them in as the user scrolls (src/protocol/notebook-paging.ts). Bounded: all kept
// results together stay within a byte budget (the results panel's sparkConnect.results.memoryBudgetMB);
// past it the least recently used results are forgotten, and their outputs then show what they kept.
// A result is dropped when its cell runs again, its notebook closes or the kernel restarts. Pure: the
// VS Code controller owns one store and answers the renderer's messages from it.
import { randomUUID } from 'node:crypto';
import { Table, tableToIPC } from 'apache-arrow';
import { MAX_REPLY_CHARS, ROWS_PAGE, type RowsReply, type RowsRequest } from '../protocol/notebook-paging';
import { buildResultOutput, decodeBatches, type CollectedResult, type ResultOutputLimits } from './result-output';
import type { OutputItemData } from './cell-outputs';

/** What the kernel needs to keep a result's rows: a key for the output's payload, then the rows under it. */
export interface ResultRetainer {
  newKey(): string;
  /** Keeps the Arrow streams (holding `heldRows` rows) under `key`; false when the budget cannot hold them. */
  keep(key: string, batches: readonly Uint8Array[], heldRows: number): boolean;
}

/**
 * A result's output items; when the output could not keep every row the kernel holds, the retainer
 * keeps them and the payload names them, so the renderer can ask for the rest.
 */
export function retainedResultItems(result: CollectedResult, limits: ResultOutputLimits, retainer: ResultRetainer | undefined): OutputItemData[] {
  const key = retainer?.newKey();
  const out = buildResultOutput(key !== undefined ? { ...result, resultKey: key } : result, limits);
  // A result the budget refuses keeps its key: the renderer asks, hears "gone" and shows the kept rows.
  if (key !== undefined && out.heldRows > out.keptRows) retainer?.keep(key, result.batches, out.heldRows);
  return out.items;
}

/** Whose result it is: dropped with its cell (run again) or its notebook (closed, kernel restarted). */
export interface RetainOwner {
  notebook: string;
  cell: string;
}

interface Entry {
  owner: RetainOwner;
  batches: readonly Uint8Array[];
  bytes: number;
  heldRows: number;
  /** Decoded on the first request (the Arrow vectors point into the kept bytes; no copy). */
  table?: Table;
}

export class RetainedResults {
  /** In least-recently-used order: a read moves its entry to the end. */
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  constructor(private readonly budgetBytes: () => number, private readonly makeKey: () => string = randomUUID) {}

  newKey(): string {
    return this.makeKey();
  }

  get bytes(): number {
    return this.total;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  add(key: string, owner: RetainOwner, batches: readonly Uint8Array[], heldRows: number): boolean {
    this.drop(key);
    const bytes = batches.reduce((n, b) => n + b.byteLength, 0);
    const budget = this.budgetBytes();
    if (bytes > budget) return false;
    this.entries.set(key, { owner, batches, bytes, heldRows });
    this.total += bytes;
    for (const [k] of this.entries) {
      if (this.total <= budget) break;
      this.drop(k);
    }
    return true;
  }

  /** The retainer the kernel of one notebook uses: results belong to the cell `cell()` names when kept. */
  retainerFor(notebook: string, cell: () => string): ResultRetainer {
    return {
      newKey: () => this.newKey(),
      keep: (key, batches, heldRows) => this.add(key, { notebook, cell: cell() }, batches, heldRows),
    };
  }

  /** Answers a renderer's request for rows. */
  answer(req: RowsRequest): RowsReply {
    const e = this.entries.get(req.resultKey);
    if (!e) {
      return {
        type: 'rows/reply', requestId: req.requestId, ok: false, reason: 'gone',
        message: 'The Spark Connect kernel of this window no longer holds the rest of this result '
          + '(the window was reloaded, the kernel restarted, the cell ran again, or other results needed the memory).',
      };
    }
    this.entries.delete(req.resultKey);
    this.entries.set(req.resultKey, e);
    try {
      e.table ??= new Table(decodeBatches(e.batches));
      const start = Math.min(req.start, e.heldRows);
      let count = Math.min(req.count, ROWS_PAGE, e.heldRows - start);
      let arrow = count > 0 ? base64Rows(e.table, start, count) : '';
      // Wide rows: halve the page until one reply stays small enough to post.
      while (arrow.length > MAX_REPLY_CHARS && count > 1) {
        count = Math.floor(count / 2);
        arrow = base64Rows(e.table, start, count);
      }
      return { type: 'rows/reply', requestId: req.requestId, ok: true, start, rows: count, arrow, heldRows: e.heldRows };
    } catch (err) {
      return { type: 'rows/reply', requestId: req.requestId, ok: false, reason: 'failed', message: `The rows could not be read: ${(err as Error).message}` };
    }
  }

  drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.total -= e.bytes;
  }

  dropCell(cell: string): void {
    for (const [k, e] of [...this.entries]) if (e.owner.cell === cell) this.drop(k);
  }

  dropNotebook(notebook: string): void {
    for (const [k, e] of [...this.entries]) if (e.owner.notebook === notebook) this.drop(k);
  }
}

function base64Rows(table: Table, start: number, count: number): string {
  const bytes = tableToIPC(table.slice(start, start + count), 'stream');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
