// Fuzzing the direct reader (DirectStreams over H2Connection) with what a broken or hostile server might
// send: seeded random frame sequences built from plausible pieces (a gRPC response, floods, bad flow
// control, odd streams), then mutated (bytes flipped, cut short, junk inserted) and written in random
// chunks. For every case: the call ends, exactly once, with a response or a typed gRPC error; nothing
// throws outside the connection's error path; the connection's buffers stay within their caps; and the
// heap does not grow with the number of cases. Bounded: CASES connections, each a few frames to a few
// hundred KB, under a second or two in all. A failing case prints its seed and index for replay.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Metadata } from '@grpc/grpc-js';
import { MAX_CONTINUATION_FRAMES, MAX_HEADER_BLOCK_BYTES, type H2Connection } from '../../../../src/connect/h2/connection';
import { DirectStreams, type StreamCodec } from '../../../../src/connect/h2/direct-stream';
import { Flag, FrameType, MAX_WINDOW_BYTES, encodeFrame, settingsPayload, uint32Payload } from '../../../../src/connect/h2/frames';
import { encodeHeaderBlock } from '../../../../src/connect/h2/hpack';
import { noopLogger } from '../../../../src/connect/logger';
import { seededRandom } from '../../../support/seeded-random';

const SEED = 0x5eed2;
const CASES = 300;
const CASE_TIMEOUT_MS = 5_000;
const WINDOW = 256 * 1024;
/** The parser's largest frame: DirectStreams advertises 1 MiB. */
const MAX_FRAME = 1024 * 1024;

const codec: StreamCodec<Buffer, Buffer> = { path: '/fuzz.Svc/Stream', encode: (b) => b, decode: (b) => Buffer.from(b) };

/** The private state of H2Connection that must stay bounded, read through a cast (tests only). */
interface ConnectionInternals {
  block?: { bytes: number; parts: Buffer[]; frames: number };
  streams: Map<number, unknown>;
  parser: { payload: Buffer };
  outbox?: Buffer[];
}

// ---- generating server bytes ----

type Random = () => number;
const int = (r: Random, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Random, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const bytes = (r: Random, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(r, 256)));

function grpcMessage(r: Random): Buffer {
  const body = bytes(r, int(r, 3000));
  const head = Buffer.alloc(5);
  head.writeUInt32BE(r() < 0.05 ? int(r, 0xffffffff) : body.length, 1); // sometimes a lying length
  return Buffer.concat([head, body]);
}

const streamId = (r: Random): number => pick(r, [1, 1, 1, 1, 0, 3, 2, 5, int(r, 0x7fffffff)]);

