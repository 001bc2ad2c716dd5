// Loads the real grid bundle in Debian's Chromium under the CSP the host will use, with a stub of
// acquireVsCodeApi that records what the grid posts and answers its requests like a host would.
// Page-side code is passed as strings: this file compiles without the DOM library.

import { strict as assert } from 'node:assert';
import { after, before } from 'node:test';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../../fixtures/arrow/load';
import { serveDir } from '../support/static-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser';

/** The static server, under the name the grid benchmark imports. */
export const serve = serveDir;

export { CHROMIUM_ARGS };

export interface BuiltGrid {
  dir: string;
  jsBytes: number;
}

/** Bundles media/grid/main.ts like esbuild.mjs does for webviews, and copies the CSS next to it. */
export async function buildGrid(dir: string, minify = false): Promise<BuiltGrid> {
  const root = repoRoot();
  await esbuild.build({
    entryPoints: [join(root, 'media', 'grid', 'main.ts')], bundle: true, minify, sourcemap: false,
    format: 'iife', platform: 'browser', target: 'chrome114', outfile: join(dir, 'grid.js'), logLevel: 'silent',
  });
  copyFileSync(join(root, 'media', 'grid', 'grid.css'), join(dir, 'grid.css'));
  return { dir, jsBytes: readFileSync(join(dir, 'grid.js')).byteLength };
}

/** Fills index.html the way the host will; `extraCsp` lets the benchmark allow fetching its data. */
export function fillTemplate(origin: string, nonce: string, extraCsp = ''): string {
  const html = readFileSync(join(repoRoot(), 'media', 'grid', 'index.html'), 'utf8');
  return html
    .replace(/\{\{cspSource\}\}/g, origin)
    .replace(/\{\{nonce\}\}/g, nonce)
    .replace(/\{\{scriptUri\}\}/g, `${origin}/grid.js`)
    .replace(/\{\{styleUri\}\}/g, `${origin}/grid.css`)
    .replace("script-src 'nonce-", `${extraCsp}script-src 'nonce-`);
}

/**
 * The host stub, installed before any page script. It records posted messages, answers requests
 * (clipboard writes and export chunks are kept for assertions), and records CSP violations.
 */
export const HOST_STUB = `(() => {
  const posted = [];
  let state;
  window.__posted = posted;
  window.__csp = [];
  window.__clipboard = [];
  window.__export = { saves: [] };
  window.__pages = [];
  window.__plans = [];
  window.__fetchMoreAccept = true;
  window.__exportAccept = true;
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  const reply = (id, result) => setTimeout(() => window.postMessage({ type: 'response', id, ok: true, result }, '*'), 0);
  window.acquireVsCodeApi = () => ({
    postMessage(m) {
      posted.push(m);
      if (!m || m.type !== 'request') return;
      const p = m.params;
      switch (m.method) {
        case 'clipboard/write': window.__clipboard.push(p); return reply(m.id, null);
        case 'export/save':
          window.__export.saves.push(p);
          return reply(m.id, window.__exportAccept ? { path: '/tmp/' + p.suggestedName, rows: 5000 } : { path: null, rows: 0 });
        case 'result/fetchMore': return reply(m.id, { accepted: window.__fetchMoreAccept });
        case 'result/exportAll':
          window.__export.wholes = (window.__export.wholes || []).concat([p]);
          return reply(m.id, window.__exportAccept ? { path: '/tmp/' + p.suggestedName, rows: 123456 } : { path: null, rows: 0 });
        case 'result/page': window.__pages.push(p); return reply(m.id, { accepted: true });
        case 'result/plan': window.__plans.push(p); return reply(m.id, null);
        case 'result/revealError': window.__reveals = (window.__reveals || []).concat([p]); return reply(m.id, { revealed: true });
      }
    },
    getState() { return state; },
    setState(s) { state = s; },
  });
  window.__host = (m) => window.postMessage(m, '*');
  const decode = (b64) => { const bin = atob(b64); const u = new Uint8Array(bin.length); for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i); return u; };
  window.__batch = (resultId, seq, b64) => window.postMessage({ type: 'result/batch', resultId, seq, data: decode(b64).buffer }, '*');
  window.__repeatBatch = (resultId, b64, times) => {
    const u = decode(b64);
    for (let k = 0; k < times; k++) window.postMessage({ type: 'result/batch', resultId, seq: k, data: u.slice().buffer }, '*');
  };
})();`;

