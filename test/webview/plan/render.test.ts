// The plan webview in Chromium, fed real explain output from Spark 4.3.0 and 3.5.7 through the host's own
// PlanPanelModel: every parsed node is drawn once in the graph and once in the tree, operator names show,
// AQE's final/initial plans, subqueries and reused exchanges are all there with their cross-links, and a
// run's metrics show as row counts and heat. The page runs under the host's CSP and must report no
// violation and no error.

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { PlanShow } from '../../../src/protocol/plan';
import { summarizeMetrics } from '../../../src/plan/metric-summary';
import { sectionNodes } from '../../../src/plan/section-walk';
import { launchWebview, nextFrames, type WebviewBrowser, type WebviewPage } from '../support/browser';
import { nodeCount, section, showMessage, VERSIONS } from './plan-fixtures';
import { showPlan, switchView } from './plan-page';

let wb: WebviewBrowser;
before(async () => {
  wb = await launchWebview('plan');
});
after(async () => {
  await wb.close();
});

const GRAPH_NODES = 'svg.graph g.node[data-node-id]';
const TREE_NODES = '[role=treeitem][data-node-id]';

async function texts(wp: WebviewPage, selector: string): Promise<string[]> {
  return wp.eval(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.textContent)`);
}

async function count(wp: WebviewPage, selector: string): Promise<number> {
  return wp.eval(`document.querySelectorAll(${JSON.stringify(selector)}).length`);
}

async function assertClean(wp: WebviewPage): Promise<void> {
  assert.deepEqual(await wp.csp(), [], 'no CSP violations');
  assert.deepEqual(wp.pageErrors, [], 'no page errors');
  assert.deepEqual(wp.dialogs, []);
}

/** Draws `show` in the graph, then the tree, checking both against the model. */
async function assertDrawnBothWays(wp: WebviewPage, show: PlanShow): Promise<void> {
  const s = section(show);
  const expected = nodeCount(s);
  if (show.document.sections.length === 1) assert.equal(expected, show.document.nodeCount, 'the walk sees every parsed node');
  await showPlan(wp, show);
  assert.equal(await count(wp, GRAPH_NODES), expected, 'graph nodes');
  const ids = await wp.eval<number[]>(`[...document.querySelectorAll('${GRAPH_NODES}')].map((g) => Number(g.dataset.nodeId)).sort((a, b) => a - b)`);
  assert.deepEqual(ids, sectionNodes(s).map((n) => n.id).sort((a, b) => a - b), 'each node drawn once');
  const names = new Set(sectionNodes(s).map((n) => n.name));
  const graphNames = (await texts(wp, 'svg.graph g.node text.name')).map((t) => t.replace(/ \(\d+\)$/, '').replace(/…$/, ''));
  for (const name of names) assert.ok(graphNames.some((g) => name.startsWith(g)), `graph shows ${name}`);
  await switchView(wp, 'tree');
  assert.equal(await count(wp, TREE_NODES), expected, 'tree items');
  const treeNames = await texts(wp, `${TREE_NODES} > .name`);
  for (const name of names) assert.ok(treeNames.some((t) => t === name || t.startsWith(`${name} (`)), `tree shows ${name}`);
  await switchView(wp, 'graph');
}

for (const version of VERSIONS) {
  describe(`Spark ${version} plans in the plan view`, () => {
    it('a broadcast join, in formatted and simple mode', async () => {
      const wp = await wb.open({ width: 1400, height: 1100 });
      for (const mode of ['formatted', 'simple'] as const) {
        const show = await showMessage(version, 'join_inner', mode);
        await assertDrawnBothWays(wp, show);
        const kinds = await wp.eval<string[]>(`[...document.querySelectorAll('${GRAPH_NODES}')].map((g) => g.getAttribute('class'))`);
        assert.ok(kinds.some((c) => c.includes('kind-join')) && kinds.some((c) => c.includes('kind-exchange')) && kinds.some((c) => c.includes('kind-scan')));
      }
      await assertClean(wp);
      await wp.close();
    });

    it('an AQE plan with its final and initial plans', async () => {
      const wp = await wb.open({ width: 1400, height: 1100 });
      const show = await showMessage(version, 'cached_table', 'formatted');
      await assertDrawnBothWays(wp, show);
      const groups = await texts(wp, '[role=treeitem].kind-group > .name');
      assert.ok(groups.includes('Final Plan') && groups.includes('Initial Plan'), groups.join());
      // Operator ids repeat between the two plans; both copies are drawn.
      const ids = await texts(wp, `${TREE_NODES} > .name`);
      assert.ok(ids.filter((t) => /^HashAggregate \(5\)$/.test(t)).length === 2, ids.join());
      // Codegen stages are outlined per connected run, not merged across the two plans.
      assert.ok(await count(wp, 'svg.graph .cluster') >= 2);
      await assertClean(wp);
      await wp.close();
    });

    it('subqueries and a reused exchange, with their cross-links', async () => {
      const wp = await wb.open({ width: 1400, height: 1100 });
      for (const id of ['parquet_dpp', 'subquery_scalar_reused'] as const) {
        const show = await showMessage(version, id, 'formatted');
        const s = section(show);
        assert.ok((s.subqueries?.length ?? 0) > 0);
        await assertDrawnBothWays(wp, show);
        const inSection = new Set(sectionNodes(s).map((n) => n.id));
        const links = sectionNodes(s).flatMap((n) => n.links.filter((l) => inSection.has(l.targetId)).map((l) => l.kind));
        assert.ok(links.length > 0);
        for (const kind of ['reuses', 'subquery', 'reusesSubquery'] as const) {
          assert.equal(await count(wp, `svg.graph path.link-${kind}`), links.filter((k) => k === kind).length, `${id}: ${kind} links`);
        }
        const subqueryGroups = (await texts(wp, 'svg.graph g.node.kind-group text')).filter((t) => t.startsWith('Subquery:'));
        assert.equal(subqueryGroups.length, s.subqueries!.length);
      }
      await assertClean(wp);
      await wp.close();
    });

    it('a cartesian product', async () => {
      const wp = await wb.open({ width: 1400, height: 1100 });
      await assertDrawnBothWays(wp, await showMessage(version, 'join_cartesian', 'formatted'));
      await assertClean(wp);
      await wp.close();
    });

    it('every section of extended mode, and codegen mode\'s subtrees', async () => {
      const wp = await wb.open({ width: 1400, height: 1100 });
      const extended = await showMessage(version, 'aqe_off_join_agg', 'extended');
      await showPlan(wp, extended);
      const labels = await wp.eval<string[]>('[...document.querySelectorAll("select.section-select option")].map((o) => o.textContent)');
      assert.deepEqual(labels, ['Parsed logical plan', 'Analyzed logical plan', 'Optimized logical plan', 'Physical plan']);
      assert.equal(await wp.eval<string>('document.querySelector("select.section-select").value'), '3', 'the physical plan first');
      let total = 0;
      for (const [i, s] of extended.document.sections.entries()) {
        await wp.page.selectOption('select.section-select', String(i));
        assert.equal(await count(wp, GRAPH_NODES), nodeCount(s), `${s.kind} nodes`);
        total += nodeCount(s);
      }
      assert.equal(total, extended.document.nodeCount);
      const codegen = await showMessage(version, 'aqe_off_join_agg', 'codegen');
      const cs = codegen.document.sections[0];
      assert.equal(cs.codegenSubtrees?.length, 4);
      await showPlan(wp, codegen);
      assert.equal(await count(wp, GRAPH_NODES), nodeCount(cs));
      assert.equal(nodeCount(cs), codegen.document.nodeCount);
      // Four subtrees side by side are wider than the view at a readable size: zoom out to see every title.
      const groupTitles = async () => (await texts(wp, 'svg.graph g.node.kind-group text')).filter((t) => /^Subtree \d \/ 4$/.test(t));
      for (let i = 0; i < 3 && (await groupTitles()).length < 4; i++) {
        await wp.page.click('.toolbar .zoom-out');
        await nextFrames(wp.page);
      }
      assert.equal((await groupTitles()).length, 4);
      await assertClean(wp);
      await wp.close();
    });

    it('a run\'s metrics: row counts on nodes and edges, heat, codegen stage times', async () => {
      const wp = await wb.open({ width: 1400, height: 1100 });
      const show = await showMessage(version, 'aqe_on_join_agg', 'formatted', { metrics: true });
      await showPlan(wp, show);
      const s = section(show);
      const join = sectionNodes(s).find((n) => n.name === 'BroadcastHashJoin')!;
      const joinMetrics = await texts(wp, `svg.graph g.node[data-node-id="${join.id}"] text.metrics`);
      assert.deepEqual(joinMetrics, ['10K rows']);
      const edgeLabels = await texts(wp, 'svg.graph text.edge-label');
      assert.ok(edgeLabels.includes('10K rows') && edgeLabels.includes('1000 rows') && edgeLabels.includes('100 rows'), edgeLabels.join());
      assert.ok(await count(wp, 'svg.graph g.node[class*="heat-"]') >= 5);
      assert.equal(await count(wp, 'svg.graph g.node.hot'), 3);
      const times = sectionNodes(s).map((n) => ({ id: n.id, ms: summarizeMetrics(n.metrics).timeMs ?? 0 })).sort((a, b) => b.ms - a.ms);
      const first = await wp.eval<string | null>(`[...document.querySelectorAll('svg.graph g.node')].find((g) => g.querySelector('.hot-rank')?.textContent === '#1')?.dataset.nodeId ?? null`);
      assert.equal(Number(first), times[0].id, 'the node with the most time ranks first');
      assert.ok((await wp.eval<string>(`document.querySelector('svg.graph g.node[data-node-id="${times[0].id}"]').getAttribute('class')`)).includes('heat-5'));
      const clusters = await texts(wp, 'svg.graph .cluster-label');
      assert.ok(clusters.some((c) => /^codegen \d+ · \d+ ms$/.test(c)), clusters.join());
      assert.match(await wp.eval<string>('document.querySelector(".status").textContent'), /metrics from the run/);
      await switchView(wp, 'tree');
      const rows = await texts(wp, `${TREE_NODES}[data-node-id="${join.id}"] > .metrics`);
      assert.deepEqual(rows, ['10K rows']);
      await assertClean(wp);
      await wp.close();
    });
  });
}
