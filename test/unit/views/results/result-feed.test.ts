// The host side of one result: exact-length ArrayBuffer copies, flow control, pages past the webview's
// memory cap, the final state after the rows, and a replay after a webview reload.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FLOW_CONTROL, parseHostMessage, type HostToGrid } from '../../../../src/protocol/grid';
import { ResultFeed, exactCopy } from '../../../../src/views/results/result-feed';

function feed(pageBytes = 1 << 30) {
  const posted: HostToGrid[] = [];
  let t = 1000;
  const f = new ResultFeed({
    resultId: 'r1', start: { title: 't', statement: 'SELECT 1', startedAt: 1000 }, pageBytes,
    post: (m) => {
      // Everything the host posts must pass the webview's own validator.
      assert.ok(parseHostMessage(m), `invalid host message ${m.type}`);
      posted.push(m);
    },
    now: () => (t += 10),
  });
  return { f, posted };
}

const batches = (posted: HostToGrid[]) => posted.filter((m): m is Extract<HostToGrid, { type: 'result/batch' }> => m.type === 'result/batch');
const types = (posted: HostToGrid[]) => posted.map((m) => m.type);

/** A view over a big pooled buffer, like the ones protobuf decoders hand out. */
function pooledView(size: number, fill: number): Uint8Array {
  const pool = Buffer.alloc(64 * 1024, 0xee);
  const view = pool.subarray(100, 100 + size);
  view.fill(fill);
  return view;
}

void describe('ResultFeed', () => {
  void it('sends each batch as an exact-length copy, never the pool behind a view', () => {
    const { f, posted } = feed();
    f.begin();
    const view = pooledView(300, 7);
    assert.equal(view.buffer.byteLength, 64 * 1024);
    f.addBatch(view, 3);
    const [b] = batches(posted);
    assert.equal(b.data.byteLength, 300);
    assert.notEqual(b.data, view.buffer);
    assert.ok(new Uint8Array(b.data).every((x) => x === 7));
    // A later change to the pool does not reach what was sent (it is a copy).
    view.fill(9);
    assert.ok(new Uint8Array(b.data).every((x) => x === 7));
    assert.equal(exactCopy(new Uint8Array(0)).byteLength, 0);
  });

  void it('starts, streams with live progress, and ends with limited + final progress after the rows', () => {
    const { f, posted } = feed();
    f.begin();
    f.addBatch(pooledView(10, 1), 4);
    f.addBatch(pooledView(10, 2), 6);
    f.complete(1234, { rowLimit: 10, canFetchMore: true });
    assert.equal(posted[0].type, 'result/start');
    assert.deepEqual(batches(posted).map((b) => b.seq), [0, 1]);
    const tail = posted.slice(-2);
    assert.deepEqual(tail.map((m) => m.type), ['result/limited', 'result/progress']);
    assert.deepEqual(tail[0], { type: 'result/limited', resultId: 'r1', rowLimit: 10, canFetchMore: true });
    assert.deepEqual(tail[1], { type: 'result/progress', resultId: 'r1', rows: 10, elapsedMs: 1234, done: true });
    const live = posted.filter((m) => m.type === 'result/progress' && !m.done);
    assert.ok(live.length >= 1, 'a live row count while streaming');
  });

  void it('keeps at most FLOW_CONTROL.maxUnackedBatches in flight and holds the final state until they are out', () => {
    const { f, posted } = feed();
    f.begin();
    const n = FLOW_CONTROL.maxUnackedBatches + 5;
    for (let k = 0; k < n; k++) f.addBatch(pooledView(8, k), 1);
    f.complete(5);
    assert.equal(batches(posted).length, FLOW_CONTROL.maxUnackedBatches);
    assert.ok(!posted.some((m) => m.type === 'result/progress' && m.done), 'no final progress before every batch is out');
    for (let k = 0; k < n; k++) f.ack(k);
    assert.deepEqual(batches(posted).map((b) => b.seq), [...Array(n).keys()]);
    const last = posted[posted.length - 1];
    assert.equal(last.type === 'result/progress' && last.done, true);
    f.ack(999); // unknown acks are ignored
  });

  void it('pages past the memory cap: the webview gets one page, the host keeps all and serves others on demand', () => {
    const { f, posted } = feed(250);
    f.begin();
    for (let k = 0; k < 7; k++) {
      f.addBatch(pooledView(100, k), 10);
      for (const b of batches(posted)) f.ack(b.seq);
    }
    f.complete(50);
    // 100-byte batches under a 250-byte cap: pages of two batches.
    assert.deepEqual(f.pages.map((p) => [p.first, p.end, p.firstRow, p.rows]), [[0, 2, 0, 20], [2, 4, 20, 20], [4, 6, 40, 20], [6, 7, 60, 10]]);
    assert.equal(f.batches.length, 7, 'the host holds every batch');
    assert.deepEqual(batches(posted).map((b) => b.seq), [0, 1], 'only the first page went to the webview');
    const pages = posted.filter((m) => m.type === 'result/pages');
    const lastPages = pages[pages.length - 1];
    assert.deepEqual(lastPages, { type: 'result/pages', resultId: 'r1', page: 0, pageCount: 4, firstRow: 0, totalRows: 70 });
    assert.equal(posted[posted.length - 1].type, 'result/progress');

    posted.length = 0;
    assert.equal(f.showPage(2), true);
    assert.equal(posted[0].type, 'result/start');
    assert.deepEqual(posted[1], { type: 'result/pages', resultId: 'r1', page: 2, pageCount: 4, firstRow: 40, totalRows: 70 });
    assert.deepEqual(batches(posted).map((b) => [b.seq, new Uint8Array(b.data)[0]]), [[4, 4], [5, 5]]);
    const done = posted.filter((m) => m.type === 'result/progress' && m.done);
    assert.equal(done.length, 1, 'a page of a finished result ends with its final state');
    assert.equal(f.showPage(9), false);
  });

  void it('a batch bigger than the cap still makes a page of its own', () => {
    const { f } = feed(50);
    f.begin();
    f.addBatch(pooledView(80, 1), 1);
    f.addBatch(pooledView(80, 2), 1);
    assert.deepEqual(f.pages.map((p) => [p.first, p.end]), [[0, 1], [1, 2]]);
  });

  void it('replays the shown page and the final state after a webview reload', () => {
    const { f, posted } = feed();
    f.begin();
    f.addBatch(pooledView(10, 1), 2);
    f.ack(0);
    f.fail({ reason: 'cancelled', message: 'Cancelled.' }, 77);
    posted.length = 0;
    f.begin();
    assert.deepEqual(types(posted), ['result/start', 'result/batch', 'result/error']);
    const err = posted[2];
    assert.equal(err.type === 'result/error' && err.error.reason, 'cancelled');
  });

  void it('streams() gives the held bytes back in order for export', () => {
    const { f } = feed();
    f.begin();
    f.addBatch(pooledView(3, 1), 1);
    f.addBatch(pooledView(5, 2), 1);
    assert.deepEqual([...f.streams()].map((s) => [s.byteLength, s[0]]), [[3, 1], [5, 2]]);
    assert.equal(f.totalBytes, 8);
    assert.equal(f.totalRows, 2);
  });
});

