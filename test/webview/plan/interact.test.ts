// Using the plan webview in Chromium: selecting a node shows its details, search finds and steps through
// nodes, a hint selects its node, the mode switcher asks the host (and only asks), copy goes through the
// host, keyboard navigation follows the ARIA tree pattern, and plan text full of markup stays text.

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { parsePlan } from '../../../src/plan/parse';
import { sectionNodes } from '../../../src/plan/section-walk';
import { toWireDocument, type PlanShow } from '../../../src/protocol/plan';
import { PlanPanelModel } from '../../../src/views/plan/plan-panel-model';
import { launchWebview, waitFor, type WebviewBrowser, type WebviewPage } from '../support/browser';
import { fixtureSource, fixtureText, section, showMessage, VERSIONS } from './plan-fixtures';
import { showPlan, switchView } from './plan-page';

let wb: WebviewBrowser;
before(async () => {
  wb = await launchWebview('plan');
});
after(async () => {
  await wb.close();
});

const str = (wp: WebviewPage, expr: string) => wp.eval<string>(expr);
const detailsTitle = (wp: WebviewPage) => str(wp, 'document.querySelector(".details h2")?.textContent ?? ""');
const selectedGraphNode = (wp: WebviewPage) => wp.eval<string | null>('document.querySelector("svg.graph g.node.selected")?.dataset.nodeId ?? null');

async function assertClean(wp: WebviewPage): Promise<void> {
  assert.deepEqual(await wp.csp(), [], 'no CSP violations');
  assert.deepEqual(wp.pageErrors, [], 'no page errors');
  assert.deepEqual(wp.dialogs, [], 'no dialogs');
}

async function requests(wp: WebviewPage, method: string): Promise<Array<{ id: number; params: Record<string, unknown> }>> {
  const posted = await wp.posted<{ type: string; method?: string; id: number; params: Record<string, unknown> }>();
  return posted.filter((m) => m.type === 'request' && m.method === method);
}

