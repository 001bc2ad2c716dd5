// The fault-injection proxy, checked with plain sockets so the integration tests can trust it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { TcpProxy } from '../../support/tcp-proxy';

interface Target { server: Server; port: number; accepted: number; close(): Promise<void> }

// A target server: `onSocket` decides what it does with each connection.
async function target(onSocket: (s: Socket) => void): Promise<Target> {
  const sockets = new Set<Socket>();
  const t: Target = {
    server: createServer({ allowHalfOpen: true }, (s) => {
      t.accepted++;
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { /* clients of these tests hang up abruptly on purpose */ });
      onSocket(s);
    }),
    port: 0,
    accepted: 0,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => t.server.close(() => r()));
    },
  };
  t.server.listen(0, '127.0.0.1');
  await once(t.server, 'listening');
  t.port = (t.server.address() as { port: number }).port;
  return t;
}

// Sends `payload` to the server side (echo servers answer per chunk) and collects until close or timeout.
interface Received { data: Buffer; closed: boolean; error: NodeJS.ErrnoException | undefined; ms: number }
function exchange(port: number, payload: Buffer | undefined, opts: { endAfterWrite?: boolean; timeoutMs?: number } = {}): Promise<Received> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const chunks: Buffer[] = [];
    let error: NodeJS.ErrnoException | undefined;
    const sock = connect(port, '127.0.0.1');
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ data: Buffer.concat(chunks), closed, error, ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => finish(false), opts.timeoutMs ?? 5000);
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', (e) => { error = e; });
    sock.on('close', () => finish(true));
    if (payload !== undefined) {
      if (opts.endAfterWrite) sock.end(payload);
      else sock.write(payload);
    }
  });
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

void test('bytes pass both ways unchanged and are counted, including a half-close', async () => {
  // Echo until the client half-closes, then append a trailer and close.
  const t = await target((s) => {
    s.on('data', (d) => s.write(d));
    s.on('end', () => s.end(Buffer.from('BYE')));
  });
  const proxy = await TcpProxy.start({ targetPort: t.port });
  try {
    const payload = randomBytes(3 * 1024 * 1024 + 17);
    const r = await exchange(proxy.port, payload, { endAfterWrite: true });
    assert.equal(r.closed, true);
    assert.equal(r.data.length, payload.length + 3);
    assert.equal(sha(r.data.subarray(0, payload.length)), sha(payload));
    assert.equal(r.data.subarray(payload.length).toString(), 'BYE');
    const stats = proxy.stats();
    assert.equal(stats.toServer, payload.length);
    assert.equal(stats.toClient, payload.length + 3);
    assert.equal(stats.accepted, 1);
  } finally {
    await proxy.close();
    await t.close();
  }
});

void test('cutAfter closes the connection after exactly N server bytes, once', async () => {
  const body = randomBytes(2 * 1024 * 1024);
  const t = await target((s) => s.end(body));
  const proxy = await TcpProxy.start({ targetPort: t.port });
  try {
    const cut = proxy.cutAfter(100_003);
    assert.equal(cut.fired, false);
    const r = await exchange(proxy.port, undefined);
    await cut.done;
    assert.equal(cut.fired, true);
    assert.equal(r.closed, true);
    assert.equal(r.data.length, 100_003);
    assert.equal(sha(r.data), sha(body.subarray(0, 100_003)));
    assert.equal(proxy.stats().cuts, 1);

    // Not re-armed: the next connection gets everything.
    const again = await exchange(proxy.port, undefined);
    assert.equal(again.data.length, body.length);
    assert.equal(proxy.stats().cuts, 1);
  } finally {
    await proxy.close();
    await t.close();
  }
});

void test('cutAfter counts from the moment it is armed; reset ends the connection too', async () => {
  const t = await target((s) => s.on('data', (d) => s.write(d)));
  const proxy = await TcpProxy.start({ targetPort: t.port });
  try {
    const sock = connect(proxy.port, '127.0.0.1');
    const got: Buffer[] = [];
    sock.on('data', (d: Buffer) => got.push(d));
    const ended = new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      sock.on('error', (e) => resolve(e));
      sock.on('close', () => resolve(undefined));
    });
    sock.write(Buffer.alloc(500, 1));
    while (Buffer.concat(got).length < 500) await new Promise((r) => setTimeout(r, 10));
    const cut = proxy.cutAfter(10, { reset: true });
    sock.write(Buffer.alloc(500, 2));
    await cut.done;
    // Linux turns SO_LINGER=0 into an RST, but a client that already read the last bytes may see it
    // as a plain EOF: either way the connection is over, and never more than 10 bytes came after arming.
    const err = await ended;
    if (err !== undefined) assert.equal(err.code, 'ECONNRESET');
    const all = Buffer.concat(got);
    assert.ok(all.length >= 500 && all.length <= 510, `received ${all.length}`);
    assert.ok(all.subarray(500).every((b) => b === 2));
    assert.equal(proxy.stats().active, 0);
  } finally {
    await proxy.close();
    await t.close();
  }
});

