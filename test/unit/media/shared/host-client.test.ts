// The webview messaging client shared by the grid and the plan view, driven through a fake page: what it
// posts (ready first, requests with ids), how replies, timeouts and notifications are routed, and that
// disposal leaves nothing waiting. Then the grid's and the plan's clients, built on it with their protocols.

import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { HostClient, type ClientProtocol, type WebviewEnv } from '../../../../media/shared/host-client';
import { GRID_CLIENT } from '../../../../media/grid/host-channel';
import { PLAN_CLIENT } from '../../../../media/plan/bridge';
import { GRID_PROTOCOL_VERSION, REQUEST_TIMEOUT_MS } from '../../../../src/protocol/grid';
import { PLAN_PROTOCOL_VERSION, PLAN_REQUEST_TIMEOUT_MS } from '../../../../src/protocol/plan';

type ToHost =
  | { type: 'ready'; protocolVersion: number }
  | { type: 'ping'; n: number }
  | { type: 'request'; id: number; method: string; params: unknown };
type Reply = { type: 'response'; id: number; ok: true; result: unknown } | { type: 'response'; id: number; ok: false; error: string };
type FromHost = { type: 'note'; text: string } | Reply;
interface Requests {
  echo: { params: { text: string }; result: string };
  slow: { params: null; result: null };
}

const TEST_PROTOCOL: ClientProtocol<ToHost, FromHost, Requests> = {
  ready: { type: 'ready', protocolVersion: 7 },
  parse(raw) {
    if (typeof raw !== 'object' || raw === null) return undefined;
    const m = raw as Record<string, unknown>;
    if (m.type === 'note' && typeof m.text === 'string') return m as FromHost;
    if (m.type === 'response' && typeof m.id === 'number' && typeof m.ok === 'boolean') return m as FromHost;
    return undefined;
  },
  timeoutMs: { echo: 1000, slow: 5000 },
};

/** A page with VS Code's API and window messages, recording what the client does with them. */
function fakePage() {
  const posted: Record<string, unknown>[] = [];
  let state: unknown;
  let deliver: ((data: unknown) => void) | undefined;
  const counts = { listens: 0, stops: 0 };
  const env: WebviewEnv = {
    api: {
      postMessage: (m) => posted.push(structuredClone(m) as Record<string, unknown>),
      getState: () => state,
      setState: (s) => { state = s; },
    },
    listen(d) {
      counts.listens++;
      deliver = d;
      return () => {
        counts.stops++;
        deliver = undefined;
      };
    },
  };
  return { env, posted, counts, host: (m: unknown) => deliver?.(m), types: () => posted.map((m) => m.type) };
}

function testClient() {
  const page = fakePage();
  const notes: FromHost[] = [];
  const invalid: unknown[] = [];
  const client = new HostClient(TEST_PROTOCOL, { onNotification: (m) => notes.push(m), onInvalid: (r) => invalid.push(r) }, page.env);
  return { page, client, notes, invalid };
}

/** Lets promise callbacks run (mocked timers do not move microtasks). */
const settled = () => new Promise<void>((r) => setImmediate(r));

