// Results far taller than the browser's maximum element height: 1e6 rows scroll with every rendered row
// consistent, the wheel moves by rows, and 1e7 rows reach their last row by keyboard and by scrollbar.

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { launchGrid, nextFrames, waitFor, type GridBrowser, type GridPage } from './harness';

let gb: GridBrowser;
before(async () => {
  gb = await launchGrid();
});
after(async () => {
  await gb.close();
});

const MILLION = 1_000_000;
const ids = tableToIPC(tableFromArrays({ id: Int32Array.from({ length: MILLION }, (_, i) => i) }), 'stream');

async function feed(gp: GridPage, times: number): Promise<void> {
  await gp.host({ type: 'result/start', resultId: 'big', startedAt: Date.now() });
  await gp.page.evaluate(`window.__repeatBatch('big', ${JSON.stringify(Buffer.from(ids).toString('base64'))}, ${times})`);
  await waitFor(gp, `window.__posted.filter((m) => m.type === 'batch/ack').length >= ${times}`, 60_000);
  await gp.host({ type: 'result/progress', resultId: 'big', rows: times * MILLION, elapsedMs: 1, done: true });
  await nextFrames(gp);
}

interface Rendered {
  gutters: number[];
  ids: number[];
  scrollTop: number;
  maxScrollTop: number;
  contentHeight: number;
  lastBottom: number;
  viewportBottom: number;
  clientHeight: number;
}

/** Rendered rows sorted by position: their gutter numbers, id cells, and where the last one ends. */
async function rendered(gp: GridPage): Promise<Rendered> {
  return gp.eval(`(() => {
    const s = document.querySelector('.grid-scroll');
    const rows = [...document.querySelectorAll('.grid-body .grid-row:not([hidden])')]
      .map((r) => ({ top: r.getBoundingClientRect().top, bottom: r.getBoundingClientRect().bottom,
        g: Number(r.querySelector('.gutter').textContent), id: Number(r.querySelector('.cell[data-c="0"]').textContent) }))
      .sort((a, b) => a.top - b.top);
    const vb = s.getBoundingClientRect().top + s.clientHeight;
    const inView = rows.filter((r) => r.top < vb);
    return { gutters: inView.map((r) => r.g), ids: inView.map((r) => r.id), scrollTop: s.scrollTop,
      maxScrollTop: s.scrollHeight - s.clientHeight, contentHeight: s.scrollHeight,
      lastBottom: inView.length ? inView[inView.length - 1].bottom : 0, viewportBottom: vb, clientHeight: s.clientHeight };
  })()`);
}

function assertConsecutive(r: Rendered, idModulo: number): void {
  for (let k = 1; k < r.gutters.length; k++) assert.equal(r.gutters[k], r.gutters[k - 1] + 1, `gutters ${r.gutters.join(',')}`);
  r.gutters.forEach((g, k) => assert.equal(r.ids[k], (g - 1) % idModulo, `row ${g} shows id ${r.ids[k]}`));
}

void describe('a million rows', () => {
  void it('scrolls through a scaled scroll area with every frame consistent, and the wheel moves rows', async () => {
    const gp = await gb.open({ width: 800, height: 600 });
    try {
      await feed(gp, 1);
      const start = await rendered(gp);
      assert.ok(start.contentHeight <= 8_000_000, `content ${start.contentHeight}px`);
      assert.deepEqual(start.gutters.slice(0, 3), [1, 2, 3]);
      // Programmatic scrolling, one position per frame, down the whole range.
      for (let k = 1; k <= 20; k++) {
        await gp.eval(`(() => { const s = document.querySelector('.grid-scroll'); s.scrollTop = ${k / 20} * (s.scrollHeight - s.clientHeight); })()`);
        await nextFrames(gp);
        const r = await rendered(gp);
        assertConsecutive(r, MILLION);
        const expectFirst = (k / 20) * (MILLION - (r.clientHeight - 40) / 24);
        // One scroll pixel spans 24e6 / 8e6 = 3 rows, so integer scrollTop lands within a few rows.
        assert.ok(Math.abs(r.gutters[0] - 1 - expectFirst) <= 4, `step ${k}: first row ${r.gutters[0]} vs ${expectFirst}`);
      }
      await gp.eval(`document.querySelector('.grid-scroll').scrollTop = 0`);
      await nextFrames(gp);
      await gp.page.mouse.move(400, 300);
      await gp.page.mouse.wheel(0, 240);
      await nextFrames(gp);
      const wheeled = await rendered(gp);
      assert.equal(wheeled.gutters[0], 11, 'a 240 px wheel step moves 10 rows of 24 px, not 300');
      assertConsecutive(wheeled, MILLION);
      assert.deepEqual(gp.pageErrors, []);
    } finally {
      await gp.close();
    }
  });

  void it('Ctrl+End lands on the last row, fully visible', async () => {
    const gp = await gb.open({ width: 800, height: 600 });
    try {
      await feed(gp, 1);
      await gp.eval(`document.querySelector('.grid-scroll').focus()`);
      await gp.page.keyboard.press('Control+End');
      await nextFrames(gp);
      const r = await rendered(gp);
      assert.equal(r.gutters[r.gutters.length - 1], MILLION);
      assert.equal(await gp.eval('document.querySelector(".cell.active").textContent'), '999999');
      assert.ok(r.lastBottom <= r.viewportBottom + 0.5, `${r.lastBottom} <= ${r.viewportBottom}`);
      await gp.page.keyboard.press('ArrowUp');
      await gp.page.keyboard.press('Control+Home');
      await nextFrames(gp);
      assert.equal((await rendered(gp)).gutters[0], 1);
    } finally {
      await gp.close();
    }
  });
});

void describe('ten million rows', () => {
  void it('reaches the last row by scrollbar and by keyboard', async () => {
    const gp = await gb.open({ width: 800, height: 600 });
    try {
      await feed(gp, 10);
      assert.equal(await gp.eval('document.querySelector(".status-rows").textContent'), '10,000,000 rows');
      await gp.eval(`(() => { const s = document.querySelector('.grid-scroll'); s.scrollTop = s.scrollHeight; })()`);
      await nextFrames(gp);
      const bottom = await rendered(gp);
      assert.ok(bottom.contentHeight <= 8_000_000);
      assert.equal(bottom.gutters[bottom.gutters.length - 1], 10 * MILLION);
      assert.ok(Math.abs(bottom.lastBottom - bottom.viewportBottom) < 1, 'last row sits at the bottom edge');
      assertConsecutive(bottom, MILLION);
      // Keyboard from the top: PageDown moves one screen, Ctrl+End goes to the very end.
      await gp.eval(`document.querySelector('.grid-scroll').scrollTop = 0`);
      await gp.eval(`document.querySelector('.grid-scroll').focus()`);
      await gp.page.keyboard.press('Control+Home');
      await gp.page.keyboard.press('PageDown');
      await nextFrames(gp);
      const page = Math.floor((bottom.clientHeight - 40) / 24);
      assert.equal(await gp.eval('document.querySelector(".cell.active").dataset.r'), String(page));
      await gp.page.keyboard.press('Control+End');
      await gp.page.keyboard.press('ArrowUp');
      await nextFrames(gp);
      const r = await rendered(gp);
      assert.equal(r.gutters[r.gutters.length - 1], 10 * MILLION);
      assert.equal(await gp.eval('document.querySelector(".cell.active").dataset.r'), String(10 * MILLION - 2));
      assertConsecutive(r, MILLION);
    } finally {
      await gp.close();
    }
  });
});
