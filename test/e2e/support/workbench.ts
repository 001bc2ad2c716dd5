// Drives the VS Code workbench in Chromium the way a user does: command palette, quick inputs, editor
// typing, notifications, tree views, the Problems panel, webview frames. Selectors are the workbench's
// own stable classes and ARIA attributes; page-side code is passed as strings (this file compiles
// without the DOM library).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { until as pollUntil } from '../../support/until';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../webview/support/browser';

export interface TreeRow {
  label: string;
  description: string;
  ariaLabel: string;
  level: number;
  expanded: boolean | undefined;
  /** codicon-* classes of the row's icon, e.g. ['codicon-pass']. */
  icons: string[];
}

/** test/support/until.ts with the workbench's pace: a UI takes seconds, and each probe is a page round trip. */
export function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  return pollUntil(what, fn, timeoutMs, everyMs);
}

export class Workbench {
  private constructor(readonly page: Page, readonly shotsDir: string, private readonly navigate: (reload: boolean) => Promise<void>,
    private readonly closer: () => Promise<void>) {}

  /** code-server: Chromium (headless, Debian's) on the server's URL. */
  static async open(url: string, shotsDir: string): Promise<Workbench> {
    mkdirSync(shotsDir, { recursive: true });
    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const wb = new Workbench(page, shotsDir, async (reload) => {
      if (reload) await page.reload();
      else await page.goto(url);
    }, () => browser.close());
    await wb.load();
    return wb;
  }

  /** Desktop VS Code: a window Playwright already holds (see test/e2e/electron/run.ts). */
  static async attach(page: Page, shotsDir: string, close: () => Promise<void>): Promise<Workbench> {
    mkdirSync(shotsDir, { recursive: true });
    let wb: Workbench | undefined;
    wb = new Workbench(page, shotsDir, async (reload) => {
      if (reload && wb) await wb.runCommand('Developer: Reload Window');
    }, close);
    await wb.load();
    return wb;
  }

  /** Navigates (or reloads) and waits until the workbench and our view container are up. */
  async load(reload = false): Promise<void> {
    await this.navigate(reload);
    if (reload) await this.page.waitForTimeout(1000);
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await this.page.waitForSelector('.activitybar', { timeout: 60_000 });
    // The activity bar entry of our view container appears once the extension's contributions are read.
    await this.page.waitForSelector('.activitybar .action-item [aria-label="Spark"]', { timeout: 60_000 });
  }

  async close(): Promise<void> {
    await this.closer();
  }

  async screenshot(name: string): Promise<string> {
    const file = join(this.shotsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  // ---- command palette and quick input ----

  async quickInputVisible(): Promise<boolean> {
    return this.page.locator('.quick-input-widget').isVisible();
  }

  /** Runs a command by its exact palette title ("Spark: Add Connection…"). */
  async runCommand(title: string): Promise<void> {
    await this.escapeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const index = await until(`palette entry '${title}'`, async () => {
      const labels = await this.quickPickLabels();
      const i = labels.indexOf(title);
      return i >= 0 ? i + 1 : undefined;
    }, 15_000);
    await this.chooseRow(index);
  }

  /**
   * Accepts the index-th row (1-based) of the open quick pick with the keyboard: the list re-renders while
   * VS Code updates it (recent files, dirty markers), so a click can land on a detached or moving row.
   */
  private async chooseRow(index: number): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.focus();
    for (let i = 1; i < index; i++) await input.press('ArrowDown');
    await input.press('Enter');
  }

  /** The main label of each row of the open quick pick. */
  async quickPickLabels(): Promise<string[]> {
    return this.page.evaluate(`Array.from(document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')).map((r) => {
      const l = r.querySelector('.quick-input-list-label .label-name, .label-name');
      return (l ? l.textContent : r.textContent).trim();
    })`);
  }

  async escapeQuickInput(): Promise<void> {
    for (let i = 0; i < 3 && await this.quickInputVisible(); i++) {
      await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(100);
    }
  }

  /** Waits for an input box (or quick pick) whose title or prompt contains `text`. */
  async waitForQuickInput(text: string | RegExp, timeoutMs = 15_000): Promise<void> {
    await until(`quick input '${String(text)}'`, async () => {
      if (!await this.quickInputVisible()) return false;
      // Title, prompt and rows are text; a quick pick's question is the input's placeholder.
      const t = `${await this.page.locator('.quick-input-widget').innerText()}\n${await this.page.locator('.quick-input-widget .quick-input-box input').getAttribute('placeholder') ?? ''}`;
      return typeof text === 'string' ? t.includes(text) : text.test(t);
    }, timeoutMs);
  }

  /** Types into the open input box (replacing its text) and accepts with Enter. */
  async answerInput(value: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(value);
    // Validation runs asynchronously; let it settle so Enter is not refused.
    await this.page.waitForTimeout(150);
    await input.press('Enter');
  }

  /** Labels of the rows of the open quick pick (aria-labels, which carry label and description). */
  async quickPickRows(): Promise<string[]> {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll(
      (rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  }

  /** Picks the quick pick row whose label is `label` (or starts with it), filtering by typing it first. */
  async pick(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(label);
    const index = await until(`quick pick row '${label}'`, async () => {
      const labels = await this.quickPickLabels();
      const i = labels.indexOf(label) >= 0 ? labels.indexOf(label) : labels.findIndex((l) => l.startsWith(label));
      return i >= 0 ? i + 1 : undefined;
    }, 10_000);
    await this.chooseRow(index);
  }

  // ---- notifications ----

  /** Messages of the visible notification toasts. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').evaluateAll(
      (els) => els.map((e) => (e as unknown as { innerText: string }).innerText));
  }

  async waitForNotification(match: RegExp, timeoutMs = 30_000): Promise<string> {
    return until(`notification ${String(match)}`, async () => (await this.notifications()).find((m) => match.test(m)), timeoutMs);
  }

  /** Clicks a button of the toast whose message matches. */
  async clickNotificationButton(match: RegExp, button: string): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: match }).first();
    await toast.locator('.monaco-button', { hasText: button }).first().click();
  }

