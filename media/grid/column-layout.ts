// Column order, visibility, widths and the frozen first column, with prefix sums for horizontal
// virtualization. "Display index" counts visible columns left to right; "column" is the Arrow position.

export const GUTTER_MIN = 48;
export const MIN_WIDTH = 48;
export const MAX_AUTO_WIDTH = 360;

export interface LayoutState {
  order: number[];
  hidden: number[];
  widths: number[];
  frozen: boolean;
}

export class ColumnLayout {
  private order: number[] = [];
  private hidden = new Set<number>();
  private widths: number[] = [];
  frozen = false;
  gutterWidth = GUTTER_MIN;
  private visible: number[] = [];
  private lefts: number[] = [0];

  reset(count: number, widths: number[]): void {
    this.order = Array.from({ length: count }, (_, c) => c);
    this.hidden.clear();
    this.widths = widths.slice();
    this.recompute();
  }

  get columnCount(): number {
    return this.order.length;
  }

  /** Visible columns in display order. */
  get columns(): readonly number[] {
    return this.visible;
  }

  get displayCount(): number {
    return this.visible.length;
  }

  isHidden(c: number): boolean {
    return this.hidden.has(c);
  }

  widthOf(c: number): number {
    return this.widths[c];
  }

  /** Left edge of display column k, relative to the end of the gutter. */
  left(k: number): number {
    return this.lefts[k];
  }

  /** Total width of the visible columns. */
  get totalWidth(): number {
    return this.lefts[this.visible.length];
  }

  /** Display index of the column at x (relative to the end of the gutter), clamped. */
  displayAt(x: number): number {
    const l = this.lefts;
    let lo = 0;
    let hi = Math.max(0, this.visible.length - 1);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (l[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  setWidth(c: number, w: number): void {
    this.widths[c] = Math.max(MIN_WIDTH, Math.round(w));
    this.recompute();
  }

  setHidden(c: number, hide: boolean): void {
    if (hide) {
      // Keep at least one column on screen.
      if (this.visible.length <= 1 && this.visible[0] === c) return;
      this.hidden.add(c);
    } else {
      this.hidden.delete(c);
    }
    this.recompute();
  }

  /** Moves the column at display index `from` to display index `to`. */
  move(from: number, to: number): void {
    if (from === to) return;
    const c = this.visible[from];
    const target = this.visible[to];
    const withoutC = this.order.filter((x) => x !== c);
    const at = withoutC.indexOf(target);
    withoutC.splice(from < to ? at + 1 : at, 0, c);
    this.order = withoutC;
    this.recompute();
  }

  save(): LayoutState {
    return { order: this.order.slice(), hidden: [...this.hidden], widths: this.widths.slice(), frozen: this.frozen };
  }

  /** Restores a saved layout if it fits this result's column count. */
  restore(s: LayoutState): boolean {
    const n = this.order.length;
    if (s.order.length !== n || s.widths.length !== n || new Set(s.order).size !== n) return false;
    this.order = s.order.slice();
    this.widths = s.widths.slice();
    this.hidden = new Set(s.hidden.filter((c) => c >= 0 && c < n));
    this.frozen = s.frozen;
    this.recompute();
    return true;
  }

  private recompute(): void {
    this.visible = this.order.filter((c) => !this.hidden.has(c));
    this.lefts = [0];
    for (const c of this.visible) this.lefts.push(this.lefts[this.lefts.length - 1] + this.widths[c]);
  }
}
