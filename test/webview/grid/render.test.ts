// The grid in Chromium, fed the real Spark fixtures: every type renders as the shared formatter says,
// headers carry names and Spark types (duplicates apart), NULL is not the string "null", and hostile strings
// stay text under the host's CSP.

import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { RecordBatchReader } from 'apache-arrow';
import { batchFields } from '../../../src/arrow-format/chunks';
import { createCellFormatter } from '../../../src/arrow-format/formatter';
import { loadFixture, sparkVersions } from '../../fixtures/arrow/load';
import { launchGrid, loadResult, nextFrames, rowTexts, type GridBrowser } from './harness';

let gb: GridBrowser;
before(async () => {
  gb = await launchGrid();
});
after(async () => {
  await gb.close();
});

function visibleText(s: string): string {
  return s.replace(/\r\n|\r|\n/g, '↵').replace(/\t/g, '→');
}

for (const version of sparkVersions()) {
  void describe(`Spark ${version} all-types in the grid`, () => {
    const fx = loadFixture(version, 'all-types');
    const batch = [...RecordBatchReader.from(fx.batches[0])][0];
    const fields = batchFields(batch);
    const columns = [{ name: 'id', sparkType: 'int', nullable: false },
      ...fx.expected.columns.map((c) => ({ name: c.name, sparkType: c.sparkType, nullable: true }))];

    void it('renders every cell of every type exactly as the shared formatter', async () => {
      const gp = await gb.open({ width: 9000, height: 500 });
      try {
        await loadResult(gp, 'r1', fx.batches, { columns, timeZone: fx.expected.sessionTimeZone });
        for (let row = 0; row < batch.numRows; row++) {
          const got = await rowTexts(gp, row);
          fields.forEach((f, c) => {
            const fmt = createCellFormatter(f, { sparkType: columns[c].sparkType, timeZone: fx.expected.sessionTimeZone });
            const want = visibleText(fmt.text(batch.data.children[c], row));
            assert.equal(got[String(c)], want, `row ${row} column ${c} ${f.name}`);
          });
        }
        const nullCells = await gp.eval<number>(`document.querySelectorAll('.grid-body .cell.null[data-r="6"]').length`);
        assert.ok(nullCells > 10, 'row 6 has many NULL cells styled as null');
        assert.deepEqual(gp.pageErrors, []);
        assert.deepEqual(await gp.eval('window.__csp'), []);
      } finally {
        await gp.close();
      }
    });

    void it('shows names and Spark types in headers, duplicate names kept apart by position', async () => {
      const gp = await gb.open({ width: 9000, height: 400 });
      try {
        await loadResult(gp, 'r1', fx.batches, { columns });
        const headers = await gp.eval<{ name: string; type: string; sort: string }[]>(`[...document.querySelectorAll('.header-cell:not(.gutter)')]
          .map((h) => ({ name: h.querySelector('.col-name').textContent, type: h.querySelector('.col-type').textContent, sort: h.getAttribute('aria-sort') }))`);
        assert.equal(headers.length, fields.length);
        assert.deepEqual(headers.map((h) => h.type), columns.map((c) => c.sparkType));
        const dups = headers.filter((h) => h.name.startsWith('dup'));
        assert.deepEqual(dups.map((h) => h.name), [`dup#${fields.length - 1}`, `dup#${fields.length}`]);
        assert.ok(headers.every((h) => h.sort === 'none'));
        // The two 'dup' columns hold different values.
        const row0 = await rowTexts(gp, 0);
        assert.equal(row0[String(fields.length - 2)], '1');
        assert.equal(row0[String(fields.length - 1)], 'one');
      } finally {
        await gp.close();
      }
    });
  });
}

