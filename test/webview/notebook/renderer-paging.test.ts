// Row paging in the notebook renderer, in real Chromium: the renderer talks to a fake messaging context
// and the test answers its requests from the kernel's real RetainedResults store, as the extension host
// does. A first request for no rows asks whether the host has the result; scrolling past the rows an
// output kept asks for the next range and draws it; a host that no longer has the result, or no
// messaging at all, leaves the kept rows and a note that says more exist.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { RetainedResults, retainedResultItems } from '../../../src/notebook/retained-results';
import { RESULT_MIME, parseNotebookResult, type NotebookResultPayload } from '../../../src/protocol/notebook-output';
import { parseRowsRequest, type RowsRequest } from '../../../src/protocol/notebook-paging';
import { openRendererPage, type RendererPage } from './renderer-page';

function output(store: RetainedResults, rows: number, maxBytes: number, name: (i: number) => string = (i) => `name-${i}`): { text: string; payload: NotebookResultPayload } {
  const ipc = tableToIPC(new Table({
    id: vectorFromArray(Array.from({ length: rows }, (_, i) => i), new Int32()),
    name: vectorFromArray(Array.from({ length: rows }, (_, i) => name(i)), new Utf8()),
    score: vectorFromArray(Array.from({ length: rows }, (_, i) => i / 4), new Float64()),
  }), 'stream');
  const items = retainedResultItems({
    columns: [{ name: 'id', sparkType: 'int', nullable: false }, { name: 'name', sparkType: 'string', nullable: true }, { name: 'score', sparkType: 'double', nullable: true }],
    batches: [ipc], rowCount: rows, limited: false, elapsedMs: 42,
  }, { maxBytes, previewRows: 100 }, store.retainerFor('nb', () => 'nb#cell1'));
  const text = new TextDecoder().decode(items.find((i) => i.mime === RESULT_MIME)!.data);
  const payload = parseNotebookResult(JSON.parse(text));
  assert.ok(payload?.resultKey && payload.truncated);
  return { text, payload };
}

const sentCount = (page: RendererPage) => page.page.evaluate('window.__sent.length') as Promise<number>;
const deliver = (page: RendererPage, reply: unknown) => page.page.evaluate(`window.__deliver(${JSON.stringify(reply)})`);

const hostOf = (id: string) => `document.querySelectorAll('#out > div')[${Number(id.replace('item-', '')) - 1}]`;

async function scrollToEnd(page: RendererPage, id: string): Promise<void> {
  await page.page.evaluate(`(() => { const s = ${hostOf(id)}.querySelector('.spark-connect-result').shadowRoot.querySelector('.grid-scroll'); s.scrollTop = s.scrollHeight; })()`);
}

const gridText = (page: RendererPage, id: string) => page.page.evaluate(`${hostOf(id)}.querySelector('.spark-connect-result').shadowRoot.textContent`) as Promise<string>;
const outputText = (page: RendererPage, id: string) => page.page.evaluate(`${hostOf(id)}.innerText`) as Promise<string>;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The n-th request the renderer posted (1-based), checked as the host checks it. */
async function nthRequest(page: RendererPage, n: number): Promise<RowsRequest> {
  const raw = await waitFor(`request ${n}`, async () => {
    const sent = await page.page.evaluate('window.__sent') as unknown[];
    return sent.length >= n ? sent[n - 1] : undefined;
  });
  const req = parseRowsRequest(raw);
  assert.ok(req, `not a rows request: ${JSON.stringify(raw)}`);
  return req;
}

