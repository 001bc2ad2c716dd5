// The request table both ends of a webview conversation use (media/shared/host-client.ts in the webview,
// src/views/webview/message-pump.ts on the host): fresh ids, one ending per request, errors made by the
// caller's own error type.

import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { PendingRequests } from '../../../src/protocol/pending-requests';

class TaggedError extends Error {
  constructor(message: string, readonly method: string) {
    super(message);
  }
}

describe('PendingRequests', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('gives every request its own id and settles each by the reply carrying that id', async () => {
    const pending = new PendingRequests();
    const a = pending.open(1000, 'timed out', (m) => new Error(m));
    const b = pending.open(1000, 'timed out', (m) => new Error(m));
    assert.notEqual(a.id, b.id);
    assert.equal(pending.size, 2);
    pending.settle({ type: 'response', id: b.id, ok: true, result: 'for b' });
    assert.equal(await b.reply, 'for b');
    assert.equal(pending.size, 1, 'a is still waiting');
    pending.settle({ type: 'response', id: a.id, ok: true, result: 'for a' });
    assert.equal(await a.reply, 'for a');
    assert.equal(pending.size, 0);
  });

  it("an error reply rejects with the caller's error type", async () => {
    const pending = new PendingRequests();
    const r = pending.open(1000, 'timed out', (m) => new TaggedError(m, 'grid/selection'));
    pending.settle({ type: 'response', id: r.id, ok: false, error: 'no selection' });
    await assert.rejects(r.reply, (e: unknown) => e instanceof TaggedError && e.message === 'no selection' && e.method === 'grid/selection');
  });

  it('times out with its message, after which a late reply is ignored', async () => {
    const pending = new PendingRequests();
    const r = pending.open(500, 'did not answer in time', (m) => new Error(m));
    mock.timers.tick(499);
    assert.equal(pending.size, 1);
    mock.timers.tick(1);
    await assert.rejects(r.reply, /did not answer in time/);
    assert.equal(pending.size, 0);
    pending.settle({ type: 'response', id: r.id, ok: true, result: 'late' });
    pending.settle({ type: 'response', id: 12345, ok: true, result: 'a stranger' });
    assert.equal(pending.size, 0);
  });

  it('rejectAll fails every waiting request with the reason and stops their timers', async () => {
    const pending = new PendingRequests();
    const a = pending.open(1000, 'timed out', (m) => new Error(m));
    const b = pending.open(2000, 'timed out', (m) => new Error(m));
    pending.rejectAll('webview is closed');
    await assert.rejects(a.reply, /webview is closed/);
    await assert.rejects(b.reply, /webview is closed/);
    assert.equal(pending.size, 0);
    mock.timers.tick(5000); // cleared timers: nothing fires into the settled promises
    const c = pending.open(1000, 'timed out', (m) => new Error(m));
    assert.ok(c.id > b.id, 'ids are never reused');
    pending.settle({ type: 'response', id: c.id, ok: true, result: 1 });
    assert.equal(await c.reply, 1);
  });
});
