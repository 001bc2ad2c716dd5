// The host<->grid protocol's validators (both sides check what postMessage delivers), the ArrayBuffer
// helper the host uses for batches, and the webview's static contract: bundle budget and a template with
// no inline script or style.

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exactArrayBuffer, parseGridMessage, parseHostMessage, type HostToGrid } from '../../../src/protocol/grid';
import { repoRoot } from '../../fixtures/arrow/load';
import { buildGrid } from './harness';

void describe('host -> grid messages', () => {
  const good: HostToGrid[] = [
    { type: 'result/start', resultId: 'r', startedAt: 1, title: 't', columns: [{ name: 'a', sparkType: 'int', nullable: true }] },
    { type: 'result/schema', resultId: 'r', columns: [] },
    { type: 'result/batch', resultId: 'r', seq: 0, data: new ArrayBuffer(8) },
    { type: 'result/progress', resultId: 'r', rows: 10, elapsedMs: 5.5, done: false },
    { type: 'result/limited', resultId: 'r', rowLimit: 1000, canFetchMore: true },
    { type: 'result/pages', resultId: 'r', page: 1, pageCount: 3, firstRow: 1000, totalRows: 2500 },
    { type: 'view/state', pinned: false, canShowPlan: true },
    { type: 'result/error', resultId: 'r', error: { reason: 'analysis', message: 'm', sqlState: '42P01' } },
    { type: 'response', id: 3, ok: true, result: null },
    { type: 'response', id: 3, ok: false, error: 'no' },
  ];
  for (const m of good) void it(`accepts ${m.type}`, () => assert.equal(parseHostMessage(m), m));

  void it('rejects malformed messages', () => {
    const bad: unknown[] = [
      null, 'x', [], { type: 'nope' }, { type: 'result/start', resultId: 'r' },
      { type: 'result/batch', resultId: 'r', seq: -1, data: new ArrayBuffer(1) },
      { type: 'result/batch', resultId: 'r', seq: 0, data: new Uint8Array(1) },
      { type: 'result/progress', resultId: 'r', rows: 1.5, elapsedMs: 0, done: true },
      { type: 'result/error', resultId: 'r', error: { reason: 'weird', message: 'm' } },
      { type: 'result/start', resultId: 'r', startedAt: 1, columns: [{ name: 'a' }] },
      { type: 'response', id: 1, ok: false },
      { type: 'result/pages', resultId: 'r', page: 3, pageCount: 3, firstRow: 0, totalRows: 1 },
      { type: 'view/state', pinned: 1, canShowPlan: true },
    ];
    for (const b of bad) assert.equal(parseHostMessage(b), undefined, JSON.stringify(b));
  });
});

void describe('grid -> host messages', () => {
  void it('accepts every message kind and request method', () => {
    const good: unknown[] = [
      { type: 'ready', protocolVersion: 1 },
      { type: 'batch/ack', resultId: 'r', seq: 2 },
      { type: 'cancel', resultId: 'r' },
      { type: 'log', level: 'warn', message: 'x' },
      { type: 'request', id: 1, method: 'result/fetchMore', params: { resultId: 'r', mode: 'all' } },
      { type: 'request', id: 2, method: 'clipboard/write', params: { text: 'a\tb', format: 'tsv', rows: 1, columns: 2 } },
      { type: 'request', id: 3, method: 'export/save', params: { resultId: 'r', format: 'arrow', suggestedName: 'x.arrow' } },
      { type: 'request', id: 4, method: 'result/page', params: { resultId: 'r', page: 3 } },
      { type: 'request', id: 5, method: 'result/plan', params: { resultId: 'r' } },
      { type: 'view/pin', pinned: true },
    ];
    for (const m of good) assert.equal(parseGridMessage(m), m, JSON.stringify(m));
  });
  void it('rejects unknown methods and wrong parameters', () => {
    const bad: unknown[] = [
      { type: 'ready' },
      { type: 'request', id: 1, method: 'fs/delete', params: {} },
      { type: 'request', id: 1, method: 'clipboard/write', params: { text: 1, format: 'tsv', rows: 1, columns: 1 } },
      { type: 'request', id: 1, method: 'export/save', params: { resultId: 'r', format: 'exe', suggestedName: 'x' } },
      { type: 'request', id: 'a', method: 'result/plan', params: { resultId: 'r' } },
      { type: 'request', id: 1, method: 'result/page', params: { resultId: 'r', page: -1 } },
      { type: 'view/pin', pinned: 'yes' },
      { type: 'log', level: 'debug', message: 'x' },
    ];
    for (const b of bad) assert.equal(parseGridMessage(b), undefined, JSON.stringify(b));
  });
  void it('exactArrayBuffer copies only the view, not the pooled buffer behind it', () => {
    const pool = new Uint8Array(1 << 16);
    pool.set([1, 2, 3], 100);
    const ab = exactArrayBuffer(pool.subarray(100, 103));
    assert.equal(ab.byteLength, 3);
    assert.deepEqual([...new Uint8Array(ab)], [1, 2, 3]);
  });
});

void describe('webview contract', () => {
  void it('the minified bundle stays under its 600 KB budget and contains no eval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grid-bundle-'));
    try {
      const built = await buildGrid(dir, true);
      assert.ok(built.jsBytes < 600_000, `grid.js is ${built.jsBytes} bytes`);
      const js = readFileSync(join(dir, 'grid.js'), 'utf8');
      assert.equal(/\beval\(/.test(js), false);
      assert.equal(js.includes('innerHTML'), false, 'values are only ever set with textContent');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('index.html has the host placeholders, a strict CSP and nothing inline', () => {
    const html = readFileSync(join(repoRoot(), 'media', 'grid', 'index.html'), 'utf8');
    for (const p of ['{{cspSource}}', '{{nonce}}', '{{scriptUri}}', '{{styleUri}}']) assert.ok(html.includes(p), p);
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-\{\{nonce\}\}'/);
    assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
    assert.doesNotMatch(html, /<style|\sstyle="|\son\w+=/i);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="\{\{nonce\}\}" src="\{\{scriptUri\}\}"><\/script>/);
  });
});