/** One piece of a server's answer, valid or not. */
function piece(r: Random): Buffer[] {
  switch (int(r, 16)) {
    case 0: return [encodeFrame(FrameType.Headers, Flag.endHeaders, 1, encodeHeaderBlock([[':status', '200'], ['content-type', 'application/grpc']]))];
    case 1: return [encodeFrame(FrameType.Data, r() < 0.2 ? Flag.endStream : 0, streamId(r), grpcMessage(r))];
    case 2: return [encodeFrame(FrameType.Headers, Flag.endHeaders | Flag.endStream, 1, encodeHeaderBlock([['grpc-status', String(int(r, 17))], ['grpc-message', 'fuzz%20case']]))];
    case 3: return [encodeFrame(FrameType.Headers, pick(r, [0, Flag.endHeaders, Flag.padded, Flag.priority, 0xff]), streamId(r), bytes(r, int(r, 200)))];
    case 4: return [encodeFrame(FrameType.Continuation, r() < 0.3 ? Flag.endHeaders : 0, streamId(r), bytes(r, int(r, 100)))];
    case 5: { // a CONTINUATION flood, empty or not
      const one = encodeFrame(FrameType.Continuation, 0, 1, bytes(r, pick(r, [0, 0, 1, 4000])));
      return [encodeFrame(FrameType.Headers, 0, 1, Buffer.from([0x88])), ...Array.from({ length: 50 + int(r, 2000) }, () => one)];
    }
    case 6: return [encodeFrame(FrameType.WindowUpdate, 0, streamId(r), uint32Payload(pick(r, [0, 1, 65_535, MAX_WINDOW_BYTES, int(r, 0xffffffff)])))];
    case 7: return [encodeFrame(FrameType.Settings, r() < 0.2 ? Flag.ack : 0, r() < 0.9 ? 0 : 1,
      r() < 0.1 ? bytes(r, int(r, 20)) : settingsPayload(Array.from({ length: int(r, 4) }, () => [int(r, 8), pick(r, [0, 1, 16_384, 65_535, 0x7fffffff, 0xffffffff, int(r, 0xffffffff)])] as const)))];
    case 8: return [encodeFrame(FrameType.Ping, r() < 0.5 ? Flag.ack : 0, r() < 0.9 ? 0 : 1, bytes(r, r() < 0.9 ? 8 : int(r, 20)))];
    case 9: return [encodeFrame(FrameType.RstStream, 0, streamId(r), uint32Payload(int(r, 16)))];
    case 10: return [encodeFrame(FrameType.GoAway, 0, r() < 0.9 ? 0 : 1, Buffer.concat([uint32Payload(pick(r, [0, 1, 3, 0x7fffffff])), uint32Payload(int(r, 16)), Buffer.from(pick(r, ['', 'too_many_pings', 'bye']))]))];
    case 11: return [encodeFrame(int(r, 256) as FrameType, int(r, 256), streamId(r), bytes(r, int(r, 300)))]; // any type: unknown ones are ignored
    case 12: { // DATA beyond the windows we gave
      const frame = encodeFrame(FrameType.Data, 0, 1, Buffer.alloc(16 * 1024));
      return Array.from({ length: 1 + int(r, 40) }, () => frame);
    }
    case 13: return [encodeFrame(FrameType.PushPromise, Flag.endHeaders, 1, bytes(r, 8))];
    case 14: return [encodeFrame(FrameType.Data, Flag.padded | (r() < 0.5 ? Flag.endStream : 0), 1, Buffer.concat([Buffer.from([int(r, 256)]), bytes(r, int(r, 300))]))];
    default: { // a header block that inflates through the dynamic table
      const value = 'v'.repeat(3000);
      const block = Buffer.concat([Buffer.from([0x40, 0x01, 0x78, 0x7f, 0xb9, 0x16]), Buffer.from(value), Buffer.alloc(int(r, 400), 0xbe)]);
      return [encodeFrame(FrameType.Headers, Flag.endHeaders, 1, block)];
    }
  }
}

function serverBytes(r: Random): Buffer {
  const frames: Buffer[] = [];
  if (r() < 0.9) frames.push(encodeFrame(FrameType.Settings, 0, 0), encodeFrame(FrameType.Settings, Flag.ack, 0));
  for (let n = 1 + int(r, 12); n > 0; n--) frames.push(...piece(r));
  let out = Buffer.concat(frames);
  // Mutations: flip bytes, cut short, or splice in junk.
  const mutation = int(r, 4);
  if (mutation === 1) {
    out = Buffer.from(out);
    for (let k = 1 + int(r, 8); k > 0 && out.length > 0; k--) out[int(r, out.length)] = int(r, 256);
  } else if (mutation === 2) {
    out = out.subarray(0, int(r, out.length + 1));
  } else if (mutation === 3) {
    const at = int(r, out.length + 1);
    out = Buffer.concat([out.subarray(0, at), bytes(r, 1 + int(r, 64)), out.subarray(at)]);
  }
  return out;
}

// ---- the server and the checks ----

let server: Server;
let port = 0;
const queue: Array<{ data: Buffer; r: Random }> = [];
const unexpected: unknown[] = [];
const onUnexpected = (e: unknown): void => { unexpected.push(e); };

