// One notebook's cells run one at a time, in the order they were asked for, as in Jupyter: a cell asked
// for again while queued or running is not queued twice; a failing cell cancels the cells queued after
// it; cancelling a running cell aborts exactly that cell's work (its server operation) and, as an
// interrupt does in Jupyter, drops the cells queued behind it; cancelling a queued cell removes only it. The queue knows nothing of VS Code: the kernel gives it keys and callbacks.

export type CellOutcome = 'succeeded' | 'failed' | 'cancelled';

export interface QueuedCell<T> {
  key: string;
  item: T;
}

export interface RunQueueHooks<T> {
  /** Runs one cell; `signal` aborts when that cell is cancelled. */
  run(item: T, signal: AbortSignal): Promise<CellOutcome>;
  /** A queued cell that will not run (cancelled by the user, or because an earlier cell failed). */
  dropped(item: T, why: 'cancelled' | 'earlier-failure'): void;
}

export class RunQueue<T> {
  private readonly waiting: QueuedCell<T>[] = [];
  private running: { key: string; controller: AbortController } | undefined;
  private drain: Promise<void> | undefined;

  constructor(private readonly hooks: RunQueueHooks<T>) {}

  /** Queues cells that are not already queued or running; resolves when the queue is idle again. */
  enqueue(cells: readonly QueuedCell<T>[]): Promise<void> {
    for (const c of cells) {
      if (this.running?.key === c.key || this.waiting.some((w) => w.key === c.key)) continue;
      this.waiting.push(c);
    }
    this.drain ??= this.pump().finally(() => { this.drain = undefined; });
    return this.drain;
  }

  /** Keys of the cells that are waiting (not the running one), in order. */
  get queued(): string[] {
    return this.waiting.map((w) => w.key);
  }

  get runningKey(): string | undefined {
    return this.running?.key;
  }

  /** Cancels one cell: the running one is aborted, a queued one is dropped. */
  cancel(key: string): void {
    if (this.running?.key === key) {
      this.running.controller.abort();
      return;
    }
    const i = this.waiting.findIndex((w) => w.key === key);
    if (i >= 0) this.hooks.dropped(this.waiting.splice(i, 1)[0].item, 'cancelled');
  }

  /** Cancels the running cell and drops every queued one (Interrupt, Restart, closing the notebook). */
  cancelAll(): void {
    for (const w of this.waiting.splice(0)) this.hooks.dropped(w.item, 'cancelled');
    this.running?.controller.abort();
  }

  private async pump(): Promise<void> {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      const controller = new AbortController();
      this.running = { key: next.key, controller };
      let outcome: CellOutcome;
      try {
        outcome = await this.hooks.run(next.item, controller.signal);
      } catch {
        // The runner reports its own errors into the cell; a throw still counts as a failure.
        outcome = 'failed';
      } finally {
        this.running = undefined;
      }
      // Jupyter semantics: an error or an interrupt clears what was queued behind the cell.
      if (outcome !== 'succeeded') {
        const why = outcome === 'failed' ? 'earlier-failure' : 'cancelled';
        for (const w of this.waiting.splice(0)) this.hooks.dropped(w.item, why);
      }
    }
  }
}
