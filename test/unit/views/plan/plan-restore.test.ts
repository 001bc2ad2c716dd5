// A plan tab after a window reload: the state its webview saved is checked before use, and the panel
// model shows the saved plan as it was, marked restored, with only its own mode on offer.

import { fake } from '../../../support/fakes/fake-vscode';
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseHostToPlan, parsePlanToHost } from '../../../../src/protocol/plan';
import { PlanPanelModel } from '../../../../src/views/plan/plan-panel-model';
import { savedPlan } from '../../../../src/views/plan/plan-restore';
import { showMessage } from '../../../webview/plan/plan-fixtures';

void fake;

test('a saved plan is used only when it is a valid plan/show message', async () => {
  const show = await showMessage('4.3.0', 'aqe_on_join_agg', 'formatted', { metrics: true });
  const json = JSON.parse(JSON.stringify({ view: 'graph', snapshot: { ...show, profile: 'local' } })) as unknown;
  assert.equal(savedPlan(json)?.profile, 'local');
  assert.equal(savedPlan({ view: 'graph' }), undefined);
  assert.equal(savedPlan({ snapshot: { type: 'plan/show', planKey: 1 } }), undefined);
  assert.equal(savedPlan(undefined), undefined);
});

test('a restored model shows the snapshot as it was, marked restored, with its statement and profile', async () => {
  const show = { ...(await showMessage('4.3.0', 'aqe_on_join_agg', 'formatted', { metrics: true })), statement: 'SELECT 1', profile: 'local' };
  const model = new PlanPanelModel({ title: show.title, mode: show.mode, snapshot: show });
  assert.equal(model.restored, true);
  assert.equal(model.statement, 'SELECT 1', 'the statement to explain again comes from the snapshot');
  const shown = model.shown!;
  assert.equal(shown.restored, true);
  assert.equal(shown.profile, 'local');
  assert.deepEqual(shown.modes, ['formatted']);
  assert.equal(shown.finalPlan, 'unchanged', 'the final plan and its metrics come back too');
  assert.ok(parseHostToPlan(JSON.parse(JSON.stringify(shown))), 'still a valid message');
  assert.equal(model.canShow('simple'), false);
  assert.ok(parsePlanToHost({ type: 'request', id: 1, method: 'plan/rerun', params: { planKey: shown.planKey } }));
});
