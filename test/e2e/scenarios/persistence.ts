// Reloading the window keeps the profiles (settings + secret store) and the history (global state);
// the token typed into the UI never reaches settings.json or any log file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { E2EContext } from '../support/context';
import { until } from '../support/workbench';
import { waitForResult } from './results';
import { historyRows } from './sql';

export async function reloadKeepsState(ctx: E2EContext): Promise<void> {
  const { wb, names } = ctx;
  const before = (await historyRows(ctx)).map((r) => r.label);
  assert.ok(before.length >= 1, `history before reload: ${before.length}`);
  await wb.load(true);
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
  // The token profile still has its token: testing it again succeeds without asking for one.
  await wb.runCommand('Spark: Test Connection');
  await wb.waitForQuickInput(/Connection to test|test/i);
  await wb.pick(names.tokenProfile);
  const result = await wb.waitForNotification(new RegExp(`^'${names.tokenProfile}': (Spark|cannot connect)`), 60_000);
  assert.match(result, /Spark 4\.\d+\.\d+ — connected/, result);
  // The profile that was connected before the reload reconnects on the first run, without a
  // "Not connected" prompt in between (which would leave the result below never arriving).
  await wb.openFile('e2e.sql');
  await wb.setEditorText('SELECT 7 AS after_reload;\n');
  await wb.goTo(1, 1);
  await wb.page.keyboard.press('Control+Enter');
  await waitForResult(ctx, ['after_reload', '7'], 60_000);
  await ctx.shot('10-reconnected-after-reload');
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
