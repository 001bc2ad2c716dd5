// A TCP proxy on 127.0.0.1 that a test steers to inject network faults between a client and a real
// server: count bytes, cut a connection after N bytes from the server, swallow connections (blackhole),
// reset them on accept (refuse), and slow down or delay what the server sends.
// Mode changes apply to connections accepted afterwards; dropAll() ends the current ones.
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'forward' | 'blackhole' | 'refuse';

export interface TcpProxyOptions {
  targetPort: number;
  targetHost?: string;
  /** Port to listen on; 0 (the default) takes a free ephemeral port. */
  port?: number;
}

export interface ThrottleOptions {
  /** Hold every server->client chunk this long before passing it on. */
  delayMs?: number;
  /** Cap on server->client bytes per second, per connection. */
  bytesPerSecond?: number;
}

export interface ProxyStats {
  /** Connections accepted since start (or resetCounters), in any mode. */
  accepted: number;
  /** Connections currently open on the client side. */
  active: number;
  /** Bytes passed client->server and server->client since start (or resetCounters). */
  toServer: number;
  toClient: number;
  /** Connections ended by cutAfter. */
  cuts: number;
}

export interface CutHandle {
  /** Settles when a connection has been cut. */
  readonly done: Promise<void>;
  readonly fired: boolean;
  /** Cancels the cut if it has not happened yet; `done` then never settles. */
  disarm(): void;
}

interface Pending { at: number; data: Buffer }

interface Link {
  readonly client: Socket;
  server: Socket | undefined;
  readonly queue: Pending[];
  queued: number;
  timer: NodeJS.Timeout | undefined;
  /** Earliest time the rate limit lets the next byte go. */
  nextSend: number;
  /** Run once the queue is empty (a server FIN or close waits for the bytes before it). */
  onFlushed: Array<() => void>;
  closed: boolean;
}

/** graceful: FIN after the bytes already written; reset: TCP RST; destroy: close now, no guarantees. */
type CloseHow = 'graceful' | 'reset' | 'destroy';

interface ArmedCut {
  remaining: number;
  reset: boolean;
  fired: boolean;
  resolve: () => void;
}

/** Server->client bytes buffered in the proxy beyond which it stops reading from the server. */
const HIGH_WATER = 1 << 20;

