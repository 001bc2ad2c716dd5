// The virtualized grid: only the rows and columns in view exist in the DOM, reused as the view moves.
// Layout: a native scroll container whose content box has the (capped) full size; inside it a sticky
// "canvas" the size of the viewport holds the header and the visible rows, positioned by transforms.
// Scrolling stays native (wheel, scrollbar, touch); positions map through scroll-math.ts when the result
// is taller than the browser allows, and then the wheel is handled here so it moves rows, not pages.

import { el, oneLine } from './dom';
import type { ColumnLayout } from './column-layout';
import type { ResultStore } from './result-store';
import type { RowView } from './row-view';
import { clamp, isScaled, scrollFromVirtual, scrollGeometry, virtualFromScroll, type ScrollGeometry } from './scroll-math';
import type { CellPos, Rect, Selection } from './selection';
import { attachHeaderInteractions, fillHeader, type HeaderCallbacks } from './header';
import { handleGridKey, type KeyCallbacks } from './keyboard';

export const ROW_HEIGHT = 24;
export const HEADER_HEIGHT = 40;

/**
 * A pooled cell and what was last written to it: the DOM is only touched when a value changes, because
 * every write (even of the same class or attribute) can cost a style recalculation.
 */
interface CellEl {
  el: HTMLDivElement;
  /** The cell's only child: updating its data re-lays out less than replacing it via textContent. */
  node: Text;
  text: string;
  base: string;
  cls: string;
  left: number;
  width: number;
  view: number;
  disp: number;
  selected: boolean;
  /** Horizontal offset applied by transform (the frozen column only). */
  shift: number;
}

interface RowEl {
  el: HTMLDivElement;
  gutter: HTMLDivElement;
  /** Cells by display column, so a horizontal move only fills the columns that came into view. */
  cells: Map<number, CellEl>;
  spare: CellEl[];
  view: number;
  /** Row order and column layout versions the cells were filled for. */
  key: string;
  colsKey: string;
  rowSelected: boolean;
  gutterLeft: number;
}

export interface GridCallbacks extends HeaderCallbacks, KeyCallbacks {
  onSelectionChange(): void;
}

export class GridView {
  readonly scroller: HTMLDivElement;
  private readonly content: HTMLDivElement;
  private readonly canvas: HTMLDivElement;
  readonly headerRow: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private rows = new Map<number, RowEl>();
  private pool: RowEl[] = [];
  private geometry: ScrollGeometry = { contentHeight: 0, maxScrollTop: 0, maxVirtualTop: 0 };
  private virtualTop = 0;
  private expectedScrollTop = -1;
  private viewportW = 0;
  private viewportH = 0;
  private dataVersion = 0;
  private layoutVersion = 0;
  private frame = 0;
  private rendered = { first: 0, last: -1, cols: [] as number[] };
  /** Called after each render with the frame's timestamp (benchmarks read it). */
  onRendered: ((t: number) => void) | null = null;

  constructor(parent: HTMLElement, readonly store: ResultStore, readonly view: RowView,
    readonly layout: ColumnLayout, readonly selection: Selection, private readonly cb: GridCallbacks) {
    this.scroller = el('div', 'grid-scroll', {
      role: 'grid', tabindex: '0', 'aria-multiselectable': 'true', 'aria-label': 'Query result',
    });
    this.content = el('div', 'grid-content', { role: 'presentation' });
    this.canvas = el('div', 'grid-canvas', { role: 'presentation' });
    const headerGroup = el('div', 'grid-header', { role: 'rowgroup' });
    this.headerRow = el('div', 'grid-row header-row', { role: 'row', 'aria-rowindex': '1' });
    headerGroup.append(this.headerRow);
    this.body = el('div', 'grid-body', { role: 'rowgroup' });
    this.canvas.append(headerGroup, this.body);
    this.content.append(this.canvas);
    this.scroller.append(this.content);
    parent.append(this.scroller);

    this.scroller.addEventListener('scroll', () => this.onScroll());
    this.scroller.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.scroller.addEventListener('keydown', (e) => handleGridKey(e, this, this.cb));
    this.body.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.body.addEventListener('dblclick', (e) => {
      if (this.cellAt(e.target)) this.cb.onOpenDetail();
    });
    attachHeaderInteractions(this, this.cb);
    new ResizeObserver(() => this.relayout()).observe(this.scroller);
  }

  // ---------------------------------------------------------------- geometry

  get dataViewportHeight(): number {
    return Math.max(0, this.viewportH - HEADER_HEIGHT);
  }

