// The plan visualizer's page: holds what the host sent last, which section and view are shown, the
// selection and the search, and keeps the toolbar, the two drawings, the hints and the details in step.
// Only the visible view is drawn; the others are drawn when first shown.

import type { ExplainMode } from '../../src/connect/explain-mode';
import type { PlanSection } from '../../src/plan/model';
import { planHints } from '../../src/plan/hints';
import { sectionNodes } from '../../src/plan/section-walk';
import type { HostToPlan, PlanShow, PlanViewKind } from '../../src/protocol/plan';
import type { HostBridge } from './bridge';
import { ColumnTypes } from './column-types';
import { DetailsPanel } from './details-panel';
import { buildDisplayTree, type DisplayTree } from './display-tree';
import { clear, h } from './dom';
import { GraphView } from './graph-view';
import { computeHeat, type Heat } from './heat';
import { HintsPanel } from './hints-panel';
import { searchNodes, stepMatch } from './search';
import { Toolbar } from './toolbar';
import { TreeView } from './tree-view';

interface SavedState {
  view?: PlanViewKind;
  /** The last plan drawn: VS Code keeps it with the tab, and gives it back after a window reload. */
  snapshot?: PlanShow;
}

/** Past this size (in JSON characters) a plan is not kept for a reload: the state is written on every change. */
const MAX_SNAPSHOT_CHARS = 4_000_000;

export class PlanApp {
  private show: PlanShow | undefined;
  private sectionIndex = 0;
  private view: PlanViewKind = 'graph';
  private tree: DisplayTree | undefined;
  private heat: Heat = { basis: 'none', level: new Map(), hottest: [] };
  private types: ColumnTypes | undefined;
  private selected: string | undefined;
  private query = '';
  private matches: number[] = [];
  private drawn = new Set<PlanViewKind>();

  private readonly toolbar: Toolbar;
  private readonly status: HTMLElement;
  private readonly restoredBar: HTMLElement;
  private readonly main: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly graph: GraphView;
  private readonly treeView: TreeView;
  private readonly text: HTMLPreElement;
  private readonly hints: HintsPanel;
  private readonly details: DetailsPanel;

  constructor(root: HTMLElement, private readonly bridge: HostBridge) {
    const saved = (bridge.state ?? {}) as SavedState;
    if (saved.view === 'graph' || saved.view === 'tree' || saved.view === 'text') this.view = saved.view;
    this.toolbar = new Toolbar({
      onSection: (i) => this.setSection(i),
      onMode: (m) => this.requestMode(m),
      onView: (v) => this.setView(v),
      onSearch: (q) => this.search(q),
      onStep: (d) => this.step(d),
      onCopy: () => this.copy(this.show?.document.raw ?? '', 'plan'),
      onOpenText: () => this.openText(),
      onFit: () => this.graph.fit(),
      onZoomIn: () => this.graph.zoomBy(1.25),
      onZoomOut: () => this.graph.zoomBy(0.8),
      onZoomReset: () => this.graph.resetZoom(),
    });
    const select = (key: string) => this.select(key, { reveal: false, focus: false });
    const nodeTitle = (id: number) => {
      const n = this.tree?.byNodeId.get(id)?.node;
      return n ? `${n.name}${n.operatorId !== undefined ? ` (${n.operatorId})` : ''}` : undefined;
    };
    const selectNode = (id: number) => this.selectNode(id);
    this.graph = new GraphView({ onSelect: select, onZoom: (k) => this.toolbar.setZoom(k) });
    this.treeView = new TreeView({ onSelect: select });
    this.text = h('pre', { class: 'text-view', tabindex: 0, 'aria-label': 'Plan text' });
    this.empty = h('p', { class: 'placeholder' });
    this.hints = new HintsPanel({ onSelectNode: selectNode, nodeTitle });
    this.details = new DetailsPanel({ onSelectNode: selectNode, nodeTitle, onCopy: (t) => this.copy(t, 'node') });
    this.status = h('div', { class: 'status', role: 'status' });
    const again = h('button', { type: 'button', class: 'rerun' }, 'Explain again');
    again.addEventListener('click', () => this.rerun(again));
    this.restoredBar = h('div', { class: 'restored', hidden: true },
      h('span', {}, 'Restored as it was before the window reloaded. '), again);
    this.main = h('main', { id: 'plan-main', class: 'main', role: 'tabpanel' },
      this.graph.element, this.treeView.element, this.text, this.empty);
    clear(root);
    root.append(this.toolbar.element, this.restoredBar, this.status, h('div', { class: 'body' }, this.main,
      h('aside', { class: 'side' }, this.hints.element, this.details.element)));
    root.setAttribute('aria-busy', 'false');
    document.addEventListener('keydown', (e) => this.onGlobalKey(e));
  }

