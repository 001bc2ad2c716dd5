// What H2Connection does when a peer breaks HTTP/2's limits (RFC 9113, RFC 7541): each case scripted on a
// raw socket, checking the outcome for the stream (a typed failure) and the error code the client sends.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { H2Connection, MAX_CONTINUATION_FRAMES, MAX_HEADER_LIST_BYTES, type H2ConnectionConfig, type StreamFailure } from '../../../../src/connect/h2/connection';
import { ErrorCode, Flag, FrameType, MAX_WINDOW_BYTES, encodeFrame, settingsPayload, uint32Payload } from '../../../../src/connect/h2/frames';
import { encodeInteger } from '../../../../src/connect/h2/hpack';
import { noopLogger } from '../../../../src/connect/logger';
import { scriptedPeer, type PeerConnection, type ScriptedPeer } from './scripted-peer';

/** A case that hangs (the client waits for a peer that never stops) fails instead of stalling the run. */
const LIMIT = { timeout: 10_000 };
const peers: ScriptedPeer[] = [];
after(async () => { await Promise.all(peers.map((p) => p.close())); });

function config(port: number, over: Partial<H2ConnectionConfig> = {}): H2ConnectionConfig {
  return {
    host: '127.0.0.1', port, windowBytes: 256 * 1024, maxFrameBytes: 1024 * 1024, connectTimeoutMs: 5_000,
    keepalive: { enabled: false, timeMs: 60_000, timeoutMs: 20_000, withoutCalls: false }, logger: noopLogger, ...over,
  };
}

const REQUEST: Array<[string, string]> = [[':method', 'POST'], [':scheme', 'http'], [':path', '/svc/Call'], [':authority', 'localhost']];
/** ":status: 200" from HPACK's static table. */
const STATUS_200 = Buffer.from([0x88]);

interface Outcome { failure?: StreamFailure; headers: number; dataBytes: number; ended: boolean }

/** Starts a connection to a peer running `script`, sends one request, and resolves when the stream ends. */
async function run(script: (peer: PeerConnection) => void, over: Partial<H2ConnectionConfig> = {}, onData?: (c: H2Connection, s: import('../../../../src/connect/h2/connection').H2Stream) => void) {
  let peerConnection!: PeerConnection;
  const peer = await scriptedPeer((p) => { peerConnection = p; script(p); });
  peers.push(peer);
  const c = new H2Connection(config(peer.port, over));
  const out: Outcome = { headers: 0, dataBytes: 0, ended: false };
  const done = new Promise<Outcome>((resolve) => {
    const stream = c.request(REQUEST, Buffer.from('x'), {
      headers: (_f, endStream) => { out.headers++; if (endStream) resolve(out); },
      data: (b) => { out.dataBytes += b.length; onData?.(c, stream); },
      end: () => { out.ended = true; resolve(out); },
      failed: (f) => { out.failure = f; resolve(out); },
    });
  });
  const outcome = await done;
  return { outcome, connection: c, peer: () => peerConnection };
}

const greet = (p: PeerConnection, settings: Array<[number, number]> = []): void => {
  p.socket.write(Buffer.concat([encodeFrame(FrameType.Settings, 0, 0, settingsPayload(settings)), encodeFrame(FrameType.Settings, Flag.ack, 0)]));
};
const headersFrame = (block: Buffer, flags: number = Flag.endHeaders): Buffer => encodeFrame(FrameType.Headers, flags, 1, block);

function goAwayCode(f: { payload: Buffer }): number {
  return f.payload.readUInt32BE(4);
}

void test('a header block that decodes past the header-list cap (a 4 KB table entry referenced 100 times) ends the connection', LIMIT, async () => {
  const value = 'v'.repeat(4000);
  const block: number[] = [0x40];
  encodeInteger(1, 7, 0, block);
  block.push('x'.charCodeAt(0));
  encodeInteger(value.length, 7, 0, block);
  const encoded = Buffer.concat([Buffer.from(block), Buffer.from(value, 'latin1'), Buffer.alloc(100, 0xbe)]); // 0xbe: dynamic index 62, the entry just added
  assert.ok(encoded.length < 5_000 && 100 * 4000 > MAX_HEADER_LIST_BYTES, 'small on the wire, large decoded');
  const { outcome, peer } = await run((p) => { greet(p); p.socket.write(headersFrame(encoded)); });
  assert.equal(outcome.headers, 0, 'no header list reached the stream');
  assert.equal(outcome.failure?.kind, 'connection');
  assert.match(outcome.failure?.kind === 'connection' ? outcome.failure.reason : '', new RegExp(`header list larger than ${MAX_HEADER_LIST_BYTES}`));
  assert.equal(goAwayCode(await peer().next(FrameType.GoAway)), ErrorCode.enhanceYourCalm);
});

