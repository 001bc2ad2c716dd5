// The plan view follows the VS Code theme: colours come from the --vscode-* variables VS Code puts on the
// page (operator kinds from the chart colours), high-contrast themes switch to the theme's contrast borders,
// and a run's hottest operators are marked in the tree as in the graph. Real Chromium, host CSP.

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { sectionNodes } from '../../../src/plan/section-walk';
import { computeHeat } from '../../../media/plan/heat';
import { launchWebview, type WebviewBrowser, type WebviewPage } from '../support/browser';
import { section, showMessage, VERSIONS } from './plan-fixtures';
import { showPlan, switchView } from './plan-page';

let wb: WebviewBrowser;
before(async () => {
  wb = await launchWebview('plan');
});
after(async () => {
  await wb.close();
});

/** Sets theme variables the way VS Code does: inline custom properties on the html element. */
async function setThemeVars(wp: WebviewPage, vars: Record<string, string>): Promise<void> {
  await wp.eval(`(() => { for (const [k, v] of Object.entries(${JSON.stringify(vars)})) document.documentElement.style.setProperty(k, v); return true; })()`);
}

async function computed(wp: WebviewPage, selector: string, property: string): Promise<string> {
  return wp.eval<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)})`);
}

async function assertClean(wp: WebviewPage): Promise<void> {
  assert.deepEqual(await wp.csp(), [], 'no CSP violations');
  assert.deepEqual(wp.pageErrors, [], 'no page errors');
}

describe('theme', () => {
  it('kind colours and the background come from the theme\'s variables; high contrast uses its borders', async () => {
    const wp = await wb.open({ width: 1400, height: 1000 });
    const show = await showMessage('4.3.0', 'join_inner', 'formatted');
    await showPlan(wp, show);
    const nodes = sectionNodes(section(show));
    const join = nodes.find((n) => n.name === 'BroadcastHashJoin')!;
    const exchange = nodes.find((n) => n.name === 'BroadcastExchange')!;
    const box = (id: number) => `svg.graph g.node[data-node-id="${id}"] .box`;
    // Without VS Code's variables the fallbacks apply, and kinds differ from each other.
    assert.notEqual(await computed(wp, box(join.id), 'stroke'), await computed(wp, box(exchange.id), 'stroke'));

    await setThemeVars(wp, {
      '--vscode-charts-purple': 'rgb(1, 2, 3)',
      '--vscode-charts-red': 'rgb(200, 10, 20)',
      '--vscode-editor-background': 'rgb(250, 250, 250)',
      '--vscode-foreground': 'rgb(10, 20, 30)',
    });
    assert.equal(await computed(wp, box(join.id), 'stroke'), 'rgb(1, 2, 3)', 'join: charts purple');
    assert.equal(await computed(wp, box(exchange.id), 'stroke'), 'rgb(200, 10, 20)', 'exchange: charts red');
    assert.equal(await computed(wp, 'body', 'background-color'), 'rgb(250, 250, 250)');
    assert.equal(await computed(wp, 'body', 'color'), 'rgb(10, 20, 30)');

    await setThemeVars(wp, { '--vscode-contrastBorder': 'rgb(7, 8, 9)', '--vscode-contrastActiveBorder': 'rgb(9, 9, 1)' });
    await wp.eval('(() => { document.body.classList.add("vscode-high-contrast"); return true; })()');
    assert.equal(await computed(wp, box(join.id), 'stroke'), 'rgb(7, 8, 9)', 'high contrast: every box outlined with the contrast border');
    await wp.page.click(`svg.graph g.node[data-node-id="${join.id}"]`);
    assert.equal(await computed(wp, box(join.id), 'stroke'), 'rgb(9, 9, 1)', 'the selection uses the active contrast border');
    await switchView(wp, 'tree');
    assert.equal(await computed(wp, '[role=treeitem][aria-selected=true]', 'outline-style'), 'dashed', 'the selected row is outlined');
    await assertClean(wp);
    await wp.close();
  });
});

for (const version of VERSIONS) {
  describe(`Spark ${version}: the hottest operators`, () => {
    it('are ranked in the tree as in the graph', async () => {
      const wp = await wb.open({ width: 1400, height: 1000 });
      const show = await showMessage(version, 'aqe_on_join_agg', 'formatted', { metrics: true });
      await showPlan(wp, show);
      const heat = computeHeat(sectionNodes(section(show)));
      assert.equal(heat.hottest.length, 3);
      const graphRanks = await wp.eval<Array<[string, string]>>(
        '[...document.querySelectorAll("svg.graph g.node.hot")].map((g) => [g.dataset.nodeId, g.querySelector(".hot-rank")?.textContent ?? ""])');
      await switchView(wp, 'tree');
      const treeRanks = await wp.eval<Array<[string, string]>>(
        '[...document.querySelectorAll("[role=treeitem].hot")].map((r) => [r.dataset.nodeId, r.querySelector(".hot-rank").textContent])');
      const expected = heat.hottest.map((id, i): [string, string] => [String(id), `#${i + 1}`]);
      const byRank = (xs: Array<[string, string]>) => [...xs].sort((a, b) => a[1].localeCompare(b[1]));
      assert.deepEqual(byRank(treeRanks), expected, 'tree: the three hottest, ranked');
      assert.deepEqual(byRank(graphRanks), expected, 'graph: the same three');
      await assertClean(wp);
      await wp.close();
    });
  });
}
