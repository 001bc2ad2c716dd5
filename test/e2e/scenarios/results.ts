// Reading a result the way a user does: from the cells of the results grid webview.
import type { E2EContext } from '../support/context';
import { evaluateIn, until } from '../support/workbench';

/**
 * Grid cells, row by row, of each results webview open now (one list per results tab). The grid is
 * virtual: only rows in view are in the DOM, which is enough for the small results the scenarios read.
 */
async function gridsNow(ctx: E2EContext): Promise<string[][][]> {
  const grids: string[][][] = [];
  for (const f of ctx.wb.page.frames()) {
    // Every webview is an iframe holding the extension's page in a nested iframe; asking each frame is simplest.
    if (f.isDetached() || f === ctx.wb.page.mainFrame()) continue;
    const rows = await evaluateIn<string[][]>(f, `(() => {
      const grid = document.querySelector('[role="grid"]');
      if (!grid) return undefined;
      return Array.from(grid.querySelectorAll('[role="row"]')).map((r) =>
        Array.from(r.querySelectorAll('[role="gridcell"], [role="columnheader"]')).map((c) =>
          // A header cell also shows the type and sort state; its name is the .col-name part.
          (c.querySelector('.col-name') || c).textContent.replace(/\u00a0/g, ' ').trim()));
    })()`);
    if (rows) grids.push(rows);
  }
  return grids;
}

/**
 * Waits until one results grid (not the text of several, not an output channel) has a cell equal to each
 * string of `expected`, so '25' is not satisfied by '25.5' nor by a stale tab; returns that grid as text.
 */
export async function waitForResult(ctx: E2EContext, expected: string[], timeoutMs = 60_000): Promise<string> {
  return until(`a results grid with cells ${expected.join(', ')}`, async () => {
    for (const rows of await gridsNow(ctx)) {
      const cells = new Set(rows.flat());
      if (expected.every((e) => cells.has(e))) return rows.map((r) => r.join(' | ')).join('\n');
    }
    return undefined;
  }, timeoutMs, 500);
}
