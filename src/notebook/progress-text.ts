// Spark's execution progress (Spark 4 sends it on the result stream; 3.5 sends none) as the one line a
// running cell shows, and a throttle so a chatty stream costs the result path nothing: the cell's
// progress output is redrawn at most every `intervalMs`, always with the newest figures.

export interface ProgressFigures {
  doneTasks: number;
  totalTasks: number;
  stages?: number;
  doneStages?: number;
  runningTasks?: number;
}

/** "stage 2 of 3 · 45 of 120 tasks done · 8 running"; undefined when there is nothing to say yet. */
export function progressText(p: ProgressFigures): string | undefined {
  if (p.totalTasks <= 0 && !p.stages) return undefined;
  const parts: string[] = [];
  if (p.stages) {
    const current = Math.min(p.stages, (p.doneStages ?? 0) + 1);
    parts.push(p.doneStages === p.stages ? `${p.stages} of ${p.stages} stages done` : `stage ${current} of ${p.stages}`);
  }
  parts.push(`${p.doneTasks} of ${p.totalTasks} task${p.totalTasks === 1 ? '' : 's'} done`);
  if (p.runningTasks) parts.push(`${p.runningTasks} running`);
  return parts.join(' · ');
}

/** Passes progress lines on at most every `intervalMs` (the newest one wins); clear() passes at once. */
export class ProgressThrottle {
  private last = -Infinity;
  private pending: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly show: (text: string | undefined) => void, private readonly intervalMs = 250,
    private readonly now: () => number = Date.now) {}

  update(p: ProgressFigures): void {
    const text = progressText(p);
    if (text === undefined) return;
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0) {
      this.flush(text);
      return;
    }
    this.pending = text;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.pending !== undefined) this.flush(this.pending);
    }, wait);
  }

  /** The cell's work ended: drop what is pending and remove the progress line. */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.show(undefined);
  }

  private flush(text: string): void {
    this.pending = undefined;
    this.last = this.now();
    this.show(text);
  }
}
