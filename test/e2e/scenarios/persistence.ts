// Reloading the window keeps the profiles (settings + secret store) and the history (global state);
// the token typed into the UI never reaches settings.json or any log file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SparkConnectClient } from '../../../src/connect/client';
import type { Frame } from 'playwright-core';
import type { E2EContext } from '../support/context';
import { evaluateIn, until } from '../support/workbench';
import { waitForResult } from './results';
import { historyRows } from './sql';

/** Runs one statement with Ctrl+Enter and waits until history records it as succeeded. */
async function runAndWait(ctx: E2EContext, sql: string, marker: string): Promise<void> {
  const { wb } = ctx;
  // The tree only draws the rows in view, so a long history cannot be counted: watch its newest entry.
  const top = (await historyRows(ctx))[0]?.label;
  await wb.openFile('e2e.sql');
  await wb.setEditorText(`${sql}\n`);
  await wb.goTo(1, 1);
  await wb.page.keyboard.press('Control+Enter');
  const h = await until(`history entry for ${marker}`, async () => {
    const rows = await historyRows(ctx);
    return rows[0] && rows[0].label !== top && rows[0].label.includes(marker) ? rows[0] : undefined;
  }, 60_000);
  assert.ok(`${h.label} ${h.description}`.includes(marker), `history: ${h.label} ${h.description}`);
  assert.ok(h.icons.includes('codicon-pass'), `succeeded: ${h.label} ${h.icons.join(',')}`);
}

