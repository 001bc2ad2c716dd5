// The graph view: the plan drawn as SVG boxes (coloured by operator kind, heat from metrics), edges from
// child to parent with row counts, dashed cross-links for reuse and subqueries, codegen stages outlined.
// Pan by dragging the background or with the wheel; zoom with Ctrl+wheel, the toolbar or + / - / 0 (100 %)
// / F (fit); arrow keys move the selection. Fitting never shrinks text below READABLE_K (zoom-math.ts).

import { formatCount, formatDuration } from '../../src/plan/number-format';
import { summarizeMetrics } from '../../src/plan/metric-summary';
import type { DisplayNode, DisplayTree } from './display-tree';
import { clear, clip, h, s } from './dom';
import { layoutGraph, type GNode, type GraphLayout } from './graph-layout';
import type { Heat } from './heat';
import { READABLE_K, fitTransform, onScreen, zoomAbout, zoomTo, type Transform } from './zoom-math';

export interface GraphViewEvents {
  onSelect(key: string): void;
  /** The zoom changed (1 = 100 %). */
  onZoom?(k: number): void;
}

/** Below this zoom, text would be under ~5 px: nodes are drawn as coloured boxes only. */
const LABEL_MIN_K = 0.45;
/** Up to this many nodes, every label is created at once rather than as nodes scroll into view. */
const EAGER_LABEL_NODES = 150;

export function nodeCaption(d: DisplayNode): { name: string; args: string } {
  const n = d.node;
  if (!n) return { name: d.title, args: d.subtitle ?? '' };
  const id = n.operatorId !== undefined ? ` (${n.operatorId})` : '';
  return { name: `${n.name}${id}`, args: n.args };
}

export function metricsCaption(d: DisplayNode): string {
  const m = summarizeMetrics(d.node?.metrics);
  const parts: string[] = [];
  if (m.rows !== undefined) parts.push(`${formatCount(m.rows)} rows`);
  if (m.timeMs !== undefined && m.timeMs > 0) parts.push(formatDuration(m.timeMs));
  return parts.join(' · ');
}

export class GraphView {
  readonly element: HTMLDivElement;
  private readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private layout: GraphLayout | undefined;
  private readonly nodeEls = new Map<string, SVGGElement>();
  private selected: string | undefined;
  private matches = new Set<string>();
  private t: Transform = { x: 0, y: 0, k: 1 };
  private drag: { id: number; x: number; y: number; tx: number; ty: number } | undefined;
  /** Drawn while hidden (zero size): fit once it is shown. */
  private needsFit = false;
  private heat: Heat = { basis: 'none', level: new Map(), hottest: [] };
  /** Nodes whose text has been created. */
  private readonly labelled = new Set<string>();
  private labelFrame: number | undefined;
  private clusterEls: SVGGElement[] = [];
  private clusterLabels = false;
  /** The svg's size, read at fit and on resize rather than at every pan (reading it forces a layout). */
  private size = { width: 0, height: 0 };

