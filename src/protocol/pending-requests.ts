// Requests awaiting their reply, for both ends of a webview conversation: the webview's HostClient
// (media/shared) and the host's MessagePump (src/views/webview). Each request gets a fresh id and ends
// exactly once: by the reply with its id, by its timeout, or when the conversation ends. Compiled into
// both builds: no DOM, no vscode, no Node APIs.

/** The one answer to a request, whichever side asked. */
export type ReplyMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  toError(message: string): Error;
}

export class PendingRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /** Requests still waiting for their reply. */
  get size(): number {
    return this.waiting.size;
  }

  /**
   * Opens a request: its id (to put in the request message) and the promise of its result. Failures
   * (the timeout with `timeoutMessage`, an error reply, rejectAll) reach the caller as toError(message).
   */
  open(timeoutMs: number, timeoutMessage: string, toError: (message: string) => Error): { id: number; reply: Promise<unknown> } {
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(toError(timeoutMessage));
      }, timeoutMs);
      this.waiting.set(id, { resolve, reject, timer, toError });
    });
    return { id, reply };
  }

  /** Ends the request the reply answers; a reply nobody waits for (late, or a stranger's) is ignored. */
  settle(reply: ReplyMessage): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    clearTimeout(w.timer);
    if (reply.ok) w.resolve(reply.result);
    else w.reject(w.toError(reply.error));
  }

  /** Fails every waiting request with `reason`: the other side is gone or was reloaded. */
  rejectAll(reason: string): void {
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(w.toError(reason));
    }
    this.waiting.clear();
  }
}
