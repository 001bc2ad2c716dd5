// The gRPC layer of the direct result stream against Node's own HTTP/2 server playing a gRPC server:
// message framing across frames, statuses in trailers and in trailers-only responses, binary
// metadata, HTTP errors from proxies, and early cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Http2Server, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Metadata, status as Status, type ServiceError } from '@grpc/grpc-js';
import { DirectStreams, type StreamCodec } from '../../../../src/connect/h2/direct-stream';
import { noopLogger } from '../../../../src/connect/logger';
import { until } from '../../../support/until';

const codec: StreamCodec<Buffer, Buffer> = { path: '/test.Svc/Stream', encode: (b) => b, decode: (b) => Buffer.from(b) };

function grpcFrame(message: Buffer, compressed = false): Buffer {
  const head = Buffer.alloc(5);
  head[0] = compressed ? 1 : 0;
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

async function withServer(
  handle: (s: ServerHttp2Stream, headers: IncomingHttpHeaders, request: Buffer) => void,
  run: (streams: DirectStreams) => Promise<void>,
): Promise<void> {
  const server: Http2Server = createServer();
  server.on('stream', (s, headers) => {
    const parts: Buffer[] = [];
    s.on('data', (b: Buffer) => parts.push(b));
    s.on('end', () => handle(s, headers, Buffer.concat(parts)));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const metadata = new Metadata();
  metadata.set('x-tenant', 'blue');
  metadata.set('authorization', 'Bearer secret-token');
  const streams = new DirectStreams({
    host: '127.0.0.1', port, authority: `127.0.0.1:${port}`, metadata, userAgent: 'test-agent', maxReceiveMessageLength: 8 * 1024 * 1024,
    windowBytes: 1024 * 1024, keepalive: { enabled: false, timeMs: 60_000, timeoutMs: 20_000, withoutCalls: false }, connectTimeoutMs: 5_000,
    logger: noopLogger,
  });
  try {
    await run(streams);
  } finally {
    streams.close();
    server.close();
  }
}

async function readAll(it: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const m of it) out.push(m);
  return out;
}

void test('messages of every size arrive whole and in order; the request and its headers reach the server', { timeout: 20_000 }, async () => {
  const messages = [0, 1, 5, 100, 70_000, 3 * 1024 * 1024, 17].map((n) => randomBytes(n));
  let seen: IncomingHttpHeaders = {};
  let request: Buffer = Buffer.alloc(0);
  await withServer((s, headers, body) => {
    seen = headers;
    request = body;
    s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0' }));
    // One write: the framing falls across DATA frames wherever it may.
    s.end(Buffer.concat(messages.map((m) => grpcFrame(m))));
  }, async (streams) => {
    const got = await readAll(streams.open(codec, Buffer.from('the request')));
    assert.equal(got.length, messages.length);
    got.forEach((m, i) => assert.ok(m.equals(messages[i]!), `message ${i}`));
  });
  assert.ok(request.equals(grpcFrame(Buffer.from('the request'))));
  assert.equal(seen[':path'], '/test.Svc/Stream');
  assert.equal(seen['content-type'], 'application/grpc');
  assert.equal(seen.te, 'trailers');
  assert.equal(seen['user-agent'], 'test-agent');
  assert.equal(seen['x-tenant'], 'blue');
  assert.equal(seen.authorization, 'Bearer secret-token');
});

function assertServiceError(err: unknown, code: number, details: RegExp): ServiceError {
  const e = err as ServiceError;
  assert.equal(e.code, code, `code ${e.code} (${e.details})`);
  assert.match(e.details, details);
  return e;
}

void test('an error status in the trailers, after messages: the messages, then the error with its decoded message and binary metadata', { timeout: 20_000 }, async () => {
  const detail = randomBytes(40);
  await withServer((s) => {
    s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    s.on('wantTrailers', () => s.sendTrailers({
      'grpc-status': String(Status.INVALID_ARGUMENT),
      'grpc-message': encodeURIComponent('[DIVIDE_BY_ZERO] Division by zero. 100% sure'),
      'grpc-status-details-bin': detail.toString('base64'),
      'x-extra': 'kept',
    }));
    s.end(grpcFrame(Buffer.from('one')));
  }, async (streams) => {
    const got: Buffer[] = [];
    await assert.rejects((async () => { for await (const m of streams.open(codec, Buffer.alloc(0))) got.push(m); })(), (err: unknown) => {
      const e = assertServiceError(err, Status.INVALID_ARGUMENT, /^\[DIVIDE_BY_ZERO\] Division by zero\. 100% sure$/);
      assert.ok((e.metadata.get('grpc-status-details-bin')[0] as Buffer).equals(detail));
      assert.deepEqual(e.metadata.get('x-extra'), ['kept']);
      assert.deepEqual(e.metadata.get('grpc-status'), []);
      return true;
    });
    assert.deepEqual(got.map(String), ['one']);
  });
});

void test('a trailers-only response (status in the only header block) is the call\'s status', { timeout: 20_000 }, async () => {
  await withServer((s) => {
    s.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(Status.UNAUTHENTICATED), 'grpc-message': 'bad token' }, { endStream: true });
  }, async (streams) => {
    await assert.rejects(readAll(streams.open(codec, Buffer.alloc(0))), (err: unknown) => !!assertServiceError(err, Status.UNAUTHENTICATED, /^bad token$/));
  });
});

