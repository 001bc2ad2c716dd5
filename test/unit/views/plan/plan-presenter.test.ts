// PanelPlanPresenter: one panel per statement, reused when the same statement is explained again, a new
// one for another statement or profile; a closed panel is forgotten; a run's metrics reach the panel model
// and land on the physical plan it shows (the webview's heat comes from those node metrics).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { PlanNode } from '../../../../src/plan/model';
import type { ExplainMode } from '../../../../src/connect/explain-mode';
import { readExecutionMetrics } from '../../../../src/plan/metrics';
import { flattenPlan, physicalRoot } from '../../../../src/plan/walk';
import type { PlanRequest } from '../../../../src/engine/result-sink';
import { PlanPanelModel, type PlanPanelInput } from '../../../../src/views/plan/plan-panel-model';
import {
  PanelPlanPresenter, panelInput, statementKey, tabSnippet, type PlanPanelHandle,
} from '../../../../src/views/plan/plan-presenter';
import { fixtureMetrics, fixtureText } from '../../../webview/plan/plan-fixtures';

class FakePanel implements PlanPanelHandle {
  readonly inputs: PlanPanelInput[] = [];
  private closeListeners: Array<() => void> = [];
  disposed = false;
  constructor(first: PlanPanelInput, readonly tabTitle: string) {
    this.inputs.push(first);
  }
  show(input: PlanPanelInput): void {
    this.inputs.push(input);
  }
  onDidClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }
  /** The user closes the tab. */
  close(): void {
    this.closeListeners.forEach((l) => l());
  }
  dispose(): void {
    this.disposed = true;
    this.close();
  }
}

function setup() {
  const panels: FakePanel[] = [];
  const presenter = new PanelPlanPresenter((input, tab) => {
    const p = new FakePanel(input, tab);
    panels.push(p);
    return p;
  });
  return { panels, presenter };
}

function request(sql: string, extra: Partial<PlanRequest> = {}): PlanRequest & { asked: ExplainMode[] } {
  const asked: ExplainMode[] = [];
  return {
    title: 'q.sql', profile: 'local', sql, mode: 'formatted', text: `== Physical Plan ==\nRange (1)\n`,
    explain: (mode) => {
      asked.push(mode);
      return Promise.resolve(`== Physical Plan ==\n${mode}`);
    },
    asked,
    ...extra,
  };
}

describe('PanelPlanPresenter', () => {
  it('reuses the panel of a statement explained again (whitespace aside), opens another for a new one', () => {
    const { panels, presenter } = setup();
    presenter.show(request('SELECT id\nFROM range(10)'));
    presenter.show(request('  SELECT id   FROM range(10) '));
    assert.equal(panels.length, 1);
    assert.equal(panels[0].inputs.length, 2, 'the second request went to the same panel');
    presenter.show(request('SELECT 2'));
    assert.equal(panels.length, 2);
    presenter.show(request('SELECT 2', { profile: 'other' }));
    assert.equal(panels.length, 3, 'the same SQL on another connection is another plan');
    assert.equal(presenter.panelCount, 3);
  });

  it('forgets a panel the user closed, so the next explain opens a fresh one', () => {
    const { panels, presenter } = setup();
    presenter.show(request('SELECT 1'));
    panels[0].close();
    assert.equal(presenter.panelCount, 0);
    presenter.show(request('SELECT 1'));
    assert.equal(panels.length, 2);
    assert.equal(panels[1].inputs.length, 1);
  });

  it('a run\'s metrics for a plan opened while it ran update that panel, and open none once it is closed', () => {
    const { panels, presenter } = setup();
    const metrics = [{ name: 'Range', planId: 1, parent: 0, executionMetrics: {} }];
    presenter.show(request('SELECT 1'));
    presenter.show(request('SELECT 1', { metrics, refreshOnly: true }));
    assert.equal(panels.length, 1);
    assert.equal(panels[0].inputs.length, 2);
    assert.deepEqual(panels[0].inputs[1].metrics, { metrics }, 'the open panel shows the run\'s metrics');
    panels[0].close();
    presenter.show(request('SELECT 1', { metrics, refreshOnly: true }));
    assert.equal(panels.length, 1, 'the user closed the plan: the metrics do not bring it back');
    assert.equal(presenter.panelCount, 0);
  });

  it('dispose closes every panel', () => {
    const { panels, presenter } = setup();
    presenter.show(request('SELECT 1'));
    presenter.show(request('SELECT 2'));
    presenter.dispose();
    assert.deepEqual(panels.map((p) => p.disposed), [true, true]);
    assert.equal(presenter.panelCount, 0);
  });

  it('names the tab after the statement, cut short', () => {
    const { panels, presenter } = setup();
    presenter.show(request(`SELECT ${'x, '.repeat(30)} y FROM t`));
    assert.equal(panels[0].tabTitle.length, 40);
    assert.ok(panels[0].tabTitle.startsWith('SELECT x, x,') && panels[0].tabTitle.endsWith('\u2026'));
    assert.equal(tabSnippet('SELECT\n  1'), 'SELECT 1');
    assert.equal(statementKey('p', 'SELECT\n 1'), statementKey('p', 'SELECT 1'));
  });
});

describe('panelInput', () => {
  it('passes text and mode through, fetches other modes through the request, each request its own key', async () => {
    const r = request('SELECT 1');
    const a = panelInput(r);
    const b = panelInput(r);
    assert.notEqual(a.planKey, b.planKey);
    assert.equal(a.text, r.text);
    assert.equal(a.mode, 'formatted');
    assert.equal(a.statement, 'SELECT 1');
    assert.equal(a.metrics, undefined, 'no run, no metrics');
    assert.equal(await a.source?.('cost', new AbortController().signal), '== Physical Plan ==\ncost');
    assert.deepEqual(r.asked, ['cost']);
  });

  for (const version of ['4.3.0', '3.5.7'] as const) {
    it(`a run's metrics land on the plan the panel shows (${version})`, async () => {
      const id = 'agg_group_by_aqe_off';
      const metrics = readExecutionMetrics(fixtureMetrics(version, id));
      assert.ok(metrics.length > 0);
      const input = panelInput(request('SELECT ...', { mode: 'simple', text: fixtureText(version, id, 'simple'), metrics }));
      const show = await new PlanPanelModel(input).load('simple', new AbortController().signal);
      assert.equal(show.executed, true);
      const root = physicalRoot(show.document) as PlanNode;
      const nodes = flattenPlan(root, {}).map((e) => e.node);
      const rows = (n: PlanNode) => n.metrics?.values.find((v) => v.key === 'numOutputRows')?.value;
      const aggregates = nodes.filter((n) => n.name === 'HashAggregate');
      assert.equal(aggregates.length, 2);
      assert.ok(aggregates.every((n) => typeof rows(n) === 'number'), 'both aggregates carry their row counts');
      assert.ok(show.stageTimes && Object.keys(show.stageTimes).length >= 1, 'codegen stage times for the outlines');
    });
  }
});
