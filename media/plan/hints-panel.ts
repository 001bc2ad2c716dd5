// The list of hints for the shown section. Each hint is a button that selects its first node; hints about
// several nodes (the shuffle count) get one small button per node.

import type { PlanHint } from '../../src/plan/hints';
import { clear, h } from './dom';

export interface HintsEvents {
  onSelectNode(nodeId: number): void;
  nodeTitle(nodeId: number): string | undefined;
}

export class HintsPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly summary: HTMLElement;

  constructor(private readonly events: HintsEvents) {
    this.summary = h('summary', {}, 'Hints');
    this.list = h('ul', { class: 'hints', 'aria-label': 'Hints' });
    this.element = h('details', { class: 'hints-panel', open: true }, this.summary, this.list);
  }

  show(hints: readonly PlanHint[]): void {
    clear(this.list);
    const warnings = hints.filter((x) => x.severity === 'warning').length;
    this.summary.textContent = hints.length === 0 ? 'Hints' : `Hints (${hints.length}${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''})`;
    if (hints.length === 0) {
      this.list.append(h('li', { class: 'muted' }, 'No known expensive patterns in this section.'));
      return;
    }
    for (const hint of hints) {
      const main = h('button', { type: 'button', class: `hint hint-${hint.severity}`, 'data-rule': hint.rule, 'data-node-id': hint.nodeIds[0] },
        h('span', { class: 'hint-icon', 'aria-hidden': 'true' }, hint.severity === 'warning' ? '⚠' : 'ℹ'),
        h('span', { class: 'hint-title' }, hint.title));
      main.addEventListener('click', () => { if (hint.nodeIds.length > 0) this.events.onSelectNode(hint.nodeIds[0]); });
      const item = h('li', {}, main, h('p', { class: 'hint-detail' }, hint.detail));
      if (hint.nodeIds.length > 1) {
        const nodes = h('div', { class: 'hint-nodes' });
        for (const id of hint.nodeIds) {
          const b = h('button', { type: 'button', class: 'chip-button', 'data-node-id': id }, this.events.nodeTitle(id) ?? `node ${id}`);
          b.addEventListener('click', () => this.events.onSelectNode(id));
          nodes.append(b);
        }
        item.append(nodes);
      }
      this.list.append(item);
    }
  }
}
