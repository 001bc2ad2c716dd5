// H2Connection against Node's own HTTP/2 server (nghttp2), an independent implementation of the
// protocol, and against raw sockets for what a well-behaved server never does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { constants, createSecureServer, createServer as createH2Server, type Http2Server, type ServerHttp2Stream } from 'node:http2';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { H2Connection, MAX_HEADER_BLOCK_BYTES, type H2ConnectionConfig, type H2Stream, type HeaderFields, type StreamFailure } from '../../../../src/connect/h2/connection';
import { ErrorCode, Flag, FrameType, encodeFrame } from '../../../../src/connect/h2/frames';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { noopLogger } from '../../../../src/connect/logger';
import { createTestPki } from '../../../support/tls';
import { until } from '../../../support/until';

interface Outcome {
  headers: Array<{ fields: HeaderFields; endStream: boolean }>;
  body: Buffer;
  ended: boolean;
  failure?: StreamFailure;
}

function config(port: number, over: Partial<H2ConnectionConfig> = {}): H2ConnectionConfig {
  return {
    host: '127.0.0.1', port, windowBytes: 1024 * 1024, maxFrameBytes: 64 * 1024, connectTimeoutMs: 5_000,
    keepalive: { enabled: false, timeMs: 60_000, timeoutMs: 20_000, withoutCalls: false }, logger: noopLogger, ...over,
  };
}

const REQUEST: HeaderFields = [
  [':method', 'POST'], [':scheme', 'http'], [':path', '/svc/Call'], [':authority', 'localhost'],
  ['content-type', 'application/grpc'], ['te', 'trailers'], ['x-custom', 'v'.repeat(300)],
];

/** Sends one request; resolves when the stream ends one way or another. `onData` may pause the stream. */
function call(c: H2Connection, body: Buffer, onData?: (s: H2Stream, received: number) => void): { stream: H2Stream; done: Promise<Outcome> } {
  const out: Outcome = { headers: [], body: Buffer.alloc(0), ended: false };
  const chunks: Buffer[] = [];
  let received = 0;
  let stream: H2Stream | undefined;
  let settle = (): void => undefined;
  const done = new Promise<Outcome>((resolve) => {
    settle = () => {
      out.body = Buffer.concat(chunks);
      resolve(out);
    };
  });
  stream = c.request(REQUEST, body, {
    headers: (fields, endStream) => {
      out.headers.push({ fields, endStream });
      if (endStream) settle();
    },
    data: (bytes) => {
      chunks.push(Buffer.from(bytes));
      received += bytes.length;
      if (stream !== undefined) onData?.(stream, received);
    },
    end: () => {
      out.ended = true;
      settle();
    },
    failed: (f) => {
      out.failure = f;
      settle();
    },
  });
  return { stream, done };
}

