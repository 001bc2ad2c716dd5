// A page standing in for a notebook's output frame: the built renderer (media/notebook/main.ts bundled
// as the ES module esbuild.mjs makes) imported and activated, and output items rendered into it the
// way VS Code hands them over. Used by the renderer's webview tests and its benchmark.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { serveDir } from '../support/static-server';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser';
import { projectRoot } from '../../support/servers';

const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body><div id="out"></div>
<script type="module">
import { activate } from './notebook.js';
// ?messaging: a fake renderer messaging context; the test reads what the renderer posted from
// window.__sent and answers through window.__deliver (as the extension host would).
const ctx = { workspace: { isTrusted: true } };
const listeners = new Set();
window.__sent = [];
if (new URLSearchParams(location.search).has('messaging')) {
  ctx.postMessage = (m) => { window.__sent.push(m); };
  ctx.onDidReceiveMessage = (l) => { listeners.add(l); return { dispose: () => listeners.delete(l) }; };
}
window.__deliver = (m) => { for (const l of listeners) l(m); };
const api = activate(ctx);
let n = 0;
window.__render = (mime, text) => {
  const el = document.createElement('div');
  document.getElementById('out').append(el);
  const id = 'item-' + (++n);
  const item = { id, mime, text: () => text, json: () => JSON.parse(text), data: () => new TextEncoder().encode(text) };
  const t0 = performance.now();
  api.renderOutputItem(item, el, new AbortController().signal);
  return new Promise((resolve) => {
    const check = () => {
      const host = el.querySelector('.spark-connect-result');
      const rows = host && host.shadowRoot ? host.shadowRoot.querySelectorAll('.grid-row').length : 0;
      if (rows > 0 || performance.now() - t0 > 5000 || !host) {
        resolve({ id, paintMs: performance.now() - t0, rows, text: el.innerText, shadowText: host && host.shadowRoot ? host.shadowRoot.textContent : null });
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
};
window.__dispose = (id) => api.disposeOutputItem(id);
window.__ready = true;
</script></body></html>`;

export interface RendererPage {
  page: Page;
  pageErrors: string[];
  render(mime: string, text: string): Promise<{ id: string; paintMs: number; rows: number; text: string; shadowText: string | null }>;
  close(): Promise<void>;
}

/** `messaging`: the renderer gets a fake messaging context (window.__sent / window.__deliver). */
export async function openRendererPage(minify = false, opts: { messaging?: boolean } = {}): Promise<RendererPage & { jsBytes: number; js: Uint8Array }> {
  const dir = mkdtempSync(join(tmpdir(), 'nb-renderer-'));
  const result = await esbuild.build({
    entryPoints: [join(projectRoot(), 'media', 'notebook', 'main.ts')], bundle: true, minify, sourcemap: false,
    format: 'esm', platform: 'browser', target: 'chrome114', loader: { '.css': 'text' }, write: false, logLevel: 'silent',
  });
  const js = result.outputFiles[0].contents;
  writeFileSync(join(dir, 'notebook.js'), js);
  writeFileSync(join(dir, 'index.html'), PAGE);
  const { server, origin } = await serveDir(dir);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${origin}/index.html${opts.messaging ? '?messaging' : ''}`);
  for (let i = 0; i < 200 && !(await page.evaluate('window.__ready === true')); i++) await new Promise((r) => setTimeout(r, 25));
  return {
    page, pageErrors, jsBytes: js.byteLength, js,
    render: (mime, text) => page.evaluate(`window.__render(${JSON.stringify(mime)}, ${JSON.stringify(text)})`) as ReturnType<RendererPage['render']>,
    close: async () => {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