export class TcpProxy {
  private mode: ProxyMode = 'forward';
  private throttling: ThrottleOptions = {};
  private cut: ArmedCut | undefined;
  private readonly links = new Set<Link>();
  private readonly held = new Set<Socket>();
  private counters = { accepted: 0, toServer: 0, toClient: 0, cuts: 0 };

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static start(options: TcpProxyOptions): Promise<TcpProxy> {
    return new Promise((resolve, reject) => {
      // Half-open allowed on both sides: a client's FIN must not cut off the rest of the server's answer.
      const server = createServer({ allowHalfOpen: true });
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        if (address === null || typeof address === 'string') {
          reject(new Error('proxy has no TCP address'));
          return;
        }
        const proxy = new TcpProxy(server, address.port, options.targetHost ?? '127.0.0.1', options.targetPort);
        server.on('connection', (socket) => proxy.accept(socket));
        resolve(proxy);
      });
    });
  }

  /** host:port clients connect to. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** A Spark Connect connection string through this proxy, with optional `;key=value` parameters. */
  remote(params = ''): string {
    return `sc://127.0.0.1:${this.port}${params === '' ? '' : `/;${params.replace(/^\/?;/, '')}`}`;
  }

  stats(): ProxyStats {
    return { ...this.counters, active: this.links.size + this.held.size };
  }

  resetCounters(): void {
    this.counters = { accepted: 0, toServer: 0, toClient: 0, cuts: 0 };
  }

  forward(): void { this.mode = 'forward'; }
  /** New connections are accepted and then ignored: nothing is forwarded and nothing is answered. */
  blackhole(): void { this.mode = 'blackhole'; }
  /** New connections are reset as soon as they are accepted. */
  refuse(): void { this.mode = 'refuse'; }

  /** Delay and/or rate-limit server->client bytes from now on (for open connections too); {} restores. */
  throttle(options: ThrottleOptions): void {
    this.throttling = { ...options };
    for (const link of this.links) {
      if (link.timer !== undefined) clearTimeout(link.timer);
      link.timer = undefined;
      this.pump(link);
    }
  }

  /**
   * Once `bytesFromServer` more bytes have gone server->client (counted from now, over all connections),
   * the connection that carried the last of them is closed on both sides, after exactly that many bytes
   * reached the client. One shot: later connections pass untouched unless armed again.
   * `reset: true` sends a TCP RST to the client instead of a FIN.
   */
  cutAfter(bytesFromServer: number, options: { reset?: boolean } = {}): CutHandle {
    if (!Number.isInteger(bytesFromServer) || bytesFromServer < 0) throw new RangeError(`bad byte count ${bytesFromServer}`);
    let resolve!: () => void;
    const done = new Promise<void>((r) => { resolve = r; });
    const armed: ArmedCut = { remaining: bytesFromServer, reset: options.reset ?? false, fired: false, resolve };
    this.cut = armed;
    return {
      done,
      get fired() { return armed.fired; },
      disarm: () => { if (this.cut === armed) this.cut = undefined; },
    };
  }

  /** Ends every open connection (client and server side) without changing the mode. */
  dropAll(): void {
    for (const link of [...this.links]) this.closeLink(link, 'destroy');
    for (const socket of this.held) socket.destroy();
    this.held.clear();
  }

  /** Stops listening and ends every connection; resolves once the port is free. */
  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.counters.accepted++;
    client.on('error', () => { /* the peer went away; close handling below covers it */ });
    if (this.mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (this.mode === 'blackhole') {
      this.held.add(client);
      client.on('close', () => this.held.delete(client));
      client.resume(); // read and drop, so the client's writes never block on a full window
      return;
    }
    const link: Link = {
      client, server: undefined, queue: [], queued: 0, timer: undefined, nextSend: 0,
      onFlushed: [], closed: false,
    };
    this.links.add(link);
    // Client bytes wait (paused) until the server socket exists, so none are lost or reordered.
    client.pause();
    const server = connect({ host: this.targetHost, port: this.targetPort, allowHalfOpen: true });
    link.server = server;
    server.on('error', () => { /* the close handler below ends the link */ });
    server.on('connect', () => {
      client.on('data', (data: Buffer) => {
        this.counters.toServer += data.length;
        if (!server.write(data)) client.pause();
      });
      server.on('drain', () => client.resume());
      client.resume();
    });
    server.on('data', (data: Buffer) => {
      link.queue.push({ at: Date.now() + (this.throttling.delayMs ?? 0), data });
      link.queued += data.length;
      if (link.queued > HIGH_WATER) server.pause();
      this.pump(link);
    });
    client.on('drain', () => this.pump(link));
    // Half-closes pass through; a full close on either side ends the pair.
    server.on('end', () => this.whenFlushed(link, () => client.end()));
    client.on('end', () => server.end());
    server.on('close', () => this.whenFlushed(link, () => this.closeLink(link, 'graceful')));
    client.on('close', () => this.closeLink(link, 'destroy'));
  }

  private whenFlushed(link: Link, action: () => void): void {
    if (link.queue.length === 0) action();
    else link.onFlushed.push(action);
  }

  // Moves queued server bytes to the client as far as delay, rate, backpressure and an armed cut allow.
  private pump(link: Link): void {
    if (link.closed || link.timer !== undefined) return;
    const { client } = link;
    while (link.queue.length > 0) {
      if (client.writableNeedDrain) return;
      const now = Date.now();
      const head = link.queue[0]!;
      const bps = this.throttling.bytesPerSecond;
      const wait = Math.max(head.at - now, bps === undefined ? 0 : link.nextSend - now);
      if (wait > 0) {
        link.timer = setTimeout(() => { link.timer = undefined; this.pump(link); }, wait);
        return;
      }
      // Under a rate limit, send slices of about 20 ms worth so the pace is even.
      let size = head.data.length;
      if (bps !== undefined) size = Math.min(size, Math.max(1, Math.floor(bps / 50)));
      const cut = this.cut;
      if (cut !== undefined) size = Math.min(size, cut.remaining);
      if (size > 0) {
        const piece = head.data.subarray(0, size);
        if (size === head.data.length) link.queue.shift();
        else head.data = head.data.subarray(size);
        link.queued -= size;
        this.counters.toClient += size;
        if (bps !== undefined) link.nextSend = Math.max(now, link.nextSend) + (size * 1000) / bps;
        client.write(piece);
        if (cut !== undefined) cut.remaining -= size;
      }
      if (cut !== undefined && cut.remaining === 0) {
        this.fireCut(link, cut);
        return;
      }
    }
    if (link.queued <= HIGH_WATER) link.server?.resume();
    for (const action of link.onFlushed.splice(0)) action();
  }

  private fireCut(link: Link, cut: ArmedCut): void {
    this.cut = undefined;
    cut.fired = true;
    this.counters.cuts++;
    this.closeLink(link, cut.reset ? 'reset' : 'graceful');
    cut.resolve();
  }

  private closeLink(link: Link, how: CloseHow): void {
    if (link.closed) return;
    link.closed = true;
    if (link.timer !== undefined) clearTimeout(link.timer);
    link.queue.length = 0;
    link.queued = 0;
    link.onFlushed.length = 0;
    this.links.delete(link);
    link.server?.destroy();
    const { client } = link;
    if (how === 'reset') client.resetAndDestroy();
    else if (how === 'destroy') client.destroy();
    else {
      // destroy() straight after write() could drop bytes still in the socket's buffer, so the FIN
      // goes after them; a client that stops reading is dropped after a second anyway.
      client.end(() => client.destroy());
      setTimeout(() => client.destroy(), 1000).unref();
    }
  }
}