export async function reloadKeepsState(ctx: E2EContext): Promise<void> {
  const { wb, names } = ctx;
  // A temporary view lives in the server session: it is still there after the reload only if the
  // window reattaches to the same session instead of opening a new one.
  await runAndWait(ctx, 'CREATE OR REPLACE TEMP VIEW e2e_kept AS SELECT 42 AS kept', 'e2e_kept');
  // A result tab open before the reload comes back as its saved snapshot.
  await wb.openFile('e2e.sql');
  await wb.setEditorText(`${SAVED_SQL}\n`);
  await wb.goTo(1, 1);
  await wb.page.keyboard.press('Control+Enter');
  await waitForResult(ctx, ['saved_tag', 'saved-0', 'saved-2'], 60_000);
  // The grid keeps its snapshot in the webview state just after the rows have painted.
  await until('the live result', () => resultFrame(ctx, false), 30_000, 500);
  await ctx.wb.page.waitForTimeout(1000);
  // A plan tab open before the reload comes back as it was.
  await wb.openFile('e2e.sql');
  await wb.setEditorText('SELECT kept + 1 AS planned FROM e2e_kept;\n');
  await wb.goTo(1, 1);
  await wb.runCommand('Spark: Explain Selection or Statement at Cursor');
  await until('the plan of the statement', () => planFrame(ctx, false), 60_000, 500);
  // The explain's own history entry lands just after its plan: wait for it, or it would count as new after the reload.
  const before = await until('the explain in the history', async () => {
    const h = (await historyRows(ctx)).map((r) => r.label);
    return h[0]?.includes('SELECT kept + 1') ? h : undefined;
  });
  assert.ok(before.length >= 1, `history before reload: ${before.length}`);
  await reloadWindow(ctx);
  await wb.showSparkContainer();
  for (const name of [names.profile, names.tokenProfile]) {
    await wb.waitForTreeRow('Connections', (r) => r.label === name, `profile '${name}' after reload`);
  }
  const after = await until('history after reload', async () => {
    const h = (await historyRows(ctx)).map((r) => r.label);
    return h.length >= before.length ? h : undefined;
  });
  assert.deepEqual(after.slice(0, before.length), before);
  await ctx.shot('09-after-reload');
  // The plan tab is back from its snapshot, says so, and explains its statement again on request.
  const restored = await until('the restored plan tab', () => planFrame(ctx, true), 60_000, 500).catch((err: unknown) => {
    const said = filesUnder(join(ctx.server.userDataDir, 'logs')).filter((f) => /Spark Connect/.test(f))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => /plan tab|webview/i.test(l)));
    throw new Error(`${err instanceof Error ? err.message : String(err)}; the extension's log says: ${said.join(' | ') || 'nothing about plan tabs'}`);
  });
  await ctx.shot('09b-plan-restored-after-reload');
  await restored.click('.restored button.rerun');
  await until('the plan explained again', () => planFrame(ctx, false), 60_000, 500);
  // The result tab is back too (VS Code revives a tab when it is shown): its saved rows, labelled as
  // saved and not live; Re-run brings live rows into the same tab.
  await wb.escapeQuickInput();
  await wb.page.locator('.tabs-container .tab', { hasText: 'saved_row' }).first().click({ timeout: 10_000 }).catch(async () => {
    // A narrow editor group may have scrolled the tab out of reach: pick it from the list of open editors.
    await wb.runCommand('View: Show All Editors By Appearance');
    await wb.pick('SELECT id AS saved_row');
  });
  const saved = await until('the restored result tab', () => resultFrame(ctx, true), 60_000, 500);
  const label = await saved.locator('.banner.snapshot').innerText();
  assert.match(label, /Saved result from .+, not live/);
  await waitForResult(ctx, ['saved_tag', 'saved-0', 'saved-2'], 10_000);
  await ctx.shot('09c-result-restored-after-reload', 'restored-result');
  await saved.click('.banner.snapshot button.rerun');
  // The same tab (the same page: no reload of the webview) drops the label when the live rows arrive.
  await until('live rows in the re-run result tab', () => evaluateIn<boolean>(saved, `(() => {
    const bar = document.querySelector('.banner.snapshot');
    const cells = Array.from(document.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent);
    return !!bar && bar.hidden && cells.includes('saved-2') && document.querySelector('.status-rows')?.textContent === '3 rows';
  })()`), 60_000, 500);
  await waitForResult(ctx, ['saved_tag', 'saved-0', 'saved-2'], 10_000);
  // The token profile still has its token: testing it again succeeds without asking for one.
  await wb.runCommand('Spark: Test Connection');
  await wb.waitForQuickInput(/Connection to test|test/i);
  await wb.pick(names.tokenProfile);
  const result = await wb.waitForNotification(new RegExp(`^'${names.tokenProfile}': (Spark|cannot connect)`), 60_000);
  assert.match(result, /Spark 4\.\d+\.\d+ — connected/, result);
  // The profile that was connected before the reload reconnects on the first run, without a
  // "Not connected" prompt in between (which would leave the result below never arriving).
  await wb.openFile('e2e.sql');
  await wb.setEditorText('SELECT kept, 7 AS after_reload FROM e2e_kept;\n');
  await wb.goTo(1, 1);
  await wb.page.keyboard.press('Control+Enter');
  await waitForResult(ctx, ['after_reload', '42', '7'], 60_000);
  await ctx.shot('10-reconnected-after-reload');
}

const SAVED_SQL = "SELECT id AS saved_row, concat('saved-', id) AS saved_tag FROM range(3)";

/** The frame of a results grid showing SAVED_SQL's rows, restored from its snapshot (label shown) or live. */
async function resultFrame(ctx: E2EContext, restored: boolean): Promise<Frame | undefined> {
  for (const f of ctx.wb.page.frames()) {
    if (f.isDetached() || f === ctx.wb.page.mainFrame()) continue;
    const seen = await evaluateIn<{ rows: boolean; banner: boolean }>(f, `(() => {
      if (!document.querySelector('.grid-scroll')) return undefined;
      const cells = Array.from(document.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent);
      const bar = document.querySelector('.banner.snapshot');
      return { rows: cells.includes('saved-2'), banner: !!bar && !bar.hidden };
    })()`);
    if (seen?.rows && seen.banner === restored) return f;
  }
  return undefined;
}

