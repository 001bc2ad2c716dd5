// After a run with adaptive execution the plan view opens on the final plan the run used (rebuilt from
// the run's metrics: query stages, shuffle reads), and the section picker switches to the initial plan
// explain printed. Spark 3.5 sends no plan shape with its metrics: the view says so.

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { launchWebview, waitFor, type WebviewBrowser, type WebviewPage } from '../support/browser';
import { showMessage } from './plan-fixtures';
import { showPlan, switchSection } from './plan-page';

let wb: WebviewBrowser;
before(async () => {
  wb = await launchWebview('plan');
});
after(async () => {
  await wb.close();
});

const NAMES = '[...document.querySelectorAll("svg.graph g.node text.name")].map((t) => t.textContent)';
/**
 * The operator names the graph shows, once one starting with `expected` is among them (or 10 s passed:
 * the assertions then say what was shown). The graph writes names in an animation frame after drawing,
 * and only at a readable zoom: read at once, one CI run under load found none.
 */
async function names(wp: WebviewPage, expected: string): Promise<string[]> {
  await waitFor(wp.page, `${NAMES}.some((n) => n.startsWith(${JSON.stringify(expected)}))`).catch(() => undefined);
  return wp.eval<string[]>(NAMES);
}
const status = (wp: WebviewPage) => wp.eval<string>('document.querySelector(".status").textContent');
const selectedSection = (wp: WebviewPage) => wp.eval<string>('document.querySelector("select.section-select").selectedOptions[0].textContent');

describe('the final adaptive plan of a run', () => {
  it('Spark 4: opens on the final plan, and the initial one is a switch away', async () => {
    const wp = await wb.open({ width: 1200, height: 1000 });
    await showPlan(wp, await showMessage('4.3.0', 'aqe_on_join_agg', 'formatted', { metrics: true }));
    assert.equal(await selectedSection(wp), 'Final plan (as run)');
    const final = await names(wp, 'ShuffleQueryStage');
    assert.ok(final.some((n) => n.startsWith('ShuffleQueryStage')), final.join());
    assert.ok(final.some((n) => n.startsWith('AQEShuffleRead')), final.join());
    assert.match(await status(wp), /Final plan the run used/);
    assert.ok(!(await wp.eval<string>('document.querySelector("svg.graph").textContent')).includes('isFinalPlan=false'));

    await switchSection(wp, 'Initial physical plan');
    const initial = await names(wp, 'BroadcastHashJoin');
    assert.ok(!initial.some((n) => n.startsWith('ShuffleQueryStage')), initial.join());
    assert.ok(initial.some((n) => n.startsWith('BroadcastHashJoin')), initial.join());
    assert.match(await status(wp), /Initial plan, before adaptive execution/);
    await wp.close();
  });

  it('Spark 3.5: says the server does not send the final plan', async () => {
    const wp = await wb.open({ width: 1200, height: 1000 });
    await showPlan(wp, await showMessage('3.5.7', 'aqe_on_join_agg', 'formatted', { metrics: true }));
    const options = await wp.eval<string[]>('[...document.querySelectorAll("select.section-select option")].map((o) => o.textContent)');
    assert.ok(!options.includes('Final plan (as run)'), options.join());
    assert.match(await status(wp), /does not send the shape of the final adaptive plan/);
    await wp.close();
  });

  it('an explain without a run shows the physical plan as before', async () => {
    const wp = await wb.open({ width: 1200, height: 1000 });
    await showPlan(wp, await showMessage('4.3.0', 'aqe_on_join_agg', 'formatted'));
    assert.equal(await selectedSection(wp), 'Physical plan');
    await wp.close();
  });
});