async function listen(server: Http2Server | Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function h2Server(onStream: (s: ServerHttp2Stream, headers: Record<string, string | string[] | undefined>, body: Buffer) => void): Http2Server {
  const server = createH2Server();
  server.on('stream', (s, headers) => {
    const parts: Buffer[] = [];
    s.on('data', (b: Buffer) => parts.push(b));
    s.on('end', () => onStream(s, headers, Buffer.concat(parts)));
    s.on('error', () => undefined);
  });
  return server;
}

void test('a body larger than the server window goes out as the server grants it; a large response comes back whole with trailers, paused and resumed', { timeout: 20_000 }, async () => {
  const response = randomBytes(6 * 1024 * 1024);
  const requestBody = randomBytes(300 * 1024); // Node's server starts us with a 64 KiB window
  let serverSaw: Record<string, string | string[] | undefined> = {};
  const server = h2Server((s, headers, body) => {
    serverSaw = headers;
    s.respond({ ':status': 200, 'content-type': 'application/grpc', 'x-body-sha': createHash('sha256').update(body).digest('hex') }, { waitForTrailers: true });
    s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0', 'grpc-message': 'all%20good' }));
    s.end(response);
  });
  const port = await listen(server);
  const c = new H2Connection(config(port, { windowBytes: 256 * 1024 }));
  try {
    let pauses = 0;
    const { done } = call(c, requestBody, (stream, received) => {
      // Pause every ~1 MiB for a moment: the server must wait for us, not overrun the window.
      if (received >= (pauses + 1) * 1024 * 1024 && !stream.paused) {
        pauses++;
        stream.pause();
        setTimeout(() => stream.resume(), 20);
      }
    });
    const out = await done;
    assert.equal(out.failure, undefined);
    assert.ok(pauses >= 5, `paused ${pauses} times`);
    assert.equal(serverSaw['x-custom'], 'v'.repeat(300));
    assert.equal(serverSaw[':path'], '/svc/Call');
    assert.equal(out.headers.length, 2);
    const [head, trailers] = out.headers;
    assert.deepEqual(head!.fields.find(([n]) => n === 'x-body-sha')?.[1], createHash('sha256').update(requestBody).digest('hex'));
    assert.equal(head!.endStream, false);
    assert.deepEqual(trailers, { fields: [['grpc-status', '0'], ['grpc-message', 'all%20good']], endStream: true });
    assert.ok(out.body.equals(response), 'response bytes arrive intact and in order');
  } finally {
    c.close();
    server.close();
  }
});

void test('a paused stream stops the server after one window; resuming lets the rest through', { timeout: 20_000 }, async () => {
  const window = 256 * 1024;
  const response = randomBytes(4 * window);
  const server = h2Server((s) => {
    s.respond({ ':status': 200 });
    s.end(response);
  });
  const port = await listen(server);
  const c = new H2Connection(config(port, { windowBytes: window }));
  try {
    let got = 0;
    let paused!: (s: H2Stream) => void;
    const firstData = new Promise<H2Stream>((resolve) => { paused = resolve; });
    let pausedStream: H2Stream | undefined;
    const { done } = call(c, Buffer.from('x'), (stream, received) => {
      got = received;
      if (pausedStream === undefined) {
        pausedStream = stream;
        stream.pause();
        paused(stream);
      }
    });
    // Wait for the first bytes (a loaded machine may take longer than any fixed sleep to connect and
    // answer), then give the server time to overrun the window if it could.
    const stream = await firstData;
    assert.ok(got > 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(got <= window, `received ${got} bytes with a ${window}-byte window while paused`);
    stream.resume();
    const out = await done;
    assert.equal(out.ended, true, 'a response without trailers ends with DATA END_STREAM');
    assert.ok(out.body.equals(response));
  } finally {
    c.close();
    server.close();
  }
});

void test('RST_STREAM from the server fails only that stream, with its code; the connection goes on', { timeout: 20_000 }, async () => {
  let n = 0;
  const server = h2Server((s) => {
    if (n++ === 0) s.close(constants.NGHTTP2_INTERNAL_ERROR);
    else {
      s.respond({ ':status': 200 }, { endStream: true });
    }
  });
  const port = await listen(server);
  const c = new H2Connection(config(port));
  try {
    const first = await call(c, Buffer.from('a')).done;
    assert.deepEqual(first.failure, { kind: 'reset', code: ErrorCode.internalError });
    assert.equal(c.usable, true);
    const second = await call(c, Buffer.from('b')).done;
    assert.equal(second.failure, undefined);
    assert.equal(second.headers[0]?.endStream, true);
  } finally {
    c.close();
    server.close();
  }
});

void test('GOAWAY: streams up to its last id finish, later ones fail as refused (safe to retry), and no new stream starts', { timeout: 20_000 }, async () => {
  // Node's server announces the last stream it processed, so stream 1 still gets its answer.
  const server = h2Server((s) => {
    s.session?.goaway(constants.NGHTTP2_NO_ERROR);
    s.respond({ ':status': 200 });
    s.end(Buffer.from('finished'));
  });
  const port = await listen(server);
  const c = new H2Connection(config(port));
  try {
    const out = await call(c, Buffer.from('a')).done;
    assert.equal(out.failure, undefined);
    assert.equal(out.body.toString(), 'finished');
    assert.equal(c.usable, false);
    assert.throws(() => c.request(REQUEST, Buffer.alloc(0), { headers() {}, data() {}, end() {}, failed() {} }), /no new streams/);
  } finally {
    c.close();
    server.close();
  }
  // A GOAWAY whose last stream id is below ours: the server never saw the call.
  const raw = createTcpServer((sock) => {
    sock.on('error', () => undefined);
    sock.write(encodeFrame(FrameType.Settings, 0, 0));
    sock.once('data', () => sock.write(encodeFrame(FrameType.GoAway, 0, 0, Buffer.alloc(8))));
  });
  const rawPort = await listen(raw);
  try {
    const out = await call(new H2Connection(config(rawPort)), Buffer.from('a')).done;
    assert.equal(out.failure?.kind, 'refused');
  } finally {
    raw.close();
  }
});

void test('a connection cut mid-response fails its stream as a connection failure', { timeout: 20_000 }, async () => {
  const sockets: Socket[] = [];
  const server = h2Server((s) => {
    s.respond({ ':status': 200 });
    s.write(randomBytes(100_000), () => sockets.forEach((sock) => sock.destroy()));
  });
  server.on('connection', (sock: Socket) => sockets.push(sock));
  const port = await listen(server);
  const c = new H2Connection(config(port));
  try {
    const out = await call(c, Buffer.from('a')).done;
    assert.equal(out.failure?.kind, 'connection');
    assert.equal(c.usable, false);
  } finally {
    c.close();
    server.close();
  }
});

void test('a refused port fails the stream at once with the socket error', { timeout: 20_000 }, async () => {
  const probe = createTcpServer();
  const port = await listen(probe);
  await new Promise<void>((r) => probe.close(() => r()));
  const started = Date.now();
  const out = await call(new H2Connection(config(port)), Buffer.from('a')).done;
  assert.equal(out.failure?.kind, 'connection');
  assert.match(out.failure?.kind === 'connection' ? out.failure.reason : '', /ECONNREFUSED/);
  assert.ok(Date.now() - started < 2_000);
});

void test('a server that is not HTTP/2 is a protocol failure, not a hang', { timeout: 20_000 }, async () => {
  const server = createTcpServer((sock) => {
    sock.on('error', () => undefined);
    sock.once('data', () => sock.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  const port = await listen(server);
  try {
    const out = await call(new H2Connection(config(port)), Buffer.from('a')).done;
    assert.equal(out.failure?.kind, 'connection');
    assert.match(out.failure?.kind === 'connection' ? out.failure.reason : '', /HTTP\/2 protocol error/);
  } finally {
    server.close();
  }
});

void test('keepalive: an unanswered ping ends the connection; answered pings keep a slow stream alive', { timeout: 20_000 }, async () => {
  // A "server" that says SETTINGS and then nothing, not even PING ACKs.
  const silent = createTcpServer((sock) => {
    sock.on('error', () => undefined);
    sock.write(encodeFrame(FrameType.Settings, 0, 0));
  });
  const silentPort = await listen(silent);
  const keepalive = { enabled: true, timeMs: 50, timeoutMs: 100, withoutCalls: false };
  try {
    const started = Date.now();
    const out = await call(new H2Connection(config(silentPort, { keepalive })), Buffer.from('a')).done;
    assert.deepEqual(out.failure, { kind: 'connection', reason: 'keepalive ping not answered', calm: false });
    assert.ok(Date.now() - started < 2_000);
  } finally {
    silent.close();
  }
  // The answering server is in this process: on a loaded machine the event loop can stall for longer
  // than 100 ms between a ping and its ACK, so allow 500 ms per ping. The answer still comes well after
  // the first ping's timeout (50 + 500 ms): only answered pings can keep the stream alive that long.
  const patient = { ...keepalive, timeoutMs: 500 };
  const slow = h2Server((s) => {
    s.respond({ ':status': 200 });
    setTimeout(() => s.end(Buffer.from('late')), 1_000);
  });
  const slowPort = await listen(slow);
  const c = new H2Connection(config(slowPort, { keepalive: patient }));
  try {
    const out = await call(c, Buffer.from('a')).done;
    assert.equal(out.failure, undefined);
    assert.equal(out.body.toString(), 'late');
  } finally {
    c.close();
    slow.close();
  }
});

void test('GOAWAY ENHANCE_YOUR_CALM "too_many_pings" is reported as such, so the caller slows its pings', { timeout: 20_000 }, async () => {
  const server = createTcpServer((sock) => {
    sock.on('error', () => undefined);
    sock.write(encodeFrame(FrameType.Settings, 0, 0));
    sock.once('data', () => {
      const payload = Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from([0, 0, 0, ErrorCode.enhanceYourCalm]), Buffer.from('too_many_pings')]);
      sock.write(encodeFrame(FrameType.GoAway, 0, 0, payload), () => sock.end());
    });
  });
  const port = await listen(server);
  let calmReported: boolean | undefined;
  try {
    const out = await call(new H2Connection(config(port), (calm) => { calmReported = calm; }), Buffer.from('a')).done;
    assert.equal(out.failure?.kind, 'refused', 'the stream was above the GOAWAY\'s last stream id');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(calmReported, true);
  } finally {
    server.close();
  }
});

void test('our SETTINGS and connection window go out first, and the server\'s SETTINGS are acknowledged', { timeout: 20_000 }, async () => {
  const frames: Array<[number, number]> = [];
  const server = createTcpServer((sock) => {
    sock.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    sock.write(encodeFrame(FrameType.Settings, 0, 0));
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (frames.length === 0 && buf.length >= 24) buf = buf.subarray(24); // the client preface
      while (buf.length >= 9 && buf.length >= 9 + buf.readUIntBE(0, 3)) {
        frames.push([buf[3]!, buf[4]!]);
        buf = buf.subarray(9 + buf.readUIntBE(0, 3));
      }
    });
  });
  const port = await listen(server);
  const c = new H2Connection(config(port));
  try {
    call(c, Buffer.from('a'));
    // Over a real socket: wait until the request's HEADERS and the SETTINGS ACK have arrived, not a fixed time.
    await until('HEADERS and SETTINGS ACK from the client', () =>
      frames.some(([t]) => t === FrameType.Headers) && frames.some(([t, f]) => t === FrameType.Settings && f === Flag.ack));
    assert.deepEqual(frames.slice(0, 2), [[FrameType.Settings, 0], [FrameType.WindowUpdate, 0]]);
    assert.ok(frames.some(([t, f]) => t === FrameType.Settings && f === Flag.ack), 'SETTINGS ACK sent');
    assert.ok(frames.some(([t]) => t === FrameType.Headers));
  } finally {
    c.close();
    server.close();
  }
});

void test('TLS: ALPN h2 with the test CA and a client certificate; a wrong CA and a server without h2 fail clearly', { timeout: 30_000 }, async () => {
  const pki = createTestPki();
  try {
    let clientCertCn: unknown;
    const server = createSecureServer({
      key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: true,
    });
    server.on('stream', (s) => {
      clientCertCn = (s.session?.socket as TLSSocket).getPeerCertificate().subject?.CN;
      s.respond({ ':status': 200 });
      s.end('over tls');
    });
    const port = await listen(server as unknown as Server);
    const tls = { ca: Buffer.from(pki.ca.certPem), cert: Buffer.from(pki.client.certPem), key: Buffer.from(pki.client.keyPem), verifyName: 'localhost' };
    const c = new H2Connection(config(port, { tls }));
    try {
      const out = await call(c, Buffer.from('a')).done;
      assert.equal(out.failure, undefined);
      assert.equal(out.body.toString(), 'over tls');
      assert.equal(clientCertCn, 'spark-connect-test-client');
    } finally {
      c.close();
    }
    const wrong = await call(new H2Connection(config(port, { tls: { ...tls, ca: Buffer.from(pki.otherCa.certPem) } })), Buffer.from('a')).done;
    assert.equal(wrong.failure?.kind, 'connection');
    assert.match(wrong.failure?.kind === 'connection' ? wrong.failure.reason : '', /certificate/i);
    server.close();

    // A TLS server that negotiates no application protocol at all (one that insists on http/1.1 makes
    // the handshake itself fail with "no application protocol").
    const http1 = createTlsServer({ key: pki.server.keyPem, cert: pki.server.certPem }, (sock) => sock.on('error', () => undefined));
    const http1Port = await listen(http1 as unknown as Server);
    try {
      const out = await call(new H2Connection(config(http1Port, { tls: { ca: Buffer.from(pki.ca.certPem), verifyName: 'localhost' } })), Buffer.from('a')).done;
      assert.match(out.failure?.kind === 'connection' ? out.failure.reason : '', /did not agree to HTTP\/2 over TLS \(ALPN: none\)/);
    } finally {
      http1.close();
    }
  } finally {
    rmSync(pki.dir, { recursive: true, force: true });
  }
});

void test('an endless header block (CONTINUATION after CONTINUATION) ends the connection instead of filling memory', { timeout: 20_000 }, async () => {
  const server = createTcpServer((sock) => {
    sock.on('error', () => undefined);
    sock.write(encodeFrame(FrameType.Settings, 0, 0));
    sock.once('data', () => {
      sock.write(encodeFrame(FrameType.Headers, 0, 1, Buffer.from([0x88])));
      const junk = encodeFrame(FrameType.Continuation, 0, 1, Buffer.alloc(60_000, 0x40));
      const flood = (): void => { while (!sock.destroyed && sock.write(junk)); };
      sock.on('drain', flood);
      flood();
    });
  });
  const port = await listen(server);
  try {
    const out = await call(new H2Connection(config(port)), Buffer.from('a')).done;
    assert.equal(out.failure?.kind, 'connection');
    assert.match(out.failure?.kind === 'connection' ? out.failure.reason : '', new RegExp(`header block of more than ${MAX_HEADER_BLOCK_BYTES} bytes`));
  } finally {
    server.close();
  }
});
