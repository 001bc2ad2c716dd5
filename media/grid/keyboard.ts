// Keyboard navigation in the grid (spreadsheet conventions):
//   arrows move, Shift+arrows extend, Ctrl/Cmd+arrows jump to the edge, Home/End go to the first/last column
//   (Ctrl: first/last row), PageUp/PageDown move by a screen, Ctrl+A selects all, Shift+Space selects the
//   row, Ctrl+Space the column, Ctrl+C copies as TSV, Enter opens the detail view, Escape closes it or
//   collapses the selection, Alt+Shift+Left/Right moves the current column.

import type { GridView } from './grid-view';

export interface KeyCallbacks {
  onCopy(): void;
  onOpenDetail(): void;
  onEscape(): boolean;
  onLayoutChange(): void;
}

export function handleGridKey(e: KeyboardEvent, view: GridView, cb: KeyCallbacks): void {
  const sel = view.selection;
  const rows = view.view.length;
  const cols = view.layout.displayCount;
  if (rows === 0 || cols === 0) return;
  const mod = e.ctrlKey || e.metaKey;
  const cur = sel.active ?? { row: 0, col: 0 };
  let row = cur.row;
  let col = cur.col;
  switch (e.key) {
    case 'ArrowDown': row = mod ? rows - 1 : row + 1; break;
    case 'ArrowUp': row = mod ? 0 : row - 1; break;
    case 'ArrowRight':
      if (e.altKey && e.shiftKey) return moveColumn(e, view, cb, col, col + 1);
      col = mod ? cols - 1 : col + 1;
      break;
    case 'ArrowLeft':
      if (e.altKey && e.shiftKey) return moveColumn(e, view, cb, col, col - 1);
      col = mod ? 0 : col - 1;
      break;
    case 'Home': if (mod) row = 0; col = 0; break;
    case 'End': if (mod) row = rows - 1; col = cols - 1; break;
    case 'PageDown': row += view.pageRows; break;
    case 'PageUp': row -= view.pageRows; break;
    case 'Enter': case 'F2':
      e.preventDefault();
      if (!sel.active) sel.setCell(cur, false);
      cb.onOpenDetail();
      return;
    case 'Escape':
      if (!cb.onEscape() && sel.active) {
        sel.setCell(sel.active, false);
        view.repaintSelection();
      }
      e.preventDefault();
      return;
    case ' ':
      if (e.shiftKey) sel.selectRows(cur.row, cur.col, false);
      else if (mod) sel.selectColumns(cur.col, cur.row, false);
      else return;
      e.preventDefault();
      view.repaintSelection();
      return;
    case 'a': case 'A':
      if (!mod) return;
      e.preventDefault();
      sel.selectAll(rows, cols);
      view.repaintSelection();
      return;
    case 'c': case 'C':
      if (!mod) return;
      e.preventDefault();
      cb.onCopy();
      return;
    default: return;
  }
  e.preventDefault();
  row = Math.max(0, Math.min(rows - 1, row));
  col = Math.max(0, Math.min(cols - 1, col));
  const extend = e.shiftKey;
  if (extend && (sel.kind === 'rows' || sel.kind === 'columns')) {
    if (sel.kind === 'rows') sel.selectRows(row, col, true);
    else sel.selectColumns(col, row, true);
  } else {
    sel.setCell({ row, col }, extend);
  }
  view.ensureVisible({ row, col });
  view.repaintSelection();
}

function moveColumn(e: KeyboardEvent, view: GridView, cb: KeyCallbacks, from: number, to: number): void {
  e.preventDefault();
  if (to < 0 || to >= view.layout.displayCount) return;
  view.layout.move(from, to);
  const sel = view.selection;
  if (sel.active) sel.setCell({ row: sel.active.row, col: to }, false);
  view.invalidate(true);
  view.ensureVisible({ row: sel.active?.row ?? 0, col: to });
  cb.onLayoutChange();
}
