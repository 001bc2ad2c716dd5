// Explain a join: the plan webview names the join and the operators feeding it.
import assert from 'node:assert/strict';
import type { E2EContext } from '../support/context';
import { evaluateIn, until } from '../support/workbench';

/** What samples/explain-join.sql returns: o.amount = id * 1.5 > 10 keeps ids 7 to 999, each with its customer. */
const JOIN_ROWS = '993 rows';
const OPERATORS = [/BroadcastHashJoin|SortMergeJoin|ShuffledHashJoin/, /Filter/, /Range/, /Project/];

/**
 * Text of a plan webview, if one is open: the tree view's items and the graph's SVG labels (textContent,
 * since SVG text and a hidden tab have no innerText).
 */
async function planWebviewText(ctx: E2EContext): Promise<string | undefined> {
  for (const f of ctx.wb.page.frames()) {
    // Every webview is an iframe holding the extension's page in a nested iframe; asking each frame is simplest.
    if (f.isDetached() || f === ctx.wb.page.mainFrame()) continue;
    const text = await evaluateIn<string>(f, `(() => {
      const parts = Array.from(document.querySelectorAll('[role="treeitem"], svg text, svg title')).map((e) => e.textContent);
      parts.push(document.body ? document.body.textContent : '');
      return parts.join('\\n');
    })()`) ?? '';
    if (/Join/.test(text) && /Range/.test(text)) return text;
  }
  return undefined;
}

export async function explainJoin(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.openFile('explain-join.sql');
  await wb.goTo(3, 1);
  await wb.runCommand('Spark: Explain Selection or Statement at Cursor');
  const text = await until('the plan view showing the join', () => planWebviewText(ctx), 60_000, 500);
  for (const op of OPERATORS) assert.match(text, op);
  // The explain's progress toast closes once the plan is drawn.
  await until('the explain progress to close', async () => !(await wb.notifications()).some((m) => /explaining/.test(m)), 20_000);
  await ctx.shot('07-explain-join', 'plan');
  // After a run, the result's Plan shows the final adaptive plan the execution used, with its metrics.
  await wb.openFile('explain-join.sql');
  await wb.goTo(3, 1);
  await wb.page.keyboard.press('Control+Enter');
  // This join's whole result (ids 7 to 999: 993 rows), its run ended: the tab still shows the cancelled
  // query of the scenario before for a moment, and a Plan clicked there is that query's plan.
  const grid = await until('the join\'s result with its Plan button', async () => {
    for (const f of wb.page.frames()) {
      if (f.isDetached() || f === wb.page.mainFrame()) continue;
      const ok = await evaluateIn<boolean>(f, `(() => { const b = document.querySelector('.toolbar .btn.plan');
        return !!b && !b.hidden && !b.disabled && document.querySelector('.status-rows')?.textContent === '${JOIN_ROWS}'
          && !/Running|Cancelling/.test(document.querySelector('.status-note')?.textContent ?? ''); })()`);
      if (ok) return f;
    }
    return undefined;
  }, 60_000, 500);
  await grid.click('.toolbar .btn.plan');
  await until('the final adaptive plan after the run', async () => {
    for (const f of wb.page.frames()) {
      if (f.isDetached() || f === wb.page.mainFrame()) continue;
      const final = await evaluateIn<boolean>(f, `(() => { const s = document.querySelector('select.section-select');
        return !!s && s.selectedOptions[0]?.textContent === 'Final plan (as run)'; })()`);
      if (final) return true;
    }
    return undefined;
  }, 60_000, 500);
  // A progress toast still open would cover the picture; the plan is there either way.
  await until('the plan progress to close', async () => !(await wb.notifications()).some((m) => /explaining/i.test(m)), 20_000)
    .catch(() => undefined);
  await ctx.shot('07b-plan-after-run', 'plan-after-run');
}