  get pageRows(): number {
    return Math.max(1, Math.floor(this.dataViewportHeight / ROW_HEIGHT));
  }

  get scrollLeft(): number {
    return this.scroller.scrollLeft;
  }

  get viewportWidth(): number {
    return this.viewportW;
  }

  /** The data area's geometry changed (rows appended, columns resized, window resized). */
  relayout(): void {
    this.viewportW = this.scroller.clientWidth;
    this.viewportH = this.scroller.clientHeight;
    this.geometry = scrollGeometry(this.view.length, ROW_HEIGHT, this.viewportH, HEADER_HEIGHT);
    const width = this.layout.gutterWidth + this.layout.totalWidth;
    this.content.style.height = `${Math.max(this.geometry.contentHeight, this.viewportH)}px`;
    this.content.style.width = `${Math.max(width, 1)}px`;
    this.canvas.style.width = `${this.viewportW}px`;
    this.canvas.style.height = `${this.viewportH}px`;
    this.scroller.setAttribute('aria-rowcount', String(this.view.length + 1));
    this.scroller.setAttribute('aria-colcount', String(this.layout.displayCount + 1));
    this.virtualTop = clamp(this.virtualTop, 0, this.geometry.maxVirtualTop);
    this.schedule();
  }

  /** Row order or column layout changed: every visible row must be refilled. */
  invalidate(layoutToo = false): void {
    this.dataVersion++;
    if (layoutToo) this.layoutVersion++;
    this.relayout();
  }

  resetScroll(): void {
    this.virtualTop = 0;
    this.scroller.scrollTop = 0;
    this.scroller.scrollLeft = 0;
    this.expectedScrollTop = 0;
  }

  private onScroll(): void {
    const st = this.scroller.scrollTop;
    // Our own scrollTop writes (keyboard navigation, wheel under scaling) keep their exact virtual position.
    if (Math.abs(st - this.expectedScrollTop) >= 1) this.virtualTop = virtualFromScroll(st, this.geometry);
    this.expectedScrollTop = -1;
    this.schedule();
  }

  private onWheel(e: WheelEvent): void {
    if (!isScaled(this.geometry) || e.ctrlKey) return;
    e.preventDefault();
    const unit = e.deltaMode === 1 ? ROW_HEIGHT : e.deltaMode === 2 ? this.dataViewportHeight : 1;
    this.setVirtualTop(this.virtualTop + e.deltaY * unit);
    if (e.deltaX) this.scroller.scrollLeft += e.deltaX * unit;
  }

  setVirtualTop(v: number): void {
    this.virtualTop = clamp(v, 0, this.geometry.maxVirtualTop);
    const st = scrollFromVirtual(this.virtualTop, this.geometry);
    this.scroller.scrollTop = st;
    this.expectedScrollTop = this.scroller.scrollTop;
    this.schedule();
  }

  /** Scrolls just enough to show a cell fully. */
  ensureVisible(pos: CellPos): void {
    const top = pos.row * ROW_HEIGHT;
    if (top < this.virtualTop) this.setVirtualTop(top);
    else if (top + ROW_HEIGHT > this.virtualTop + this.dataViewportHeight) {
      this.setVirtualTop(top + ROW_HEIGHT - this.dataViewportHeight);
    }
    const frozenW = this.frozenWidth();
    if (this.layout.frozen && pos.col === 0) return;
    const left = this.layout.left(pos.col);
    const right = left + this.layout.widthOf(this.layout.columns[pos.col]);
    const visibleLeft = this.scroller.scrollLeft + frozenW;
    const visibleRight = this.scroller.scrollLeft + this.viewportW - this.layout.gutterWidth;
    if (left < visibleLeft) this.scroller.scrollLeft = left - frozenW;
    else if (right > visibleRight) this.scroller.scrollLeft = right - (this.viewportW - this.layout.gutterWidth);
  }

  private frozenWidth(): number {
    return this.layout.frozen && this.layout.displayCount > 0 ? this.layout.widthOf(this.layout.columns[0]) : 0;
  }

  /** First and last view rows currently rendered (for tests and the benchmark). */
  get renderedRows(): { first: number; last: number } {
    return { first: this.rendered.first, last: this.rendered.last };
  }