  handle(m: HostToPlan): void {
    switch (m.type) {
      case 'plan/show': return this.onShow(m);
      case 'plan/loading':
        if (this.show && m.planKey !== this.show.planKey) return;
        this.toolbar.setLoading(true);
        this.toolbar.setMode(m.mode);
        this.setStatus(`Loading the ${m.mode} plan…`, 'info');
        return;
      case 'plan/error':
        if (this.show && m.planKey !== this.show.planKey) return;
        this.toolbar.setLoading(false);
        if (this.show) this.toolbar.setMode(this.show.mode);
        this.setStatus(`Could not get the ${m.mode} plan: ${m.message}`, 'error');
        return;
      case 'response':
        return;
    }
  }

  private onShow(m: PlanShow): void {
    const start = performance.now();
    const sameQuery = this.show?.planKey === m.planKey;
    // Node ids come from one parse: only the same text (metrics arriving for the shown mode) keeps them.
    const sameText = sameQuery && this.show?.mode === m.mode && this.show.document.raw === m.document.raw;
    const previousKind = this.show?.document.sections[this.sectionIndex]?.kind;
    this.show = m;
    this.restoredBar.hidden = m.restored !== true;
    this.saveState();
    this.types = new ColumnTypes(m.document, m.schema);
    this.sectionIndex = pickSection(m.document.sections, sameQuery ? previousKind : undefined);
    if (!sameText) this.selected = undefined;
    this.setStatus('', 'info');
    this.prepareSection(start);
  }

  private prepareSection(start: number): void {
    const show = this.show;
    if (!show) return;
    const section = show.document.sections[this.sectionIndex];
    this.tree = section ? buildDisplayTree(section) : undefined;
    const nodes = section ? sectionNodes(section) : [];
    this.heat = computeHeat(nodes);
    this.hints.show(section ? planHints(section) : []);
    this.toolbar.update(show, this.sectionIndex, this.view, false);
    if (section?.error) this.setStatus(section.error, 'error');
    else if (show.executed) this.setStatus(executedStatus(show, section, this.heat), 'info');
    if (this.selected && !this.tree?.byKey.has(this.selected)) this.selected = undefined;
    this.drawn.clear();
    const timing = this.drawActive();
    this.search(this.query);
    this.restoreSelection();
    this.reportRendered(start, timing.layoutMs);
  }

  private drawActive(): { layoutMs: number } {
    const tree = this.tree;
    const hasTree = !!tree && tree.planNodes.length + tree.root.children.length > 0;
    this.graph.element.hidden = this.view !== 'graph' || !hasTree;
    this.treeView.element.hidden = this.view !== 'tree' || !hasTree;
    this.text.hidden = this.view !== 'text';
    this.empty.hidden = this.view === 'text' || hasTree;
    this.empty.textContent = 'This section has no plan tree. The Text tab shows it as printed.';
    let layoutMs = 0;
    if (this.view === 'text') {
      if (!this.drawn.has('text')) this.text.textContent = this.show?.document.raw ?? '';
      this.drawn.add('text');
      return { layoutMs };
    }
    if (!tree || !hasTree || this.drawn.has(this.view)) {
      if (this.view === 'graph') this.graph.shown();
      return { layoutMs };
    }
    if (this.view === 'graph') layoutMs = this.graph.render(tree, this.heat, this.show?.stageTimes).layoutMs;
    else if (this.view === 'tree') this.treeView.render(tree, this.heat);
    this.drawn.add(this.view);
    const keys = this.matchKeys();
    this.graph.setMatches(keys);
    this.treeView.setMatches(keys);
    return { layoutMs };
  }

