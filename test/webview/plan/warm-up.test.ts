// The page's warm-up (media/plan/warm-up.ts) runs while it waits for the first plan: it must finish
// without errors, leave nothing in the document and post nothing to the host, and the first plan must
// still draw completely.

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { launchWebview, waitFor, type WebviewBrowser } from '../support/browser';
import { nodeCount, section, showMessage } from './plan-fixtures';
import { showPlan } from './plan-page';

let wb: WebviewBrowser;
before(async () => {
  wb = await launchWebview('plan');
});
after(async () => {
  await wb.close();
});

describe('warm-up', () => {
  it('runs once before the first plan, invisibly, and the first plan draws in full', async () => {
    const wp = await wb.open({ width: 1200, height: 800 });
    await waitFor(wp.page, 'performance.getEntriesByName("plan-warm-up").length > 0');
    assert.equal(await wp.eval<number>('performance.getEntriesByName("plan-warm-up").length'), 1, 'warm-up ran once');
    assert.equal(await wp.eval<number>('document.querySelectorAll("svg g.node, [role=treeitem]").length'), 0, 'nothing drawn into the page');
    assert.deepEqual((await wp.posted<{ type: string }>()).map((m) => m.type), ['ready'], 'nothing posted but ready');
    const show = await showMessage('4.3.0', 'join_three_way', 'formatted');
    await showPlan(wp, show);
    assert.equal(await wp.eval<number>('document.querySelectorAll("svg.graph g.node[data-node-id]").length'), nodeCount(section(show)));
    assert.deepEqual(await wp.csp(), []);
    assert.deepEqual(wp.pageErrors, []);
    await wp.close();
  });
});
