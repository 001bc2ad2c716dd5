import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { OperationsModel } from '../../../src/engine/operations-model';
import type { ResultEvent } from '../../../src/engine/engine';
import { NotebookKernel } from '../../../src/notebook/notebook-kernel';
import { RetainedResults, retainedResultItems } from '../../../src/notebook/retained-results';
import type { CellOutputData } from '../../../src/notebook/cell-outputs';
import { RESULT_MIME, parseNotebookResult, type NotebookResultPayload } from '../../../src/protocol/notebook-output';
import { MAX_REPLY_CHARS, ROWS_PAGE, type RowsReply } from '../../../src/protocol/notebook-paging';
import { FakeSession, MemoryMemento, RecordingLogger } from '../../support/fakes/fakes';

/** `rows` rows (id, name) as Arrow streams of 1,000 rows each, as Spark sends batches. */
function streams(rows: number, name: (i: number) => string = (i) => `name ${i}`): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let from = 0; from < rows; from += 1000) {
    const ids = Array.from({ length: Math.min(1000, rows - from) }, (_, i) => from + i);
    out.push(tableToIPC(new Table({ id: vectorFromArray(ids, new Int32()), name: vectorFromArray(ids.map(name), new Utf8()) }), 'stream'));
  }
  return out;
}

const owner = { notebook: 'nb1', cell: 'nb1#c1' };
let seq = 0;
const store = (budget = 64 * 1024 * 1024) => new RetainedResults(() => budget, () => `key-${++seq}`);
const req = (resultKey: string, start: number, count = ROWS_PAGE) => ({ type: 'rows/request' as const, requestId: 'r1', resultKey, start, count });

function okRows(reply: RowsReply): { ids: number[]; reply: Extract<RowsReply, { ok: true }> } {
  assert.equal(reply.ok, true, reply.ok ? '' : reply.message);
  if (!reply.ok) throw new Error('unreachable');
  const ids = reply.rows === 0 ? [] : [...tableFromIPC(Buffer.from(reply.arrow, 'base64')).getChild('id')!].map(Number);
  return { ids, reply };
}

const payloadOf = (items: { mime: string; data: Uint8Array }[]): NotebookResultPayload => {
  const p = parseNotebookResult(JSON.parse(new TextDecoder().decode(items.find((i) => i.mime === RESULT_MIME)!.data)));
  assert.ok(p);
  return p;
};

describe('RetainedResults', () => {
  it('answers a range of rows from the kept batches, across batch boundaries', () => {
    const s = store();
    assert.equal(s.add('a', owner, streams(5000), 5000), true);
    const { ids, reply } = okRows(s.answer(req('a', 1500, 1000)));
    assert.equal(reply.start, 1500);
    assert.equal(reply.rows, 1000);
    assert.equal(reply.heldRows, 5000);
    assert.deepEqual(ids, Array.from({ length: 1000 }, (_, i) => 1500 + i));
    assert.equal(reply.requestId, 'r1');
  });

  it('caps a request at a page and at the rows it holds; past them it answers no rows', () => {
    const s = store();
    s.add('a', owner, streams(5000), 5000);
    assert.equal(okRows(s.answer(req('a', 0, 50_000))).reply.rows, ROWS_PAGE);
    const tail = okRows(s.answer(req('a', 4900, 1000)));
    assert.equal(tail.reply.rows, 100);
    assert.equal(tail.ids.at(-1), 4999);
    assert.equal(okRows(s.answer(req('a', 7000))).reply.rows, 0);
  });

  it('halves a page of wide rows until one reply fits', () => {
    const s = store();
    s.add('w', owner, streams(2000, (i) => `${i}:${'x'.repeat(5000)}`), 2000);
    const { reply, ids } = okRows(s.answer(req('w', 0, 2000)));
    assert.ok(reply.rows < 2000 && reply.rows > 0, `rows ${reply.rows}`);
    assert.ok(reply.arrow.length <= MAX_REPLY_CHARS);
    assert.equal(ids[0], 0);
  });

  it('says "gone" for a key it does not hold (another window, a reload)', () => {
    const reply = store().answer(req('never-kept', 0));
    assert.equal(reply.ok, false);
    assert.equal(!reply.ok && reply.reason, 'gone');
    assert.match(!reply.ok ? reply.message : '', /no longer holds/);
  });

  it('stays within its budget: the least recently read result goes first; one larger than the budget is refused', () => {
    const one = streams(3000).reduce((n, b) => n + b.byteLength, 0);
    const s = store(Math.floor(one * 2.5));
    s.add('a', owner, streams(3000), 3000);
    s.add('b', owner, streams(3000), 3000);
    okRows(s.answer(req('a', 0, 10))); // a is now the most recently used
    s.add('c', owner, streams(3000), 3000);
    assert.deepEqual([s.has('a'), s.has('b'), s.has('c')], [true, false, true]);
    assert.ok(s.bytes <= one * 2.5);
    assert.equal(s.add('huge', owner, streams(9000), 9000), false);
    assert.equal(s.has('huge'), false);
  });

  it('forgets a cell\'s results when it runs again, and a notebook\'s when it closes or restarts', () => {
    const s = store();
    s.add('a', { notebook: 'nb1', cell: 'nb1#c1' }, streams(10), 10);
    s.add('b', { notebook: 'nb1', cell: 'nb1#c2' }, streams(10), 10);
    s.add('c', { notebook: 'nb2', cell: 'nb2#c1' }, streams(10), 10);
    s.dropCell('nb1#c1');
    assert.deepEqual([s.has('a'), s.has('b'), s.has('c')], [false, true, true]);
    s.dropNotebook('nb1');
    assert.deepEqual([s.has('b'), s.has('c')], [false, true]);
    assert.equal(s.bytes, streams(10)[0].byteLength);
  });
});

