// Column headers: name and Spark type, sort button, resize handle, drag to reorder, click to select the
// column. Duplicate names stay apart because everything is addressed by position, and a repeated name
// shows its position.

import { GUTTER_MIN, MAX_AUTO_WIDTH } from './column-layout';
import { el } from './dom';
import type { GridView } from './grid-view';
import type { ResultStore } from './result-store';
import type { RowView } from './row-view';

export interface HeaderCallbacks {
  onSort(column: number): void;
  onLayoutChange(): void;
}

const DRAG_THRESHOLD = 5;

export function fillHeader(view: GridView, store: ResultStore, rows: RowView, cols: number[], sl: number, key: string):
  void {
  const row = view.headerRow;
  const layout = view.layout;
  const sortKey = rows.sort ? `${rows.sort.column}:${rows.sort.descending}` : '';
  const types = Array.from({ length: store.columnCount }, (_, c) => store.sparkTypeOf(c));
  const fullKey = `${key}|${sortKey}|${store.fields.length}|${types.join(',')}`;
  if (row.dataset.key !== fullKey) {
    row.dataset.key = fullKey;
    row.replaceChildren();
    const gutter = el('div', 'cell gutter header-cell', { role: 'columnheader', 'aria-colindex': '1' });
    gutter.textContent = '#';
    gutter.setAttribute('aria-label', 'Row number');
    gutter.style.width = `${layout.gutterWidth}px`;
    row.append(gutter);
    const counts = new Map<string, number>();
    const names = Array.from({ length: store.columnCount }, (_, c) => store.columnName(c));
    names.forEach((n) => counts.set(n, (counts.get(n) ?? 0) + 1));
    for (const disp of cols) {
      const c = layout.columns[disp];
      const colName = names[c];
      const sparkType = types[c];
      const cell = el('div', 'cell header-cell' + (layout.frozen && disp === 0 ? ' frozen' : ''), {
        role: 'columnheader', 'aria-colindex': String(disp + 2),
      });
      cell.dataset.c = String(disp);
      cell.style.width = `${layout.widthOf(c)}px`;
      cell.style.left = `${layout.gutterWidth + layout.left(disp)}px`;
      const name = el('span', 'col-name');
      name.textContent = colName;
      const type = el('span', 'col-type');
      type.textContent = sparkType;
      const dup = (counts.get(colName) ?? 0) > 1;
      cell.title = `${colName} (column ${c + 1}): ${sparkType}`;
      if (dup) {
        const pos = el('span', 'col-pos');
        pos.textContent = `#${c + 1}`;
        name.append(pos);
      }
      const sorted = rows.sort?.column === c ? (rows.sort.descending ? 'descending' : 'ascending') : 'none';
      cell.setAttribute('aria-sort', sorted);
      const sortBtn = el('button', 'sort-btn', { type: 'button', 'aria-label': `Sort by ${colName}` });
      sortBtn.dataset.c = String(c);
      sortBtn.textContent = sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '⇅';
      sortBtn.tabIndex = -1;
      const handle = el('div', 'resize-handle', { 'aria-hidden': 'true' });
      handle.dataset.c = String(c);
      cell.append(name, type, sortBtn, handle);
      row.append(cell);
    }
  }
  row.style.transform = `translateX(${-sl}px)`;
  const first = row.firstElementChild as HTMLElement | null;
  if (first) first.style.left = `${sl}px`;
  if (layout.frozen) {
    const frozen = row.querySelector<HTMLElement>('.header-cell.frozen');
    if (frozen) frozen.style.left = `${sl + layout.gutterWidth}px`;
  }
}

export function attachHeaderInteractions(view: GridView, cb: HeaderCallbacks): void {
  const row = view.headerRow;
  row.addEventListener('click', (e) => {
    const t = e.target as HTMLElement;
    if (t.classList.contains('sort-btn')) cb.onSort(Number(t.dataset.c));
  });
  row.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const t = e.target as HTMLElement;
    if (t.classList.contains('sort-btn')) return;
    if (t.classList.contains('resize-handle')) {
      startResize(view, cb, e, Number(t.dataset.c));
      return;
    }
    const cell = t.closest('.header-cell') as HTMLElement | null;
    if (!cell || cell.dataset.c === undefined) return;
    startColumnDrag(view, cb, e, Number(cell.dataset.c));
  });
  row.addEventListener('dblclick', (e) => {
    const t = e.target as HTMLElement;
    if (t.classList.contains('resize-handle')) autoFit(view, cb, Number(t.dataset.c));
  });
}

