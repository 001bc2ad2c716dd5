import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorCode, Flag, FrameParser, FrameType, H2ProtocolError, encodeFrame, type FrameHandler,
} from '../../../../src/connect/h2/frames';

interface Seen {
  data: Map<number, Buffer[]>;
  ends: Array<[number, number, boolean]>;
  frames: Array<[number, number, number, Buffer]>;
}

function recorder(): { handler: FrameHandler; seen: Seen } {
  const seen: Seen = { data: new Map(), ends: [], frames: [] };
  const handler: FrameHandler = {
    // The parser's input may be overwritten after the call, so the recorder copies, as real handlers do.
    data: (s, bytes) => { seen.data.set(s, [...(seen.data.get(s) ?? []), Buffer.from(bytes)]); },
    dataEnd: (s, flow, end) => { seen.ends.push([s, flow, end]); },
    frame: (type, flags, s, payload) => { seen.frames.push([type, flags, s, payload]); },
  };
  return { handler, seen };
}

function padded(content: Buffer, pad: number): Buffer {
  return Buffer.concat([Buffer.from([pad]), content, Buffer.alloc(pad, 0xee)]);
}

const content = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
const stream = Buffer.concat([
  encodeFrame(FrameType.Settings, 0, 0, Buffer.from([0, 4, 0, 1, 0, 0])),
  encodeFrame(FrameType.Headers, Flag.endHeaders, 1, Buffer.from([0x88])),
  encodeFrame(FrameType.Data, 0, 1, content.subarray(0, 1000)),
  encodeFrame(FrameType.Data, Flag.padded, 1, padded(content.subarray(1000, 2500), 17)),
  encodeFrame(FrameType.Data, Flag.padded, 3, padded(Buffer.alloc(0), 4)),
  encodeFrame(FrameType.Data, Flag.endStream, 1, content.subarray(2500)),
  encodeFrame(FrameType.Ping, 0, 0, Buffer.from('12345678')),
]);

function check(seen: Seen): void {
  assert.deepEqual(Buffer.concat(seen.data.get(1) ?? []), content);
  assert.equal(seen.data.get(3), undefined, 'an all-padding DATA frame has no content');
  // Flow control counts whole payloads, padding and its length byte included.
  assert.deepEqual(seen.ends, [[1, 1000, false], [1, 1 + 1500 + 17, false], [3, 5, false], [1, 500, true]]);
  assert.deepEqual(seen.frames.map(([t, f, s, p]) => [t, f, s, p.toString('hex')]), [
    [FrameType.Settings, 0, 0, '000400010000'],
    [FrameType.Headers, Flag.endHeaders, 1, '88'],
    [FrameType.Ping, 0, 0, Buffer.from('12345678').toString('hex')],
  ]);
}

void test('frames read whole, and split at every possible boundary, give the same events', () => {
  const whole = recorder();
  new FrameParser(whole.handler, 16_384).push(stream);
  check(whole.seen);
  for (const size of [1, 2, 7, 9, 10, 1001, 4096]) {
    const r = recorder();
    const parser = new FrameParser(r.handler, 16_384);
    // One reused read buffer, overwritten after every push, as the connection's socket reads are.
    const readBuffer = Buffer.alloc(size);
    for (let at = 0; at < stream.length; at += size) {
      const n = stream.copy(readBuffer, 0, at, Math.min(at + size, stream.length));
      parser.push(readBuffer.subarray(0, n));
      readBuffer.fill(0xff);
    }
    check(r.seen);
  }
});

void test('a frame larger than we allow is a FRAME_SIZE_ERROR, found from its header alone', () => {
  const parser = new FrameParser(recorder().handler, 16_384);
  const header = encodeFrame(FrameType.Data, 0, 1, Buffer.alloc(16_385)).subarray(0, 9);
  assert.throws(() => parser.push(header), (err: unknown) => err instanceof H2ProtocolError && err.code === ErrorCode.frameSizeError);
});

void test('bytes that are not HTTP/2 (an HTTP/1.1 answer) fail on the first frame header', () => {
  const parser = new FrameParser(recorder().handler, 1024 * 1024);
  assert.throws(() => parser.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')), H2ProtocolError);
});

void test('padding as long as the frame, and DATA on stream 0, are protocol errors', () => {
  assert.throws(() => new FrameParser(recorder().handler, 16_384).push(encodeFrame(FrameType.Data, Flag.padded, 1, Buffer.from([3, 0, 0]))),
    (err: unknown) => err instanceof H2ProtocolError && err.code === ErrorCode.protocolError);
  assert.throws(() => new FrameParser(recorder().handler, 16_384).push(encodeFrame(FrameType.Data, 0, 0, Buffer.from([1]))), H2ProtocolError);
});

void test('encodeFrame writes the 9-byte header: 24-bit length, type, flags, 31-bit stream id', () => {
  const f = encodeFrame(FrameType.WindowUpdate, 0x5, 0x8000_0007, Buffer.from([1, 2, 3]));
  assert.equal(f.toString('hex'), '000003080500000007010203');
});
