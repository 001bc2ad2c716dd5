// The renderer's side of row paging (src/protocol/notebook-paging.ts): one client per renderer context,
// shared by every output it draws. Replies reach every renderer of the editor, so each request carries
// an id no other renderer makes, and a request that hears nothing ends in a timeout (VS Code does not
// guarantee delivery).
import { parseRowsReply, ROWS_REQUEST_TIMEOUT_MS, type RowsReply, type RowsRequest } from '../../src/protocol/notebook-paging';

/** The messaging part of the renderer context (RendererContext has it; no DOM types, so Node tests load this file). */
export interface MessagingContext {
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
}

export type RowsAnswer = RowsReply | { type: 'rows/reply'; requestId: string; ok: false; reason: 'timeout'; message: string };

export class RowsClient {
  private readonly pending = new Map<string, (reply: RowsAnswer) => void>();
  private readonly prefix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  private seq = 0;

  private constructor(private readonly post: (message: unknown) => void, listen: NonNullable<MessagingContext['onDidReceiveMessage']>,
    private readonly timeoutMs: number) {
    listen((raw) => {
      const reply = parseRowsReply(raw);
      const resolve = reply && this.pending.get(reply.requestId);
      if (reply && resolve) resolve(reply);
    });
  }

  /** A client when the context can talk to the extension host (requiresMessaging and a host listening). */
  static create(ctx: MessagingContext, timeoutMs = ROWS_REQUEST_TIMEOUT_MS): RowsClient | undefined {
    const post = ctx.postMessage?.bind(ctx);
    const listen = ctx.onDidReceiveMessage?.bind(ctx);
    return post && listen ? new RowsClient(post, listen, timeoutMs) : undefined;
  }

  request(resultKey: string, start: number, count: number): Promise<RowsAnswer> {
    const requestId = `${this.prefix}-${++this.seq}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish({
        type: 'rows/reply', requestId, ok: false, reason: 'timeout',
        message: `The extension did not answer within ${Math.round(this.timeoutMs / 1000)} s.`,
      }), this.timeoutMs);
      const finish = (reply: RowsAnswer) => {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve(reply);
      };
      this.pending.set(requestId, finish);
      const req: RowsRequest = { type: 'rows/request', requestId, resultKey, start, count };
      this.post(req);
    });
  }
}