void test('a proxy\'s HTTP error without gRPC status maps as gRPC specifies (503 is UNAVAILABLE, 401 UNAUTHENTICATED)', { timeout: 20_000 }, async () => {
  for (const [http, code] of [[503, Status.UNAVAILABLE], [401, Status.UNAUTHENTICATED], [404, Status.UNIMPLEMENTED]] as const) {
    await withServer((s) => {
      s.respond({ ':status': http, 'content-type': 'text/html' });
      s.end('<html>Service Unavailable</html>');
    }, async (streams) => {
      await assert.rejects(readAll(streams.open(codec, Buffer.alloc(0))), (err: unknown) => !!assertServiceError(err, code, new RegExp(`HTTP status code ${http}`)));
    });
  }
});

void test('a compressed message we did not ask for, and one above the size limit, fail the call clearly', { timeout: 20_000 }, async () => {
  await withServer((s) => {
    s.respond({ ':status': 200, 'content-type': 'application/grpc' });
    s.end(grpcFrame(Buffer.from('zipped'), true));
  }, async (streams) => {
    await assert.rejects(readAll(streams.open(codec, Buffer.alloc(0))), (err: unknown) => !!assertServiceError(err, Status.INTERNAL, /compressed/));
  });
  await withServer((s) => {
    s.respond({ ':status': 200, 'content-type': 'application/grpc' });
    s.end(grpcFrame(randomBytes(9 * 1024 * 1024)));
  }, async (streams) => {
    await assert.rejects(readAll(streams.open(codec, Buffer.alloc(0))), (err: unknown) => !!assertServiceError(err, Status.RESOURCE_EXHAUSTED, /larger than max/));
  });
});

void test('leaving the loop early cancels the stream on the server, and the connection serves the next call', { timeout: 20_000 }, async () => {
  let serverClosed: number | undefined;
  let calls = 0;
  await withServer((s) => {
    calls++;
    s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0' }));
    if (calls === 1) {
      s.on('close', () => { serverClosed = s.rstCode; });
      const tick = setInterval(() => { if (!s.destroyed) s.write(grpcFrame(randomBytes(1000))); else clearInterval(tick); }, 5);
    } else {
      s.end(grpcFrame(Buffer.from('second')));
    }
  }, async (streams) => {
    let n = 0;
    for await (const m of streams.open(codec, Buffer.alloc(0))) {
      assert.equal(m.length, 1000);
      if (++n === 3) break;
    }
    // The RST_STREAM reaches the server over the socket a moment later: wait for the stream's close.
    assert.equal(await until('the server stream to close', () => serverClosed), 8, 'RST_STREAM CANCEL reached the server');
    assert.deepEqual((await readAll(streams.open(codec, Buffer.alloc(0)))).map(String), ['second']);
  });
});

void test('a closed DirectStreams fails new calls as CANCELLED without touching the network', { timeout: 20_000 }, async () => {
  await withServer(() => assert.fail('no call expected'), async (streams) => {
    streams.close();
    await assert.rejects(readAll(streams.open(codec, Buffer.alloc(0))), (err: unknown) => !!assertServiceError(err, Status.CANCELLED, /closed/));
  });
});