  private reportRendered(start: number, layoutMs: number): void {
    const show = this.show;
    if (!show) return;
    const nodeCount = this.tree?.planNodes.length ?? 0;
    const view = this.view;
    // After the next frame: the time until the drawing is on screen, not just in the DOM.
    requestAnimationFrame(() => setTimeout(() => {
      this.bridge.post({
        type: 'plan/rendered', planKey: show.planKey, mode: show.mode, view, nodeCount,
        layoutMs, drawMs: performance.now() - start - layoutMs,
      });
    }, 0));
  }

  private setSection(i: number): void {
    if (!this.show || i === this.sectionIndex) return;
    this.sectionIndex = i;
    this.selected = undefined;
    this.prepareSection(performance.now());
  }

  private setView(view: PlanViewKind): void {
    if (view === this.view) return;
    this.view = view;
    this.saveState();
    this.toolbar.setView(view);
    const start = performance.now();
    const { layoutMs } = this.drawActive();
    this.restoreSelection();
    if (view === 'graph') this.graph.focus();
    else if (view === 'tree') this.treeView.focus();
    this.reportRendered(start, layoutMs);
  }

  private requestMode(mode: ExplainMode): void {
    const show = this.show;
    if (!show || mode === show.mode) return;
    this.toolbar.setLoading(true);
    this.setStatus(`Loading the ${mode} plan…`, 'info');
    this.bridge.request('plan/setMode', { planKey: show.planKey, mode }).then((r) => {
      if (r.accepted) return;
      this.toolbar.setLoading(false);
      this.toolbar.setMode(show.mode);
      this.setStatus(`The ${mode} plan is not available for this query.`, 'error');
    }, (e: unknown) => {
      this.toolbar.setLoading(false);
      this.toolbar.setMode(show.mode);
      this.setStatus(`Could not switch to ${mode}: ${e instanceof Error ? e.message : String(e)}`, 'error');
    });
  }

  private select(key: string | undefined, opts: { reveal: boolean; focus: boolean }): void {
    this.selected = key;
    const d = key ? this.tree?.byKey.get(key) : undefined;
    this.graph.select(key, opts.reveal || this.view !== 'graph');
    this.treeView.select(key, opts.focus && this.view === 'tree');
    this.details.show(d, this.types);
    this.updateCount();
  }

  private selectNode(id: number): void {
    const d = this.tree?.byNodeId.get(id);
    if (d) this.select(d.key, { reveal: true, focus: false });
  }

  private restoreSelection(): void {
    if (this.selected) {
      this.select(this.selected, { reveal: true, focus: false });
      return;
    }
    this.graph.select(undefined, false);
    this.treeView.select(undefined, false);
    this.details.empty();
    this.updateCount();
  }

  private search(query: string): void {
    this.query = query;
    this.matches = this.tree ? searchNodes(this.tree.planNodes.map((d) => d.node!), query) : [];
    const keys = this.matchKeys();
    this.graph.setMatches(keys);
    this.treeView.setMatches(keys);
    this.updateCount();
  }

  private matchKeys(): Set<string> {
    return new Set(this.matches.map((id) => `n${id}`));
  }

  private step(direction: 1 | -1): void {
    const current = this.tree?.byKey.get(this.selected ?? '')?.node?.id;
    const next = stepMatch(this.matches, current, direction);
    if (next !== undefined) this.selectNode(next);
  }