  async clearNotifications(): Promise<void> {
    const buttons = this.page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear');
    for (let i = await buttons.count(); i > 0; i--) {
      await this.page.locator('.notifications-toasts .notification-toast').first().hover().catch(() => undefined);
      await buttons.first().click({ timeout: 2000 }).catch(() => undefined);
    }
  }

  // ---- side bar views ----

  async showSparkContainer(): Promise<void> {
    const header = this.page.locator('.sidebar .pane-header', { hasText: /Connections/i }).first();
    const item = this.page.locator('.activitybar .action-item', { has: this.page.locator('[aria-label="Spark"]') }).first();
    // Clicking the active container's icon hides the side bar. Right after a reload the workbench
    // may still be restoring the container that was open, so click only while our item is not the
    // checked (active) one, and give each click time to take effect before looking again.
    let lastClick = 0;
    await until('the Spark view container', async () => {
      if (await header.isVisible()) return true;
      const checked = /\bchecked\b/.test(await item.getAttribute('class') ?? '');
      if (!checked && Date.now() - lastClick > 3000) {
        await item.locator('[aria-label="Spark"]').first().click();
        lastClick = Date.now();
      }
      return false;
    }, 60_000, 250);
  }

  /** The rows of a view (by its header title) as rendered now. */
  async treeRows(viewTitle: string): Promise<TreeRow[]> {
    return this.page.evaluate(`(() => {
      const title = ${JSON.stringify(viewTitle)};
      const pane = Array.from(document.querySelectorAll('.sidebar .pane')).find((p) => {
        const h = p.querySelector('.pane-header .title');
        return h && h.textContent.trim().toLowerCase() === title.toLowerCase();
      });
      if (!pane) return [];
      return Array.from(pane.querySelectorAll('.pane-body .monaco-list-row')).map((r) => ({
        label: (r.querySelector('.label-name') || { textContent: '' }).textContent.trim(),
        description: (r.querySelector('.label-description') || { textContent: '' }).textContent.trim(),
        ariaLabel: r.getAttribute('aria-label') || '',
        level: Number(r.getAttribute('aria-level') || '0'),
        expanded: r.hasAttribute('aria-expanded') ? r.getAttribute('aria-expanded') === 'true' : undefined,
        icons: Array.from(r.querySelectorAll('[class*="codicon-"]')).flatMap((e) => Array.from(e.classList).filter((c) => c.startsWith('codicon-'))),
      }));
    })()`);
  }

