// The host side of the webview conversation without VS Code: ready handshake and queueing, reloads,
// request/response pairing in both directions, timeouts, invalid input and disposal.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { MessagePump, WebviewRequestError, type WebviewRequestMessage } from '../../../../src/views/webview/message-pump';
import { parsePlanToHost, type PlanToHost } from '../../../../src/protocol/plan';

type Out = { type: 'note'; n: number };

function setup(opts: { onRequest?: (r: PlanToHost & WebviewRequestMessage) => unknown; postResult?: boolean } = {}) {
  const posted: unknown[] = [];
  const readies: boolean[] = [];
  const other: PlanToHost[] = [];
  const warnings: string[] = [];
  const pump = new MessagePump<PlanToHost, Out>({
    post: (m) => {
      posted.push(m);
      return Promise.resolve(opts.postResult ?? true);
    },
    parse: parsePlanToHost,
    onReady: ({ reload }) => readies.push(reload),
    onMessage: (m) => other.push(m),
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
    logger: { debug: () => undefined, warn: (m) => warnings.push(m) },
  });
  return { pump, posted, readies, other, warnings };
}

const READY = { type: 'ready', protocolVersion: 1 };
const tick = () => new Promise((r) => setImmediate(r));

describe('MessagePump', () => {
  it('holds messages until ready, then sends them in order', () => {
    const { pump, posted, readies } = setup();
    pump.send({ type: 'note', n: 1 });
    pump.send({ type: 'note', n: 2 });
    assert.equal(posted.length, 0);
    assert.equal(pump.queued, 2);
    pump.receive(READY);
    assert.deepEqual(posted, [{ type: 'note', n: 1 }, { type: 'note', n: 2 }]);
    assert.deepEqual(readies, [false]);
    pump.send({ type: 'note', n: 3 });
    assert.equal(posted.length, 3, 'sent at once when ready');
  });

  it('queues again after a reset and reports the next ready as a reload', () => {
    const { pump, posted, readies } = setup();
    pump.receive(READY);
    pump.reset();
    pump.send({ type: 'note', n: 7 });
    assert.equal(posted.length, 0);
    pump.receive(READY);
    assert.deepEqual(readies, [false, true]);
    assert.deepEqual(posted, [{ type: 'note', n: 7 }]);
  });

  it('drops the oldest queued messages past the limit', () => {
    const posted: unknown[] = [];
    const pump = new MessagePump<PlanToHost, Out>({ post: (m) => { posted.push(m); }, parse: parsePlanToHost, maxQueue: 3 });
    for (let n = 1; n <= 5; n++) pump.send({ type: 'note', n });
    pump.receive(READY);
    assert.deepEqual(posted.map((m) => (m as Out).n), [3, 4, 5]);
  });

  it('answers each webview request exactly once, with its result or its error', async () => {
    const { pump, posted } = setup({
      onRequest: (r) => {
        if (r.method === 'plan/setMode') return { accepted: r.params.mode === 'cost' };
        throw new Error('clipboard unavailable');
      },
    });
    pump.receive({ type: 'request', id: 4, method: 'plan/setMode', params: { planKey: 'k', mode: 'cost' } });
    pump.receive({ type: 'request', id: 5, method: 'clipboard/write', params: { text: 'x', what: 'plan' } });
    await tick();
    posted.sort((a, b) => (a as { id: number }).id - (b as { id: number }).id);
    assert.deepEqual(posted, [
      { type: 'response', id: 4, ok: true, result: { accepted: true } },
      { type: 'response', id: 5, ok: false, error: 'clipboard unavailable' },
    ]);
  });

  it('drops invalid messages, but still answers an invalid request', () => {
    const { pump, posted, other, warnings } = setup({ onRequest: () => null });
    pump.receive({ type: 'plan/rendered', planKey: 'k' });
    pump.receive('nonsense');
    pump.receive({ type: 'request', id: 9, method: 'plan/setMode', params: { planKey: 'k', mode: 'fancy' } });
    assert.equal(other.length, 0);
    assert.equal(warnings.length, 3);
    assert.deepEqual(posted, [{ type: 'response', id: 9, ok: false, error: 'invalid request' }]);
  });

  it('passes valid notifications on', () => {
    const { pump, other } = setup();
    const rendered = { type: 'plan/rendered', planKey: 'k', mode: 'simple', view: 'graph', nodeCount: 3, layoutMs: 1, drawMs: 2 };
    pump.receive(rendered);
    assert.deepEqual(other, [rendered]);
  });

  it('pairs its own requests with responses and times them out', async () => {
    const { pump, posted } = setup();
    pump.receive(READY);
    const answered = pump.request<{ n: number }>('grid/selection', {}, 1000);
    const sent = posted[0] as WebviewRequestMessage;
    assert.equal(sent.type, 'request');
    pump.receive({ type: 'response', id: sent.id, ok: true, result: { n: 2 } });
    assert.deepEqual(await answered, { n: 2 });

    const failed = pump.request('grid/selection', {}, 1000);
    pump.receive({ type: 'response', id: (posted[1] as WebviewRequestMessage).id, ok: false, error: 'no selection' });
    await assert.rejects(failed, (e: unknown) => e instanceof WebviewRequestError && e.message === 'no selection');

    await assert.rejects(pump.request('grid/selection', {}, 20), /did not answer grid\/selection within 20 ms/);
  });

  it('rejects pending requests on reset and dispose, and goes quiet when disposed', async () => {
    const { pump, posted } = setup({ onRequest: () => null });
    pump.receive(READY);
    const a = pump.request('x', {}, 10_000);
    pump.reset();
    await assert.rejects(a, /reloaded/);
    pump.receive(READY);
    const b = pump.request('x', {}, 10_000);
    pump.dispose();
    await assert.rejects(b, /closed/);
    const before = posted.length;
    pump.send({ type: 'note', n: 1 });
    pump.receive({ type: 'request', id: 1, method: 'clipboard/write', params: { text: 'x', what: 'plan' } });
    await tick();
    assert.equal(posted.length, before);
    await assert.rejects(pump.request('x', {}, 10), /closed/);
  });

  it('logs, and survives, a post that throws', () => {
    const warnings: string[] = [];
    const pump = new MessagePump<PlanToHost, Out>({
      post: () => { throw new Error('webview disposed'); },
      parse: parsePlanToHost,
      logger: { debug: () => undefined, warn: (m) => warnings.push(m) },
    });
    pump.receive(READY);
    pump.send({ type: 'note', n: 1 });
    assert.match(warnings.join(), /webview disposed/);
  });
});
