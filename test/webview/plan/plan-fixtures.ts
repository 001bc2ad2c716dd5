// Plan-view test inputs built the way the extension builds them: real explain fixtures (and metrics) go
// through the host's PlanPanelModel, whose 'plan/show' message is what the webview receives. No browser
// here, so unit tests can use it too.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanSection } from '../../../src/plan/model';
import type { ExplainMode } from '../../../src/connect/explain-mode';
import { sectionNodes } from '../../../src/plan/section-walk';
import type { PlanShow } from '../../../src/protocol/plan';
import { lastMetrics, type MetricsLike } from '../../../src/views/plan/metrics-merge';
import { PlanPanelModel, type PlanSource } from '../../../src/views/plan/plan-panel-model';
import { projectRoot } from '../../support/servers';

export const VERSIONS = ['4.3.0', '3.5.7'] as const;
export type FixtureVersion = (typeof VERSIONS)[number];

export function fixtureText(version: FixtureVersion, id: string, mode: ExplainMode): string {
  return readFileSync(join(projectRoot(), 'test', 'fixtures', 'plans', version, `${id}.${mode}.txt`), 'utf8');
}

export function fixtureMetrics(version: FixtureVersion, id: string): MetricsLike {
  const json = JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', 'plans', version, `${id}.metrics.json`), 'utf8')) as
    { responses: MetricsLike[] };
  const m = lastMetrics(json.responses);
  if (!m) throw new Error(`${version}/${id}: no metrics in fixture`);
  return m;
}

/** A source serving the fixture's other modes, as the extension's AnalyzePlan source would. */
export function fixtureSource(version: FixtureVersion, id: string): PlanSource {
  return (mode) => Promise.resolve(fixtureText(version, id, mode));
}

export async function showMessage(version: FixtureVersion, id: string, mode: ExplainMode,
  opts: { metrics?: boolean; planKey?: string } = {}): Promise<PlanShow> {
  const model = new PlanPanelModel({
    planKey: opts.planKey ?? `${version}/${id}`,
    title: id,
    mode,
    text: fixtureText(version, id, mode),
    source: fixtureSource(version, id),
    ...(opts.metrics ? { metrics: fixtureMetrics(version, id) } : {}),
  });
  return model.load(mode, new AbortController().signal);
}

/** The section of `kind` the view opens with: for 'physical', the final plan a run used when there is one. */
export function section(show: PlanShow, kind = 'physical'): PlanSection {
  const final = kind === 'physical' ? show.document.sections.find((x) => x.adaptiveRole === 'final') : undefined;
  const s = final ?? show.document.sections.find((x) => x.kind === kind);
  if (!s) throw new Error(`no ${kind} section`);
  return s;
}

export function nodeCount(s: PlanSection): number {
  return sectionNodes(s).length;
}
