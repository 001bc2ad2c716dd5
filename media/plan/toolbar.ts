// The header bar: title, section and mode pickers, Graph/Tree/Text tabs, node search with next/previous,
// the zoom buttons (out, 100 %, in, fit) and the copy / open-as-text actions.

import type { ExplainMode } from '../../src/connect/explain-mode';
import type { PlanSection } from '../../src/plan/model';
import type { PlanShow, PlanViewKind } from '../../src/protocol/plan';
import { clear, h } from './dom';

export interface ToolbarEvents {
  onSection(index: number): void;
  onMode(mode: ExplainMode): void;
  onView(view: PlanViewKind): void;
  onSearch(query: string): void;
  onStep(direction: 1 | -1): void;
  onCopy(): void;
  onOpenText(): void;
  onFit(): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onZoomReset(): void;
}

const SECTION_LABELS: Record<string, string> = {
  parsed: 'Parsed logical plan',
  analyzed: 'Analyzed logical plan',
  optimized: 'Optimized logical plan',
  physical: 'Physical plan',
  codegen: 'Codegen subtrees',
};

const VIEWS: Array<[PlanViewKind, string]> = [['graph', 'Graph'], ['tree', 'Tree'], ['text', 'Text']];

export function sectionLabel(s: PlanSection): string {
  if (s.adaptiveRole === 'final') return 'Final plan (as run)';
  if (s.adaptiveRole === 'initial') return 'Initial physical plan';
  return SECTION_LABELS[s.kind] ?? (s.title || 'Text');
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly title: HTMLElement;
  private readonly sections: HTMLSelectElement;
  private readonly modes: HTMLSelectElement;
  private readonly tabs = new Map<PlanViewKind, HTMLButtonElement>();
  private readonly count: HTMLElement;
  private readonly fitButton: HTMLButtonElement;
  private readonly zoomButtons: HTMLButtonElement[];
  private readonly zoomLabel: HTMLButtonElement;

  constructor(events: ToolbarEvents) {
    this.title = h('span', { class: 'title' });
    this.sections = h('select', { 'aria-label': 'Plan section', class: 'section-select' });
    this.sections.addEventListener('change', () => events.onSection(Number(this.sections.value)));
    this.modes = h('select', { 'aria-label': 'Explain mode', class: 'mode-select' });
    this.modes.addEventListener('change', () => events.onMode(this.modes.value as ExplainMode));
    const tablist = h('div', { role: 'tablist', 'aria-label': 'View', class: 'tabs' });
    for (const [view, label] of VIEWS) {
      const tab = h('button', { type: 'button', role: 'tab', 'aria-selected': 'false', 'data-view': view, 'aria-controls': 'plan-main' }, label);
      tab.addEventListener('click', () => events.onView(view));
      this.tabs.set(view, tab);
      tablist.append(tab);
    }
    this.search = h('input', { type: 'search', placeholder: 'Search nodes ( / )', 'aria-label': 'Search nodes', class: 'search' });
    this.search.addEventListener('input', () => events.onSearch(this.search.value));
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        events.onStep(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        this.search.value = '';
        events.onSearch('');
      }
    });
    this.count = h('span', { class: 'search-count', 'aria-live': 'polite' });
    const prev = button('↑', 'Previous match (Shift+Enter)', () => events.onStep(-1));
    const next = button('↓', 'Next match (Enter)', () => events.onStep(1));
    this.fitButton = button('Fit', 'Fit the plan to the view, at a readable size (F)', () => events.onFit());
    const zoomOut = button('\u2212', 'Zoom out (-)', () => events.onZoomOut());
    const zoomIn = button('+', 'Zoom in (+)', () => events.onZoomIn());
    this.zoomLabel = button('100%', 'Reset the zoom to 100% (0)', () => events.onZoomReset());
    this.zoomLabel.classList.add('zoom-level');
    zoomOut.classList.add('zoom-out');
    zoomIn.classList.add('zoom-in');
    this.fitButton.classList.add('zoom-fit');
    this.zoomButtons = [zoomOut, this.zoomLabel, zoomIn, this.fitButton];
    const copy = button('Copy', 'Copy the plan text', () => events.onCopy());
    const open = button('Open text', 'Open the plan text in an editor', () => events.onOpenText());
    this.element = h('header', { class: 'toolbar' },
      this.title,
      h('label', { class: 'field' }, 'Section ', this.sections),
      h('label', { class: 'field' }, 'Mode ', this.modes),
      tablist,
      h('div', { class: 'search-box' }, this.search, prev, next, this.count),
      h('div', { class: 'zoom', role: 'group', 'aria-label': 'Zoom' }, ...this.zoomButtons),
      h('div', { class: 'actions' }, copy, open));
  }

  update(show: PlanShow, sectionIndex: number, view: PlanViewKind, loading: boolean): void {
    this.title.textContent = show.title;
    if (show.statement) this.title.title = show.statement;
    clear(this.sections);
    show.document.sections.forEach((s, i) => {
      this.sections.append(h('option', { value: i, selected: i === sectionIndex }, sectionLabel(s)));
    });
    this.sections.disabled = show.document.sections.length < 2;
    clear(this.modes);
    for (const m of show.modes) this.modes.append(h('option', { value: m, selected: m === show.mode }, m));
    this.modes.value = show.mode;
    this.modes.disabled = loading || show.modes.length < 2;
    this.setView(view);
  }

  setLoading(loading: boolean): void {
    this.modes.disabled = loading || this.modes.options.length < 2;
  }

  setMode(mode: ExplainMode): void {
    this.modes.value = mode;
  }

  setView(view: PlanViewKind): void {
    for (const [v, tab] of this.tabs) tab.setAttribute('aria-selected', String(v === view));
    for (const b of this.zoomButtons) b.disabled = view !== 'graph';
  }

  setZoom(k: number): void {
    this.zoomLabel.textContent = `${Math.round(k * 100)}%`;
  }

  setCount(position: number | undefined, total: number, query: string): void {
    this.count.textContent = query.trim() === '' ? '' : total === 0 ? 'no match' : `${position ?? 0} of ${total}`;
  }
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', title, 'aria-label': title }, label);
  b.addEventListener('click', onClick);
  return b;
}
