// The plan webview protocol's validators (both directions) and the wire form of a document.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parsePlan } from '../../../src/plan/parse';
import { parseHostToPlan, parsePlanToHost, toWireDocument, type PlanShow } from '../../../src/protocol/plan';

const doc = parsePlan('== Physical Plan ==\n*(1) Project [id#1L]\n+- *(1) Range (0, 10, step=1, splits=2)\n');

function show(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const m: PlanShow = { type: 'plan/show', planKey: 'k', title: 't', mode: 'simple', modes: ['simple', 'cost'], document: doc, executed: false };
  return { ...m, ...extra };
}

describe('parseHostToPlan', () => {
  it('accepts what the host sends', () => {
    assert.ok(parseHostToPlan(show()));
    assert.ok(parseHostToPlan(show({ stageTimes: { 1: 12 }, schema: [{ name: 'id', type: 'bigint' }], statement: 'SELECT 1' })));
    assert.ok(parseHostToPlan({ type: 'plan/loading', planKey: 'k', mode: 'cost' }));
    assert.ok(parseHostToPlan({ type: 'plan/error', planKey: 'k', mode: 'cost', message: 'boom' }));
    assert.ok(parseHostToPlan({ type: 'response', id: 1, ok: true, result: null }));
    assert.ok(parseHostToPlan({ type: 'response', id: 1, ok: false, error: 'x' }));
  });

  it('rejects malformed messages', () => {
    assert.equal(parseHostToPlan(show({ mode: 'verbose' })), undefined);
    assert.equal(parseHostToPlan(show({ modes: ['simple', 'nope'] })), undefined);
    assert.equal(parseHostToPlan(show({ document: { ...doc, sections: 'x' } })), undefined);
    assert.equal(parseHostToPlan(show({ executed: 'yes' })), undefined);
    assert.equal(parseHostToPlan(show({ stageTimes: { one: 1 } })), undefined);
    assert.equal(parseHostToPlan({ type: 'response', id: -1, ok: true }), undefined);
    assert.equal(parseHostToPlan({ type: 'response', id: 1, ok: false }), undefined);
    assert.equal(parseHostToPlan({ type: 'eval', code: 'x' }), undefined);
    assert.equal(parseHostToPlan(null), undefined);
    assert.equal(parseHostToPlan([show()]), undefined);
  });
});

describe('parsePlanToHost', () => {
  it('accepts the webview messages', () => {
    assert.ok(parsePlanToHost({ type: 'ready', protocolVersion: 1 }));
    assert.ok(parsePlanToHost({ type: 'request', id: 3, method: 'plan/setMode', params: { planKey: 'k', mode: 'codegen' } }));
    assert.ok(parsePlanToHost({ type: 'request', id: 4, method: 'clipboard/write', params: { text: 'x', what: 'node' } }));
    assert.ok(parsePlanToHost({ type: 'request', id: 5, method: 'plan/openText', params: { planKey: 'k', mode: 'simple' } }));
    assert.ok(parsePlanToHost({ type: 'plan/rendered', planKey: 'k', mode: 'simple', view: 'tree', nodeCount: 2, layoutMs: 0, drawMs: 3.5 }));
    assert.ok(parsePlanToHost({ type: 'log', level: 'warn', message: 'x' }));
  });

  it('rejects unknown methods, bad parameters and unknown types', () => {
    assert.equal(parsePlanToHost({ type: 'request', id: 3, method: 'plan/run', params: {} }), undefined);
    assert.equal(parsePlanToHost({ type: 'request', id: 3, method: 'plan/setMode', params: { planKey: 'k' } }), undefined);
    assert.equal(parsePlanToHost({ type: 'request', id: 1.5, method: 'plan/setMode', params: { planKey: 'k', mode: 'cost' } }), undefined);
    assert.equal(parsePlanToHost({ type: 'request', id: 3, method: 'clipboard/write', params: { text: 1, what: 'plan' } }), undefined);
    assert.equal(parsePlanToHost({ type: 'plan/rendered', planKey: 'k', mode: 'simple', view: 'canvas', nodeCount: 2, layoutMs: 0, drawMs: 1 }), undefined);
    assert.equal(parsePlanToHost({ type: 'log', level: 'debug', message: 'x' }), undefined);
    assert.equal(parsePlanToHost({ type: 'ready' }), undefined);
  });
});

describe('toWireDocument', () => {
  it('turns bigint metric values into numbers so JSON can carry them', () => {
    const d = parsePlan('== Physical Plan ==\nRange (0, 10, step=1, splits=2)\n');
    d.sections[0].root!.metrics = { planId: 12345678901234567890n, values: [{ key: 'numOutputRows', name: 'rows', value: 10n, metricType: 'sum' }] };
    assert.throws(() => JSON.stringify(d));
    const wire = toWireDocument(d);
    const m = wire.sections[0].root!.metrics!;
    assert.equal(m.values[0].value, 10);
    assert.equal(typeof m.planId, 'number');
    assert.equal(wire.sections[0].root!.name, 'Range');
    assert.notEqual(wire, d);
  });
});
