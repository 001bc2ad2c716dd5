// Reading a plan in a side panel: the graph opens at a readable size (scrolled, not shrunk, when the plan
// is larger than the view), the zoom buttons and keys work and say the zoom level, zooming keeps the
// selected node in view, the wheel scrolls and Ctrl+wheel zooms.

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { sectionNodes } from '../../../src/plan/section-walk';
import { launchWebview, nextFrames, type WebviewBrowser, type WebviewPage } from '../support/browser';
import { section, showMessage } from './plan-fixtures';
import { showPlan } from './plan-page';

let wb: WebviewBrowser;
before(async () => {
  wb = await launchWebview('plan');
});
after(async () => {
  await wb.close();
});

const zoom = async (wp: WebviewPage) => Number(await wp.eval<string>('document.querySelector("svg.graph").dataset.zoom'));
const label = (wp: WebviewPage) => wp.eval<string>('document.querySelector(".zoom-level").textContent');
/** The on-screen height of the first node name: the size the user reads. */
const nameHeight = (wp: WebviewPage) => wp.eval<number>('document.querySelector("svg.graph g.node text.name")?.getBoundingClientRect().height ?? 0');

async function selectedInView(wp: WebviewPage): Promise<boolean> {
  return wp.eval<boolean>(`(() => {
    const n = document.querySelector('svg.graph g.node.selected');
    const v = document.querySelector('svg.graph').getBoundingClientRect();
    if (!n) return false;
    const r = n.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    return cx > v.left && cx < v.right && cy > v.top && cy < v.bottom;
  })()`);
}

describe('plan graph zoom in a side panel', () => {
  it('opens a large plan at a readable size, scrolled to its top, instead of shrinking it', async () => {
    const wp = await wb.open({ width: 460, height: 700 });
    await showPlan(wp, await showMessage('4.3.0', 'pivot', 'formatted'));
    await nextFrames(wp.page);
    assert.ok(await zoom(wp) >= 0.9, `zoom ${await zoom(wp)}`);
    assert.ok(await nameHeight(wp) >= 10, `node names are ${await nameHeight(wp)} px high`);
    assert.match(await label(wp), /^9\d%$|^100%$/);
    // The root (top) operator is on screen.
    const rootTop = await wp.eval<number>(`(() => {
      const v = document.querySelector('svg.graph').getBoundingClientRect();
      const tops = [...document.querySelectorAll('svg.graph g.node')].map((n) => n.getBoundingClientRect().top);
      return Math.min(...tops) - v.top;
    })()`);
    assert.ok(rootTop >= 0 && rootTop < 100, `root at ${rootTop} px from the top`);
    await wp.close();
  });

  it('zoom buttons and keys change the zoom, and the selected node stays in view', async () => {
    const wp = await wb.open({ width: 460, height: 700 });
    const show = await showMessage('4.3.0', 'pivot', 'formatted');
    await showPlan(wp, show);
    const start = await zoom(wp);
    await wp.page.click('.toolbar .zoom-in');
    assert.equal((await zoom(wp)).toFixed(3), (start * 1.25).toFixed(3));
    assert.equal(await label(wp), `${Math.round(start * 125)}%`);
    await wp.page.click('.toolbar .zoom-out');
    assert.equal((await zoom(wp)).toFixed(3), start.toFixed(3));

    // Select a node low in the plan (through the search, which reveals it), then zoom with the keys.
    const nodes = sectionNodes(section(show));
    const leaf = nodes[nodes.length - 1];
    await wp.page.fill('.toolbar input.search', leaf.name);
    await wp.page.press('.toolbar input.search', 'Enter');
    await nextFrames(wp.page);
    assert.ok(await wp.eval<boolean>('!!document.querySelector("svg.graph g.node.selected")'), 'a node is selected');
    assert.ok(await selectedInView(wp), 'selected node revealed');
    await wp.page.focus('svg.graph');
    for (let i = 0; i < 4; i++) await wp.page.keyboard.press('+');
    assert.ok(await zoom(wp) > 2, `zoomed in to ${await zoom(wp)}`);
    assert.ok(await selectedInView(wp), 'the selected node is still in view after zooming in');
    await wp.page.keyboard.press('0');
    assert.equal(await zoom(wp), 1);
    assert.equal(await label(wp), '100%');
    assert.ok(await selectedInView(wp), 'and after the reset');
    await wp.page.keyboard.press('-');
    assert.equal(await zoom(wp), 0.8);
    await wp.page.keyboard.press('f');
    assert.ok(await zoom(wp) >= 0.9);
    assert.ok(await selectedInView(wp), 'and after fitting');
    // Typing in the search box is not zooming.
    const before = await zoom(wp);
    await wp.page.focus('.toolbar input.search');
    await wp.page.keyboard.type('+-0');
    assert.equal(await zoom(wp), before);
    await wp.close();
  });

  it('the wheel scrolls the plan; Ctrl+wheel zooms it', async () => {
    const wp = await wb.open({ width: 460, height: 700 });
    await showPlan(wp, await showMessage('4.3.0', 'pivot', 'formatted'));
    const transform = () => wp.eval<string>('document.querySelector("svg.graph g.viewport").getAttribute("transform")');
    const k = await zoom(wp);
    const t0 = await transform();
    await wp.page.mouse.move(230, 400);
    await wp.page.mouse.wheel(0, 200);
    await nextFrames(wp.page);
    assert.equal(await zoom(wp), k, 'plain wheel does not zoom');
    assert.notEqual(await transform(), t0, 'it scrolls');
    await wp.page.keyboard.down('Control');
    await wp.page.mouse.wheel(0, -200);
    await wp.page.keyboard.up('Control');
    await nextFrames(wp.page);
    assert.ok(await zoom(wp) > k, 'Ctrl+wheel zooms in');
    await wp.close();
  });

  it('a small plan still fits whole, at up to 100 %', async () => {
    const wp = await wb.open({ width: 1400, height: 1000 });
    await showPlan(wp, await showMessage('4.3.0', 'join_inner', 'formatted'));
    assert.equal(await zoom(wp), 1);
    await wp.close();
  });
});
