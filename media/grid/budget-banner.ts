// The banner of a result that stopped at the extension's memory budget: how much was loaded and why, with
// the two ways on: "Fetch more" re-runs the query with more room, "Export the whole result" re-runs it and
// streams every row to a file that the host writes without keeping the rows.

import type { ExportFormat } from '../../src/protocol/grid';
import { button, countOf, el, text } from './dom';

export interface BudgetState {
  rows: number;
  bytes: number;
  budgetBytes: number;
  canRerun: boolean;
}

export interface BudgetActions {
  fetchMore(): void;
  exportAll(format: ExportFormat): void;
}

/** "12.3 MB" (MiB, as the setting counts them). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export class BudgetBanner {
  readonly root: HTMLElement;
  private readonly message: HTMLElement;
  private readonly fetchBtn: HTMLButtonElement;
  private readonly exportSelect: HTMLSelectElement;

  constructor(private readonly actions: BudgetActions) {
    this.root = el('div', 'banner budget', { role: 'status' });
    this.message = text('span', 'budget-text', '');
    this.fetchBtn = button('Fetch more (re-runs the query)', 'btn', () => this.actions.fetchMore(),
      'Run the query again with more memory for this result');
    this.exportSelect = el('select', 'select', { 'aria-label': 'Export the whole result (re-runs the query)' });
    const options: [string, string][] = [['', 'Export the whole result…'], ['csv', 'CSV'], ['jsonl', 'JSON lines'], ['arrow', 'Arrow IPC file']];
    for (const [value, name] of options) {
      const o = el('option', '', { value });
      o.textContent = name;
      this.exportSelect.append(o);
    }
    this.exportSelect.addEventListener('change', () => {
      const v = this.exportSelect.value;
      this.exportSelect.value = '';
      if (v) this.actions.exportAll(v as ExportFormat);
    });
    this.root.append(this.message, this.fetchBtn, this.exportSelect);
    this.root.hidden = true;
  }

  set(b: BudgetState | null, pending: boolean): void {
    this.root.hidden = !b;
    if (!b) return;
    this.message.textContent = `Memory budget reached: loaded ${countOf(b.rows, 'row')} (${formatMegabytes(b.bytes)}) and stopped `
      + `fetching. Open results may keep ${formatMegabytes(b.budgetBytes)} in the extension `
      + '(setting sparkConnect.results.memoryBudgetMB); the result has more rows.';
    this.fetchBtn.hidden = !b.canRerun;
    this.exportSelect.hidden = !b.canRerun;
    this.fetchBtn.disabled = pending;
    this.exportSelect.disabled = pending;
  }
}