void describe('ResultFeed after a memory budget stop', () => {
  void it('posts result/budget (a valid host message) after the batches and before the final progress', () => {
    const { f, posted } = feed();
    f.begin();
    f.addBatch(new Uint8Array(100), 10);
    f.ack(0);
    f.complete(50, undefined, { rows: 10, bytes: 100, budgetBytes: 1000, canRerun: true });
    const t = types(posted);
    const at = t.indexOf('result/budget');
    assert.ok(at > t.indexOf('result/batch'));
    assert.equal(t[at + 1], 'result/progress');
    assert.equal(t.includes('result/limited'), false);
    assert.deepEqual(posted[at], { type: 'result/budget', resultId: 'r1', rows: 10, bytes: 100, budgetBytes: 1000, canRerun: true });
  });

  void it('the webview\'s export-the-whole-result request is validated like the others', async () => {
    const { parseGridMessage } = await import('../../../../src/protocol/grid');
    const ok = { type: 'request', id: 3, method: 'result/exportAll', params: { resultId: 'r', format: 'csv', suggestedName: 'x.csv' } };
    assert.deepEqual(parseGridMessage(ok), ok);
    assert.equal(parseGridMessage({ ...ok, params: { resultId: 'r', format: 'xlsx', suggestedName: 'x' } }), undefined);
    assert.equal(parseHostMessage({ type: 'result/budget', resultId: 'r', rows: -1, bytes: 1, budgetBytes: 1, canRerun: true }), undefined);
  });
  void it('the final time covers the delivery of every row, not just the server\'s part, and stays put on replay', () => {
    const posted: HostToGrid[] = [];
    let t = 0;
    const f = new ResultFeed({ resultId: 'r', start: { startedAt: 0 }, pageBytes: 1 << 30, post: (m) => posted.push(m), now: () => t });
    f.begin();
    for (let i = 0; i < FLOW_CONTROL.maxUnackedBatches + 2; i++) f.addBatch(new Uint8Array(10), 1);
    t = 1200;
    f.complete(1200);
    assert.equal(posted.filter((m) => m.type === 'result/progress' && m.done).length, 0, 'rows still wait for the webview');
    t = 5000;
    for (const b of batches(posted)) f.ack(b.seq);
    for (const b of batches(posted)) f.ack(b.seq);
    const done = posted.filter((m) => m.type === 'result/progress' && m.done);
    assert.equal(done.length, 1);
    assert.equal(done[0].type === 'result/progress' && done[0].elapsedMs, 5000);
    t = 99_000;
    posted.length = 0;
    f.begin();
    for (const b of batches(posted)) f.ack(b.seq);
    const again = posted.filter((m) => m.type === 'result/progress' && m.done);
    assert.equal(again[0]?.type === 'result/progress' && again[0].elapsedMs, 5000, 'a replay repeats the time');
  });
});
