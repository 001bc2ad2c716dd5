// The side panel for the selected node: its full text and arguments, output columns with the types we can
// know, the formatted mode's detail block, cost-mode statistics, execution metrics, links to the nodes it
// reuses or hosts, and any lines the parser kept raw. All text goes in as text.

import type { NodeMetricValue, PlanNode } from '../../src/plan/model';
import { formatBytes, formatDuration, formatInteger } from '../../src/plan/number-format';
import { metricNumber } from '../../src/plan/metric-summary';
import type { ColumnTypes } from './column-types';
import type { DisplayNode } from './display-tree';
import { clear, h } from './dom';

export interface DetailsEvents {
  onSelectNode(nodeId: number): void;
  onCopy(text: string): void;
  nodeTitle(nodeId: number): string | undefined;
}

export class DetailsPanel {
  readonly element: HTMLElement;

  constructor(private readonly events: DetailsEvents) {
    this.element = h('section', { class: 'details', 'aria-label': 'Selected node', 'aria-live': 'polite' });
    this.empty();
  }

  empty(): void {
    clear(this.element);
    this.element.append(h('p', { class: 'muted' }, 'Select a node to see its details.'));
  }

  show(d: DisplayNode | undefined, types: ColumnTypes | undefined): void {
    clear(this.element);
    if (!d) return this.empty();
    const n = d.node;
    if (!n) {
      this.element.append(h('h2', {}, d.title));
      if (d.subtitle) this.element.append(h('pre', { class: 'wrap' }, d.subtitle));
      return;
    }
    const chips = h('div', { class: 'chips' }, h('span', { class: `chip kind-${d.kind}` }, d.kind));
    const stage = n.codegenStage ?? n.metrics?.codegenStage;
    if (stage !== undefined) chips.append(h('span', { class: 'chip' }, `codegen stage ${stage}`));
    if (n.operatorId !== undefined) chips.append(h('span', { class: 'chip' }, `operator (${n.operatorId})`));
    if (n.unresolved) chips.append(h('span', { class: 'chip' }, 'unresolved'));
    if (n.missingInput) chips.append(h('span', { class: 'chip warn' }, 'missing input'));
    if (d.inner) chips.append(h('span', { class: 'chip' }, 'inner plan'));
    this.element.append(h('h2', {}, n.nodeName ?? n.name), chips);

    this.section('Operator', h('pre', { class: 'wrap' }, n.label));
    if (n.args && n.args !== n.label) this.section('Arguments', h('pre', { class: 'wrap' }, n.args));
    if (n.output && n.output.length > 0) this.section(`Output (${n.output.length})`, this.columns(n, types));
    if (n.details && n.details.length > 0) {
      const dl = h('dl', { class: 'fields' });
      for (const f of n.details) {
        dl.append(h('dt', {}, f.count !== undefined ? `${f.key} [${f.count}]` : f.key), h('dd', {}, h('pre', { class: 'wrap' }, f.value)));
      }
      this.section(n.detailHeader ?? 'Details', dl);
    }
    if (n.stats) {
      const dl = h('dl', { class: 'fields' });
      if (n.stats.sizeInBytes !== undefined) dl.append(h('dt', {}, 'Size'), h('dd', {}, `${n.stats.sizeText ?? formatBytes(n.stats.sizeInBytes)}`));
      if (n.stats.rowCount !== undefined) dl.append(h('dt', {}, 'Rows'), h('dd', {}, formatInteger(n.stats.rowCount)));
      for (const [k, v] of Object.entries(n.stats.fields)) {
        if (k !== 'sizeInBytes' && k !== 'rowCount') dl.append(h('dt', {}, k), h('dd', {}, v));
      }
      this.section('Statistics (estimated)', dl);
    }
    if (n.metrics && n.metrics.values.length > 0) this.section('Metrics (executed)', this.metrics(n.metrics.values));
    if (n.links.length > 0) {
      const ul = h('ul', { class: 'links' });
      for (const l of n.links) {
        const verb = l.kind === 'reuses' ? 'Reuses' : l.kind === 'reusesSubquery' ? 'Reuses subquery' : 'Subquery';
        const btn = h('button', { class: 'link-button', type: 'button' }, `${verb}: ${this.events.nodeTitle(l.targetId) ?? `node ${l.targetId}`}`);
        btn.addEventListener('click', () => this.events.onSelectNode(l.targetId));
        ul.append(h('li', {}, btn, l.label ? h('div', { class: 'muted' }, l.label) : undefined));
      }
      this.section('Links', ul);
    }
    if (n.rawLines.length > 1) this.section('As printed', h('pre', {}, n.rawLines.join('\n')));
    const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy node text');
    copy.addEventListener('click', () => this.events.onCopy(nodeText(n)));
    this.element.append(copy);
  }

  private section(title: string, body: Node): void {
    this.element.append(h('h3', {}, title), body);
  }

  private columns(n: PlanNode, types: ColumnTypes | undefined): HTMLTableElement {
    const body = h('tbody');
    (n.output ?? []).forEach((a, i) => {
      if (a.moreFields !== undefined) {
        body.append(h('tr', {}, h('td', { colspan: 2, class: 'muted' }, `… ${a.moreFields} more fields`)));
        return;
      }
      const type = types?.typeOf(n, a, i);
      const name = a.exprId !== undefined ? `${a.name}#${a.exprId}` : a.name;
      body.append(h('tr', { title: a.expression ? `${a.expression} AS ${a.name}` : a.text },
        h('td', {}, name), h('td', { class: type ? '' : 'muted' }, type ?? '?')));
    });
    return h('table', { class: 'columns' }, h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Type'))), body);
  }

  private metrics(values: readonly NodeMetricValue[]): HTMLTableElement {
    const body = h('tbody');
    for (const v of values) body.append(h('tr', { title: v.key }, h('td', {}, v.name), h('td', { class: 'num' }, formatMetric(v))));
    return h('table', { class: 'metrics-table' }, body);
  }
}

export function formatMetric(v: NodeMetricValue): string {
  const n = metricNumber(v.value);
  if (n === undefined || n < 0) return 'n/a';
  switch (v.metricType) {
    case 'size': return formatBytes(n);
    case 'timing': return formatDuration(n);
    case 'nsTiming': return formatDuration(n / 1e6);
    case 'average': return n.toFixed(1);
    default: return formatInteger(n);
  }
}

function nodeText(n: PlanNode): string {
  const lines = [...n.rawLines];
  if (n.detailHeader) lines.push('', n.detailHeader);
  for (const f of n.details ?? []) lines.push(`${f.key}${f.count !== undefined ? ` [${f.count}]` : ''}: ${f.value}`);
  return lines.join('\n');
}