/** The frame of a plan webview showing the e2e_kept plan (its statement names the view), restored (banner shown) or live. */
async function planFrame(ctx: E2EContext, restored: boolean): Promise<Frame | undefined> {
  for (const f of ctx.wb.page.frames()) {
    if (f.isDetached() || f === ctx.wb.page.mainFrame()) continue;
    const seen = await evaluateIn<{ plan: boolean; banner: boolean }>(f, `(() => {
      const text = Array.from(document.querySelectorAll('svg text, [role="treeitem"]')).map((e) => e.textContent).join(' ');
      const bar = document.querySelector('.restored');
      // This statement's plan: the explain-join scenario's plan tab may still be open, with a Project too.
      const statement = document.querySelector('.toolbar .title')?.title ?? '';
      return { plan: /Project/.test(text) && statement.includes('e2e_kept'), banner: !!bar && !bar.hidden };
    })()`);
    if (seen?.plan && seen.banner === restored) return f;
  }
  return undefined;
}

/**
 * "Developer: Reload Window", as the user does it: the workbench shuts down in order (saving its editors,
 * webview tabs included, and deactivating the extension) before the page loads again. A bare page
 * reload skips that shutdown.
 */
export async function reloadWindow(ctx: E2EContext): Promise<void> {
  const { page } = ctx.wb;
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
  await ctx.wb.runCommand('Developer: Reload Window');
  await navigated;
  await page.waitForTimeout(1000);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.activitybar .action-item [aria-label="Spark"]', { timeout: 60_000 });
}

/** The id of the server session the extension last connected `profile` to, from its log. */
function lastSessionId(ctx: E2EContext, profile: string): string {
  const files = filesUnder(join(ctx.server.userDataDir, 'logs')).filter((f) => /Spark Connect/.test(f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  const re = new RegExp(`Connected to '${profile}': Spark [^,]+, session ([0-9a-f-]{36})`, 'g');
  let id: string | undefined;
  for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(re)) id = m[1];
  assert.ok(id, `a 'Connected to ${profile}' line in the extension's log (${files.length} files)`);
  return id;
}

export async function lostSessionSaysSo(ctx: E2EContext): Promise<void> {
  const { wb, names, spark } = ctx;
  await runAndWait(ctx, 'CREATE OR REPLACE TEMP VIEW e2e_gone AS SELECT 1 AS g', 'e2e_gone');
  // The server ends the session behind the window's back, as its idle timeout would.
  const sessionId = lastSessionId(ctx, names.profile);
  const client = new SparkConnectClient(`${spark.remote}/;session_id=${sessionId}`);
  await client.sparkVersion(); // ReleaseSession is sent only by a client that reached the server
  await client.close();
  await wb.load(true);
  await wb.showSparkContainer();
  await wb.clearNotifications();
  await wb.openFile('e2e.sql');
  await wb.setEditorText('SELECT 8 AS after_loss;\n');
  await wb.goTo(1, 1);
  await wb.page.keyboard.press('Control+Enter');
  const said = await wb.waitForNotification(/no longer has the session of/, 60_000);
  assert.match(said, new RegExp(`'${names.profile}'`));
  assert.match(said, /temporary views? [^.;]*e2e_gone/);
  // The run still happens, on a new session.
  await waitForResult(ctx, ['after_loss', '8'], 60_000);
  assert.notEqual(lastSessionId(ctx, names.profile), sessionId);
  await ctx.shot('11-session-lost-after-reload');
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

export async function tokenNeverStored(ctx: E2EContext): Promise<void> {
  const { server, tokenServer, names } = ctx;
  assert.ok(tokenServer);
  const settings = readFileSync(join(server.userDataDir, 'User', 'settings.json'), 'utf8');
  assert.ok(settings.includes(names.tokenProfile), 'the token profile is in settings.json');
  assert.ok(!settings.includes(tokenServer.token), 'settings.json does not hold the token');
  const logs = filesUnder(join(server.userDataDir, 'logs'));
  assert.ok(logs.some((f) => /Spark Connect/.test(f) || readFileSync(f, 'utf8').includes('Spark')), 'the extension wrote logs');
  for (const f of logs) assert.ok(!readFileSync(f, 'utf8').includes(tokenServer.token), `${f} does not hold the token`);
  assert.ok(!server.output().includes(tokenServer.token), 'code-server output does not hold the token');
  // The workspace settings file too, if the editor wrote one.
  for (const f of filesUnder(server.workspace)) assert.ok(!readFileSync(f, 'utf8').includes(tokenServer.token), `${f} does not hold the token`);
}
