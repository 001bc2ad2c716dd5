// The plan panel's state without VS Code: modes are fetched once through the PlanSource and then cached
// (switching never re-runs anything), metrics of a run are merged onto the physical plan, and what goes to
// the webview survives its JSON channel.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { PlanNode } from '../../../../src/plan/model';
import type { ExplainMode } from '../../../../src/connect/explain-mode';
import { parseHostToPlan } from '../../../../src/protocol/plan';
import { PlanPanelModel } from '../../../../src/views/plan/plan-panel-model';
import { fixtureMetrics, fixtureText, VERSIONS } from '../../../webview/plan/plan-fixtures';

function countingSource(version: (typeof VERSIONS)[number], id: string) {
  const calls: ExplainMode[] = [];
  return {
    calls,
    source: (mode: ExplainMode) => {
      calls.push(mode);
      return Promise.resolve(fixtureText(version, id, mode));
    },
  };
}

function nodesWithMetrics(root: PlanNode | undefined): PlanNode[] {
  const out: PlanNode[] = [];
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.metrics) out.push(n);
    stack.push(...n.children, ...n.innerChildren);
  }
  return out;
}

const signal = () => new AbortController().signal;

for (const version of VERSIONS) {
  describe(`PlanPanelModel (${version} fixtures)`, () => {
    it('shows the text it was given without asking the source, then fetches each other mode once', async () => {
      const { calls, source } = countingSource(version, 'join_inner');
      const model = new PlanPanelModel({ planKey: 'k', title: 'join', mode: 'formatted', text: fixtureText(version, 'join_inner', 'formatted'), source });
      const first = await model.load('formatted', signal());
      assert.deepEqual(calls, []);
      assert.equal(first.mode, 'formatted');
      assert.deepEqual(first.modes, ['simple', 'extended', 'codegen', 'cost', 'formatted']);
      assert.equal(first.document.sections[0].kind, 'physical');
      const cost = await model.load('cost', signal());
      assert.deepEqual(calls, ['cost']);
      assert.deepEqual(cost.document.sections.map((s) => s.kind), ['optimized', 'physical']);
      assert.equal(model.mode, 'cost');
      await model.load('formatted', signal());
      await model.load('cost', signal());
      assert.deepEqual(calls, ['cost'], 'cached: the query is explained once per mode');
      assert.equal(model.shown?.mode, 'cost');
    });

    it('is a valid plan/show message that survives JSON', async () => {
      const model = new PlanPanelModel({ planKey: 'k', title: 't', statement: 'SELECT 1', mode: 'extended', text: fixtureText(version, 'join_inner', 'extended') });
      const show = await model.load('extended', signal());
      const wire = JSON.parse(JSON.stringify(show)) as unknown;
      assert.deepEqual(parseHostToPlan(wire), show);
      assert.deepEqual(show.modes, ['extended'], 'without a source only the given mode is offered');
      assert.ok(show.schema && show.schema.length > 0, 'the analyzed plan types the result columns');
      assert.equal(model.canShow('cost'), false);
      await assert.rejects(model.load('cost', signal()), /not available/);
    });

    it('merges execution metrics onto the physical plan and keeps codegen stage times', async () => {
      const model = new PlanPanelModel({
        planKey: 'k', title: 't', mode: 'simple', text: fixtureText(version, 'aqe_on_join_agg', 'simple'),
        metrics: fixtureMetrics(version, 'aqe_on_join_agg'),
      });
      const show = await model.load('simple', signal());
      assert.equal(show.executed, true);
      const physical = show.document.sections.find((s) => s.kind === 'physical');
      const withMetrics = nodesWithMetrics(physical?.root);
      // Every operator of the explained plan ran; only AQE's query stages are extra in the metrics.
      assert.equal(withMetrics.length, 15);
      const join = withMetrics.find((n) => n.name === 'BroadcastHashJoin');
      assert.equal(join?.metrics?.values.find((v) => v.key === 'numOutputRows')?.value, 10000);
      assert.ok(show.stageTimes && Object.keys(show.stageTimes).length === 4, JSON.stringify(show.stageTimes));
      assert.doesNotThrow(() => JSON.stringify(show));
    });

    it('lays metrics that arrive later onto the plan already shown', async () => {
      const model = new PlanPanelModel({ planKey: 'k', title: 't', mode: 'formatted', text: fixtureText(version, 'join_sort_merge_aqe_off', 'formatted') });
      const before = await model.load('formatted', signal());
      assert.equal(before.executed, false);
      assert.equal(nodesWithMetrics(before.document.sections[0].root).length, 0);
      const after = model.setMetrics(fixtureMetrics(version, 'join_sort_merge_aqe_off'));
      assert.equal(after?.executed, true);
      assert.equal(nodesWithMetrics(after?.document.sections[0].root).length, 12);
      assert.equal(model.shown, after);
    });
  });
}

describe('PlanPanelModel source errors and cancellation', () => {
  it('passes the source error on and caches nothing', async () => {
    let fail = true;
    const model = new PlanPanelModel({
      title: 't', mode: 'simple', text: '== Physical Plan ==\nRange (0, 1, step=1, splits=1)\n',
      source: (mode) => (fail ? Promise.reject(new Error('server unavailable')) : Promise.resolve(`== Physical Plan ==\nRange (0, 2, step=1, splits=1)\n${mode}`)),
    });
    await assert.rejects(model.load('cost', signal()), /server unavailable/);
    fail = false;
    const ok = await model.load('cost', signal());
    assert.match(ok.document.raw, /cost$/);
    assert.match(model.planKey, /^plan-/);
  });

  it('drops a text that arrives after its request was aborted', async () => {
    const controller = new AbortController();
    const model = new PlanPanelModel({
      title: 't', mode: 'simple', text: 'x',
      source: () => {
        controller.abort();
        return Promise.resolve('late');
      },
    });
    await assert.rejects(model.load('cost', controller.signal));
    assert.equal(model.mode, 'simple');
  });
});
