// The bar above the grid: live status (rows, elapsed time, state) with Cancel, the quick filter, the column
// chooser, freeze, copy-as and export; and the banners for a limited result, a memory budget stop and errors.

import type { CopyFormat, ExportFormat, GridError } from '../../src/protocol/grid';
import { BudgetBanner } from './budget-banner';
import { button, countOf, el, formatCount, formatElapsed, text } from './dom';

export interface ToolbarActions {
  cancel(): void;
  filter(text: string): void;
  toggleColumn(column: number, visible: boolean): void;
  freeze(on: boolean): void;
  copyAs(format: CopyFormat): void;
  exportAs(format: ExportFormat): void;
  fetchMore(mode: 'more' | 'all'): void;
  /** Re-run the query and stream the whole result to a file (after a memory budget stop). */
  exportAll(format: ExportFormat): void;
  /** Pin or unpin this tab (a pinned result is not replaced by the next run). */
  pin(): void;
  /** Open this statement's plan, with the run's metrics. */
  plan(): void;
  /** Show the previous (-1) or next (+1) page of a paged result. */
  page(delta: number): void;
  /** Select the failed statement's error position in its editor. */
  revealError(): void;
  /** Re-run the query with the grid's sort and filter applied on the server. */
  refineOnServer(): void;
}

/** What the grid's sort and filter act on, for the note under a cut-off result. */
export interface PartialView {
  loadedRows: number;
  sorted: boolean;
  filtered: boolean;
  /** The host can re-run the query (sorted / filtered on the server). */
  canRefine: boolean;
}

export interface StatusInfo {
  state: 'empty' | 'running' | 'done' | 'error' | 'cancelled';
  loadedRows: number;
  viewRows: number;
  elapsedMs: number;
  note: string;
  cancelling: boolean;
  /** The rows on show are an earlier run's (this run failed). */
  previous?: boolean;
}

const FILTER_DEBOUNCE_MS = 150;

