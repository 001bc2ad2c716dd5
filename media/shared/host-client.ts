// The webview's side of every webview conversation (results grid, plan view), parameterised by one
// protocol from src/protocol/: the first message is always 'ready' (anything posted earlier waits behind
// it, so the host's own queue-until-ready holds), commands go out as they are, requests carry ids and
// end in exactly one reply or a timeout (a host that never answers must not leave a button stuck in
// "working"), and every valid host message that is not a reply goes to the page's handler.
// No DOM types here: the page is reached through WebviewEnv (see webview-env.ts), so tests run in Node.

import { PendingRequests, type ReplyMessage } from '../../src/protocol/pending-requests';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** Where the client meets the page: VS Code's API object and the window's message events. */
export interface WebviewEnv {
  readonly api: VsCodeApi;
  /** Calls `deliver` with the data of every message the host posts; the result stops that. */
  listen(deliver: (data: unknown) => void): () => void;
}

type Message = { type: string };

/** A protocol's request table: method -> its params and its result, e.g. GridRequests. */
export type RequestTable<R> = { [M in keyof R]: { params: unknown; result: unknown } };

/** What a page may post by itself: everything but 'ready' (the client sends it) and requests. */
export type Command<ToHost extends Message> = Exclude<ToHost, { type: 'ready' | 'request' }>;

/** What the host posts besides replies. */
export type Notification<FromHost extends Message> = Exclude<FromHost, { type: 'response' }>;

export interface ClientProtocol<ToHost extends Message, FromHost extends Message, Requests extends RequestTable<Requests>> {
  /** The webview's first message, e.g. { type: 'ready', protocolVersion: 1 }. */
  readonly ready: Extract<ToHost, { type: 'ready' }>;
  /** The protocol's validator for host messages: the typed message, or undefined when `raw` is not one. */
  parse(raw: unknown): FromHost | undefined;
  /** How long each request waits for its reply. */
  readonly timeoutMs: Readonly<Record<keyof Requests, number>>;
}

export interface ClientHandlers<FromHost extends Message> {
  onNotification(message: Notification<FromHost>): void;
  /** A message that is not part of the protocol; it is dropped after this. */
  onInvalid?(raw: unknown): void;
}

export class HostClient<ToHost extends Message, FromHost extends Message, Requests extends RequestTable<Requests>> {
  private readonly pending = new PendingRequests();
  /** What was posted before start(); undefined once 'ready' has gone out. */
  private early: unknown[] | undefined = [];
  private stopListening: (() => void) | undefined;
  private disposed = false;

  constructor(
    private readonly protocol: ClientProtocol<ToHost, FromHost, Requests>,
    private readonly handlers: ClientHandlers<FromHost>,
    private readonly env: WebviewEnv,
  ) {}

  /**
   * Listens to the host, says 'ready', then sends what was posted before. Call it once the page can
   * take the host's messages: the host answers 'ready' with its current state.
   */
  start(): void {
    if (this.disposed || this.early === undefined) return;
    this.stopListening = this.env.listen((data) => this.receive(data));
    const early = this.early;
    this.early = undefined;
    this.env.api.postMessage(this.protocol.ready);
    for (const m of early) this.env.api.postMessage(m);
  }

  post(message: Command<ToHost>): void {
    this.send(message);
  }

  request<M extends keyof Requests & string>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result']> {
    if (this.disposed) return Promise.reject(new Error(`the view is closed: ${method} was not sent`));
    const ms = this.protocol.timeoutMs[method];
    const { id, reply } = this.pending.open(ms, `the extension did not answer ${method} in ${ms / 1000} s`, (m) => new Error(m));
    this.send({ type: 'request', id, method, params });
    return reply as Promise<Requests[M]['result']>;
  }

  /** The page's saved state (kept by VS Code while the panel is hidden). */
  get state(): unknown {
    return this.env.api.getState();
  }

  set state(value: unknown) {
    this.env.api.setState(value);
  }

  /** Requests still waiting for their reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** One message from the host; start() feeds every window message here. */
  receive(raw: unknown): void {
    if (this.disposed) return;
    const m = this.protocol.parse(raw);
    if (!m) {
      this.handlers.onInvalid?.(raw);
      return;
    }
    if (isReply(m)) this.pending.settle(m);
    else this.handlers.onNotification(m as Notification<FromHost>);
  }

  /** Stops listening and fails the requests still waiting, so nothing waits for a page that is gone. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopListening?.();
    this.early = undefined;
    this.pending.rejectAll('the view is closed');
  }

  private send(message: unknown): void {
    if (this.disposed) return;
    if (this.early) this.early.push(message);
    else this.env.api.postMessage(message);
  }
}

// The protocol's parser has checked a reply's fields; only its type tells it apart from a notification.
function isReply(m: Message): m is ReplyMessage {
  return m.type === 'response';
}
