// A grid that fits its data, in Chromium: the row-number column is as wide as the largest row number,
// headers show names and types in full (or on hover), a half-scrolled column never paints over the row
// numbers, headers appear as soon as the schema is known, and counts read "1 row", not "1 rows".

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { launchGrid, withGridPage, loadResult, nextFrames, waitFor, type GridBrowser, type GridPage } from './harness';

let gb: GridBrowser;
before(async () => {
  gb = await launchGrid();
});
after(async () => {
  await gb.close();
});

const withPage = (fn: (gp: GridPage) => Promise<void>, opts?: { width?: number; height?: number }): Promise<void> =>
  withGridPage(gb, fn, opts);

/** One Arrow IPC stream of `n` rows: an int id, a double and a string column. */
function batchOf(n: number, names = ['id', 'x', 's']): Uint8Array {
  const id = Int32Array.from({ length: n }, (_, i) => i);
  const x = Float64Array.from({ length: n }, (_, i) => i / 4);
  const s = Array.from({ length: n }, (_, i) => `value number ${i} with some words in it`);
  return tableToIPC(tableFromArrays({ [names[0]]: id, [names[1]]: x, [names[2]]: s }), 'stream');
}

const COLUMNS = [
  { name: 'id', sparkType: 'int', nullable: false },
  { name: 'x', sparkType: 'double', nullable: false },
  { name: 's', sparkType: 'string', nullable: true },
];

/** Pixels (x,y) where two PNG screenshots of the same size differ, decoded in a blank page of the same browser. */
async function pixelDiff(a: Buffer, b: Buffer): Promise<string[]> {
  const page = await gb.browser.newPage();
  try {
    // A string, not a function: this file compiles without the DOM library.
    return await page.evaluate(`(async () => {
      const load = async (b64) => {
        const img = new Image();
        img.src = 'data:image/png;base64,' + b64;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d');
        ctx.drawImage(img, 0, 0);
        return { w: img.width, data: ctx.getImageData(0, 0, img.width, img.height).data };
      };
      const x = await load(${JSON.stringify(a.toString('base64'))});
      const y = await load(${JSON.stringify(b.toString('base64'))});
      const out = [];
      for (let i = 0; i < x.data.length && out.length < 20; i += 4) {
        if (x.data[i] !== y.data[i] || x.data[i + 1] !== y.data[i + 1] || x.data[i + 2] !== y.data[i + 2]) {
          out.push(((i / 4) % x.w) + ',' + Math.floor(i / 4 / x.w));
        }
      }
      return out;
    })()`) as string[];
  } finally {
    await page.close();
  }
}