  private updateCount(): void {
    const current = this.tree?.byKey.get(this.selected ?? '')?.node?.id;
    const at = current === undefined ? -1 : this.matches.indexOf(current);
    this.toolbar.setCount(at >= 0 ? at + 1 : undefined, this.matches.length, this.query);
  }

  private copy(text: string, what: 'plan' | 'node'): void {
    this.bridge.request('clipboard/write', { text, what }).then(
      () => this.setStatus(what === 'plan' ? 'Plan text copied.' : 'Node text copied.', 'info'),
      (e: unknown) => this.setStatus(`Could not copy: ${e instanceof Error ? e.message : String(e)}`, 'error'),
    );
  }

  private openText(): void {
    const show = this.show;
    if (!show) return;
    this.bridge.request('plan/openText', { planKey: show.planKey, mode: show.mode }).catch((e: unknown) => {
      this.setStatus(`Could not open the text: ${e instanceof Error ? e.message : String(e)}`, 'error');
    });
  }

  private saveState(): void {
    const state: SavedState = { view: this.view };
    // A restored plan stays restorable; a plan too large to keep is left out (its tab then closes on reload).
    if (this.show && JSON.stringify(this.show).length <= MAX_SNAPSHOT_CHARS) state.snapshot = this.show;
    this.bridge.state = state;
  }

  private rerun(button: HTMLButtonElement): void {
    const show = this.show;
    if (!show) return;
    button.disabled = true;
    this.bridge.request('plan/rerun', { planKey: show.planKey }).then(
      () => this.setStatus('Explaining again…', 'info'),
      (e: unknown) => {
        button.disabled = false;
        this.setStatus(`Could not explain again: ${e instanceof Error ? e.message : String(e)}`, 'error');
      },
    );
  }

  private setStatus(text: string, level: 'info' | 'error'): void {
    this.status.textContent = text;
    this.status.className = `status ${level}`;
    this.status.hidden = text === '';
  }

  private onGlobalKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA');
    if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.toolbar.search.focus();
      this.toolbar.search.select();
      return;
    }
    if (!typing && this.view === 'graph' && !this.graph.element.hidden && this.graph.handleZoomKey(e)) e.preventDefault();
  }
}

/** What the status line says about an executed plan: which plan this is, and where the other one is. */
function executedStatus(show: PlanShow, section: PlanSection | undefined, heat: Heat): string {
  const metrics = heat.basis !== 'none' ? ` Shown with metrics from the run; heat by ${heat.basis}.` : '';
  if (section?.adaptiveRole === 'final') {
    const how = show.finalPlan === 'changed' ? 'AQE changed the plan at run time' : 'AQE kept the initial operators and ran them as query stages';
    return `Final plan the run used (${how}); the initial plan is under Section.${metrics}`;
  }
  if (section?.adaptiveRole === 'initial') return `Initial plan, before adaptive execution; the final plan the run used is under Section.${metrics}`;
  if (show.finalPlan === 'unavailable') return `Initial plan: this server does not send the shape of the final adaptive plan (Spark 3.5).${metrics}`;
  return `Executed.${metrics}`;
}

/** The section to show: the same kind as before, else the final plan a run used, else the physical plan, else the first with a tree. */
export function pickSection(sections: readonly PlanSection[], previousKind?: string): number {
  const final = sections.findIndex((s) => s.adaptiveRole === 'final' && s.root);
  if (final >= 0 && (previousKind === undefined || previousKind === 'physical')) return final;
  if (previousKind) {
    const same = sections.findIndex((s) => s.kind === previousKind && s.root);
    if (same >= 0) return same;
  }
  const physical = sections.findIndex((s) => s.kind === 'physical' && s.root);
  if (physical >= 0) return physical;
  const withTree = sections.findIndex((s) => s.root || (s.codegenSubtrees?.length ?? 0) > 0);
  return withTree >= 0 ? withTree : 0;
}