describe('retainedResultItems', () => {
  const result = (rows: number) => ({
    columns: [{ name: 'id', sparkType: 'int', nullable: false }, { name: 'name', sparkType: 'string', nullable: true }],
    batches: streams(rows), rowCount: rows, limited: false, elapsedMs: 5,
  });

  it('keeps the rows a capped output left out, under the key its payload names', () => {
    const s = store();
    const items = retainedResultItems(result(20_000), { maxBytes: 64 * 1024, previewRows: 100 }, s.retainerFor('nb1', () => 'nb1#c1'));
    const p = payloadOf(items);
    assert.ok(p.truncated && p.keptRows < 20_000);
    assert.ok(p.resultKey && s.has(p.resultKey));
    // The first row the output did not keep is the next one the renderer asks for.
    const { ids, reply } = okRows(s.answer(req(p.resultKey, p.keptRows, 10)));
    assert.equal(ids[0], p.keptRows);
    assert.equal(reply.heldRows, 20_000);
  });

  it('keeps nothing for a result its output holds whole, and works without a retainer', () => {
    const s = store();
    const p = payloadOf(retainedResultItems(result(50), { maxBytes: 256 * 1024, previewRows: 100 }, s.retainerFor('nb1', () => 'c')));
    assert.equal(p.truncated, false);
    assert.equal(s.bytes, 0);
    const bare = payloadOf(retainedResultItems(result(20_000), { maxBytes: 64 * 1024, previewRows: 100 }, undefined));
    assert.equal(bare.resultKey, undefined);
  });
});

describe('NotebookKernel with a retainer', () => {
  it('an SQL cell\'s large result is retained for paging, owned by the running cell', async () => {
    const s = store();
    const session = new FakeSession('s', '4.3.0', (): ResultEvent[] => [
      { kind: 'schema', columns: [{ name: 'id', type: 'int', nullable: false }, { name: 'name', type: 'string', nullable: true }] },
      ...streams(12_000).map((data, i): ResultEvent => ({ kind: 'arrow', rowCount: i < 12 ? 1000 : 0, data })),
    ]);
    const k = new NotebookKernel({
      session: async () => ({ profile: 'local', session }), operations: new OperationsModel(new MemoryMemento(), () => 50),
      logger: new RecordingLogger(), limits: { maxBytes: 32 * 1024, previewRows: 100 }, retainer: s.retainerFor('nb1', () => 'nb1#c7'),
    });
    const outputs: CellOutputData[] = [];
    await k.runCell({ source: 'SELECT * FROM big', language: 'sql', title: 'nb' }, { append: (o) => outputs.push(o), progress: () => undefined }, new AbortController().signal);
    const p = payloadOf(outputs[0].items);
    assert.ok(p.resultKey && s.has(p.resultKey), 'the kernel kept the rows');
    assert.equal(okRows(s.answer(req(p.resultKey, 11_999, 5))).ids[0], 11_999);
    s.dropCell('nb1#c7');
    assert.equal(s.has(p.resultKey), false);
  });
});