export interface GridPage {
  page: Page;
  origin: string;
  dialogs: string[];
  pageErrors: string[];
  consoleErrors: string[];
  /** Sends a host message (JSON-able; batches go through sendBatch). */
  host(message: unknown): Promise<void>;
  sendBatch(resultId: string, seq: number, bytes: Uint8Array): Promise<void>;
  posted<T = Record<string, unknown>>(): Promise<T[]>;
  eval<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export interface GridBrowser {
  browser: Browser;
  open(opts?: { width?: number; height?: number; bodyClass?: string }): Promise<GridPage>;
  close(): Promise<void>;
}

/** Builds the bundle once and launches Chromium; open() gives a fresh page per test. */
export async function launchGrid(): Promise<GridBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'grid-webview-'));
  await buildGrid(dir);
  const { server, origin } = await serveDir(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  let n = 0;
  return {
    browser,
    async open(opts = {}) {
      const nonce = randomBytes(16).toString('base64');
      const file = `index-${++n}.html`;
      let html = fillTemplate(origin, nonce);
      if (opts.bodyClass) html = html.replace('<body>', `<body class="${opts.bodyClass}">`);
      writeFileSync(join(dir, file), html);
      const page = await browser.newPage({ viewport: { width: opts.width ?? 1000, height: opts.height ?? 600 } });
      const dialogs: string[] = [];
      const pageErrors: string[] = [];
      const consoleErrors: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      await page.addInitScript({ content: HOST_STUB });
      await page.goto(`${origin}/${file}`);
      const gp: GridPage = {
        page, origin, dialogs, pageErrors, consoleErrors,
        host: async (m) => {
          await page.evaluate(`window.__host(${JSON.stringify(m)})`);
        },
        sendBatch: async (resultId, seq, bytes) => {
          const b64 = Buffer.from(bytes).toString('base64');
          await page.evaluate(`window.__batch(${JSON.stringify(resultId)}, ${seq}, ${JSON.stringify(b64)})`);
        },
        posted: async <T>() => page.evaluate('window.__posted') as Promise<T[]>,
        eval: async <T>(expression: string) => page.evaluate(expression) as Promise<T>,
        close: () => page.close(),
      };
      await waitFor(gp, 'window.__posted.some((m) => m.type === "ready")');
      return gp;
    },
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a result and feeds fixture batches, then waits until every batch is acknowledged. */
/** Runs `fn` on a fresh page, then checks the page threw nothing and broke no CSP rule. */
export async function withGridPage(gb: GridBrowser, fn: (gp: GridPage) => Promise<void>, opts?: { width?: number; height?: number }): Promise<void> {
  const gp = await gb.open(opts);
  try {
    await fn(gp);
    assert.deepEqual(gp.pageErrors, []);
    assert.deepEqual(await gp.eval('window.__csp'), []);
  } finally {
    await gp.close();
  }
}

export async function loadResult(gp: GridPage, resultId: string, batches: Uint8Array[],
  opts: { done?: boolean; columns?: { name: string; sparkType: string; nullable: boolean }[]; timeZone?: string } = {}):
  Promise<void> {
  await gp.host({ type: 'result/start', resultId, startedAt: Date.now(), title: 'test', timeZone: opts.timeZone,
    columns: opts.columns });
  for (let k = 0; k < batches.length; k++) await gp.sendBatch(resultId, k, batches[k]);
  await waitFor(gp,
    `window.__posted.filter((m) => m.type === 'batch/ack' && m.resultId === ${JSON.stringify(resultId)}).length >= ${batches.length}`);
  if (opts.done !== false) {
    await gp.host({ type: 'result/progress', resultId, rows: 0, elapsedMs: 1234, done: true });
  }
  await nextFrames(gp);
}

/**
 * Polls a page expression until it is truthy. Playwright's waitForFunction evaluates string predicates with
 * eval inside the page, which the grid's CSP (rightly) forbids; page.evaluate goes through DevTools instead.
 */
export async function waitFor(gp: GridPage, expression: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await gp.page.evaluate(expression)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits two animation frames so scheduled renders have happened. */
export async function nextFrames(gp: GridPage): Promise<void> {
  await gp.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null))))');
}

/** Text of every rendered body cell of a view row, keyed by display column (gutter excluded). */
export async function rowTexts(gp: GridPage, viewRow: number): Promise<Record<string, string>> {
  return gp.eval(`(() => {
    const out = {};
    for (const c of document.querySelectorAll('.grid-body .cell[data-r="${viewRow}"]')) {
      if (!c.hidden && !c.closest('.grid-row').hidden) out[c.dataset.c] = c.textContent;
    }
    return out;
  })()`);
}

/**
 * One Chromium for a test file, launched before its tests and closed after them; the function returned
 * runs a test on a fresh page (see withGridPage).
 */
export function useGridBrowser(): (fn: (gp: GridPage) => Promise<void>, opts?: { width?: number; height?: number }) => Promise<void> {
  let gb: GridBrowser | undefined;
  before(async () => {
    gb = await launchGrid();
  });
  after(async () => {
    await gb?.close();
  });
  return (fn, opts) => {
    if (!gb) throw new Error('the grid browser is not launched (useGridBrowser must be called at the top of a test file)');
    return withGridPage(gb, fn, opts);
  };
}

/** The text of the first element matching sel ('' when there is none). */
export const textOf = (gp: GridPage, sel: string): Promise<string> =>
  gp.eval<string>(`document.querySelector(${JSON.stringify(sel)})?.textContent ?? ''`);

/** Whether an element matching sel exists and is not hidden. */
export const visible = (gp: GridPage, sel: string): Promise<boolean> =>
  gp.eval<boolean>(`(() => { const e = document.querySelector(${JSON.stringify(sel)}); return !!e && !e.hidden; })()`);