before(async () => {
  process.on('uncaughtException', onUnexpected);
  process.on('unhandledRejection', onUnexpected);
  server = createServer((socket: Socket) => {
    socket.on('error', () => undefined);
    const job = queue.shift();
    if (job === undefined) {
      socket.destroy();
      return;
    }
    // Answer once the client's preface and request are in, in random chunks, then end the connection.
    socket.once('data', () => {
      let at = 0;
      const next = (): void => {
        if (socket.destroyed) return;
        if (at >= job.data.length) {
          if (job.r() < 0.5) socket.end();
          else socket.destroy();
          return;
        }
        const n = 1 + int(job.r, 70_000);
        socket.write(job.data.subarray(at, at + n));
        at += n;
        setImmediate(next);
      };
      next();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  process.off('uncaughtException', onUnexpected);
  process.off('unhandledRejection', onUnexpected);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function isTypedGrpcError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const { code, details, metadata } = e as Error & { code?: unknown; details?: unknown; metadata?: unknown };
  return typeof code === 'number' && Number.isInteger(code) && code >= 0 && code <= 16 && typeof details === 'string' && metadata instanceof Metadata;
}

void test(`fuzz: ${CASES} random and mutated server answers end every call with a response or a typed error, within the caps`, { timeout: 120_000 }, async () => {
  const heapBefore = process.memoryUsage().heapUsed;
  const r = seededRandom(SEED);
  const problems: string[] = [];
  const peak = { blockBytes: 0, blockParts: 0, blockFrames: 0, payload: 0, streams: 0 };
  const outcomes = new Map<string, number>();
  for (let i = 0; i < CASES; i++) {
    const caseSeed = int(r, 0x7fffffff);
    const cr = seededRandom(caseSeed);
    queue.push({ data: serverBytes(cr), r: cr });
    const streams = new DirectStreams({
      host: '127.0.0.1', port, authority: `127.0.0.1:${port}`, metadata: new Metadata(), userAgent: 'fuzz', maxReceiveMessageLength: 4 * 1024 * 1024,
      windowBytes: WINDOW, keepalive: { enabled: false, timeMs: 60_000, timeoutMs: 20_000, withoutCalls: false }, connectTimeoutMs: CASE_TIMEOUT_MS, logger: noopLogger,
    });
    const call = streams.open(codec, Buffer.from('request'));
    const connection = (streams as unknown as { connection?: H2Connection }).connection;
    const inside = connection as unknown as ConnectionInternals | undefined;
    let sampling = true;
    const sample = (): void => {
      if (!sampling || inside === undefined) return;
      peak.blockBytes = Math.max(peak.blockBytes, inside.block?.bytes ?? 0);
      peak.blockParts = Math.max(peak.blockParts, inside.block?.parts.length ?? 0);
      peak.blockFrames = Math.max(peak.blockFrames, inside.block?.frames ?? 0);
      peak.payload = Math.max(peak.payload, inside.parser.payload.length);
      peak.streams = Math.max(peak.streams, inside.streams.size);
      setImmediate(sample);
    };
    sample();
    let outcome: string;
    let timer: NodeJS.Timeout | undefined;
    try {
      const ended = (async () => {
        let messages = 0;
        for await (const _ of call) messages++;
        return `ok (${messages} messages)`;
      })();
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('the call never ended')), CASE_TIMEOUT_MS); });
      outcome = await Promise.race([ended, timeout]);
      outcomes.set('ok', (outcomes.get('ok') ?? 0) + 1);
    } catch (e) {
      if (!isTypedGrpcError(e)) problems.push(`case ${i} (seed ${caseSeed}): ended with an untyped error: ${String(e)}`);
      const code = (e as { code?: number }).code;
      outcomes.set(`code ${code}`, (outcomes.get(`code ${code}`) ?? 0) + 1);
      outcome = String(e);
    } finally {
      clearTimeout(timer);
      sampling = false;
      streams.close();
    }
    if (/never ended/.test(outcome)) problems.push(`case ${i} (seed ${caseSeed}): ${outcome}`);
  }
  // Let the last connections' close events run, then compare the heap.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

  assert.deepEqual(problems, []);
  assert.deepEqual(unexpected.map(String), [], 'nothing thrown outside the error path');
  assert.ok(peak.blockBytes <= MAX_HEADER_BLOCK_BYTES, `header block ${peak.blockBytes} bytes`);
  assert.ok(peak.blockFrames <= MAX_CONTINUATION_FRAMES, `header block of ${peak.blockFrames} frames`);
  assert.ok(peak.blockParts <= MAX_CONTINUATION_FRAMES, `header block of ${peak.blockParts} parts`);
  assert.ok(peak.payload <= MAX_FRAME, `frame payload buffer ${peak.payload} bytes`);
  assert.ok(peak.streams <= 1, `${peak.streams} streams`);
  assert.ok(heapGrowth < 64 * 1024 * 1024, `heap grew ${(heapGrowth / 2 ** 20).toFixed(1)} MB over ${CASES} cases`);
  // The cases must reach the interesting paths, not all die at the first byte.
  assert.ok((outcomes.get('ok') ?? 0) > 0 || outcomes.size > 2, `outcomes: ${JSON.stringify([...outcomes])}`);
  assert.ok(outcomes.size >= 3, `too few kinds of outcome: ${JSON.stringify([...outcomes])}`);
});
