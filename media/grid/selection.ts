// Cell, range, row, column and whole-grid selection over view rows and display columns. A selection is one
// rectangle from an anchor to the active cell; row and column selections stretch it across the other axis.

export interface CellPos {
  row: number;
  col: number;
}

export type SelectionKind = 'cells' | 'rows' | 'columns' | 'all';

export interface Rect {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export class Selection {
  active: CellPos | null = null;
  anchor: CellPos | null = null;
  kind: SelectionKind = 'cells';

  clear(): void {
    this.active = null;
    this.anchor = null;
    this.kind = 'cells';
  }

  setCell(pos: CellPos, extend: boolean): void {
    if (!extend || !this.anchor) {
      this.anchor = { ...pos };
      if (!extend) this.kind = 'cells';
    }
    if (this.kind === 'all') this.kind = 'cells';
    this.active = { ...pos };
  }

  selectRows(row: number, col: number, extend: boolean): void {
    if (!extend || !this.anchor || this.kind !== 'rows') this.anchor = { row, col };
    this.kind = 'rows';
    this.active = { row, col };
  }

  selectColumns(col: number, row: number, extend: boolean): void {
    if (!extend || !this.anchor || this.kind !== 'columns') this.anchor = { row, col };
    this.kind = 'columns';
    this.active = { row, col };
  }

  selectAll(rows: number, cols: number): void {
    if (rows === 0 || cols === 0) return;
    this.kind = 'all';
    this.anchor = { row: 0, col: 0 };
    this.active = this.active ?? { row: 0, col: 0 };
  }

  /** The selected rectangle, clamped to the grid; null when nothing is selected. */
  rect(rows: number, cols: number): Rect | null {
    if (!this.active || !this.anchor || rows === 0 || cols === 0) return null;
    const clampR = (r: number) => Math.max(0, Math.min(rows - 1, r));
    const clampC = (c: number) => Math.max(0, Math.min(cols - 1, c));
    if (this.kind === 'all') return { r0: 0, r1: rows - 1, c0: 0, c1: cols - 1 };
    let r0 = clampR(Math.min(this.anchor.row, this.active.row));
    let r1 = clampR(Math.max(this.anchor.row, this.active.row));
    let c0 = clampC(Math.min(this.anchor.col, this.active.col));
    let c1 = clampC(Math.max(this.anchor.col, this.active.col));
    if (this.kind === 'rows') {
      c0 = 0;
      c1 = cols - 1;
    } else if (this.kind === 'columns') {
      r0 = 0;
      r1 = rows - 1;
    }
    return { r0, r1, c0, c1 };
  }

  contains(r: Rect | null, row: number, col: number): boolean {
    return !!r && row >= r.r0 && row <= r.r1 && col >= r.c0 && col <= r.c1;
  }
}
