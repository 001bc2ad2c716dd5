// The host side of a webview conversation, without vscode: validates what the webview posts, holds
// outgoing messages until the webview says 'ready' (a webview drops messages posted before its script
// runs), answers the webview's requests with exactly one 'response' each, and tracks the host's own
// requests to the webview with ids and timeouts. WebviewHost wires it to a real panel; tests drive it
// directly.

import { PendingRequests, type ReplyMessage } from '../../protocol/pending-requests';

export interface WebviewRequestMessage {
  type: 'request';
  id: number;
  method: string;
  params: unknown;
}

export type WebviewResponseMessage = ReplyMessage;

export interface PumpLogger {
  debug(msg: string): void;
  warn(msg: string): void;
}

export interface MessagePumpHooks<In extends { type: string }, Out extends { type: string }> {
  /** Posts to the webview. May return VS Code's Thenable<boolean> (false: the webview was gone). */
  post(message: Out | WebviewResponseMessage | WebviewRequestMessage): PromiseLike<boolean> | boolean | void;
  /** The protocol's validator: the typed message, or undefined to drop it. */
  parse(raw: unknown): In | undefined;
  /** After every 'ready', including ones after a reload; the host re-sends its state when `reload`. */
  onReady?(info: { reload: boolean; message: In }): void;
  /** Every other valid message except requests and responses. */
  onMessage?(message: In): void;
  /** Answers a webview request; a rejection becomes {ok:false, error}. */
  onRequest?(request: In & WebviewRequestMessage): Promise<unknown> | unknown;
  logger?: PumpLogger;
  /** Outgoing messages kept while not ready; the oldest are dropped past this (default 10,000). */
  maxQueue?: number;
}

export class WebviewRequestError extends Error {
  constructor(message: string, readonly method: string) {
    super(message);
    this.name = 'WebviewRequestError';
  }
}

export class MessagePump<In extends { type: string }, Out extends { type: string }> {
  private readyCount = 0;
  private isReady = false;
  private queue: Array<Out | WebviewRequestMessage> = [];
  private readonly pending = new PendingRequests();
  private disposed = false;

  constructor(private readonly hooks: MessagePumpHooks<In, Out>) {}

  get ready(): boolean {
    return this.isReady;
  }

  /** Number of messages waiting for 'ready'. */
  get queued(): number {
    return this.queue.length;
  }

  send(message: Out): void {
    this.enqueueOrPost(message);
  }

  /** A request to the webview; rejects on timeout, on an error response, or when the pump is reset/disposed. */
  request<R = unknown>(method: string, params: unknown, timeoutMs: number): Promise<R> {
    if (this.disposed) return Promise.reject(new WebviewRequestError('webview is closed', method));
    const { id, reply } = this.pending.open(timeoutMs, `webview did not answer ${method} within ${timeoutMs} ms`,
      (m) => new WebviewRequestError(m, method));
    this.enqueueOrPost({ type: 'request', id, method, params });
    return reply as Promise<R>;
  }

  /** Feed every message the webview posts here. */
  receive(raw: unknown): void {
    if (this.disposed) return;
    if (isResponse(raw)) {
      this.pending.settle(raw);
      return;
    }
    const message = this.hooks.parse(raw);
    if (!message) {
      const type = typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type) : typeof raw;
      this.hooks.logger?.warn(`webview: dropped an invalid message (type ${type})`);
      // An invalid request still deserves an answer, or the webview waits for its timeout.
      const id = requestId(raw);
      if (id !== undefined) this.post({ type: 'response', id, ok: false, error: 'invalid request' });
      return;
    }
    if (message.type === 'ready') {
      const reload = this.readyCount > 0;
      this.readyCount++;
      this.isReady = true;
      const queued = this.queue;
      this.queue = [];
      for (const m of queued) this.post(m);
      this.hooks.onReady?.({ reload, message });
      return;
    }
    if (message.type === 'request') {
      void this.answer(message as In & WebviewRequestMessage);
      return;
    }
    this.hooks.onMessage?.(message);
  }

  /** The webview is being reloaded (its html was set again): queue until it says 'ready' once more. */
  reset(): void {
    this.isReady = false;
    this.pending.rejectAll('webview reloaded');
  }

  dispose(): void {
    this.disposed = true;
    this.isReady = false;
    this.queue = [];
    this.pending.rejectAll('webview is closed');
  }

  private async answer(request: In & WebviewRequestMessage): Promise<void> {
    let response: WebviewResponseMessage;
    try {
      if (!this.hooks.onRequest) throw new Error(`no handler for ${request.method}`);
      const result = await this.hooks.onRequest(request);
      response = { type: 'response', id: request.id, ok: true, result: result ?? null };
    } catch (e) {
      response = { type: 'response', id: request.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (!this.disposed) this.post(response);
  }

  private enqueueOrPost(message: Out | WebviewRequestMessage): void {
    if (this.disposed) return;
    if (this.isReady) {
      this.post(message);
      return;
    }
    this.queue.push(message);
    const max = this.hooks.maxQueue ?? 10_000;
    if (this.queue.length > max) {
      this.queue.splice(0, this.queue.length - max);
      this.hooks.logger?.warn(`webview: not ready, dropped old queued messages (limit ${max})`);
    }
  }

  private post(message: Out | WebviewResponseMessage | WebviewRequestMessage): void {
    try {
      const r = this.hooks.post(message);
      if (r && typeof r === 'object' && typeof r.then === 'function') {
        r.then((ok) => {
          if (!ok) this.hooks.logger?.debug(`webview: ${message.type} was not delivered`);
        }, (e: unknown) => this.hooks.logger?.warn(`webview: posting ${message.type} failed: ${String(e)}`));
      }
    } catch (e) {
      this.hooks.logger?.warn(`webview: posting ${message.type} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function isResponse(raw: unknown): raw is WebviewResponseMessage {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  return r.type === 'response' && Number.isSafeInteger(r.id) && typeof r.ok === 'boolean'
    && (r.ok === true || typeof r.error === 'string');
}

function requestId(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  return r.type === 'request' && Number.isSafeInteger(r.id) ? (r.id as number) : undefined;
}
