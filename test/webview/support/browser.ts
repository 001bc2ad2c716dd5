// Shared harness for webview tests and benchmarks in real Chromium (Debian's /usr/bin/chromium driven by
// playwright-core). It bundles media/<name>/main.ts with esbuild the way esbuild.mjs does, renders the
// page from media/<name>/index.html with the generic host's own renderer (so the page runs under exactly
// the CSP the extension will set), serves it from a local origin standing in for webview.cspSource, and
// installs a stub acquireVsCodeApi that records posted messages and answers requests.
// Page-side code is passed as strings: this file compiles without the DOM library.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderWebviewHtml } from '../../../src/views/webview/html';
import { projectRoot } from '../../support/servers';
import { serveDir } from './static-server';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface BuiltWebview {
  dir: string;
  jsBytes: number;
  cssBytes: number;
}

/** Bundles media/<name>/main.ts into dir/<name>.js (and <name>.css when the entry imports CSS). */
export async function buildWebview(name: string, dir: string, minify = false): Promise<BuiltWebview> {
  const root = projectRoot();
  await esbuild.build({
    entryPoints: [join(root, 'media', name, 'main.ts')], bundle: true, minify, sourcemap: false,
    format: 'iife', platform: 'browser', target: 'chrome114', outfile: join(dir, `${name}.js`), logLevel: 'silent',
  });
  const css = join(dir, `${name}.css`);
  return { dir, jsBytes: statSync(join(dir, `${name}.js`)).size, cssBytes: existsSync(css) ? statSync(css).size : 0 };
}

/** The page the host would set as webview.html, rendered by the host's own code. */
export function renderPage(name: string, origin: string, nonce: string): string {
  const template = readFileSync(join(projectRoot(), 'media', name, 'index.html'), 'utf8');
  return renderWebviewHtml(template, {
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/${name}.js`,
    styleUri: `${origin}/${name}.css`,
  });
}

// Installed before any page script. window.__answers maps a request method to its result (default null);
// window.__hold lists methods left unanswered, to test timeouts and pending states.
const HOST_STUB = `(() => {
  const posted = [];
  let state;
  window.__posted = posted;
  window.__csp = [];
  window.__answers = {};
  window.__hold = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage(m) {
      posted.push(JSON.parse(JSON.stringify(m)));
      if (!m || m.type !== 'request' || window.__hold.includes(m.method)) return;
      const result = Object.prototype.hasOwnProperty.call(window.__answers, m.method) ? window.__answers[m.method] : null;
      setTimeout(() => window.postMessage({ type: 'response', id: m.id, ok: true, result }, '*'), 0);
    },
    getState() { return state; },
    setState(s) { state = s; },
  });
  window.__host = (m) => window.postMessage(m, '*');
})();`;

export interface WebviewPage {
  page: Page;
  origin: string;
  dialogs: string[];
  pageErrors: string[];
  consoleErrors: string[];
  /** Posts a host -> webview message (JSON-able). */
  host(message: unknown): Promise<void>;
  posted<T = Record<string, unknown>>(): Promise<T[]>;
  /** CSP violations reported by the page (should stay empty). */
  csp(): Promise<string[]>;
  eval<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export interface WebviewBrowser {
  browser: Browser;
  built: BuiltWebview;
  open(opts?: { width?: number; height?: number }): Promise<WebviewPage>;
  close(): Promise<void>;
}

/** Builds the bundle once and launches Chromium; open() gives a fresh page that has posted 'ready'. */
export async function launchWebview(name: string, opts: { minify?: boolean } = {}): Promise<WebviewBrowser> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-webview-`));
  const built = await buildWebview(name, dir, opts.minify ?? false);
  const { server, origin } = await serveDir(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  let n = 0;
  return {
    browser,
    built,
    async open(o = {}) {
      const file = `index-${++n}.html`;
      writeFileSync(join(dir, file), renderPage(name, origin, randomBytes(16).toString('base64')));
      const page = await browser.newPage({ viewport: { width: o.width ?? 1200, height: o.height ?? 800 } });
      const dialogs: string[] = [];
      const pageErrors: string[] = [];
      const consoleErrors: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      await page.addInitScript({ content: HOST_STUB });
      await page.goto(`${origin}/${file}`);
      const wp: WebviewPage = {
        page, origin, dialogs, pageErrors, consoleErrors,
        host: async (m) => { await page.evaluate(`window.__host(${JSON.stringify(m)})`); },
        posted: async <T>() => page.evaluate('window.__posted') as Promise<T[]>,
        csp: async () => page.evaluate('window.__csp') as Promise<string[]>,
        eval: async <T>(expression: string) => page.evaluate(expression) as Promise<T>,
        close: () => page.close(),
      };
      await waitFor(wp.page, 'window.__posted.some((m) => m.type === "ready")');
      return wp;
    },
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls a page expression until it is truthy. Playwright's waitForFunction evaluates string predicates with
 * eval inside the page, which a strict CSP forbids; page.evaluate goes through DevTools instead.
 */
export async function waitFor(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits two animation frames so scheduled renders have happened. */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null))))');
}
