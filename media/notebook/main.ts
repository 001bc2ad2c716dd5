// The notebook renderer for Spark Connect results (contributes.notebookRenderer): the results panel's own
// virtualized grid (media/grid), mounted in a shadow root so its page-wide styles stay inside this output
// (all outputs of a notebook share one iframe). It reads the rows the output kept (base64 Arrow in the
// JSON payload) and falls back to the output's HTML table when that part is missing or does not decode.
// Rows past those the output kept are paged in from the extension host as the user scrolls
// (output-pager.ts), when renderer messaging is there and the host still has the result.
// Nothing here executes output content: values reach the DOM as text only.
import { RecordBatchReader } from 'apache-arrow';
import gridCss from '../grid/grid.css';
import { GridApp } from '../grid/app';
import type { WebviewEnv } from '../shared/host-client';
import { parseNotebookResult, type NotebookResultPayload } from '../../src/protocol/notebook-output';
import { exactArrayBuffer } from '../../src/protocol/grid';
import type { OutputItem, RendererApi, RendererContext } from './renderer-api';
import { base64Bytes, keptNote, OutputPager } from './output-pager';
import { RowsClient } from './rows-client';

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

interface Mounted {
  app: GridApp;
  host: HTMLElement;
  pager?: OutputPager;
}

export function activate(ctx: RendererContext): RendererApi {
  const mounted = new Map<string, Mounted>();
  const rowsClient = RowsClient.create(ctx);
  const unmount = (id: string) => {
    const m = mounted.get(id);
    m?.pager?.dispose();
    m?.host.remove();
    mounted.delete(id);
  };
  return {
    renderOutputItem(item: OutputItem, element: HTMLElement) {
      unmount(item.id);
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
      const resultKey = payload.resultKey;
      const pageable = payload.truncated && payload.keptRows < payload.rowCount && resultKey !== undefined && rowsClient !== undefined;
      const noteEl = note('');
      if (payload.truncated || payload.limited) {
        element.append(noteEl);
        noteEl.textContent = keptNote(payload, !payload.truncated ? ''
          : resultKey === undefined ? 'The notebook keeps a capped part of each result; more rows exist.'
            : 'The notebook keeps a capped part of each result; more rows exist: run the cell with the Spark Connect kernel to scroll through all of them.');
      }
      const host = document.createElement('div');
      host.className = 'spark-connect-result';
      // A result that pages gets the full height, so there is somewhere to scroll to.
      host.style.height = `${Math.min(MAX_HEIGHT_PX, CHROME_PX + Math.max(1, pageable ? payload.rowCount : payload.keptRows) * ROW_PX)}px`;
      host.style.position = 'relative';
      element.append(host);
      const shadow = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = shadowCss();
      const root = document.createElement('div');
      root.className = 'app';
      root.style.height = '100%';
      shadow.append(style, root);
      const out = outputEnv(item.id, payload, bytes);
      const app = new GridApp(root, out.env);
      const m: Mounted = { app, host };
      mounted.set(item.id, m);
      app.start();
      if (pageable) {
        m.pager = new OutputPager({ ...payload, resultKey }, rowsClient, {
          scroller: app.grid.scroller,
          append: out.append,
          setNote: (text) => { noteEl.textContent = text; },
        });
      }
    },
    disposeOutputItem(id?: string) {
      for (const key of [...mounted.keys()]) if (id === undefined || key === id) unmount(key);
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
 * says no to what needs the extension (export, fetch more, plan). Rows paged in later continue the same
 * result (more batches, then a new final progress), as the grid protocol allows for "fetch more".
 */
function outputEnv(id: string, payload: NotebookResultPayload, bytes: Uint8Array): { env: WebviewEnv; append(bytes: Uint8Array, loaded: number): void } {
  let deliver: ((data: unknown) => void) | undefined;
  let state: unknown;
  const send = (m: unknown) => queueMicrotask(() => deliver?.(m));
  const resultId = `nb-${id}`;
  let seq = 0;
  const append = (more: Uint8Array, loaded: number) => {
    send({ type: 'result/batch', resultId, seq: ++seq, data: exactArrayBuffer(more) });
    send({ type: 'result/progress', resultId, rows: loaded, elapsedMs: payload.elapsedMs, done: true });
  };
  const env: WebviewEnv = {
    api: {
      postMessage(message: unknown) {
        const m = message as { type?: string; id?: number; method?: string; params?: { text?: string } };
        if (m.type === 'ready') {
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
  return { env, append };
}