/** Cells under `selector` whose text is cut (the content is wider than the box). */
function clipped(gp: GridPage, selector: string): Promise<string[]> {
  return gp.eval<string[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((e) => !e.hidden && e.offsetParent !== null && e.scrollWidth > e.clientWidth + 0.5).map((e) => e.textContent)`);
}

void describe('a grid that fits its data', () => {
  void it('sizes the row-number column to the largest row number (no "999…" from five digits on)', () => withPage(async (gp) => {
    await loadResult(gp, 'big', [batchOf(23_456)], { columns: COLUMNS });
    await gp.eval(`document.querySelector('.grid-scroll').focus()`);
    await gp.page.keyboard.press('Control+End');
    await nextFrames(gp);
    const gutters = await gp.eval<string[]>(`[...document.querySelectorAll('.grid-body .grid-row:not([hidden]) .cell.gutter')].map((e) => e.textContent)`);
    assert.ok(gutters.includes('23456'), `the last row number is shown: ${gutters.slice(-3).join(',')}`);
    assert.deepEqual(await clipped(gp, '.grid-body .cell.gutter'), []);
  }));

  void it('shows short names and types in full, and every header in full on hover', () => withPage(async (gp) => {
    const long = 'a_rather_long_column_name_that_goes_on_and_on_and_on_forever';
    // VS Code's editor font (the grid's) is larger than its UI font by default; headers use the UI font at the grid's size.
    await gp.eval(`document.documentElement.style.setProperty('--vscode-editor-font-size', '16px')`);
    await loadResult(gp, 'h', [batchOf(3, ['n', 'doubled', long])], {
      columns: [{ name: 'n', sparkType: 'bigint', nullable: false }, { name: 'doubled', sparkType: 'double', nullable: false },
        { name: long, sparkType: 'decimal(38,18)', nullable: true }],
    });
    assert.deepEqual(await clipped(gp, '.header-cell .col-type'), [], 'types are never cut');
    const cut = await clipped(gp, '.header-cell .col-name');
    assert.ok(!cut.includes('n') && !cut.includes('doubled'), `short names are not cut: ${cut.join(',')}`);
    const titles = await gp.eval<string[]>(`[...document.querySelectorAll('.header-cell:not(.gutter)')].map((e) => e.title)`);
    assert.ok(titles[2].includes(long) && titles[2].includes('decimal(38,18)'), titles[2]);
  }));

  void it('clips a half-scrolled column at the row-number column, whatever the theme', () => withPage(async (gp) => {
    // Some themes give the tab strip (the row numbers' background) a translucent colour.
    await gp.eval(`document.documentElement.style.setProperty('--vscode-editorGroupHeader-tabsBackground', 'rgba(40, 40, 40, 0.3)')`);
    await loadResult(gp, 'c', [batchOf(50)], { columns: COLUMNS });
    const strip = await gp.eval<{ x: number; y: number; width: number; height: number }>(`(() => {
      const g = document.querySelector('.grid-body .grid-row:not([hidden]) .cell.gutter').getBoundingClientRect();
      const h = document.querySelector('.header-cell.gutter').getBoundingClientRect();
      // The left part of the row numbers (the digits are right-aligned), header included.
      return { x: h.left + 1, y: h.top + 1, width: 22, height: g.top - h.top + 5 * 24 };
    })()`);
    const shot = async (left: number): Promise<Buffer> => {
      await gp.eval(`document.querySelector('.grid-scroll').scrollLeft = ${left}`);
      await nextFrames(gp);
      assert.equal(await gp.eval<number>(`document.querySelector('.grid-scroll').scrollLeft`), left);
      return gp.page.screenshot({ clip: strip });
    };
    const still = await shot(0);
    // Half of the first column, then part of the string column, lie under the row numbers.
    assert.deepEqual(await pixelDiff(await shot(30), still), [], 'nothing of the first column shows through the row numbers');
    const underGutter = await gp.eval<number>('window.sparkGrid.layout.left(2) + window.sparkGrid.layout.gutterWidth');
    assert.deepEqual(await pixelDiff(await shot(underGutter), still), [], 'nothing of a later column shows through the row numbers');
  }, { width: 260, height: 400 }));

  void it('shows the column headers as soon as the schema is known, before any row', () => withPage(async (gp) => {
    await gp.host({ type: 'result/start', resultId: 's', startedAt: Date.now(), title: 't', columns: COLUMNS });
    await nextFrames(gp);
    const names = await gp.eval<string[]>(`[...document.querySelectorAll('.header-cell:not(.gutter) .col-name')].map((e) => e.textContent)`);
    assert.deepEqual(names, ['id', 'x', 's']);
    // A schema that arrives after the start does the same.
    await gp.host({ type: 'result/start', resultId: 's2', startedAt: Date.now(), title: 't' });
    await gp.host({ type: 'result/schema', resultId: 's2', columns: COLUMNS.slice(0, 2) });
    await nextFrames(gp);
    const types = await gp.eval<string[]>(`[...document.querySelectorAll('.header-cell:not(.gutter) .col-type')].map((e) => e.textContent)`);
    assert.deepEqual(types, ['int', 'double']);
    // Then the rows arrive under those headers.
    await gp.sendBatch('s2', 0, tableToIPC(tableFromArrays({ id: Int32Array.from([7]), x: Float64Array.from([1.5]) }), 'stream'));
    await waitFor(gp, `document.querySelector('.grid-body .cell[data-c="0"]')?.textContent === '7'`);
  }));

  void it('says "1 row", not "1 rows"', () => withPage(async (gp) => {
    await loadResult(gp, 'one', [batchOf(1)], { columns: COLUMNS });
    assert.equal(await gp.eval<string>(`document.querySelector('.status-rows').textContent`), '1 row');
    await loadResult(gp, 'two', [batchOf(2)], { columns: COLUMNS });
    assert.equal(await gp.eval<string>(`document.querySelector('.status-rows').textContent`), '2 rows');
  }));
});
