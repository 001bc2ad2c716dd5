// The webview's side of the plan protocol: validates what the host posts, matches responses to requests
// (each with a timeout, so a lost answer cannot hang the UI), and posts the webview's messages.

import {
  PLAN_REQUEST_TIMEOUT_MS,
  parseHostToPlan,
  type HostToPlan,
  type PlanMethod,
  type PlanRequests,
  type PlanToHost,
} from '../../src/protocol/plan';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: number;
}

type Notification = Exclude<PlanToHost, { type: 'request' }>;

export class HostBridge {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly api: VsCodeApi, private readonly onMessage: (m: HostToPlan) => void) {
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.receive(e.data));
  }

  notify(message: Notification): void {
    this.api.postMessage(message);
  }

  request<M extends PlanMethod>(method: M, params: PlanRequests[M]['params']): Promise<PlanRequests[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the extension did not answer ${method}`));
      }, PLAN_REQUEST_TIMEOUT_MS[method]);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.api.postMessage({ type: 'request', id, method, params });
    });
  }

  get state(): unknown {
    return this.api.getState();
  }

  set state(value: unknown) {
    this.api.setState(value);
  }

  private receive(raw: unknown): void {
    const m = parseHostToPlan(raw);
    if (!m) return;
    if (m.type === 'response') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      window.clearTimeout(p.timer);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
      return;
    }
    this.onMessage(m);
  }
}
