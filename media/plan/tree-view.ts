// The indented tree view, following the WAI-ARIA tree pattern: one flat list of treeitems with
// aria-level (flat rather than nested, so a 1,000-deep plan is not 1,000 nested boxes), a roving tabindex,
// Up/Down between visible rows, Right/Left to expand or go to the first child / collapse or go to the
// parent, Enter to expand or collapse, Home/End. Selection follows focus.

import type { DisplayNode, DisplayTree } from './display-tree';
import { preOrder } from './display-tree';
import { clear, clip, h } from './dom';
import { metricsCaption, nodeCaption } from './graph-view';
import type { Heat } from './heat';

export interface TreeViewEvents {
  onSelect(key: string): void;
}

export class TreeView {
  readonly element: HTMLDivElement;
  private items: DisplayNode[] = [];
  private rows: HTMLDivElement[] = [];
  private readonly index = new Map<string, number>();
  /** Index just past each item's last descendant. */
  private ends: number[] = [];
  private readonly collapsed = new Set<string>();
  private active = -1;
  private matches = new Set<string>();

  constructor(private readonly events: TreeViewEvents) {
    this.element = h('div', { class: 'tree-view', role: 'tree', 'aria-label': 'Plan tree' });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    // Tooltips (the node's whole text) are set on first hover rather than on a thousand rows up front.
    this.element.addEventListener('pointerover', (e) => {
      const row = (e.target as Element).closest?.('[role=treeitem]');
      if (!row || row.hasAttribute('title')) return;
      const d = this.items[this.index.get(row.getAttribute('data-key') ?? '') ?? -1];
      if (d) row.setAttribute('title', d.node ? clip(d.node.label, 2000) : d.subtitle ?? d.title);
    });
    this.element.addEventListener('click', (e) => {
      const row = (e.target as Element).closest?.('[role=treeitem]');
      const key = row?.getAttribute('data-key');
      if (!key) return;
      // The twisty is the row's ::before, drawn in the padding left of the name.
      const name = row?.querySelector('.name');
      if (e instanceof MouseEvent && name && e.clientX < name.getBoundingClientRect().left - 2) this.toggle(key);
      this.events.onSelect(key);
    });
  }

  render(tree: DisplayTree, heat: Heat): void {
    this.items = preOrder(tree.root);
    this.index.clear();
    this.collapsed.clear();
    this.active = -1;
    this.items.forEach((d, i) => this.index.set(d.key, i));
    this.ends = new Array<number>(this.items.length);
    // Descendants are contiguous in pre-order: an item's range ends where the next item is no deeper.
    const open: number[] = [];
    this.items.forEach((d, i) => {
      while (open.length > 0 && this.items[open[open.length - 1]].depth >= d.depth) this.ends[open.pop()!] = i;
      open.push(i);
    });
    for (const i of open) this.ends[i] = this.items.length;
    const frag = document.createDocumentFragment();
    this.rows = this.items.map((d) => {
      const row = this.row(d, heat);
      frag.append(row);
      return row;
    });
    clear(this.element);
    this.element.append(frag);
    if (this.rows.length > 0) this.rows[0].tabIndex = 0;
    this.applyMatches();
  }

  select(key: string | undefined, focus: boolean): void {
    if (this.active >= 0) {
      const prev = this.rows[this.active];
      prev.setAttribute('aria-selected', 'false');
      prev.tabIndex = -1;
    }
    const i = key === undefined ? -1 : this.index.get(key) ?? -1;
    this.active = i;
    if (i < 0) {
      if (this.rows[0]) this.rows[0].tabIndex = 0;
      return;
    }
    this.revealItem(i);
    const row = this.rows[i];
    row.setAttribute('aria-selected', 'true');
    row.tabIndex = 0;
    if (focus) row.focus();
    row.scrollIntoView({ block: 'nearest' });
  }

  setMatches(keys: ReadonlySet<string>): void {
    for (const k of this.matches) this.rowOf(k)?.classList.remove('match');
    this.matches = new Set(keys);
    this.applyMatches();
  }

  focus(): void {
    (this.rows[this.active] ?? this.rows[0])?.focus();
  }