describe('notebook renderer paging', () => {
  let page: RendererPage;
  let bare: RendererPage;
  before(async () => {
    page = await openRendererPage(false, { messaging: true });
    bare = await openRendererPage();
  });
  after(async () => {
    await page.close();
    await bare.close();
  });

  it('scrolling past the kept rows asks the host for the next rows and draws them', async () => {
    const store = new RetainedResults(() => 64 * 1024 * 1024);
    const { text, payload } = output(store, 20_000, 64 * 1024);
    const r = await page.render(RESULT_MIME, text);
    assert.ok(r.rows > 0);
    // First it asks whether the host has the result (no rows), and then says that more can be scrolled to.
    const probe = await nthRequest(page, 1);
    assert.deepEqual([probe.resultKey, probe.start, probe.count], [payload.resultKey, payload.keptRows, 0]);
    await deliver(page, store.answer(probe));
    await waitFor('the scroll note', async () => (/scroll down for more/.test(await outputText(page, r.id)) ? true : undefined));
    // The kept rows fill the view: nothing more is asked for until the user scrolls.
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(await sentCount(page), 1);
    await scrollToEnd(page, r.id);
    const req = await nthRequest(page, 2);
    assert.equal(req.resultKey, payload.resultKey);
    assert.equal(req.start, payload.keptRows);
    const reply = store.answer(req);
    assert.ok(reply.ok && reply.rows > 0);
    await deliver(page, reply);
    const last = payload.keptRows + reply.rows - 1;
    const drawn = await waitFor(`row ${last}`, async () => {
      await scrollToEnd(page, r.id);
      const t = await gridText(page, r.id);
      return t.includes(`name-${last}`) ? t : undefined;
    });
    assert.match(drawn, new RegExp(`name-${last}`));
    // Scrolled to the end of the rows it has now, it asks for the range after them.
    const next = await nthRequest(page, 3);
    assert.equal(next.start, last + 1);
    assert.match(await outputText(page, r.id), new RegExp(`Loading rows ${(last + 2).toLocaleString('en-US')}`));
    await deliver(page, store.answer(next));
    await waitFor('the note after the second page', async () => {
      const t = await outputText(page, r.id);
      return t.includes(`of 20,000 rows; scroll down for more`) ? t : undefined;
    });
    assert.deepEqual(page.pageErrors, []);
  });

  it('a few kept rows that do not fill the view: the next rows load without a scroll', async () => {
    const store = new RetainedResults(() => 64 * 1024 * 1024);
    const { text, payload } = output(store, 300, 24 * 1024, (i) => `name-${i}-${'w'.repeat(1500)}`);
    assert.ok(payload.keptRows < 10, `kept ${payload.keptRows}`);
    const before = await sentCount(page);
    const r = await page.render(RESULT_MIME, text);
    await deliver(page, store.answer(await nthRequest(page, before + 1)));
    const req = await nthRequest(page, before + 2);
    assert.deepEqual([req.start, req.count > 0], [payload.keptRows, true]);
    await deliver(page, store.answer(req));
    await waitFor('all 300 rows', async () => (/All 300 rows/.test(await outputText(page, r.id)) ? true : undefined));
  });

  it('a host that no longer has the result: the note says so at once and the kept rows stay', async () => {
    const { text, payload } = output(new RetainedResults(() => 64 * 1024 * 1024), 20_000, 64 * 1024);
    const before = await sentCount(page);
    const r = await page.render(RESULT_MIME, text);
    const req = await nthRequest(page, before + 1);
    // This window's store never saw the result (a reload, another window).
    await deliver(page, new RetainedResults(() => 1 << 20).answer(req));
    const note = await waitFor('the gone note', async () => {
      const t = await outputText(page, r.id);
      return /no longer holds/.test(t) ? t : undefined;
    });
    assert.match(note, new RegExp(`Showing the first ${payload.keptRows.toLocaleString('en-US')} of 20,000 rows`));
    assert.match(note, /Run the cell again/);
    // Scrolled to the end it shows the last kept row and does not ask again.
    await scrollToEnd(page, r.id);
    await waitFor('the last kept row', async () => ((await gridText(page, r.id)).includes(`name-${payload.keptRows - 1}`) ? true : undefined));
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(await sentCount(page), before + 1);
  });

  it('without messaging it shows the kept rows and says that more rows exist', async () => {
    const { text, payload } = output(new RetainedResults(() => 64 * 1024 * 1024), 20_000, 64 * 1024);
    const r = await bare.render(RESULT_MIME, text);
    assert.ok(r.rows > 0);
    assert.match(r.text, new RegExp(`Showing the first ${payload.keptRows.toLocaleString('en-US')} of 20,000 rows`));
    assert.match(r.text, /more rows exist/);
    await scrollToEnd(bare, r.id);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(await sentCount(bare), 0);
    assert.deepEqual(bare.pageErrors, []);
  });
});