  // ---------------------------------------------------------------- rendering

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame((t) => {
      this.frame = 0;
      this.render();
      this.onRendered?.(t);
    });
  }

  /** Renders now (first rows of a result are painted without waiting a frame). */
  renderNow(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  private visibleColumns(): number[] {
    const n = this.layout.displayCount;
    if (n === 0) return [];
    const sl = this.scroller.scrollLeft;
    const first = this.layout.displayAt(sl);
    const last = this.layout.displayAt(sl + Math.max(0, this.viewportW - this.layout.gutterWidth));
    const out: number[] = [];
    if (this.layout.frozen && first > 0) out.push(0);
    for (let k = first; k <= last; k++) out.push(k);
    return out;
  }

  private render(): void {
    const n = this.view.length;
    const first = Math.floor(this.virtualTop / ROW_HEIGHT);
    const offset = first * ROW_HEIGHT - this.virtualTop;
    const count = Math.ceil(this.dataViewportHeight / ROW_HEIGHT) + 1;
    const last = Math.min(n - 1, first + count - 1);
    const cols = this.visibleColumns();
    const sl = this.scroller.scrollLeft;
    const key = `${this.dataVersion}:${this.layoutVersion}`;
    const colsKey = cols.join(',');
    const rect = this.selection.rect(n, this.layout.displayCount);

    for (const [v, r] of this.rows) {
      if (v < first || v > last) {
        r.el.hidden = true;
        this.rows.delete(v);
        this.pool.push(r);
      }
    }
    for (let v = first; v <= last; v++) {
      let r = this.rows.get(v);
      if (!r) {
        r = this.pool.pop() ?? this.newRow();
        r.el.hidden = false;
        r.view = v;
        r.key = '';
        r.colsKey = '';
        this.rows.set(v, r);
      }
      if (r.key !== key || r.colsKey !== colsKey) {
        this.fillRow(r, cols, r.key !== key);
        r.key = key;
        r.colsKey = colsKey;
      }
      const y = HEADER_HEIGHT + offset + (v - first) * ROW_HEIGHT;
      r.el.style.transform = `translate(${-sl}px, ${y}px)`;
      this.placeFrozen(r, sl);
      this.paintSelection(r, rect);
    }
    fillHeader(this, this.store, this.view, cols, sl, `${this.layoutVersion}:${cols.join(',')}`);
    this.rendered = { first, last, cols };
    this.updateActiveDescendant();
  }

  private newRow(): RowEl {
    const row = el('div', 'grid-row', { role: 'row' });
    const gutter = el('div', 'cell gutter', { role: 'rowheader' });
    row.append(gutter);
    this.body.append(row);
    return { el: row, gutter, cells: new Map(), spare: [], view: -1, key: '', colsKey: '', rowSelected: false, gutterLeft: -1 };
  }

  /** Fills the row's cells for `cols`; all of them when `all`, else only columns new to this row. */
  private fillRow(r: RowEl, cols: number[], all: boolean): void {
    const v = r.view;
    const row = this.view.rowAt(v);
    if (all) {
      r.el.setAttribute('aria-rowindex', String(v + 2));
      r.gutter.textContent = String(v + 1 + this.store.rowOffset);
      r.gutter.style.width = `${this.layout.gutterWidth}px`;
    }
    const wanted = new Set(cols);
    for (const [disp, cell] of r.cells) {
      if (!wanted.has(disp)) {
        cell.el.hidden = true;
        r.cells.delete(disp);
        r.spare.push(cell);
      }
    }
    const gw = this.layout.gutterWidth;
    for (const disp of cols) {
      let cell = r.cells.get(disp);
      if (cell && !all) continue;
      if (!cell) {
        cell = r.spare.pop() ?? this.newCell(r);
        r.cells.set(disp, cell);
      }
      const e = cell.el;
      if (disp !== 0 && cell.shift) {
        e.style.transform = '';
        cell.shift = 0;
      }
      const c = this.layout.columns[disp];
      const f = this.store.formatters[c];
      const [d, i] = this.store.cell(c, row);
      const isNull = f.isNull(d, i);
      e.hidden = false;
      const text = isNull ? 'NULL' : oneLine(f.text(d, i));
      if (text !== cell.text) {
        cell.node.data = text;
        cell.text = text;
      }
      cell.base = 'cell' + (isNull ? ' null' : '') + (f.numeric ? ' num' : '') + (f.nested ? ' nested' : '')
        + (this.layout.frozen && disp === 0 ? ' frozen' : '');
      if (cell.view !== v || cell.disp !== disp) {
        e.id = `cell-${v}-${disp}`;
        e.dataset.r = String(v);
        if (cell.disp !== disp) {
          e.dataset.c = String(disp);
          e.setAttribute('aria-colindex', String(disp + 2));
        }
        cell.view = v;
        cell.disp = disp;
      }
      const width = this.layout.widthOf(c);
      if (width !== cell.width) {
        e.style.width = `${width}px`;
        cell.width = width;
      }
      const left = gw + this.layout.left(disp);
      if (left !== cell.left) {
        e.style.left = `${left}px`;
        cell.left = left;
      }
    }
  }

  private newCell(r: RowEl): CellEl {
    const e = el('div', 'cell', { role: 'gridcell', 'aria-selected': 'false' });
    const node = document.createTextNode('');
    e.append(node);
    r.el.append(e);
    return { el: e, node, text: '', base: 'cell', cls: 'cell', left: -1, width: -1, view: -1, disp: -1, selected: false, shift: 0 };
  }

  /**
   * Keeps the gutter and the frozen column in place while the row itself moves left. A transform, not
   * `left`, so horizontal scrolling never needs a layout pass.
   */
  private placeFrozen(r: RowEl, sl: number): void {
    if (r.gutterLeft !== sl) {
      r.gutter.style.transform = `translateX(${sl}px)`;
      r.gutterLeft = sl;
    }
    const first = r.cells.get(0);
    const shift = this.layout.frozen && first ? sl : 0;
    if (first && first.shift !== shift) {
      first.el.style.transform = shift ? `translateX(${shift}px)` : '';
      first.shift = shift;
    }
  }

  private paintSelection(r: RowEl, rect: Rect | null): void {
    const active = this.selection.active;
    const rowSelected = !!rect && r.view >= rect.r0 && r.view <= rect.r1
      && (this.selection.kind === 'rows' || this.selection.kind === 'all');
    if (rowSelected !== r.rowSelected) {
      r.el.classList.toggle('row-selected', rowSelected);
      if (rowSelected) r.el.setAttribute('aria-selected', 'true');
      else r.el.removeAttribute('aria-selected');
      r.rowSelected = rowSelected;
    }
    for (const [disp, cell] of r.cells) {
      const sel = this.selection.contains(rect, r.view, disp);
      const isActive = !!active && active.row === r.view && active.col === disp;
      const cls = cell.base + (sel ? ' selected' : '') + (isActive ? ' active' : '');
      if (cls !== cell.cls) {
        cell.el.className = cls;
        cell.cls = cls;
      }
      if (sel !== cell.selected) {
        cell.el.setAttribute('aria-selected', sel ? 'true' : 'false');
        cell.selected = sel;
      }
    }
  }

  /** Selection changed: repaint selection marks without refilling text. */
  repaintSelection(): void {
    const rect = this.selection.rect(this.view.length, this.layout.displayCount);
    for (const r of this.rows.values()) this.paintSelection(r, rect);
    this.updateActiveDescendant();
    this.cb.onSelectionChange();
  }

  private updateActiveDescendant(): void {
    const a = this.selection.active;
    const id = a ? `cell-${a.row}-${a.col}` : '';
    if (id && this.scroller.ownerDocument.getElementById(id)) this.scroller.setAttribute('aria-activedescendant', id);
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  // ---------------------------------------------------------------- pointer selection

  cellAt(target: EventTarget | null): CellPos | null {
    const cell = (target as HTMLElement | null)?.closest?.('.cell') as HTMLElement | null;
    if (!cell || cell.dataset.r === undefined || cell.dataset.c === undefined) return null;
    return { row: Number(cell.dataset.r), col: Number(cell.dataset.c) };
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const target = e.target as HTMLElement;
    const gutterRow = target.classList.contains('gutter') ? target.closest('.grid-row') : null;
    if (gutterRow) {
      const v = Number((gutterRow as HTMLElement).getAttribute('aria-rowindex')) - 2;
      this.selection.selectRows(v, this.selection.active?.col ?? 0, e.shiftKey);
      this.repaintSelection();
      this.scroller.focus({ preventScroll: true });
      return;
    }
    const pos = this.cellAt(target);
    if (!pos) return;
    e.preventDefault();
    this.scroller.focus({ preventScroll: true });
    this.selection.setCell(pos, e.shiftKey);
    this.repaintSelection();
    const move = (ev: PointerEvent) => {
      const hit = this.cellAt(document.elementFromPoint(ev.clientX, ev.clientY));
      if (hit && (hit.row !== this.selection.active?.row || hit.col !== this.selection.active?.col)) {
        this.selection.setCell(hit, true);
        this.repaintSelection();
      }
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
}