  private rowOf(key: string): HTMLDivElement | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.rows[i];
  }

  private applyMatches(): void {
    for (const k of this.matches) this.rowOf(k)?.classList.add('match');
  }

  private row(d: DisplayNode, heat: Heat): HTMLDivElement {
    const n = d.node;
    const caption = nodeCaption(d);
    const level = n ? heat.level.get(n.id) : undefined;
    const stage = n?.codegenStage ?? n?.metrics?.codegenStage;
    const rank = n ? heat.hottest.indexOf(n.id) : -1;
    // Twisty and kind dot are CSS pseudo-elements: a row is one element per visible piece of text.
    const row = h('div', {
      class: `row kind-${d.kind}${d.inner ? ' inner' : ''}${level ? ` heat-${level}` : ''}${rank >= 0 ? ' hot' : ''}`,
      role: 'treeitem',
      'aria-level': d.depth,
      'aria-selected': 'false',
      'aria-expanded': d.children.length > 0 ? 'true' : undefined,
      'data-key': d.key,
      'data-node-id': n?.id,
      tabindex: -1,
    },
    h('span', { class: 'name' }, caption.name),
    stage !== undefined ? h('span', { class: 'stage', title: `WholeStageCodegen (${stage})` }, `*${stage}`) : undefined,
    // One line with an ellipsis shows little of a long argument list; the details panel has all of it.
    caption.args ? h('span', { class: 'args' }, clip(caption.args, 120)) : undefined,
    n?.metrics ? h('span', { class: 'metrics' }, metricsCaption(d)) : undefined,
    // The hottest operators carry their rank, as in the graph, so the tree shows where the time went too.
    rank >= 0 ? h('span', { class: 'hot-rank', title: `hottest operator #${rank + 1} (${heat.basis})` }, `#${rank + 1}`) : undefined);
    // Indentation depends on depth, which CSS alone cannot read; CSSOM properties are allowed by the CSP.
    row.style.setProperty('--depth', String(d.depth - 1));
    return row;
  }

  private visible(i: number): boolean {
    return !this.rows[i].hidden;
  }

  private toggle(key: string, open?: boolean): void {
    const i = this.index.get(key);
    if (i === undefined || this.items[i].children.length === 0) return;
    const willOpen = open ?? this.collapsed.has(key);
    if (willOpen) this.collapsed.delete(key);
    else this.collapsed.add(key);
    this.rows[i].setAttribute('aria-expanded', String(willOpen));
    this.refreshVisibility(i);
  }

  // Rows below `i` are hidden when any ancestor up to and including `i` is collapsed.
  private refreshVisibility(i: number): void {
    const end = this.ends[i];
    let hideBelowDepth = Infinity;
    if (this.collapsed.has(this.items[i].key)) hideBelowDepth = this.items[i].depth;
    for (let j = i + 1; j < end; j++) {
      const d = this.items[j];
      if (d.depth <= hideBelowDepth) hideBelowDepth = Infinity;
      const hidden = hideBelowDepth !== Infinity;
      this.rows[j].hidden = hidden;
      if (!hidden && this.collapsed.has(d.key)) hideBelowDepth = d.depth;
    }
  }

  private revealItem(i: number): void {
    for (let p = this.items[i].parent; p && p.key !== 'root'; p = p.parent) {
      if (this.collapsed.has(p.key)) this.toggle(p.key, true);
    }
  }

  private move(to: number): void {
    if (to < 0 || to >= this.items.length) return;
    this.events.onSelect(this.items[to].key);
    this.rows[to].focus();
  }

  private onKey(e: KeyboardEvent): void {
    const i = this.active;
    const cur = this.items[i];
    switch (e.key) {
      case 'ArrowDown': {
        let j = i + 1;
        while (j < this.items.length && !this.visible(j)) j++;
        this.move(j);
        break;
      }
      case 'ArrowUp': {
        let j = i - 1;
        while (j >= 0 && !this.visible(j)) j--;
        this.move(j);
        break;
      }
      case 'ArrowRight':
        if (!cur || cur.children.length === 0) break;
        if (this.collapsed.has(cur.key)) this.toggle(cur.key, true);
        else this.move(i + 1);
        break;
      case 'ArrowLeft':
        if (!cur) break;
        if (cur.children.length > 0 && !this.collapsed.has(cur.key)) this.toggle(cur.key, false);
        else if (cur.parent && cur.parent.key !== 'root') this.move(this.index.get(cur.parent.key) ?? -1);
        break;
      case 'Enter':
        if (cur) this.toggle(cur.key);
        break;
      case 'Home':
        this.move(0);
        break;
      case 'End': {
        let j = this.items.length - 1;
        while (j > 0 && !this.visible(j)) j--;
        this.move(j);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  }
}
