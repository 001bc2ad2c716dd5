// The renderer's paging client without a browser: requests carry ids no other renderer makes, replies
// reach only the request that asked, anything else on the shared channel is ignored, and a host that
// never answers ends the request in a timeout instead of leaving the grid waiting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RowsClient } from '../../../media/notebook/rows-client';
import { parseRowsRequest } from '../../../src/protocol/notebook-paging';

function fakeContext() {
  const sent: unknown[] = [];
  const listeners = new Set<(m: unknown) => void>();
  return {
    sent,
    deliver: (m: unknown) => { for (const l of listeners) l(m); },
    ctx: {
      workspace: { isTrusted: true },
      postMessage: (m: unknown) => { sent.push(m); },
      onDidReceiveMessage: (l: (m: unknown) => void) => { listeners.add(l); return { dispose: () => listeners.delete(l) }; },
    },
  };
}

describe('RowsClient', () => {
  it('is not there without messaging (a renderer with no extension host)', () => {
    assert.equal(RowsClient.create({}), undefined);
  });

  it('routes each reply to the request with its id and ignores others', async () => {
    const f = fakeContext();
    const client = RowsClient.create(f.ctx)!;
    const a = client.request('key-a', 100, 50);
    const b = client.request('key-b', 0, 10);
    const [ra, rb] = f.sent.map((m) => parseRowsRequest(m));
    assert.ok(ra && rb);
    assert.notEqual(ra.requestId, rb.requestId);
    assert.deepEqual([ra.resultKey, ra.start, ra.count], ['key-a', 100, 50]);
    // Another renderer's reply, and junk, on the same channel.
    f.deliver({ type: 'rows/reply', requestId: 'someone-else-1', ok: false, reason: 'gone', message: 'not yours' });
    f.deliver({ hello: 'world' });
    f.deliver({ type: 'rows/reply', requestId: rb.requestId, ok: false, reason: 'gone', message: 'reloaded' });
    f.deliver({ type: 'rows/reply', requestId: ra.requestId, ok: true, start: 100, rows: 0, arrow: '', heldRows: 100 });
    const [answerA, answerB] = await Promise.all([a, b]);
    assert.equal(answerA.ok, true);
    assert.equal(!answerB.ok && answerB.message, 'reloaded');
  });

  it('gives up on a request the host never answers', async () => {
    const f = fakeContext();
    const client = RowsClient.create(f.ctx, 50)!;
    const t0 = Date.now();
    const reply = await client.request('key', 0, 10);
    assert.equal(!reply.ok && reply.reason, 'timeout');
    assert.ok(Date.now() - t0 < 2000);
  });
});