  async waitForTreeRow(viewTitle: string, match: (r: TreeRow) => boolean, what: string, timeoutMs = 30_000): Promise<TreeRow> {
    return until(`${what} in ${viewTitle}`, async () => (await this.treeRows(viewTitle)).find(match), timeoutMs);
  }

  /** Clicks a tree row's twistie to expand it (if collapsed). */
  async expandTreeRow(viewTitle: string, label: string): Promise<void> {
    const pane = this.page.locator('.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: viewTitle }) }).first();
    const row = pane.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) }).first();
    await row.waitFor();
    if (await row.getAttribute('aria-expanded') !== 'true') await row.locator('.monaco-tl-twistie').click();
  }

  async clickTreeRow(viewTitle: string, label: string): Promise<void> {
    const pane = this.page.locator('.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: viewTitle }) }).first();
    await pane.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) }).first().click();
  }

  // ---- editors ----

  /** Brings a workspace file to the front: its open tab if it has one, else through Quick Open (Ctrl+P). */
  async openFile(name: string): Promise<void> {
    await this.escapeQuickInput();
    const tab = this.page.locator('.tabs-container .tab', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(name)}$`) }) }).first();
    if (await tab.count() > 0) {
      await tab.click();
    } else {
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await input.fill(name);
      const index = await until(`quick open '${name}'`, async () => {
        const i = (await this.quickPickLabels()).indexOf(name);
        return i >= 0 ? i + 1 : undefined;
      }, 15_000);
      await this.chooseRow(index);
    }
    await this.page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor();
    await this.focusEditor();
  }

  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  }

  /** Replaces the active editor's text with `text`, typed (auto-closing and suggestions are off in settings). */
  async setEditorText(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    // insertText is one input event per call: fast and free of auto-indent effects per line.
    await this.page.keyboard.insertText(text);
  }

  /** Moves the cursor to line/column (1-based) with Go to Line. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.waitForQuickInput(/line/i);
    // Go to Line is Quick Open in ':' mode; the prefix must stay or the text becomes a file search.
    await this.answerInput(`:${line}:${column}`);
    await this.page.waitForTimeout(100);
  }

  /** Selects whole lines first..last (1-based). */
  async selectLines(first: number, last: number): Promise<void> {
    await this.goTo(first, 1);
    for (let i = first; i < last; i++) await this.page.keyboard.press('Shift+ArrowDown');
    await this.page.keyboard.press('Shift+End');
  }

  /** Text of the visible lines of the active editor. */
  async editorText(): Promise<string> {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
  }

  /** Text of the visible lines of every open editor group (an editor opened beside keeps focus elsewhere). */
  async allEditorTexts(): Promise<string[]> {
    return this.page.evaluate(`Array.from(document.querySelectorAll('.editor-group-container .monaco-editor .view-lines')).map((e) => e.innerText)`);
  }

  // ---- panels ----

  /** Rows of the Problems panel (aria-labels say message, line and column). */
  async problems(): Promise<string[]> {
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  }

  /** The text of the Output panel's visible lines. */
  async outputText(): Promise<string> {
    return this.page.locator('.panel .output-view .monaco-editor .view-lines, .panel .monaco-editor.output .view-lines, .panel [id="workbench.panel.output"] .view-lines')
      // Polled: when there is no output view, say so at once rather than after the default 30 s.
      .first().innerText({ timeout: 1000 });
  }

  // ---- webviews ----

  /**
   * The inner frame of a webview panel whose document matches `pred`. VS Code hosts each webview in an
   * iframe (the "webview" element) that holds another iframe (#active-frame) with the extension's page.
   */
  async webviewFrame(pred: (f: Frame) => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<Frame> {
    return until(`webview ${what}`, async () => {
      for (const f of this.page.frames()) {
        if (f === this.page.mainFrame() || f.isDetached()) continue;
        if (f.name() !== 'active-frame' && !/\/fake\.html|index\.html/.test(f.url())) continue;
        if (await pred(f).catch(() => false)) return f;
      }
      return undefined;
    }, timeoutMs);
  }
}

/**
 * Evaluates in a frame, giving up after `ms`: a webview frame that is still loading (or an old one being
 * torn down) makes evaluate wait for its execution context, which would stall a polling loop.
 */
export async function evaluateIn<T>(frame: Frame, expression: string, ms = 1000): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => { timer = setTimeout(() => r(undefined), ms); });
  try {
    return await Promise.race([frame.evaluate(expression).then((v) => v as T).catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
