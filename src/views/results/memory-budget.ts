// How much Arrow data the extension host keeps for open results. Every result holds its batches (the grid
// pages through them), so without a cap a few large results can take the extension host down. One budget
// is shared by all open results: each result has an account; a result that brings the total to the budget
// stops fetching (results-panel.ts interrupts its query and says so in the grid). A re-run asked for with
// "Fetch more" gets room of its own beyond the shared budget (`extraBytes`), so it can go further than the
// run it replaces. Closing or replacing a result releases its bytes. No vscode: the limit is a function.

export class MemoryBudget {
  private readonly accounts = new Set<BudgetAccount>();

  /** `limitBytes`: read on every check, so a settings change applies at once. */
  constructor(private readonly limitBytes: () => number) {}

  get limit(): number {
    return this.limitBytes();
  }

  /** Bytes kept by all open results. */
  get used(): number {
    let n = 0;
    for (const a of this.accounts) n += a.bytes;
    return n;
  }

  /** A new result's account; `extraBytes`: room it may use beyond the shared budget. */
  open(extraBytes = 0): BudgetAccount {
    const account = new BudgetAccount(this, extraBytes, () => this.accounts.delete(account));
    this.accounts.add(account);
    return account;
  }
}

export class BudgetAccount {
  private kept = 0;
  private released = false;

  constructor(private readonly budget: MemoryBudget, readonly extraBytes: number, private readonly onRelease: () => void) {}

  get bytes(): number {
    return this.kept;
  }

  /** The budget this result may fill: the shared one plus its own room. */
  get limit(): number {
    return this.budget.limit + this.extraBytes;
  }

  /**
   * Counts a batch the result keeps; false when the total has now reached the budget (the batch is kept,
   * so a result always shows what it already received, and the caller stops fetching).
   */
  add(bytes: number): boolean {
    if (this.released) return true;
    this.kept += bytes;
    return this.budget.used < this.limit;
  }

  /** The result was closed or replaced: its bytes no longer count. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.kept = 0;
    this.onRelease();
  }
}
