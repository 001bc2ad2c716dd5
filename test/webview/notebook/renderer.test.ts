// The notebook renderer in real Chromium: the results grid drawn from a saved output's base64 Arrow,
// a note when the output kept only part of the result, a clear fallback for unreadable rows, and no
// value ever acting as markup.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { resultOutputItems } from '../../../src/notebook/result-output';
import { RESULT_MIME } from '../../../src/protocol/notebook-output';
import { openRendererPage, type RendererPage } from './renderer-page';

function payloadText(rows: number, name: (i: number) => string = (i) => `name-${i}`, maxBytes = 256 * 1024): string {
  const ipc = tableToIPC(new Table({
    id: vectorFromArray(Array.from({ length: rows }, (_, i) => i), new Int32()),
    name: vectorFromArray(Array.from({ length: rows }, (_, i) => name(i)), new Utf8()),
    score: vectorFromArray(Array.from({ length: rows }, (_, i) => i / 4), new Float64()),
  }), 'stream');
  const items = resultOutputItems({
    columns: [{ name: 'id', sparkType: 'int', nullable: false }, { name: 'name', sparkType: 'string', nullable: true }, { name: 'score', sparkType: 'double', nullable: true }],
    batches: [ipc], rowCount: rows, limited: false, elapsedMs: 42,
  }, { maxBytes, previewRows: 100 });
  return new TextDecoder().decode(items.find((i) => i.mime === RESULT_MIME)!.data);
}

describe('notebook result renderer', () => {
  let page: RendererPage;
  before(async () => { page = await openRendererPage(); });
  after(async () => { await page.close(); });

  it('draws the kept rows in the results grid', async () => {
    const r = await page.render(RESULT_MIME, payloadText(30));
    assert.ok(r.rows > 0, 'grid rows rendered');
    assert.match(r.shadowText ?? '', /name-0/);
    assert.match(r.shadowText ?? '', /score/);
    assert.ok(!/of 30 rows/.test(r.text), 'no truncation note for a whole result');
    assert.deepEqual(page.pageErrors, []);
  });

  it('says when the notebook kept only the first rows', async () => {
    const r = await page.render(RESULT_MIME, payloadText(20_000, undefined, 64 * 1024));
    assert.match(r.text, /Showing the first [\d,]+ of 20,000 rows/);
    assert.ok(r.rows > 0);
  });

  it('falls back to a note, not a broken grid, when the rows cannot be read', async () => {
    const broken = JSON.parse(payloadText(10)) as Record<string, unknown>;
    broken.arrow = Buffer.from('not arrow at all').toString('base64');
    const r = await page.render(RESULT_MIME, JSON.stringify(broken));
    assert.equal(r.shadowText, null);
    assert.match(r.text, /could not be read from the notebook/);
    const foreign = await page.render(RESULT_MIME, JSON.stringify({ hello: 'world' }));
    assert.match(foreign.text, /not a Spark Connect result/);
  });

  it('values never act as markup', async () => {
    const r = await page.render(RESULT_MIME, payloadText(5, (i) => `<img src=x onerror="window.__xss=${i}">`));
    assert.match(r.shadowText ?? '', /<img src=x/);
    assert.equal(await page.page.evaluate('window.__xss === undefined && document.querySelectorAll("img").length === 0'), true);
  });
});
