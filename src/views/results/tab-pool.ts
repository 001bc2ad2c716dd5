// Which results tab a new result goes to. Each result of a run gets a tab; the next run reuses the tabs
// of earlier runs that are not pinned (oldest first), so results do not pile up unless the user pins
// them. A pinned tab is never reused, nor one still receiving a result. No vscode: tabs are whatever the caller makes.

export interface PoolTab {
  readonly pinned: boolean;
  readonly disposed: boolean;
  /** Still receiving a result (e.g. another run's): replacing it would hide a running query. */
  readonly busy?: boolean;
}

export class TabPool<T extends PoolTab> {
  private readonly tabs: T[] = [];
  private reusable: T[] = [];

  get all(): readonly T[] {
    return this.tabs.filter((t) => !t.disposed);
  }

  /**
   * The tab for statement `statementIndex` of a run: the first statement of a run makes every unpinned
   * tab reusable; each result takes the oldest reusable tab, or a new one from `create`.
   */
  take(statementIndex: number, create: () => T): { tab: T; reused: boolean } {
    this.prune();
    if (statementIndex === 0) this.reusable = this.tabs.filter((t) => !t.pinned && !t.busy);
    let tab: T | undefined;
    while ((tab = this.reusable.shift()) !== undefined) {
      if (!tab.disposed && !tab.pinned && !tab.busy) return { tab, reused: true };
    }
    const created = create();
    this.tabs.push(created);
    return { tab: created, reused: false };
  }

  /** Takes in a tab made elsewhere (one restored after a window reload): later runs may reuse it. */
  adopt(tab: T): void {
    this.prune();
    this.tabs.push(tab);
  }

  private prune(): void {
    for (let i = this.tabs.length - 1; i >= 0; i--) if (this.tabs[i].disposed) this.tabs.splice(i, 1);
  }
}

/** A tab title from a statement: its first line of code, whitespace collapsed, cut at `max` characters. */
export function statementTitle(sql: string, max = 40): string {
  const code = sql.split('\n').map((l) => l.replace(/--.*$/, '').trim()).filter(Boolean).join(' ');
  const flat = code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ').trim() || sql.trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}\u2026`;
}