void test('the client advertises its header-list cap in SETTINGS_MAX_HEADER_LIST_SIZE', LIMIT, async () => {
  const { peer } = await run((p) => { greet(p); p.socket.write(headersFrame(Buffer.from([0x88, 0x40, 0x0b, ...Buffer.from('grpc-status'), 0x01, 0x30]), Flag.endHeaders | Flag.endStream)); });
  const settings = peer().frames.find((f) => f.type === FrameType.Settings && !(f.flags & Flag.ack))!;
  const values = new Map<number, number>();
  for (let at = 0; at < settings.payload.length; at += 6) values.set(settings.payload.readUInt16BE(at), settings.payload.readUInt32BE(at + 2));
  assert.equal(values.get(0x6), MAX_HEADER_LIST_BYTES);
});

void test('a flood of empty CONTINUATION frames hits the frame cap instead of growing memory', LIMIT, async () => {
  const empty = encodeFrame(FrameType.Continuation, 0, 1);
  const { outcome, peer, connection } = await run((p) => {
    greet(p);
    p.socket.write(headersFrame(STATUS_200, 0)); // no END_HEADERS: the block goes on in CONTINUATIONs
    p.socket.write(Buffer.concat(Array.from({ length: 20_000 }, () => empty)));
  });
  assert.equal(outcome.failure?.kind, 'connection');
  assert.match(outcome.failure?.kind === 'connection' ? outcome.failure.reason : '', new RegExp(`more than ${MAX_CONTINUATION_FRAMES} frames`));
  assert.equal(goAwayCode(await peer().next(FrameType.GoAway)), ErrorCode.enhanceYourCalm);
  assert.equal(connection.usable, false);
});

void test('DATA beyond the connection window we advertised is a connection error FLOW_CONTROL_ERROR', LIMIT, async () => {
  // windowBytes at HTTP/2's default: the connection window is 65,535 and never widened up front.
  const { outcome, peer } = await run((p) => {
    greet(p);
    p.socket.write(Buffer.concat([headersFrame(STATUS_200), encodeFrame(FrameType.Data, 0, 1, Buffer.alloc(100_000))]));
  }, { windowBytes: 65_535 });
  assert.equal(outcome.dataBytes, 0, 'none of the frame was handed on');
  assert.equal(outcome.failure?.kind, 'connection');
  assert.match(outcome.failure?.kind === 'connection' ? outcome.failure.reason : '', /beyond the connection window of 65535/);
  assert.equal(goAwayCode(await peer().next(FrameType.GoAway)), ErrorCode.flowControlError);
});

