// The order in which data rows are shown: identity, sorted, filtered, or both, as index arrays over data
// row numbers. Sorting runs over every loaded row; the quick filter runs in slices so the page stays
// responsive and can be superseded by the next keystroke.

import { buildSortKeys, rowComparator } from '../../src/arrow-format/sort-keys';
import { buildMatchers } from './filter-match';
import type { ResultStore } from './result-store';

export interface SortState {
  column: number;
  descending: boolean;
}

const FILTER_SLICE = 20_000;

export class RowView {
  sort: SortState | null = null;
  filterText = '';
  /** All loaded rows in sort order (null: natural order). */
  private sorted: Uint32Array | null = null;
  /** Rows of `sorted` (or natural order) that pass the filter, in that order; null: no filter. */
  private filtered: Uint32Array | null = null;
  private filteredCount = 0;
  /** Rows that arrived after the last sort, shown after the sorted ones until the next sort. */
  private sortedUpTo = 0;
  private filterUpTo = 0;
  private filterToken = 0;
  filtering = false;

  constructor(private readonly store: ResultStore) {}

  reset(): void {
    this.sort = null;
    this.filterText = '';
    this.sorted = null;
    this.filtered = null;
    this.filteredCount = 0;
    this.sortedUpTo = 0;
    this.filterUpTo = 0;
    this.filterToken++;
    this.filtering = false;
  }

  get length(): number {
    if (this.filtered) return this.filteredCount;
    return this.store.rowCount;
  }

  /** Data row shown at view position v. */
  rowAt(v: number): number {
    if (this.filtered) return this.filtered[v];
    return this.baseAt(v);
  }

  private baseAt(v: number): number {
    if (this.sorted && v < this.sortedUpTo) return this.sorted[v];
    return v;
  }

  get isSortStale(): boolean {
    return !!this.sort && this.sortedUpTo < this.store.rowCount;
  }

  /** Sorts every loaded row by a column (index array only). Returns the time taken in ms. */
  applySort(sort: SortState | null): number {
    const t0 = performance.now();
    this.sort = sort;
    const n = this.store.rowCount;
    if (!sort) {
      this.sorted = null;
      this.sortedUpTo = 0;
    } else {
      const c = sort.column;
      const keys = buildSortKeys(this.store.fields[c], this.store.formatters[c], this.store.columns[c]);
      const rows = new Uint32Array(n);
      for (let i = 0; i < n; i++) rows[i] = i;
      rows.sort(rowComparator(keys, sort.descending));
      this.sorted = rows;
      this.sortedUpTo = n;
    }
    // The filtered list follows the new order; it refills in the background and reports progress as usual.
    if (this.filtered) void this.restartFilter();
    return performance.now() - t0;
  }

  /** Starts (or clears) the quick filter; resolves when the whole loaded result has been scanned. */
  setFilter(text: string, columns: readonly number[], onProgress: () => void): Promise<void> {
    this.filterText = text;
    this.filterColumns = columns.slice();
    if (!text) {
      this.filtered = null;
      this.filteredCount = 0;
      this.filterToken++;
      this.filtering = false;
      return Promise.resolve();
    }
    return this.restartFilter(onProgress);
  }

  private filterColumns: number[] = [];
  private onFilterProgress: () => void = () => undefined;

  private restartFilter(onProgress?: () => void): Promise<void> {
    if (onProgress) this.onFilterProgress = onProgress;
    this.filtered = new Uint32Array(Math.max(16, this.store.rowCount));
    this.filteredCount = 0;
    this.filterUpTo = 0;
    return this.continueFilter();
  }

  /** Rows appended to the result: extend the filter scan over them. */
  rowsAppended(): Promise<void> {
    if (!this.filtered || this.filtering) return Promise.resolve();
    return this.continueFilter();
  }

  private continueFilter(): Promise<void> {
    const token = ++this.filterToken;
    this.filtering = true;
    const matchers = buildMatchers(this.store, this.filterColumns, this.filterText);
    const store = this.store;
    return new Promise((resolve) => {
      const step = () => {
        if (token !== this.filterToken) return resolve();
        const n = store.rowCount;
        const end = Math.min(n, this.filterUpTo + FILTER_SLICE);
        for (let v = this.filterUpTo; v < end; v++) {
          const row = this.baseAt(v);
          for (const m of matchers) {
            if (m(row)) {
              this.pushFiltered(row);
              break;
            }
          }
        }
        this.filterUpTo = end;
        this.onFilterProgress();
        if (end < store.rowCount) {
          setTimeout(step, 0);
        } else {
          this.filtering = false;
          resolve();
        }
      };
      step();
    });
  }

  get filterProgress(): number {
    return this.store.rowCount === 0 ? 1 : this.filterUpTo / this.store.rowCount;
  }

  private pushFiltered(row: number): void {
    let f = this.filtered!;
    if (this.filteredCount === f.length) {
      const g = new Uint32Array(f.length * 2);
      g.set(f);
      f = this.filtered = g;
    }
    f[this.filteredCount++] = row;
  }
}