export class Toolbar {
  readonly root: HTMLElement;
  private readonly status: HTMLElement;
  private readonly rowsText: HTMLElement;
  private readonly timeText: HTMLElement;
  private readonly noteText: HTMLElement;
  private readonly cancelBtn: HTMLButtonElement;
  readonly filterInput: HTMLInputElement;
  private readonly columnsList: HTMLElement;
  private readonly freezeBox: HTMLInputElement;
  readonly limitedBanner: HTMLElement;
  private readonly limitedText: HTMLElement;
  private readonly fetchMoreBtn: HTMLButtonElement;
  private readonly fetchAllBtn: HTMLButtonElement;
  private readonly limitedExport: HTMLSelectElement;
  private readonly exportSelect: HTMLSelectElement;
  readonly partialBanner: HTMLElement;
  private readonly partialText: HTMLElement;
  private readonly refineBtn: HTMLButtonElement;
  readonly errorBanner: HTMLElement;
  readonly previousBanner: HTMLElement;
  readonly budgetBanner: BudgetBanner;
  readonly pinBtn: HTMLButtonElement;
  readonly planBtn: HTMLButtonElement;
  readonly pagerBanner: HTMLElement;
  private readonly pagerText: HTMLElement;
  private readonly prevBtn: HTMLButtonElement;
  private readonly nextBtn: HTMLButtonElement;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(parent: HTMLElement, private readonly actions: ToolbarActions) {
    this.root = el('div', 'toolbar', { role: 'toolbar', 'aria-label': 'Result tools' });
    this.status = el('div', 'status', { role: 'status', 'aria-live': 'polite' });
    this.rowsText = text('span', 'status-rows', '');
    this.timeText = text('span', 'status-time', '');
    this.noteText = text('span', 'status-note', '');
    this.status.append(this.rowsText, this.timeText, this.noteText);
    this.cancelBtn = button('Cancel', 'btn cancel', () => this.actions.cancel(), 'Cancel the running query');
    this.cancelBtn.hidden = true;

    this.filterInput = el('input', 'filter', {
      type: 'search', placeholder: 'Filter loaded rows', 'aria-label': 'Filter loaded rows', spellcheck: 'false',
    });
    this.filterInput.addEventListener('input', () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.actions.filter(this.filterInput.value), FILTER_DEBOUNCE_MS);
    });

    const columns = el('details', 'menu columns-menu');
    columns.append(text('summary', 'btn', 'Columns'));
    this.columnsList = el('div', 'menu-list', { role: 'group', 'aria-label': 'Visible columns' });
    columns.append(this.columnsList);

    const freezeLabel = el('label', 'check');
    this.freezeBox = el('input', '', { type: 'checkbox' });
    this.freezeBox.addEventListener('change', () => this.actions.freeze(this.freezeBox.checked));
    freezeLabel.append(this.freezeBox, document.createTextNode(' Freeze first column'));

    const copySelect = this.select('Copy selection as', [['tsv', 'TSV'], ['csv', 'CSV'], ['json', 'JSON'], ['markdown', 'Markdown']],
      (v) => this.actions.copyAs(v as CopyFormat), 'Copy as…');
    const exportSelect = this.select('Export result as', [['csv', 'CSV'], ['jsonl', 'JSON lines'], ['arrow', 'Arrow IPC file']],
      (v) => this.actions.exportAs(v as ExportFormat), 'Export…');
    this.exportSelect = exportSelect;

    this.planBtn = button('Plan', 'btn plan', () => this.actions.plan(), 'Show the query plan with this run\'s metrics');
    this.planBtn.hidden = true;
    this.pinBtn = button('Pin', 'btn pin', () => this.actions.pin(), 'Keep this result: the next run opens a new tab');
    this.pinBtn.setAttribute('aria-pressed', 'false');

    const spacer = el('div', 'spacer');
    this.root.append(this.status, this.cancelBtn, spacer, this.filterInput, columns, freezeLabel, copySelect, exportSelect,
      this.planBtn, this.pinBtn);

    this.limitedBanner = el('div', 'banner limited', { role: 'status' });
    this.limitedText = text('span', '', '');
    // Fetch more reads on in the same execution when the server keeps it (setLimited); otherwise fetching
    // re-runs the query (a new execution) and the labels say so, since a query with uuid(), rand()
    // or over a changing table can return other rows than those shown.
    this.fetchMoreBtn = button('Fetch more (re-runs the query)', 'btn', () => this.actions.fetchMore('more'),
      'Run the query again with a ten times higher row limit');
    this.fetchAllBtn = button('Fetch all (re-runs the query)', 'btn', () => this.actions.fetchMore('all'),
      'Run the query again without a row limit');
    this.limitedExport = this.select('Export the whole result (re-runs the query)',
      [['csv', 'CSV'], ['jsonl', 'JSON lines'], ['arrow', 'Arrow IPC file']],
      (v) => this.actions.exportAll(v as ExportFormat), 'Export the whole result…');
    this.limitedExport.title = 'Run the query again without a row limit and write every row to a file, without loading it here';
    this.limitedBanner.append(this.limitedText, this.fetchMoreBtn, this.fetchAllBtn, this.limitedExport);
    this.limitedBanner.hidden = true;

    this.partialBanner = el('div', 'banner partial', { role: 'status' });
    this.partialText = text('span', 'partial-text', '');
    this.refineBtn = button('', 'btn refine', () => this.actions.refineOnServer());
    this.partialBanner.append(this.partialText, this.refineBtn);
    this.partialBanner.hidden = true;

    this.pagerBanner = el('div', 'banner pager', { role: 'navigation', 'aria-label': 'Result pages' });
    this.pagerText = text('span', 'pager-text', '');
    this.prevBtn = button('Previous page', 'btn prev', () => this.actions.page(-1));
    this.nextBtn = button('Next page', 'btn next', () => this.actions.page(1));
    this.pagerBanner.append(this.pagerText, this.prevBtn, this.nextBtn);
    this.pagerBanner.hidden = true;

    this.errorBanner = el('div', 'banner error', { role: 'alert' });
    this.errorBanner.hidden = true;
    this.previousBanner = el('div', 'banner previous', { role: 'note' });
    this.previousBanner.hidden = true;
    this.budgetBanner = new BudgetBanner({ fetchMore: () => this.actions.fetchMore('more'), exportAll: (f) => this.actions.exportAll(f) });
    parent.append(this.root, this.limitedBanner, this.budgetBanner.root, this.partialBanner, this.pagerBanner, this.errorBanner,
      this.previousBanner);
  }

  private select(label: string, options: [string, string][], onPick: (v: string) => void, placeholder: string):
    HTMLSelectElement {
    const s = el('select', 'select', { 'aria-label': label });
    const first = el('option', '', { value: '' });
    first.textContent = placeholder;
    s.append(first);
    for (const [value, name] of options) {
      const o = el('option', '', { value });
      o.textContent = name;
      s.append(o);
    }
    s.addEventListener('change', () => {
      const v = s.value;
      s.value = '';
      if (v) onPick(v);
    });
    return s;
  }

  setStatus(s: StatusInfo): void {
    const rows = s.viewRows === s.loadedRows ? countOf(s.loadedRows, 'row')
      : `${formatCount(s.viewRows)} of ${countOf(s.loadedRows, 'row')}`;
    this.rowsText.textContent = s.state === 'empty' ? 'No result'
      : s.previous ? `No result · previous result: ${rows}` : rows;
    this.timeText.textContent = s.state === 'empty' ? '' : formatElapsed(s.elapsedMs);
    const stateText = s.state === 'running' ? (s.cancelling ? 'Cancelling…' : 'Running…')
      : s.state === 'cancelled' ? 'Cancelled' : s.state === 'error' ? 'Failed' : '';
    this.noteText.textContent = [stateText, s.note].filter(Boolean).join(' · ');
    this.status.dataset.state = s.state;
    this.cancelBtn.hidden = s.state !== 'running';
    this.cancelBtn.disabled = s.cancelling;
  }

  setColumns(names: { column: number; label: string; visible: boolean }[]): void {
    this.columnsList.replaceChildren();
    for (const n of names) {
      const label = el('label', 'check');
      const box = el('input', '', { type: 'checkbox' });
      box.checked = n.visible;
      box.dataset.c = String(n.column);
      box.addEventListener('change', () => this.actions.toggleColumn(n.column, box.checked));
      label.append(box, document.createTextNode(' ' + n.label));
      this.columnsList.append(label);
    }
  }

  setFrozen(on: boolean): void {
    this.freezeBox.checked = on;
  }

  setLimited(l: { rowLimit: number; canFetchMore: boolean; continues?: boolean; note?: string } | null, pending: boolean): void {
    this.limitedBanner.hidden = !l;
    if (!l) return;
    this.limitedText.textContent = `Showing the first ${countOf(l.rowLimit, 'row')}; the result has more.${l.note ? ' ' + l.note : ''}`;
    // Only a kept execution reads on; anything else runs the query again, and the label says so.
    this.fetchMoreBtn.textContent = l.continues ? 'Fetch more' : 'Fetch more (re-runs the query)';
    this.fetchMoreBtn.title = l.continues
      ? 'Read the next rows of this same run (the server keeps them for a few minutes): the rows shown stay as they are'
      : 'Run the query again with a ten times higher row limit';
    this.fetchMoreBtn.hidden = !l.canFetchMore;
    this.limitedExport.hidden = !l.canFetchMore;
    this.fetchMoreBtn.disabled = pending;
    this.fetchAllBtn.disabled = pending;
    this.limitedExport.disabled = pending;
  }

  /** A cut-off result: the toolbar's export writes the loaded rows only, and its label says so. */
  setPartial(partial: boolean): void {
    const first = this.exportSelect.options[0];
    first.textContent = partial ? 'Export loaded rows…' : 'Export…';
    this.exportSelect.setAttribute('aria-label', partial ? 'Export the loaded rows as' : 'Export result as');
    this.exportSelect.title = partial ? 'Writes the rows loaded here, not the whole result' : '';
  }

  /** Under a cut-off result that is sorted or filtered here: say it is only the loaded rows, offer the server. */
  setPartialView(v: PartialView | null): void {
    const show = !!v && (v.sorted || v.filtered);
    this.partialBanner.hidden = !show;
    if (!v || !show) return;
    const what = v.sorted && v.filtered ? 'Sorted and filtered' : v.sorted ? 'Sorted' : 'Filtered';
    this.partialText.textContent = `${what} the ${countOf(v.loadedRows, 'loaded row')} only, not the whole result.`;
    const how = v.sorted && v.filtered ? 'Sort and filter' : v.sorted ? 'Sort' : 'Filter';
    this.refineBtn.textContent = `${how} on the server (re-runs the query)`;
    this.refineBtn.title = 'Run the same query again with this sort and filter applied by Spark before the row limit';
    this.refineBtn.hidden = !v.canRefine;
  }

  /** canShowPlan null: leave the Plan button as it is. */
  setViewState(pinned: boolean, canShowPlan: boolean | null): void {
    this.pinBtn.textContent = pinned ? 'Unpin' : 'Pin';
    this.pinBtn.setAttribute('aria-pressed', String(pinned));
    this.pinBtn.classList.toggle('pressed', pinned);
    if (canShowPlan !== null) this.planBtn.hidden = !canShowPlan;
  }

  setPages(p: { page: number; pageCount: number; firstRow: number; totalRows: number } | null, heldRows: number, pending: boolean): void {
    this.pagerBanner.hidden = !p;
    if (!p) return;
    const first = p.firstRow + 1;
    const last = p.firstRow + heldRows;
    this.pagerText.textContent = `Rows ${formatCount(first)}–${formatCount(last)} of ${formatCount(p.totalRows)} · page ${p.page + 1} of ${p.pageCount}. Larger results are kept in the extension; filter and sort apply to this page.`;
    this.prevBtn.disabled = pending || p.page === 0;
    this.nextBtn.disabled = pending || p.page >= p.pageCount - 1;
  }

  /** The rows below are an earlier run's: say so above them, with what and when that run was. */
  setPrevious(p: { statement: string; startedAt: number } | null): void {
    this.previousBanner.hidden = !p;
    this.previousBanner.replaceChildren();
    if (!p) return;
    const when = new Date(p.startedAt).toLocaleTimeString();
    const what = p.statement.replace(/\s+/g, ' ').trim();
    this.previousBanner.append(text('strong', 'previous-label', 'Previous result'),
      text('span', 'previous-text', ` — not this run's: the rows below are from the run at ${when} of `),
      text('code', 'previous-statement', what.length > 120 ? `${what.slice(0, 119)}…` : what));
  }

  setError(e: GridError | null): void {
    this.errorBanner.hidden = !e || e.reason === 'cancelled';
    this.errorBanner.replaceChildren();
    if (!e || e.reason === 'cancelled') return;
    const head = [e.errorClass, e.sqlState ? `SQLSTATE ${e.sqlState}` : ''].filter(Boolean).join(' · ');
    if (head) this.errorBanner.append(text('div', 'error-class', head));
    this.errorBanner.append(text('div', 'error-message', e.message));
    if (e.position) {
      const where = `line ${e.position.line}, column ${e.position.column}`;
      this.errorBanner.append(button(`Go to ${where}`, 'btn link error-position', () => this.actions.revealError(),
        `Show where the error is in the editor (${where})`));
    }
    if (e.detail) {
      const d = el('details', 'error-detail');
      d.append(text('summary', '', 'Details'), text('pre', '', e.detail));
      this.errorBanner.append(d);
    }
  }
}
