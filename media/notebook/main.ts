// The notebook renderer for Spark Connect results (contributes.notebookRenderer): the results panel's own
// virtualized grid (media/grid), mounted in a shadow root so its page-wide styles stay inside this output
// (all outputs of a notebook share one iframe). It reads the rows the output kept (base64 Arrow in the
// JSON payload) and falls back to the output's HTML table when that part is missing or does not decode.
// Nothing here executes output content: values reach the DOM as text only.
import { RecordBatchReader } from 'apache-arrow';
import gridCss from '../grid/grid.css';
import { GridApp } from '../grid/app';
import type { WebviewEnv } from '../shared/host-client';
import { parseNotebookResult, type NotebookResultPayload } from '../../src/protocol/notebook-output';
import { exactArrayBuffer } from '../../src/protocol/grid';
import type { OutputItem, RendererApi, RendererContext } from './renderer-api';

const ROW_PX = 22;
const CHROME_PX = 96;
const MAX_HEIGHT_PX = 420;

/** The grid's stylesheet, re-scoped from the page to the shadow root. */
function shadowCss(): string {
  return gridCss
    .replace(/:root\b/g, ':host')
    .replace(/html,\s*body\s*\{/g, ':host {')
    .replace(/body\.(vscode-[\w-]+)/g, ':host-context(body.$1)');
}

function base64Bytes(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

interface Mounted {
  app: GridApp;
  host: HTMLElement;
}

export function activate(ctx: RendererContext): RendererApi {
  const mounted = new Map<string, Mounted>();
  return {
    renderOutputItem(item: OutputItem, element: HTMLElement) {
      mounted.get(item.id)?.host.remove();
      mounted.delete(item.id);
      element.replaceChildren();
      let payload: NotebookResultPayload | undefined;
      try {
        payload = parseNotebookResult(item.json());
      } catch {
        payload = undefined;
      }
      if (!payload) {
        element.append(note('This output is not a Spark Connect result this renderer can read.'));
        return;
      }
      const bytes = payload.arrow !== undefined ? readableArrow(payload.arrow) : undefined;
      if (!bytes) {
        element.append(note(payload.keptRows === 0 && payload.rowCount === 0
          ? `No rows (${payload.columns.map((c) => c.name).join(', ') || 'no columns'}).`
          : `The rows of this result could not be read from the notebook (${payload.rowCount.toLocaleString('en-US')} rows, `
            + `${payload.columns.length} columns): its HTML form shows the first rows (the output's "Change Presentation" menu), `
            + 'or run the cell again.'));
        return;
      }
      if (payload.truncated || payload.limited) {
        element.append(note(`Showing the first ${payload.keptRows.toLocaleString('en-US')} of ${payload.rowCount.toLocaleString('en-US')} rows`
          + `${payload.limited ? ' (the row limit stopped the query; more rows exist on the server)' : ' (the notebook keeps a capped part of each result)'}.`));
      }
      const host = document.createElement('div');
      host.className = 'spark-connect-result';
      host.style.height = `${Math.min(MAX_HEIGHT_PX, CHROME_PX + Math.max(1, payload.keptRows) * ROW_PX)}px`;
      host.style.position = 'relative';
      element.append(host);
      const shadow = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = shadowCss();
      const root = document.createElement('div');
      root.className = 'app';
      root.style.height = '100%';
      shadow.append(style, root);
      const app = new GridApp(root, outputEnv(item.id, payload, bytes, ctx));
      mounted.set(item.id, { app, host });
      app.start();
    },
    disposeOutputItem(id?: string) {
      for (const [key, m] of mounted) {
        if (id !== undefined && key !== id) continue;
        m.host.remove();
        mounted.delete(key);
      }
    },
  };
}

function note(text: string): HTMLElement {
  const p = document.createElement('div');
  p.className = 'spark-connect-note';
  p.style.cssText = 'font-family: var(--vscode-font-family); font-size: 12px; opacity: 0.8; margin: 2px 0 4px;';
  p.textContent = text;
  return p;
}

/** The Arrow bytes when they decode (a hand-edited or truncated file must not break the grid). */
function readableArrow(b64: string): Uint8Array | undefined {
  try {
    const bytes = base64Bytes(b64);
    RecordBatchReader.from(bytes).readAll();
    return bytes;
  } catch {
    return undefined;
  }
}

/**
 * The grid believes it talks to the results panel's host; here the "host" is this output: on 'ready' it
 * replays the kept rows as one finished result, answers copy requests with the page's clipboard, and
 * says no to what needs the extension (export, fetch more, plan).
 */
function outputEnv(id: string, payload: NotebookResultPayload, bytes: Uint8Array, _ctx: RendererContext): WebviewEnv {
  let deliver: ((data: unknown) => void) | undefined;
  let state: unknown;
  const send = (m: unknown) => queueMicrotask(() => deliver?.(m));
  return {
    api: {
      postMessage(message: unknown) {
        const m = message as { type?: string; id?: number; method?: string; params?: { text?: string } };
        if (m.type === 'ready') {
          const resultId = `nb-${id}`;
          send({ type: 'result/start', resultId, startedAt: Date.now() - payload.elapsedMs, columns: payload.columns,
            ...(payload.timeZone ? { timeZone: payload.timeZone } : {}) });
          send({ type: 'result/batch', resultId, seq: 0, data: exactArrayBuffer(bytes) });
          send({ type: 'result/progress', resultId, rows: payload.keptRows, elapsedMs: payload.elapsedMs, done: true });
          send({ type: 'view/state', pinned: false, canShowPlan: false });
        } else if (m.type === 'request' && typeof m.id === 'number') {
          const reply = (ok: boolean, error?: string) => send({ type: 'response', id: m.id, ok, ...(ok ? { result: null } : { error }) });
          if (m.method === 'clipboard/write' && typeof m.params?.text === 'string') {
            navigator.clipboard.writeText(m.params.text).then(() => reply(true), (e: unknown) => reply(false, String(e)));
          } else {
            reply(false, 'Not available in a notebook output: run the query from a SQL file for export, fetching more rows and plans.');
          }
        }
      },
      getState: () => state,
      setState: (s: unknown) => { state = s; },
    },
    listen(d) {
      deliver = d;
      return () => { deliver = undefined; };
    },
  };
}
