// Driving the plan webview page in the tests: send a plan and wait until it is drawn, switch views.

import type { PlanShow } from '../../../src/protocol/plan';
import { nextFrames, waitFor, type WebviewPage } from '../support/browser';

/**
 * Sends the message and waits until the webview reports it drawn, and two frames more: the graph writes
 * its nodes' names in the next animation frame, for the nodes in view only.
 */
export async function showPlan(wp: WebviewPage, show: PlanShow): Promise<void> {
  const before = (await wp.posted()).filter((m) => m.type === 'plan/rendered').length;
  await wp.host(show);
  await waitFor(wp.page, `window.__posted.filter((m) => m.type === 'plan/rendered').length > ${before}`);
  await nextFrames(wp.page);
}

/** Picks a section in the section menu and waits until it is drawn, names included (as showPlan). */
export async function switchSection(wp: WebviewPage, label: string): Promise<void> {
  const before = (await wp.posted()).filter((m) => m.type === 'plan/rendered').length;
  await wp.page.selectOption('select.section-select', { label });
  await waitFor(wp.page, `window.__posted.filter((m) => m.type === 'plan/rendered').length > ${before}`);
  await nextFrames(wp.page);
}

export async function switchView(wp: WebviewPage, view: 'graph' | 'tree' | 'text'): Promise<void> {
  const before = (await wp.posted()).filter((m) => m.type === 'plan/rendered').length;
  await wp.page.click(`[role=tab][data-view=${view}]`);
  await waitFor(wp.page, `window.__posted.filter((m) => m.type === 'plan/rendered').length > ${before}`);
}