void test('a disarmed cut never fires', async () => {
  const t = await target((s) => s.end(Buffer.alloc(4096)));
  const proxy = await TcpProxy.start({ targetPort: t.port });
  try {
    const cut = proxy.cutAfter(10);
    cut.disarm();
    const r = await exchange(proxy.port, undefined);
    assert.equal(r.data.length, 4096);
    assert.equal(cut.fired, false);
  } finally {
    await proxy.close();
    await t.close();
  }
});

void test('blackhole accepts and then neither forwards nor answers', async () => {
  const t = await target((s) => s.end('hello'));
  const proxy = await TcpProxy.start({ targetPort: t.port });
  try {
    proxy.blackhole();
    const r = await exchange(proxy.port, Buffer.from('anyone there?'), { timeoutMs: 400 });
    assert.equal(r.closed, false, 'the connection stays open');
    assert.equal(r.data.length, 0);
    assert.equal(t.accepted, 0, 'the target never sees it');
    assert.equal(proxy.stats().accepted, 1);

    proxy.forward();
    const ok = await exchange(proxy.port, undefined);
    assert.equal(ok.data.toString(), 'hello');
  } finally {
    await proxy.close();
    await t.close();
  }
});

void test('refuse resets each connection as soon as it is accepted', async () => {
  const t = await target((s) => s.end('hello'));
  const proxy = await TcpProxy.start({ targetPort: t.port });
  try {
    proxy.refuse();
    const r = await exchange(proxy.port, undefined, { timeoutMs: 2000 });
    assert.equal(r.closed, true);
    assert.equal(r.data.length, 0);
    assert.equal(r.error?.code, 'ECONNRESET');
    assert.ok(r.ms < 1000, `took ${r.ms} ms`);
    assert.equal(t.accepted, 0);
  } finally {
    await proxy.close();
    await t.close();
  }
});

void test('throttle delays and rate-limits server bytes, and {} lifts it', async () => {
  const t = await target((s) => s.on('data', () => s.end(Buffer.alloc(40_000, 7))));
  const proxy = await TcpProxy.start({ targetPort: t.port });
  try {
    proxy.throttle({ delayMs: 300 });
    const delayed = await exchange(proxy.port, Buffer.from('go'));
    assert.equal(delayed.data.length, 40_000);
    assert.ok(delayed.ms >= 280, `delay: ${delayed.ms} ms`);

    proxy.throttle({ bytesPerSecond: 80_000 }); // 40 kB at 80 kB/s: about 500 ms
    const slow = await exchange(proxy.port, Buffer.from('go'));
    assert.equal(slow.data.length, 40_000);
    assert.ok(slow.ms >= 400, `rate: ${slow.ms} ms`);

    proxy.throttle({});
    const fast = await exchange(proxy.port, Buffer.from('go'));
    assert.equal(fast.data.length, 40_000);
    // Relative, not absolute: the machine may be busy, but no throttle must beat both throttled runs.
    assert.ok(fast.ms < Math.min(delayed.ms, slow.ms), `unthrottled: ${fast.ms} ms`);
  } finally {
    await proxy.close();
    await t.close();
  }
});

void test('a target that refuses makes the proxy close the client connection', async () => {
  const t = await target(() => undefined);
  const port = t.port;
  await t.close();
  const proxy = await TcpProxy.start({ targetPort: port });
  try {
    const r = await exchange(proxy.port, Buffer.from('x'), { timeoutMs: 2000 });
    assert.equal(r.closed, true);
    assert.equal(r.data.length, 0);
  } finally {
    await proxy.close();
  }
});

void test('close ends open connections and frees the port', async () => {
  const t = await target(() => undefined); // holds connections open, says nothing
  const proxy = await TcpProxy.start({ targetPort: t.port });
  const port = proxy.port;
  const forwarded = exchange(port, Buffer.from('x'), { timeoutMs: 3000 });
  while (t.accepted < 1) await new Promise((r) => setTimeout(r, 10));
  proxy.blackhole();
  const held = exchange(port, Buffer.from('y'), { timeoutMs: 3000 });
  while (proxy.stats().active < 2) await new Promise((r) => setTimeout(r, 10));
  const t0 = Date.now();
  await proxy.close();
  assert.ok(Date.now() - t0 < 500, 'close does not wait for the peers');
  assert.equal((await forwarded).closed, true);
  assert.equal((await held).closed, true);
  assert.equal(proxy.stats().active, 0);
  // The same port can be bound again at once.
  const again = createServer();
  again.listen(port, '127.0.0.1');
  await once(again, 'listening');
  await new Promise<void>((r) => again.close(() => r()));
  await t.close();
});