void describe('hostile values stay text', () => {
  const fx = loadFixture('4.3.0', 'all-types');
  const batch = [...RecordBatchReader.from(fx.batches[0])][0];
  const c = batchFields(batch).findIndex((f) => f.name === 'c_string');

  void it('<img onerror> and </script> render as characters, run nothing, and violate no CSP', async () => {
    const gp = await gb.open({ width: 1200 });
    try {
      await loadResult(gp, 'x', fx.batches);
      // Walk to the string column with the keyboard, which scrolls it into view.
      await gp.eval(`document.querySelector('.grid-scroll').focus()`);
      for (let k = 0; k < c; k++) await gp.page.keyboard.press('ArrowRight');
      await nextFrames(gp);
      const img = await gp.eval<string>(`document.querySelector('.grid-body .cell[data-r="1"][data-c="${c}"]').textContent`);
      const script = await gp.eval<string>(`document.querySelector('.grid-body .cell[data-r="2"][data-c="${c}"]').textContent`);
      assert.equal(img, '<img src=x onerror=alert(1)>');
      assert.equal(script, '</script>');
      assert.equal(await gp.eval<number>(`document.querySelectorAll('.grid-body img, .grid-body script').length`), 0);
      // Open the detail view on the <img> cell: still text.
      await gp.page.keyboard.press('ArrowDown');
      await gp.page.keyboard.press('Enter');
      await nextFrames(gp);
      assert.equal(await gp.eval<string>(`document.querySelector('.detail-text').textContent`), '<img src=x onerror=alert(1)>');
      assert.equal(await gp.eval<number>(`document.querySelectorAll('img, .detail script').length`), 0);
      await gp.page.waitForTimeout(100);
      assert.deepEqual(gp.dialogs, []);
      assert.deepEqual(gp.pageErrors, []);
      assert.deepEqual(gp.consoleErrors, []);
      assert.deepEqual(await gp.eval('window.__csp'), []);
    } finally {
      await gp.close();
    }
  });

  void it('the string "null" and a NULL look different', async () => {
    const gp = await gb.open({ width: 9000 });
    try {
      await loadResult(gp, 'x', fx.batches);
      const strNull = await gp.eval<{ text: string; cls: string }>(`(() => { const e = document.querySelector('.grid-body .cell[data-r="5"][data-c="${c}"]'); return { text: e.textContent, cls: e.className }; })()`);
      const realNull = await gp.eval<{ text: string; cls: string }>(`(() => { const e = document.querySelector('.grid-body .cell[data-r="6"][data-c="${c}"]'); return { text: e.textContent, cls: e.className }; })()`);
      assert.equal(strNull.text, 'null');
      assert.doesNotMatch(strNull.cls, /\bnull\b/);
      assert.equal(realNull.text, 'NULL');
      assert.match(realNull.cls, /\bnull\b/);
    } finally {
      await gp.close();
    }
  });
});

void describe('ARIA grid structure and theme', () => {
  void it('exposes grid, row, columnheader, rowheader and gridcell roles with indexes', async () => {
    const fx = loadFixture('4.3.0', 'multi-batch');
    const gp = await gb.open({ bodyClass: 'vscode-high-contrast' });
    try {
      await loadResult(gp, 'a', fx.batches);
      const info = await gp.eval<Record<string, unknown>>(`(() => {
        const g = document.querySelector('[role=grid]');
        const firstRow = document.querySelector('.grid-body [role=row]:not([hidden])');
        return {
          rowcount: g.getAttribute('aria-rowcount'), colcount: g.getAttribute('aria-colcount'),
          headers: document.querySelectorAll('[role=columnheader]').length,
          rowIndex: firstRow.getAttribute('aria-rowindex'),
          rowheader: firstRow.querySelector('[role=rowheader]').textContent,
          cells: firstRow.querySelectorAll('[role=gridcell]').length,
          colindex: firstRow.querySelector('[role=gridcell]').getAttribute('aria-colindex'),
          bg: getComputedStyle(document.body).backgroundColor,
        };
      })()`);
      assert.equal(info.rowcount, '5001');
      assert.equal(info.colcount, '4');
      assert.equal(info.headers, 4);
      assert.equal(info.rowIndex, '2');
      assert.equal(info.rowheader, '1');
      assert.equal(info.cells, 3);
      assert.equal(info.colindex, '2');
      // No --vscode-* variables in a plain browser: the fallbacks apply.
      assert.equal(info.bg, 'rgb(30, 30, 30)');
    } finally {
      await gp.close();
    }
  });

  void it('takes colours from --vscode-* variables', async () => {
    const gp = await gb.open();
    try {
      await gp.eval(`document.documentElement.style.setProperty('--vscode-editor-background', 'rgb(1, 2, 3)')`);
      assert.equal(await gp.eval<string>(`getComputedStyle(document.body).backgroundColor`), 'rgb(1, 2, 3)');
    } finally {
      await gp.close();
    }
  });
});