for (const version of VERSIONS) {
  describe(`Spark ${version}: using the plan view`, () => {
    it('selecting a node shows its arguments, columns with types, details and links', async () => {
      const wp = await wb.open({ width: 1400, height: 1000 });
      const show = await showMessage(version, 'join_inner', 'formatted');
      await showPlan(wp, show);
      const join = sectionNodes(section(show)).find((n) => n.name === 'BroadcastHashJoin')!;
      await wp.page.click(`svg.graph g.node[data-node-id="${join.id}"]`);
      assert.equal(await detailsTitle(wp), 'BroadcastHashJoin');
      assert.equal(await selectedGraphNode(wp), String(join.id));
      const dts = await wp.eval<string[]>('[...document.querySelectorAll(".details dt")].map((d) => d.textContent)');
      for (const key of ['Left keys [1]', 'Right keys [1]', 'Join type', 'Join condition']) assert.ok(dts.includes(key), dts.join());
      const heads = await wp.eval<string[]>('[...document.querySelectorAll(".details h3")].map((d) => d.textContent)');
      assert.ok(heads.some((h) => /^\(\d+\) BroadcastHashJoin/.test(h)), heads.join());

      // A Range's output column carries the "L" suffix of a bigint.
      const range = sectionNodes(section(show)).find((n) => n.name === 'Range')!;
      await wp.page.click(`svg.graph g.node[data-node-id="${range.id}"]`);
      const cells = await wp.eval<string[]>('[...document.querySelectorAll(".details table.columns td")].map((d) => d.textContent)');
      assert.match(cells[0], /^id#\d+$/);
      assert.equal(cells[1], 'bigint');

      // Metrics for the same plan keep the selection; another plan (or mode) starts with none.
      await showPlan(wp, await showMessage(version, 'join_inner', 'formatted'));
      assert.equal(await selectedGraphNode(wp), String(range.id));
      await showPlan(wp, await showMessage(version, 'join_cartesian', 'formatted'));
      assert.equal(await selectedGraphNode(wp), null);
      assert.equal(await wp.eval<number>('document.querySelectorAll("[role=treeitem][aria-selected=true], svg .node.selected").length'), 0);
      assert.equal(await str(wp, 'document.querySelector(".details").textContent'), 'Select a node to see its details.');
      await assertClean(wp);
      await wp.close();
    });

    it('a reused exchange links to the exchange it reuses', async () => {
      const wp = await wb.open({ width: 1400, height: 1000 });
      const show = await showMessage(version, 'cte_reused_exchange', 'formatted');
      await showPlan(wp, show);
      const nodes = sectionNodes(section(show));
      const reused = nodes.find((n) => n.name === 'ReusedExchange')!;
      const target = reused.links.find((l) => l.kind === 'reuses')!.targetId;
      await wp.page.click(`svg.graph g.node[data-node-id="${reused.id}"]`);
      await wp.page.click('.details .link-button');
      assert.equal(await selectedGraphNode(wp), String(target));
      assert.equal(await detailsTitle(wp), nodes.find((n) => n.id === target)!.name);
      await assertClean(wp);
      await wp.close();
    });

    it('search highlights matches and Enter / Shift+Enter step through them', async () => {
      const wp = await wb.open({ width: 1400, height: 1000 });
      const show = await showMessage(version, 'join_sort_merge_aqe_off', 'simple');
      await showPlan(wp, show);
      const nodes = sectionNodes(section(show));
      const sorts = nodes.filter((n) => n.name === 'Sort').map((n) => String(n.id));
      await wp.page.fill('input.search', 'sort [');
      assert.equal(await wp.eval<number>('document.querySelectorAll("svg.graph g.node.match").length'), sorts.length);
      await wp.page.press('input.search', 'Enter');
      assert.equal(await selectedGraphNode(wp), sorts[0]);
      assert.equal(await str(wp, 'document.querySelector(".search-count").textContent'), `1 of ${sorts.length}`);
      await wp.page.press('input.search', 'Enter');
      assert.equal(await selectedGraphNode(wp), sorts[1]);
      await wp.page.press('input.search', 'Shift+Enter');
      assert.equal(await selectedGraphNode(wp), sorts[0]);
      // Text inside arguments counts too: the exchange's partitioning.
      await wp.page.fill('input.search', 'hashpartitioning(k2#');
      await wp.page.press('input.search', 'Enter');
      assert.equal(await detailsTitle(wp), 'Exchange');
      await wp.page.fill('input.search', 'no such operator');
      assert.equal(await str(wp, 'document.querySelector(".search-count").textContent'), 'no match');
      assert.equal(await wp.eval<number>('document.querySelectorAll(".match").length'), 0);
      await assertClean(wp);
      await wp.close();
    });

    it('hints for a cartesian product and a nested loop join select their node', async () => {
      const wp = await wb.open({ width: 1400, height: 1000 });
      for (const [id, rule, name] of [['join_cartesian', 'cartesian', 'CartesianProduct'], ['join_broadcast_nested_loop', 'nestedLoop', 'BroadcastNestedLoopJoin']] as const) {
        for (const mode of ['formatted', 'simple'] as const) {
          const show = await showMessage(version, id, mode);
          await showPlan(wp, show);
          const node = sectionNodes(section(show)).find((n) => n.name === name)!;
          assert.match(await str(wp, `document.querySelector('.hint[data-rule=${rule}]').textContent`), /⚠/);
          await wp.page.click(`.hint[data-rule=${rule}]`);
          assert.equal(await selectedGraphNode(wp), String(node.id), `${id} ${mode}`);
          assert.equal(await detailsTitle(wp), name);
        }
      }
      // The shuffle hint offers one button per exchange.
      const agg = await showMessage(version, 'aqe_on_join_agg', 'formatted');
      await showPlan(wp, agg);
      const exchanges = sectionNodes(section(agg)).filter((n) => n.name === 'Exchange').map((n) => String(n.id));
      const buttons = await wp.eval<string[]>('[...document.querySelectorAll(".hint-nodes button")].map((b) => b.dataset.nodeId)');
      assert.deepEqual(buttons, exchanges);
      await wp.page.click(`.hint-nodes button[data-node-id="${exchanges[1]}"]`);
      assert.equal(await selectedGraphNode(wp), exchanges[1]);
      await assertClean(wp);
      await wp.close();
    });

    it('the mode switcher asks the host for another mode and shows what comes back', async () => {
      const wp = await wb.open({ width: 1400, height: 1000 });
      const model = new PlanPanelModel({
        planKey: 'q1', title: 'join', mode: 'formatted', text: fixtureText(version, 'join_inner', 'formatted'),
        source: fixtureSource(version, 'join_inner'),
      });
      await showPlan(wp, await model.load('formatted', new AbortController().signal));
      await wp.eval(`window.__answers['plan/setMode'] = { accepted: true }`);
      await wp.page.selectOption('select.mode-select', 'cost');
      await waitFor(wp.page, `window.__posted.some((m) => m.type === 'request' && m.method === 'plan/setMode')`);
      const [req] = await requests(wp, 'plan/setMode');
      assert.deepEqual(req.params, { planKey: 'q1', mode: 'cost' });
      assert.equal(await wp.eval<boolean>('document.querySelector("select.mode-select").disabled'), true, 'waiting for the host');
      // The host answers the way PlanPanel does: loading, then the new plan.
      await wp.host({ type: 'plan/loading', planKey: 'q1', mode: 'cost' });
      await showPlan(wp, await model.load('cost', new AbortController().signal));
      const options = await wp.eval<string[]>('[...document.querySelectorAll("select.section-select option")].map((o) => o.textContent)');
      assert.deepEqual(options, ['Optimized logical plan', 'Physical plan']);
      assert.equal(await str(wp, 'document.querySelector("select.mode-select").value'), 'cost');
      assert.equal(await wp.eval<boolean>('document.querySelector("select.mode-select").disabled'), false);
      // The section switcher shows the optimized logical plan with its statistics.
      await wp.page.selectOption('select.section-select', { label: 'Optimized logical plan' });
      await wp.page.click('svg.graph g.node[data-key^="n"]');
      const heads = await wp.eval<string[]>('[...document.querySelectorAll(".details h3")].map((d) => d.textContent)');
      assert.ok(heads.includes('Statistics (estimated)'), heads.join());

      // A refused switch puts the menu back and says why.
      await wp.eval(`window.__answers['plan/setMode'] = { accepted: false }`);
      await wp.page.selectOption('select.mode-select', 'simple');
      await waitFor(wp.page, 'document.querySelector(".status").textContent.includes("not available")');
      assert.equal(await str(wp, 'document.querySelector("select.mode-select").value'), 'cost');
      // A failed explain (host error) too.
      await wp.host({ type: 'plan/error', planKey: 'q1', mode: 'codegen', message: 'server unavailable' });
      assert.match(await str(wp, 'document.querySelector(".status").textContent'), /codegen plan: server unavailable/);
      assert.equal((await requests(wp, 'plan/setMode')).length, 2);
      await assertClean(wp);
      await wp.close();
    });

    it('copy asks the host to put the plan text on the clipboard; the Text tab shows it raw', async () => {
      const wp = await wb.open({ width: 1400, height: 1000 });
      const show = await showMessage(version, 'subquery_scalar', 'extended');
      await showPlan(wp, show);
      await wp.page.click('button[title="Copy the plan text"]');
      await waitFor(wp.page, `window.__posted.some((m) => m.method === 'clipboard/write')`);
      const [copy] = await requests(wp, 'clipboard/write');
      assert.deepEqual(copy.params, { text: show.document.raw, what: 'plan' });
      await waitFor(wp.page, 'document.querySelector(".status").textContent === "Plan text copied."');
      await switchView(wp, 'text');
      assert.equal(await str(wp, 'document.querySelector(".text-view").textContent'), show.document.raw);
      await assertClean(wp);
      await wp.close();
    });
  });
}

describe('keyboard', () => {
  it('the tree follows the ARIA tree pattern; / focuses search', async () => {
    const wp = await wb.open({ width: 1400, height: 1000 });
    const show = await showMessage('4.3.0', 'join_inner', 'formatted');
    await showPlan(wp, show);
    await switchView(wp, 'tree');
    assert.equal(await str(wp, 'document.querySelector("[role=tree]").getAttribute("aria-label")'), 'Plan tree');
    const selected = () => wp.eval<string | null>('document.querySelector("[role=treeitem][aria-selected=true]")?.dataset.key ?? null');
    const keys = await wp.eval<string[]>('[...document.querySelectorAll("[role=treeitem]")].map((r) => r.dataset.key)');
    await wp.page.focus('[role=treeitem]');
    await wp.page.keyboard.press('ArrowDown');
    assert.equal(await selected(), keys[0]);
    assert.equal(await str(wp, 'document.activeElement.dataset.key'), keys[0], 'focus moves with the selection');
    await wp.page.keyboard.press('ArrowDown');
    assert.equal(await selected(), keys[1]);
    assert.equal(await detailsTitle(wp), 'Project');
    // Enter collapses: the descendants are hidden and Down skips them.
    await wp.page.keyboard.press('Enter');
    assert.equal(await str(wp, `document.querySelector('[role=treeitem][data-key="${keys[1]}"]').getAttribute('aria-expanded')`), 'false');
    assert.equal(await wp.eval<number>('[...document.querySelectorAll("[role=treeitem]")].filter((r) => !r.hidden).length'), 2);
    await wp.page.keyboard.press('ArrowDown');
    assert.equal(await selected(), keys[1], 'nothing visible below');
    // Right expands again, Right once more goes to the first child, Left goes back to the parent.
    await wp.page.keyboard.press('ArrowRight');
    assert.equal(await str(wp, `document.querySelector('[role=treeitem][data-key="${keys[1]}"]').getAttribute('aria-expanded')`), 'true');
    await wp.page.keyboard.press('ArrowRight');
    assert.equal(await selected(), keys[2]);
    // Left on an expanded item collapses it first; the next Left goes to the parent.
    await wp.page.keyboard.press('ArrowLeft');
    assert.equal(await selected(), keys[2]);
    assert.equal(await str(wp, `document.querySelector('[role=treeitem][data-key="${keys[2]}"]').getAttribute('aria-expanded')`), 'false');
    await wp.page.keyboard.press('ArrowLeft');
    assert.equal(await selected(), keys[1]);
    // End goes to the last visible item: the collapsed join's inputs are skipped.
    await wp.page.keyboard.press('End');
    assert.equal(await selected(), keys[2]);
    await wp.page.keyboard.press('Home');
    assert.equal(await selected(), keys[0]);
    // A click on the twisty (left of the name) collapses too.
    const twisty = await wp.eval<{ x: number; y: number }>(`(() => {
      const r = document.querySelector('[role=treeitem][data-key="${keys[1]}"] .name').getBoundingClientRect();
      return { x: r.left - 12, y: r.top + r.height / 2 };
    })()`);
    await wp.page.mouse.click(twisty.x, twisty.y);
    assert.equal(await str(wp, `document.querySelector('[role=treeitem][data-key="${keys[1]}"]').getAttribute('aria-expanded')`), 'false');
    assert.equal(await selected(), keys[1]);
    await wp.page.keyboard.press('/');
    assert.equal(await str(wp, 'document.activeElement.className'), 'search');
    // In the graph, arrow keys walk the tree too: Down to the first input, Up to the consumer.
    await switchView(wp, 'graph');
    await wp.page.focus('svg.graph');
    const graphSelected = () => wp.eval<string | null>('document.querySelector("svg.graph g.node.selected")?.dataset.key ?? null');
    assert.equal(await graphSelected(), keys[1]);
    await wp.page.keyboard.press('ArrowDown');
    assert.equal(await graphSelected(), keys[2]);
    await wp.page.keyboard.press('ArrowUp');
    await wp.page.keyboard.press('ArrowUp');
    assert.equal(await graphSelected(), keys[0]);
    await assertClean(wp);
    await wp.close();
  });
});

describe('hostile plan text', () => {
  it('renders markup in operator names and arguments as text and runs nothing', async () => {
    const wp = await wb.open({ width: 1400, height: 1000 });
    const evil = '<img src=x onerror=alert(1)>';
    const explain = [
      '== Physical Plan ==',
      `*(1) Project [${evil} AS a#1, "<script>alert(2)</script>" AS b#2]`,
      `+- *(1) ${evil} [id#0L], <b onmouseover=alert(3)>x</b>`,
      '   +- *(1) Range (0, 10, step=1, splits=2)',
      '',
    ].join('\n');
    const doc = parsePlan(explain, { mode: 'simple' });
    const evilNode = doc.sections[0].root!.children[0];
    assert.equal(evilNode.name, '<img', 'the parser keeps the odd name');
    const show: PlanShow = { type: 'plan/show', planKey: 'x', title: evil, statement: evil, mode: 'simple', modes: ['simple'], document: toWireDocument(doc), executed: false };
    await showPlan(wp, show);
    await wp.page.click(`svg.graph g.node[data-node-id="${evilNode.id}"]`);
    assert.equal(await str(wp, 'document.querySelector(".details pre").textContent'), evilNode.label);
    assert.ok(evilNode.label.includes(evil));
    await switchView(wp, 'tree');
    assert.equal(await str(wp, `[...document.querySelectorAll('[role=treeitem]')].find((r) => r.dataset.nodeId === '${evilNode.id}').querySelector('.name').textContent`), '<img');
    await switchView(wp, 'text');
    assert.equal(await str(wp, 'document.querySelector(".text-view").textContent'), explain);
    assert.equal(await str(wp, 'document.querySelector(".toolbar .title").textContent'), evil);
    await wp.page.fill('input.search', 'onerror');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await wp.eval<number>('document.querySelectorAll("img, b, script:not([src])").length'), 0, 'no element came from plan text');
    assert.equal(await wp.eval<number>('document.querySelectorAll("script").length'), 1, 'only the bundle');
    await assertClean(wp);
    await wp.close();
  });
});
