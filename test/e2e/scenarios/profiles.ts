// Profiles made through the UI: "Add Connection…" with host:port, the field editor, Save, then the
// "Test Connection" the save notification offers; and the token profile, with the token typed into the
// editor's password box.
import assert from 'node:assert/strict';
import type { E2EContext } from '../support/context';
import { escapeRe, until } from '../support/workbench';

/** Add Connection… → host:port → rename → (optional token) → Save; returns the save notification text. */
export async function addProfile(ctx: E2EContext, name: string, host: string, port: number, token?: string): Promise<string> {
  const { wb } = ctx;
  await wb.runCommand('Spark: Add Connection\u2026');
  await wb.waitForQuickInput('Add Spark Connection');
  await wb.answerInput(`${host}:${port}`);
  await wb.waitForQuickInput('New Spark Connection');
  await wb.pick('Name');
  await wb.waitForQuickInput('A name for this connection');
  await wb.answerInput(name);
  if (token !== undefined) {
    await wb.waitForQuickInput('New Spark Connection');
    await wb.pick('Token');
    await wb.waitForQuickInput('Bearer token');
    // A password box: what is typed must not be readable on screen.
    assert.equal(await wb.page.locator('.quick-input-widget .quick-input-box input').getAttribute('type'), 'password');
    await wb.answerInput(token);
  }
  await wb.waitForQuickInput('New Spark Connection');
  // The editor lists each field with its value: the name typed and the port from host:port.
  const rows = await until('the editor listing the new name', async () => {
    const r = await wb.quickPickRows();
    return r.some((x) => x.includes(name)) ? r : undefined;
  }, 10_000);
  assert.ok(rows.some((r) => r.includes(String(port))), `the editor shows the port: ${rows.join(' | ')}`);
  await wb.pick('Save');
  return wb.waitForNotification(new RegExp(`Saved connection '${escapeRe(name)}'`));
}

/** Clicks "Test Connection" on the save notification and returns the result notification. */
export async function testFromSaveNotification(ctx: E2EContext, name: string): Promise<string> {
  await ctx.wb.clickNotificationButton(new RegExp(`Saved connection '${escapeRe(name)}'`), 'Test Connection');
  return ctx.wb.waitForNotification(new RegExp(`^'${escapeRe(name)}': (Spark|cannot connect)`), 60_000);
}

export async function addAndTestLocalProfile(ctx: E2EContext): Promise<void> {
  const { wb, names, spark } = ctx;
  await wb.showSparkContainer();
  await addProfile(ctx, names.profile, spark.host, spark.port);
  const result = await testFromSaveNotification(ctx, names.profile);
  assert.match(result, /Spark 4\.\d+\.\d+ — connected in \d+ ms, round trip \d+ ms/, result);
  // The progress toast of the test closes once it is done.
  await until('the test progress to close', async () => !(await wb.notifications()).some((m) => m.startsWith('Testing')), 10_000);
  const row = await wb.waitForTreeRow('Connections', (r) => r.label === names.profile, `profile '${names.profile}'`);
  assert.equal(row.level, 1);
  await ctx.shot('01-profile-tested', 'connection-test');
}

/** Connects the profile with the "Connect" command and waits for the status bar and the tree to say so. */
export async function connect(ctx: E2EContext, name: string): Promise<string> {
  const { wb } = ctx;
  await wb.runCommand('Spark: Connect');
  // With several profiles the command asks which one.
  await wb.page.waitForTimeout(300);
  if (await wb.quickInputVisible()) await wb.pick(name);
  const status = await wb.page.locator('.statusbar-item', { hasText: new RegExp(`${escapeRe(name)} · Spark \\d`) }).first()
    .innerText({ timeout: 60_000 });
  await wb.waitForTreeRow('Connections', (r) => r.label === name && /connected/i.test(r.description) && !/dis/i.test(r.description), `'${name}' connected`);
  return status;
}

export async function tokenProfile(ctx: E2EContext): Promise<void> {
  const { wb, names, tokenServer } = ctx;
  assert.ok(tokenServer, 'SPARK_TOKEN_REMOTE and SPARK_TOKEN_FILE must be set for the token scenario');
  await wb.clearNotifications();
  await addProfile(ctx, names.tokenProfile, tokenServer.host, tokenServer.port, tokenServer.token);
  const result = await testFromSaveNotification(ctx, names.tokenProfile);
  assert.match(result, /Spark 4\.\d+\.\d+ — connected/, `the token profile connects: ${result}`);
  const page = await wb.page.locator('body').innerText();
  assert.ok(!page.includes(tokenServer.token), 'the token is not shown anywhere in the workbench');
  await ctx.shot('08-token-profile');
}
