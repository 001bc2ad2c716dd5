// The detail view: the active cell's full value (long strings with their line breaks) and, for arrays,
// maps, structs and variants, an expandable tree built from <details>/<summary> (keyboard and screen
// reader support come with the elements). Values are set with textContent only.

import type { TreeNode } from '../../src/arrow-format/renderer';
import { button, el, text } from './dom';

export interface DetailContent {
  column: string;
  sparkType: string;
  rowLabel: string;
  text: string;
  isNull: boolean;
  tree: TreeNode | null;
}

const AUTO_OPEN_DEPTH = 2;
const MAX_CHILDREN = 1000;

export class DetailPanel {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private current: DetailContent | null = null;

  constructor(parent: HTMLElement, private readonly actions: { close(): void; copy(kind: 'text' | 'json'): void }) {
    this.root = el('aside', 'detail', { role: 'region', 'aria-label': 'Value detail' });
    this.root.hidden = true;
    const head = el('div', 'detail-head');
    this.title = el('div', 'detail-title');
    head.append(this.title,
      button('Copy value', 'btn', () => this.actions.copy('text')),
      button('Copy JSON', 'btn', () => this.actions.copy('json')),
      button('✕', 'btn icon', () => this.actions.close(), 'Close detail (Escape)'));
    this.body = el('div', 'detail-body', { tabindex: '0' });
    this.root.append(head, this.body);
    parent.append(this.root);
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  get content(): DetailContent | null {
    return this.current;
  }

  show(c: DetailContent): void {
    this.current = c;
    this.root.hidden = false;
    this.title.replaceChildren(text('span', 'detail-col', c.column), text('span', 'col-type', c.sparkType),
      text('span', 'detail-row', c.rowLabel));
    this.body.replaceChildren();
    if (c.isNull) {
      this.body.append(text('div', 'null', 'NULL'));
      return;
    }
    if (c.tree?.children) {
      const tree = el('div', 'tree', { role: 'group', 'aria-label': `${c.column} value` });
      tree.append(renderNode(c.tree, 0));
      this.body.append(tree);
      this.body.append(text('pre', 'detail-text compact', c.text));
    } else {
      this.body.append(text('pre', 'detail-text', c.text));
    }
  }

  hide(): void {
    this.root.hidden = true;
    this.current = null;
  }
}

function renderNode(n: TreeNode, depth: number): HTMLElement {
  const line = (): HTMLElement[] => {
    const parts: HTMLElement[] = [text('span', 'tree-label', n.label)];
    parts.push(text('span', 'col-type', n.type));
    if (!n.children || n.isNull) parts.push(text('span', n.isNull ? 'tree-value null' : 'tree-value', n.isNull ? 'null' : n.text));
    else parts.push(text('span', 'tree-count', `${n.children.length} ${n.children.length === 1 ? 'item' : 'items'}`));
    return parts;
  };
  if (!n.children || n.isNull) {
    const leaf = el('div', 'tree-leaf');
    leaf.append(...line());
    return leaf;
  }
  const d = el('details', 'tree-node');
  d.open = depth < AUTO_OPEN_DEPTH;
  const s = el('summary');
  s.append(...line());
  d.append(s);
  const kids = el('div', 'tree-children');
  for (const child of n.children.slice(0, MAX_CHILDREN)) kids.append(renderNode(child, depth + 1));
  if (n.children.length > MAX_CHILDREN) kids.append(text('div', 'tree-more', `… ${n.children.length - MAX_CHILDREN} more`));
  d.append(kids);
  return d;
}