function startResize(view: GridView, cb: HeaderCallbacks, e: PointerEvent, c: number): void {
  e.preventDefault();
  const x0 = e.clientX;
  const w0 = view.layout.widthOf(c);
  const move = (ev: PointerEvent) => {
    view.layout.setWidth(c, w0 + ev.clientX - x0);
    view.invalidate(true);
  };
  const up = () => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    cb.onLayoutChange();
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
}

/** Click selects the column; a drag past a few pixels moves it to where it is dropped. */
function startColumnDrag(view: GridView, cb: HeaderCallbacks, e: PointerEvent, from: number): void {
  const x0 = e.clientX;
  let dragging = false;
  const indicator = el('div', 'drop-indicator', { 'aria-hidden': 'true' });
  const targetAt = (clientX: number): number => {
    const rect = view.scroller.getBoundingClientRect();
    const x = clientX - rect.left + view.scroller.scrollLeft - view.layout.gutterWidth;
    return view.layout.displayAt(x);
  };
  const move = (ev: PointerEvent) => {
    if (!dragging && Math.abs(ev.clientX - x0) < DRAG_THRESHOLD) return;
    if (!dragging) {
      dragging = true;
      view.headerRow.append(indicator);
    }
    const to = targetAt(ev.clientX);
    indicator.style.left = `${view.layout.gutterWidth + view.layout.left(to) + (to > from ? view.layout.widthOf(view.layout.columns[to]) : 0)}px`;
  };
  const up = (ev: PointerEvent) => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    indicator.remove();
    if (dragging) {
      const to = targetAt(ev.clientX);
      if (to !== from) {
        view.layout.move(from, to);
        if (view.selection.active) view.selection.active.col = to;
        view.invalidate(true);
        cb.onLayoutChange();
      }
      return;
    }
    view.selection.selectColumns(from, view.selection.active?.row ?? 0, ev.shiftKey);
    view.repaintSelection();
    view.scroller.focus({ preventScroll: true });
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
}

export function autoFit(view: GridView, cb: HeaderCallbacks, c: number): void {
  view.layout.setWidth(c, measureColumn(view, c));
  view.invalidate(true);
  cb.onLayoutChange();
}

let measureCtx: CanvasRenderingContext2D | null = null;

function textWidth(font: string, s: string): number {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return s.length * 7.5;
  measureCtx.font = font;
  return measureCtx.measureText(s).width;
}

/**
 * The fonts a header's name and type are drawn in: the UI font family (the body's) at the grid's size
 * (the editor font size, which the header inherits from the scroller), bold for the name, 0.9em for the type.
 */
function headerFonts(view: GridView): { name: string; type: string } {
  const family = getComputedStyle(document.body).fontFamily;
  const size = parseFloat(getComputedStyle(view.scroller).fontSize) || 13;
  return { name: `600 ${size}px ${family}`, type: `${size * 0.9}px ${family}` };
}

/** A type longer than this (a wide struct) is cut like a long name, with the whole text on hover. */
const MAX_TYPE_WIDTH = 480;
/** Header padding: 6 px left, 22 px right for the sort button, plus a pixel of rounding either way. */
const HEADER_PAD = 6 + 22 + 2;
/** Cell padding (6 px each side) plus the border. */
const CELL_PAD = 6 + 6 + 2;

/**
 * Width that fits the header (name and type in the fonts they are drawn in) and the longest of the first
 * rows' texts. Types are short and always fit; a name longer than the cap shows in full on hover.
 */
export function measureColumn(view: GridView, c: number, sampleRows = 200): number {
  const store = view.store;
  const cellFont = getComputedStyle(view.scroller).font;
  const fonts = headerFonts(view);
  const typeW = textWidth(fonts.type, store.sparkTypeOf(c)) + HEADER_PAD;
  let w = Math.max(textWidth(fonts.name, store.columnName(c)) + HEADER_PAD, typeW);
  const n = store.fields.length > 0 ? Math.min(store.rowCount, sampleRows) : 0;
  for (let r = 0; r < n; r++) w = Math.max(w, textWidth(cellFont, store.text(c, r).slice(0, 80)) + CELL_PAD);
  return Math.max(56, Math.ceil(Math.max(Math.min(MAX_AUTO_WIDTH, w), Math.min(typeW, MAX_TYPE_WIDTH))));
}

/** Width of the row-number column for row numbers up to `maxRowNumber`, in the grid's font. */
export function gutterWidthFor(view: GridView, maxRowNumber: number): number {
  const digits = String(Math.max(1, maxRowNumber)).length;
  const w = textWidth(getComputedStyle(view.scroller).font, '0'.repeat(digits)) + CELL_PAD;
  return Math.max(GUTTER_MIN, Math.ceil(w));
}
