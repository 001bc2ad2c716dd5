import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRowsReply, parseRowsRequest } from '../../../src/protocol/notebook-paging';
import { parseNotebookResult } from '../../../src/protocol/notebook-output';

describe('notebook paging protocol', () => {
  const req = { type: 'rows/request', requestId: 'abc-1', resultKey: '0f8e-42', start: 100, count: 2000 };

  it('accepts a well-formed request and refuses anything else a renderer might post', () => {
    assert.deepEqual(parseRowsRequest(req), req);
    for (const bad of [
      { ...req, type: 'rows/reply' }, { ...req, start: -1 }, { ...req, count: 1.5 }, { ...req, count: 1e9 },
      { ...req, resultKey: '../etc' }, { ...req, resultKey: '' }, { ...req, requestId: 7 }, null, 'rows/request',
    ]) assert.equal(parseRowsRequest(bad), undefined, JSON.stringify(bad));
  });

  it('accepts both kinds of reply and refuses malformed ones', () => {
    const ok = { type: 'rows/reply', requestId: 'abc-1', ok: true, start: 100, rows: 2, arrow: 'QUJD', heldRows: 500 };
    const gone = { type: 'rows/reply', requestId: 'abc-1', ok: false, reason: 'gone', message: 'reloaded' };
    assert.deepEqual(parseRowsReply(ok), ok);
    assert.deepEqual(parseRowsReply(gone), gone);
    assert.equal(parseRowsReply({ ...ok, arrow: 5 }), undefined);
    assert.equal(parseRowsReply({ ...gone, reason: 'timeout' }), undefined);
    assert.equal(parseRowsReply({ ...ok, ok: 'yes' }), undefined);
  });

  it('a result payload may name its key; a malformed key makes it unreadable', () => {
    const payload = { version: 1, columns: [], rowCount: 10, keptRows: 5, truncated: true, limited: false, elapsedMs: 1 };
    assert.equal(parseNotebookResult({ ...payload, resultKey: 'k-1' })?.resultKey, 'k-1');
    assert.ok(parseNotebookResult(payload));
    assert.equal(parseNotebookResult({ ...payload, resultKey: '<script>' }), undefined);
  });
});
