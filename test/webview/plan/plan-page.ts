// Driving the plan webview page in the tests: send a plan and wait until it is drawn, switch views.

import type { PlanShow } from '../../../src/protocol/plan';
import { waitFor, type WebviewPage } from '../support/browser';

/** Sends the message and waits until the webview reports it drawn. */
export async function showPlan(wp: WebviewPage, show: PlanShow): Promise<void> {
  const before = (await wp.posted()).filter((m) => m.type === 'plan/rendered').length;
  await wp.host(show);
  await waitFor(wp.page, `window.__posted.filter((m) => m.type === 'plan/rendered').length > ${before}`);
}

export async function switchView(wp: WebviewPage, view: 'graph' | 'tree' | 'text'): Promise<void> {
  const before = (await wp.posted()).filter((m) => m.type === 'plan/rendered').length;
  await wp.page.click(`[role=tab][data-view=${view}]`);
  await waitFor(wp.page, `window.__posted.filter((m) => m.type === 'plan/rendered').length > ${before}`);
}
