// Reading a result the way a user does: from the results grid webview when the extension has it, else
// from the interim text results (the "Spark Connect: Results" output channel).
import type { E2EContext } from '../support/context';
import { evaluateIn, until } from '../support/workbench';

/**
 * Grid cells, row by row, from every results webview open now (one per results tab), newest last;
 * undefined when there is no grid. The grid is virtual: only rows in view are in the DOM, which is
 * enough for the small results the scenarios read.
 */
async function gridRows(ctx: E2EContext): Promise<string[][] | undefined> {
  const all: string[][] = [];
  for (const f of ctx.wb.page.frames()) {
    // Every webview is an iframe holding the extension's page in a nested iframe; asking each frame is simplest.
    if (f.isDetached() || f === ctx.wb.page.mainFrame()) continue;
    const rows = await evaluateIn<string[][]>(f, `(() => {
      const grid = document.querySelector('[role="grid"]');
      if (!grid) return undefined;
      return Array.from(grid.querySelectorAll('[role="row"]')).map((r) =>
        Array.from(r.querySelectorAll('[role="gridcell"], [role="columnheader"]')).map((c) => c.textContent.trim()));
    })()`);
    if (rows) all.push(...rows);
  }
  return all.length > 0 ? all : undefined;
}

/** Waits until the visible result (grid or text) contains every string of `expected`; returns its text. */
export async function waitForResult(ctx: E2EContext, expected: string[], timeoutMs = 60_000): Promise<string> {
  return until(`a result showing ${expected.join(', ')}`, async () => {
    const grid = await gridRows(ctx);
    const raw = grid ? grid.map((r) => r.join(' | ')).join('\n') : await ctx.wb.outputText().catch(() => '');
    const text = raw.replace(/\u00a0/g, ' ');
    return expected.every((e) => text.includes(e)) ? text : undefined;
  }, timeoutMs, 500);
}