describe('HostClient', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it("says 'ready' first: what the page posts before start() waits behind it, in order", () => {
    const { page, client } = testClient();
    client.post({ type: 'ping', n: 1 });
    void client.request('echo', { text: 'early' });
    client.post({ type: 'ping', n: 2 });
    assert.equal(page.posted.length, 0, 'nothing may reach the host before ready');
    client.start();
    assert.deepEqual(page.types(), ['ready', 'ping', 'request', 'ping']);
    assert.deepEqual(page.posted[0], { type: 'ready', protocolVersion: 7 });
    assert.deepEqual(page.posted.map((m) => m.n ?? m.method), [undefined, 1, 'echo', 2]);
    client.post({ type: 'ping', n: 3 });
    assert.deepEqual(page.posted[4], { type: 'ping', n: 3 }, 'after ready, messages go out at once');
  });

  it('starts once: a second start() neither listens again nor repeats ready', () => {
    const { page, client } = testClient();
    client.start();
    client.start();
    assert.equal(page.counts.listens, 1);
    assert.deepEqual(page.types(), ['ready']);
  });

  it('a request carries a fresh id and its reply, matched by id, settles it', async () => {
    const { page, client, notes } = testClient();
    client.start();
    const a = client.request('echo', { text: 'a' });
    const b = client.request('echo', { text: 'b' });
    const [ra, rb] = [page.posted[1], page.posted[2]];
    assert.deepEqual(ra, { type: 'request', id: ra.id, method: 'echo', params: { text: 'a' } });
    assert.notEqual(ra.id, rb.id);
    page.host({ type: 'response', id: 999, ok: true, result: 'stray' });
    page.host({ type: 'response', id: rb.id, ok: true, result: 'B' });
    page.host({ type: 'response', id: ra.id, ok: false, error: 'no such thing' });
    assert.equal(await b, 'B');
    await assert.rejects(a, /no such thing/);
    assert.equal(client.pendingCount, 0);
    assert.deepEqual(notes, [], 'replies never reach the notification handler');
  });

  it("a request the host never answers fails after the protocol's timeout, naming the method", async () => {
    const { page, client } = testClient();
    client.start();
    const outcome: { error?: Error } = {};
    client.request('echo', { text: 'x' }).catch((e: unknown) => { outcome.error = e as Error; });
    mock.timers.tick(999);
    await settled();
    assert.equal(client.pendingCount, 1, 'still waiting 1 ms before the timeout');
    mock.timers.tick(1);
    await settled();
    assert.match(String(outcome.error?.message), /did not answer echo in 1 s/);
    assert.equal(client.pendingCount, 0);
    // A reply that comes after the timeout is ignored.
    page.host({ type: 'response', id: page.posted[1].id, ok: true, result: 'late' });
    assert.equal(client.pendingCount, 0);
  });

  it('host notifications go to the page; messages outside the protocol go to onInvalid only', () => {
    const { page, client, notes, invalid } = testClient();
    client.start();
    page.host({ type: 'note', text: 'hello' });
    page.host({ type: 'note', text: 42 });
    page.host('just a string');
    assert.deepEqual(notes, [{ type: 'note', text: 'hello' }]);
    assert.deepEqual(invalid, [{ type: 'note', text: 42 }, 'just a string']);
  });

  it('dispose stops listening, fails waiting requests, and sends nothing more', async () => {
    const { page, client, notes } = testClient();
    client.start();
    const waiting = client.request('slow', null);
    client.dispose();
    await assert.rejects(waiting, /the view is closed/);
    assert.equal(page.counts.stops, 1);
    page.host({ type: 'note', text: 'after' });
    client.receive({ type: 'note', text: 'after' });
    assert.deepEqual(notes, []);
    const sent = page.posted.length;
    client.post({ type: 'ping', n: 9 });
    await assert.rejects(client.request('echo', { text: 'y' }), /closed/);
    assert.equal(page.posted.length, sent);
    mock.timers.tick(10_000); // the cleared timeout must not fire into a settled promise
    client.dispose();
    assert.equal(page.counts.stops, 1);
  });

  it('dispose before start: never listens, never says ready', () => {
    const { page, client } = testClient();
    client.post({ type: 'ping', n: 1 });
    client.dispose();
    client.start();
    assert.equal(page.counts.listens, 0);
    assert.equal(page.posted.length, 0);
  });

  it("state reads and writes VS Code's saved page state", () => {
    const { client } = testClient();
    assert.equal(client.state, undefined);
    client.state = { view: 'tree' };
    assert.deepEqual(client.state, { view: 'tree' });
  });
});

describe('the grid and plan clients', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it("the grid's says ready with its protocol version, drops malformed batches, and times out by its table", async () => {
    const page = fakePage();
    const notes: string[] = [];
    const invalid: unknown[] = [];
    const grid = new HostClient(GRID_CLIENT, { onNotification: (m) => notes.push(m.type), onInvalid: (r) => invalid.push(r) }, page.env);
    grid.start();
    assert.deepEqual(page.posted.slice(), [{ type: 'ready', protocolVersion: GRID_PROTOCOL_VERSION }]);
    page.host({ type: 'view/state', pinned: true, canShowPlan: false });
    page.host({ type: 'result/batch', resultId: 'r', seq: 0, data: 'not bytes' });
    assert.deepEqual(notes, ['view/state']);
    assert.equal(invalid.length, 1);
    const fetch = grid.request('result/fetchMore', { resultId: 'r', mode: 'more' });
    mock.timers.tick(REQUEST_TIMEOUT_MS['result/fetchMore']);
    await assert.rejects(fetch, /did not answer result\/fetchMore/);
  });

  it("the plan's says ready with its protocol version and settles its requests", async () => {
    const page = fakePage();
    const notes: string[] = [];
    const plan = new HostClient(PLAN_CLIENT, { onNotification: (m) => notes.push(m.type) }, page.env);
    plan.start();
    assert.deepEqual(page.posted.slice(), [{ type: 'ready', protocolVersion: PLAN_PROTOCOL_VERSION }]);
    page.host({ type: 'plan/loading', planKey: 'k', mode: 'simple' });
    assert.deepEqual(notes, ['plan/loading']);
    const copy = plan.request('clipboard/write', { text: 't', what: 'plan' });
    page.host({ type: 'response', id: page.posted[1].id, ok: true, result: null });
    assert.equal(await copy, null);
    const open = plan.request('plan/openText', { planKey: 'k', mode: 'simple' });
    mock.timers.tick(PLAN_REQUEST_TIMEOUT_MS['plan/openText']);
    await assert.rejects(open, /did not answer plan\/openText/);
  });
});