  constructor(private readonly events: GraphViewEvents) {
    this.svg = s('svg', { class: 'graph', tabindex: 0, role: 'group', 'aria-label': 'Plan graph. Arrow keys move the selection; plus and minus zoom, 0 resets to 100 %, F fits.' });
    const defs = s('defs');
    for (const [id, cls] of [['arrow-link', 'arrow-link']] as const) {
      const marker = s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      marker.append(s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls }));
      defs.append(marker);
    }
    this.viewport = s('g', { class: 'viewport' });
    this.svg.append(defs, this.viewport);
    this.element = h('div', { class: 'graph-view' }, this.svg);
    this.wire();
  }

  /** Lays out and draws `tree`; returns the time each step took. */
  render(tree: DisplayTree, heat: Heat, stageTimes?: Record<number, number>): { layoutMs: number; drawMs: number } {
    const t0 = performance.now();
    const layout = layoutGraph(tree, stageTimes);
    const t1 = performance.now();
    this.layout = layout;
    this.heat = heat;
    this.nodeEls.clear();
    this.labelled.clear();
    clear(this.viewport);
    const clusters = s('g', { class: 'clusters' });
    this.clusterEls = layout.clusters.map((c) => {
      const g = s('g', { class: 'cluster' });
      g.append(s('rect', { x: c.x, y: c.y, width: c.w, height: c.h, rx: 8 }));
      clusters.append(g);
      return g;
    });
    this.clusterLabels = false;
    // All tree edges in one path and all their arrowheads in another: a thousand separate paths cost
    // more to lay out and paint than the boxes themselves.
    const curves: string[] = [];
    const heads: string[] = [];
    for (const e of layout.edges) {
      const x1 = e.child.x;
      const y1 = e.child.y;
      const x2 = e.parent.x;
      const y2 = e.parent.y + e.parent.h;
      const my = (y1 + y2) / 2;
      curves.push(`M${x1},${y1}C${x1},${my} ${x2},${my} ${x2},${y2 + 6}`);
      heads.push(`M${x2 - 4},${y2 + 7}L${x2},${y2}L${x2 + 4},${y2 + 7}Z`);
    }
    const edges = s('g', { class: 'edges' });
    edges.append(s('path', { class: 'edge', d: curves.join('') }), s('path', { class: 'edge-head', d: heads.join('') }));
    const links = s('g', { class: 'links' });
    for (const l of layout.links) {
      const x1 = l.from.x + l.from.w / 2;
      const y1 = l.from.y + l.from.h / 2;
      const x2 = l.to.x + l.to.w / 2;
      const y2 = l.to.y + l.to.h / 2;
      const bulge = 60 + Math.abs(y2 - y1) * 0.15;
      const path = s('path', {
        d: `M${x1},${y1} C${x1 + bulge},${y1} ${x2 + bulge},${y2} ${x2},${y2}`,
        class: `link link-${l.kind}`,
        'marker-end': 'url(#arrow-link)',
      });
      path.append(s('title', {}, l.label ?? (l.kind === 'reuses' ? 'reuses this exchange' : l.kind)));
      links.append(path);
    }
    const nodes = s('g', { class: 'nodes' });
    for (const g of layout.nodes) nodes.append(this.drawNode(g, heat));
    this.viewport.append(clusters, edges, links, nodes);
    this.applyMatches();
    if (this.selected) this.nodeEls.get(this.selected)?.classList.add('selected');
    this.fit();
    return { layoutMs: t1 - t0, drawMs: performance.now() - t1 };
  }

  select(key: string | undefined, reveal: boolean): void {
    if (this.selected) this.nodeEls.get(this.selected)?.classList.remove('selected');
    this.selected = key;
    const el = key ? this.nodeEls.get(key) : undefined;
    el?.classList.add('selected');
    if (reveal && key) this.reveal(key);
  }

  setMatches(keys: ReadonlySet<string>): void {
    for (const k of this.matches) this.nodeEls.get(k)?.classList.remove('match');
    this.matches = new Set(keys);
    this.applyMatches();
  }

  focus(): void {
    this.svg.focus();
  }

  /** Call when the view becomes visible. */
  shown(): void {
    if (this.needsFit) this.fit();
  }

  /** The whole plan if it fits at a readable size, else its top at that size; the selection stays in view. */
  fit(): void {
    const layout = this.layout;
    const box = this.measure();
    this.needsFit = !layout || box.width === 0 || box.height === 0;
    if (!layout || this.needsFit) return;
    const root = layout.nodes.find((n) => !n.parent);
    const { fits: _fits, ...t } = fitTransform(layout.bounds, box, root?.x ?? layout.bounds.x + layout.bounds.w / 2);
    this.setTransform(t);
    if (this.selected) this.reveal(this.selected);
  }

  /** Zooms about (cx, cy), or about the selected node when it is on screen (so it stays put), else the centre. */
  zoomBy(factor: number, cx?: number, cy?: number): void {
    const [px, py] = cx !== undefined && cy !== undefined ? [cx, cy] : this.pivot();
    this.setTransform(zoomAbout(this.t, factor, px, py));
  }

  /** Back to 100 %, about the selected node when there is one. */
  resetZoom(): void {
    const [px, py] = this.pivot();
    this.setTransform(zoomTo(this.t, 1, px, py));
    if (this.selected) this.reveal(this.selected);
  }

  get zoom(): number {
    return this.t.k;
  }

  /** The zoom keys, wherever the focus is on the page (not while typing); true when handled. */
  handleZoomKey(e: KeyboardEvent): boolean {
    if (e.altKey || (e.ctrlKey && e.key !== '0') || e.metaKey) return false;
    switch (e.key) {
      case '+': case '=': this.zoomBy(1.25); return true;
      case '-': case '_': this.zoomBy(0.8); return true;
      case '0': this.resetZoom(); return true;
      case 'f': case 'F': this.fit(); return true;
      default: return false;
    }
  }

  private pivot(): [number, number] {
    const box = this.size;
    const g = this.selected ? this.layout?.byKey.get(this.selected) : undefined;
    if (g && onScreen(this.t, g.x, g.y + g.h / 2, box, 0)) return [g.x * this.t.k + this.t.x, (g.y + g.h / 2) * this.t.k + this.t.y];
    return [box.width / 2, box.height / 2];
  }

  // Boxes only: text is what makes SVG slow (each <text> is laid out on its own), and at the scale that
  // fits a large plan it would be unreadable anyway. Labels are added by addLabels when a node is on
  // screen at a readable zoom.
  private drawNode(g: GNode, heat: Heat): SVGGElement {
    const d = g.d;
    const n = d.node;
    const classes = ['node', `kind-${d.kind}`];
    if (d.inner) classes.push('inner');
    if (n) {
      const level = heat.level.get(n.id);
      if (level) classes.push(`heat-${level}`);
      if (heat.hottest.includes(n.id)) classes.push('hot');
    }
    const el = s('g', { class: classes.join(' '), 'data-key': d.key, 'data-node-id': n?.id, transform: `translate(${g.x - g.w / 2},${g.y})` });
    el.append(s('rect', { class: 'box', width: g.w, height: g.h, rx: n ? 4 : g.h / 2 }));
    this.nodeEls.set(d.key, el);
    return el;
  }

  private addLabels(g: GNode): void {
    const el = this.nodeEls.get(g.d.key);
    if (!el || this.labelled.has(g.d.key)) return;
    this.labelled.add(g.d.key);
    const d = g.d;
    const n = d.node;
    const caption = nodeCaption(d);
    el.append(s('title', {}, n ? n.label : [d.title, d.subtitle].filter(Boolean).join('\n')));
    if (!n) {
      el.append(s('text', { class: 'group-title', x: g.w / 2, y: g.h / 2 + 4, 'text-anchor': 'middle' }, clip(caption.name, 26)));
      return;
    }
    el.append(s('rect', { class: 'kind-bar', width: 4, height: g.h, rx: 2 }));
    el.append(s('text', { class: 'name', x: 10, y: 16 }, clip(caption.name, 26)));
    const stage = n.codegenStage ?? n.metrics?.codegenStage;
    if (stage !== undefined) el.append(s('text', { class: 'stage', x: g.w - 6, y: 16, 'text-anchor': 'end' }, `*${stage}`));
    if (caption.args) el.append(s('text', { class: 'args', x: 10, y: 31 }, clip(caption.args.replace(/\s+/g, ' '), 30)));
    const metrics = metricsCaption(d);
    if (metrics) el.append(s('text', { class: 'metrics', x: 10, y: 46 }, clip(metrics, 30)));
    const rank = this.heat.hottest.indexOf(n.id);
    if (rank >= 0) el.append(s('text', { class: 'hot-rank', x: g.w - 6, y: 46, 'text-anchor': 'end' }, `#${rank + 1}`));
    // The rows this operator hands to its parent label the edge above it.
    const rows = summarizeMetrics(n.metrics).rows;
    if (rows !== undefined && g.parent) el.append(s('text', { class: 'edge-label', x: g.w / 2 + 6, y: -8 }, `${formatCount(rows)} rows`));
  }

  private scheduleLabels(): void {
    if (this.labelFrame !== undefined) return;
    this.labelFrame = requestAnimationFrame(() => {
      this.labelFrame = undefined;
      this.updateLabels();
    });
  }

  private updateLabels(): void {
    const layout = this.layout;
    if (!layout) return;
    const low = this.t.k < LABEL_MIN_K;
    this.svg.classList.toggle('lod-low', low);
    if (low) return;
    if (!this.clusterLabels) {
      this.clusterLabels = true;
      layout.clusters.forEach((c, i) => {
        const label = `codegen ${c.stage}${c.timeMs !== undefined ? ` · ${formatDuration(c.timeMs)}` : ''}`;
        this.clusterEls[i].append(s('text', { x: c.x + 6, y: c.y + 12, class: 'cluster-label' }, label),
          s('title', {}, `WholeStageCodegen (${c.stage})`));
      });
    }
    const { width, height } = this.size;
    const margin = 100;
    const x0 = (-this.t.x - margin) / this.t.k;
    const x1 = (width - this.t.x + margin) / this.t.k;
    const y0 = (-this.t.y - margin) / this.t.k;
    const y1 = (height - this.t.y + margin) / this.t.k;
    // A small plan is labelled whole (cheap, and its off-screen parts are ready when scrolled to); a large
    // one only where it is on screen.
    const all = layout.nodes.length <= EAGER_LABEL_NODES;
    for (const g of layout.nodes) {
      if (!all && (g.x + g.w / 2 < x0 || g.x - g.w / 2 > x1 || g.y + g.h < y0 || g.y > y1)) continue;
      this.addLabels(g);
    }
  }

  private applyMatches(): void {
    for (const k of this.matches) this.nodeEls.get(k)?.classList.add('match');
  }

  private reveal(key: string): void {
    const g = this.layout?.byKey.get(key);
    if (!g) return;
    const box = this.measure();
    const k = Math.max(this.t.k, READABLE_K);
    const inside = k === this.t.k && onScreen(this.t, g.x, g.y + g.h / 2, box);
    if (!inside) this.setTransform({ k, x: box.width / 2 - g.x * k, y: box.height / 2 - (g.y + g.h / 2) * k });
  }

  private measure(): { width: number; height: number } {
    const r = this.svg.getBoundingClientRect();
    this.size = { width: r.width, height: r.height };
    return this.size;
  }

  private setTransform(t: Transform): void {
    this.t = t;
    this.viewport.setAttribute('transform', `translate(${t.x.toFixed(2)},${t.y.toFixed(2)}) scale(${t.k.toFixed(4)})`);
    this.svg.dataset.zoom = t.k.toFixed(4);
    this.events.onZoom?.(t.k);
    this.scheduleLabels();
  }

  private wire(): void {
    this.svg.addEventListener('click', (e) => {
      const key = (e.target as Element).closest?.('g.node')?.getAttribute('data-key');
      if (key) this.events.onSelect(key);
    });
    // The wheel scrolls (Shift: sideways) and Ctrl+wheel (a pinch on a touchpad) zooms: a large plan is
    // read by scrolling at a readable size, not by shrinking it.
    this.svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) {
        const box = this.svg.getBoundingClientRect();
        this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
        return;
      }
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.size.height : 1;
      const dx = (e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX) * unit;
      const dy = (e.shiftKey && e.deltaX === 0 ? 0 : e.deltaY) * unit;
      this.setTransform({ k: this.t.k, x: this.t.x - dx, y: this.t.y - dy });
    }, { passive: false });
    this.svg.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || (e.target as Element).closest?.('g.node')) return;
      this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, tx: this.t.x, ty: this.t.y };
      this.svg.setPointerCapture(e.pointerId);
      this.svg.classList.add('panning');
    });
    this.svg.addEventListener('pointermove', (e) => {
      const d = this.drag;
      if (!d || d.id !== e.pointerId) return;
      this.setTransform({ k: this.t.k, x: d.tx + e.clientX - d.x, y: d.ty + e.clientY - d.y });
    });
    const end = (e: PointerEvent) => {
      if (this.drag?.id !== e.pointerId) return;
      this.drag = undefined;
      this.svg.classList.remove('panning');
    };
    this.svg.addEventListener('pointerup', end);
    this.svg.addEventListener('pointercancel', end);
    this.svg.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => {
      this.measure();
      if (this.needsFit) this.fit();
      else this.scheduleLabels();
    }).observe(this.svg);
  }

  private onKey(e: KeyboardEvent): void {
    const step = 60;
    switch (e.key) {
      case 'ArrowUp': case 'ArrowDown': case 'ArrowLeft': case 'ArrowRight': {
        const next = this.neighbour(e.key);
        if (next) this.events.onSelect(next.d.key);
        else if (!this.selected) {
          const dx = e.key === 'ArrowLeft' ? step : e.key === 'ArrowRight' ? -step : 0;
          const dy = e.key === 'ArrowUp' ? step : e.key === 'ArrowDown' ? -step : 0;
          this.setTransform({ ...this.t, x: this.t.x + dx, y: this.t.y + dy });
        }
        break;
      }
      default: return;
    }
    e.preventDefault();
  }

  // Up goes to the consumer (parent), down to the first input, left/right to siblings.
  private neighbour(arrow: string): GNode | undefined {
    const cur = this.selected ? this.layout?.byKey.get(this.selected) : undefined;
    if (!cur) return this.layout?.nodes[0];
    if (arrow === 'ArrowUp') return cur.parent;
    if (arrow === 'ArrowDown') return cur.children[0];
    const sibs = cur.parent ? cur.parent.children : this.layout!.nodes.filter((n) => !n.parent);
    const i = sibs.indexOf(cur);
    return sibs[i + (arrow === 'ArrowLeft' ? -1 : 1)];
  }
}

