// Typed messaging with the extension host: notifications both ways, requests with ids, replies and
// timeouts (a host that never answers must not leave a button stuck in "working").

import {
  parseHostMessage, REQUEST_TIMEOUT_MS, type GridMethod, type GridRequests, type GridToHost, type HostToGrid,
} from '../../src/protocol/grid';
import type { VsCodeApi } from './vscode-api';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> };

export class HostChannel {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly api: VsCodeApi, private readonly onNotification: (m: HostToGrid) => void,
    private readonly onInvalid: (raw: unknown) => void) {}

  post(m: Exclude<GridToHost, { type: 'request' }>): void {
    this.api.postMessage(m);
  }

  request<M extends GridMethod>(method: M, params: GridRequests[M]['params']): Promise<GridRequests[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the extension did not answer ${method} in ${REQUEST_TIMEOUT_MS[method] / 1000} s`));
      }, REQUEST_TIMEOUT_MS[method]);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.api.postMessage({ type: 'request', id, method, params });
    });
  }

  /** Feed every window 'message' event's data here. */
  receive(raw: unknown): void {
    const m = parseHostMessage(raw);
    if (!m) {
      this.onInvalid(raw);
      return;
    }
    if (m.type !== 'response') {
      this.onNotification(m);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(m.error));
  }
}