void test('DATA beyond a paused stream\'s window (the connection window still open) is a connection error FLOW_CONTROL_ERROR', LIMIT, async () => {
  const window = 256 * 1024;
  const frame = encodeFrame(FrameType.Data, 0, 1, Buffer.alloc(16 * 1024));
  const { outcome, peer } = await run((p) => {
    greet(p);
    p.socket.write(Buffer.concat([headersFrame(STATUS_200), ...Array.from({ length: window / (16 * 1024) + 1 }, () => frame)]));
  }, { windowBytes: window }, (_c, stream) => stream.pause());
  assert.equal(outcome.failure?.kind, 'connection');
  assert.match(outcome.failure?.kind === 'connection' ? outcome.failure.reason : '', /beyond stream 1's window of 0/);
  assert.equal(outcome.dataBytes, window, 'exactly the window was accepted');
  assert.equal(goAwayCode(await peer().next(FrameType.GoAway)), ErrorCode.flowControlError);
});

void test('WINDOW_UPDATE of 0 on a stream resets that stream with PROTOCOL_ERROR; the connection stays', LIMIT, async () => {
  const { outcome, peer, connection } = await run((p) => {
    greet(p);
    p.socket.write(Buffer.concat([headersFrame(STATUS_200), encodeFrame(FrameType.WindowUpdate, 0, 1, uint32Payload(0))]));
  });
  assert.deepEqual(outcome.failure && { kind: outcome.failure.kind, code: outcome.failure.kind === 'protocol' ? outcome.failure.code : -1 }, { kind: 'protocol', code: ErrorCode.protocolError });
  const rst = await peer().next(FrameType.RstStream);
  assert.deepEqual([rst.stream, rst.payload.readUInt32BE(0)], [1, ErrorCode.protocolError]);
  assert.equal(connection.usable, true, 'a stream error, not a connection error');
  assert.equal(peer().frames.some((f) => f.type === FrameType.GoAway), false);
  connection.close();
});

void test('WINDOW_UPDATE of 0 on the connection is a connection error PROTOCOL_ERROR', LIMIT, async () => {
  const { outcome, peer } = await run((p) => {
    greet(p);
    p.socket.write(Buffer.concat([headersFrame(STATUS_200), encodeFrame(FrameType.WindowUpdate, 0, 0, uint32Payload(0))]));
  });
  assert.equal(outcome.failure?.kind, 'connection');
  assert.equal(goAwayCode(await peer().next(FrameType.GoAway)), ErrorCode.protocolError);
});

void test('a WINDOW_UPDATE that takes a stream window above 2^31-1 resets the stream with FLOW_CONTROL_ERROR', LIMIT, async () => {
  const { outcome, peer, connection } = await run((p) => {
    greet(p);
    p.socket.write(Buffer.concat([headersFrame(STATUS_200), encodeFrame(FrameType.WindowUpdate, 0, 1, uint32Payload(MAX_WINDOW_BYTES))]));
  });
  assert.equal(outcome.failure?.kind, 'protocol');
  assert.equal(outcome.failure?.kind === 'protocol' ? outcome.failure.code : -1, ErrorCode.flowControlError);
  const rst = await peer().next(FrameType.RstStream);
  assert.equal(rst.payload.readUInt32BE(0), ErrorCode.flowControlError);
  assert.equal(connection.usable, true);
  connection.close();
});

void test('a WINDOW_UPDATE that takes the connection window above 2^31-1 is a connection error FLOW_CONTROL_ERROR', LIMIT, async () => {
  const { outcome, peer } = await run((p) => {
    greet(p);
    p.socket.write(Buffer.concat([headersFrame(STATUS_200), encodeFrame(FrameType.WindowUpdate, 0, 0, uint32Payload(MAX_WINDOW_BYTES))]));
  });
  assert.equal(outcome.failure?.kind, 'connection');
  assert.equal(goAwayCode(await peer().next(FrameType.GoAway)), ErrorCode.flowControlError);
});

void test('SETTINGS_INITIAL_WINDOW_SIZE that takes an open stream\'s window above 2^31-1 is a connection error FLOW_CONTROL_ERROR', LIMIT, async () => {
  const { outcome, peer } = await run((p) => {
    greet(p);
    p.socket.write(Buffer.concat([
      headersFrame(STATUS_200),
      encodeFrame(FrameType.WindowUpdate, 0, 1, uint32Payload(MAX_WINDOW_BYTES - 70_000)), // the stream's window: 2^31-1 - 4465
      encodeFrame(FrameType.Settings, 0, 0, settingsPayload([[0x4, 1_000_000]])),
    ]));
  });
  assert.equal(outcome.failure?.kind, 'connection');
  assert.equal(goAwayCode(await peer().next(FrameType.GoAway)), ErrorCode.flowControlError);
});

void test('DATA on a stream the client never opened is a connection error PROTOCOL_ERROR', LIMIT, async () => {
  const { outcome, peer } = await run((p) => {
    greet(p);
    p.socket.write(Buffer.concat([headersFrame(STATUS_200), encodeFrame(FrameType.Data, 0, 7, Buffer.alloc(10))]));
  });
  assert.equal(outcome.failure?.kind, 'connection');
  assert.equal(goAwayCode(await peer().next(FrameType.GoAway)), ErrorCode.protocolError);
});
