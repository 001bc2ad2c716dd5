// A plan tab keeps what it drew in its webview state (VS Code hands it back after a window reload), and
// a plan shown from that snapshot says it is restored and offers to explain the statement again.

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { launchWebview, waitFor, type WebviewBrowser } from '../support/browser';
import { showMessage } from './plan-fixtures';
import { showPlan } from './plan-page';

let wb: WebviewBrowser;
before(async () => {
  wb = await launchWebview('plan');
});
after(async () => {
  await wb.close();
});

describe('plan tabs across a window reload', () => {
  it('saves the plan it shows, with the view, in the webview state', async () => {
    const wp = await wb.open();
    const show = await showMessage('4.3.0', 'join_inner', 'formatted');
    await showPlan(wp, show);
    await wp.page.click('[role=tab][data-view=tree]');
    const state = await wp.eval<{ view: string; snapshot?: { planKey: string; document: { raw: string } } }>('window.acquireVsCodeApi().getState()');
    assert.equal(state.view, 'tree');
    assert.equal(state.snapshot?.planKey, show.planKey);
    assert.equal(state.snapshot?.document.raw, show.document.raw);
    assert.equal(await wp.eval<boolean>('document.querySelector(".restored").hidden'), true, 'a live plan has no restored banner');
    await wp.close();
  });

  it('a restored plan says so and asks the host to explain it again', async () => {
    const wp = await wb.open();
    const show = { ...(await showMessage('4.3.0', 'join_inner', 'formatted')), restored: true, statement: 'SELECT 1', profile: 'local' };
    await showPlan(wp, show);
    assert.equal(await wp.eval<boolean>('document.querySelector(".restored").hidden'), false);
    assert.match(await wp.eval<string>('document.querySelector(".restored").textContent'), /Restored as it was before the window reloaded/);
    await wp.page.click('.restored button.rerun');
    await waitFor(wp.page, 'window.__posted.some((m) => m.type === "request" && m.method === "plan/rerun")');
    const req = (await wp.posted<{ type: string; method?: string; params?: { planKey: string } }>()).find((m) => m.method === 'plan/rerun');
    assert.equal(req?.params?.planKey, show.planKey);
    await waitFor(wp.page, '/Explaining again/.test(document.querySelector(".status").textContent)');
    await wp.close();
  });
});
