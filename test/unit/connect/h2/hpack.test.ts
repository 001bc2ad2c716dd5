import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  HpackDecoder, HpackError, decodeInteger, encodeHeaderBlock, encodeInteger,
} from '../../../../src/connect/h2/hpack';
import { Flag, FrameType, encodeFrame } from '../../../../src/connect/h2/frames';
import { HUFFMAN_CODES, huffmanDecode } from '../../../../src/connect/h2/huffman';

// Byte sequences and expected tables below are RFC 7541 Appendix C, transcribed from the RFC's source
// (httpwg/http2-spec, draft-ietf-httpbis-header-compression.xml) with the dynamic tables listed newest
// first, as the RFC prints them.

type Pairs = Array<[string, string]>;
interface Example { plain: string; huffman: string; headers: Pairs; table: Pairs; size: number }

const hex = (text: string): Buffer => Buffer.from(text, 'hex');
const throwsHpack = (fn: () => unknown): void => assert.throws(fn, HpackError);

function decodeSequence(examples: Example[], encoding: 'plain' | 'huffman', maxTableSize?: number): void {
  const decoder = new HpackDecoder(maxTableSize);
  examples.forEach((example, i) => {
    assert.deepEqual(decoder.decode(hex(example[encoding])), example.headers, `block ${i + 1}`);
    assert.deepEqual(decoder.tableEntries, example.table, `table after block ${i + 1}`);
    assert.equal(decoder.tableSize, example.size, `table size after block ${i + 1}`);
  });
}

/** A test-only Huffman encoder straight from the code table, padding with 1 bits as RFC 7541 5.2 says. */
function huffmanEncode(octets: Uint8Array): Buffer {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const octet of octets) {
    const [code, length] = HUFFMAN_CODES[octet];
    for (let shift = length - 1; shift >= 0; shift--) {
      acc = (acc << 1) | ((code >>> shift) & 1);
      if (++bits === 8) {
        out.push(acc);
        acc = 0;
        bits = 0;
      }
    }
  }
  if (bits > 0) out.push((acc << (8 - bits)) | ((1 << (8 - bits)) - 1));
  return Buffer.from(out);
}

/** Every char code 0..255 once, as a latin1 string. */
const ALL_OCTETS = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));

/** RFC 7541 C.3 and C.4: the same header lists, encoded without and with Huffman coding. */
const REQUESTS: Example[] = [
  {
    plain: '828684410f7777772e6578616d706c652e636f6d',
    huffman: '828684418cf1e3c2e5f23a6ba0ab90f4ff',
    headers: [
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
    ],
    table: [
      [':authority', 'www.example.com'],
    ],
    size: 57,
  },
  {
    plain: '828684be58086e6f2d6361636865',
    huffman: '828684be5886a8eb10649cbf',
    headers: [
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
      ['cache-control', 'no-cache'],
    ],
    table: [
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
    size: 110,
  },
  {
    plain: '828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565',
    huffman: '828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf',
    headers: [
      [':method', 'GET'],
      [':scheme', 'https'],
      [':path', '/index.html'],
      [':authority', 'www.example.com'],
      ['custom-key', 'custom-value'],
    ],
    table: [
      ['custom-key', 'custom-value'],
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
    size: 164,
  },
];

/** RFC 7541 C.5 and C.6: the same header lists, encoded without and with Huffman coding. */
const RESPONSES: Example[] = [
  {
    plain: '4803333032580770726976617465611d4d6f6e2c203231204f63742032303133' +
      '2032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d70' +
      '6c652e636f6d',
    huffman: '488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a6' +
      '2d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3',
    headers: [
      [':status', '302'],
      ['cache-control', 'private'],
      ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'],
      ['location', 'https://www.example.com'],
    ],
    table: [
      ['location', 'https://www.example.com'],
      ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'],
      ['cache-control', 'private'],
      [':status', '302'],
    ],
    size: 222,
  },
  {
    plain: '4803333037c1c0bf',
    huffman: '4883640effc1c0bf',
    headers: [
      [':status', '307'],
      ['cache-control', 'private'],
      ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'],
      ['location', 'https://www.example.com'],
    ],
    table: [
      [':status', '307'],
      ['location', 'https://www.example.com'],
      ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'],
      ['cache-control', 'private'],
    ],
    size: 222,
  },
  {
    plain: '88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d' +
      '54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f5049' +
      '5541585157454f49553b206d61782d6167653d333630303b2076657273696f6e' +
      '3d31',
    huffman: '88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab' +
      '77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f' +
      '9587316065c003ed4ee5b1063d5007',
    headers: [
      [':status', '200'],
      ['cache-control', 'private'],
      ['date', 'Mon, 21 Oct 2013 20:13:22 GMT'],
      ['location', 'https://www.example.com'],
      ['content-encoding', 'gzip'],
      ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'],
    ],
    table: [
      ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'],
      ['content-encoding', 'gzip'],
      ['date', 'Mon, 21 Oct 2013 20:13:22 GMT'],
    ],
    size: 215,
  },
];
void test('C.1: integer representation examples', () => {
  assert.deepEqual(decodeInteger(Uint8Array.of(0b111_01010), 0, 5), { value: 10, offset: 1 });
  assert.deepEqual(decodeInteger(Uint8Array.of(0x00, 0x1f, 0x9a, 0x0a), 1, 5), { value: 1337, offset: 4 });
  assert.deepEqual(decodeInteger(Uint8Array.of(42), 0, 8), { value: 42, offset: 1 });
  const out: number[] = [];
  encodeInteger(10, 5, 0xe0, out);
  encodeInteger(1337, 5, 0x00, out);
  encodeInteger(42, 8, 0x00, out);
  assert.deepEqual(out, [0xea, 0x1f, 0x9a, 0x0a, 42]);
  // The boundary: a value equal to the prefix maximum needs a zero continuation octet.
  const edge: number[] = [];
  encodeInteger(31, 5, 0x00, edge);
  assert.deepEqual(edge, [0x1f, 0x00]);
  assert.equal(decodeInteger(Uint8Array.from(edge), 0, 5).value, 31);
});

void test('C.2: literal and indexed field representations', () => {
  const cases: Array<[string, Pairs, Pairs, number]> = [
    ['400a637573746f6d2d6b65790d637573746f6d2d686561646572', [['custom-key', 'custom-header']],
      [['custom-key', 'custom-header']], 55],
    ['040c2f73616d706c652f70617468', [[':path', '/sample/path']], [], 0],
    ['100870617373776f726406736563726574', [['password', 'secret']], [], 0],
    ['82', [[':method', 'GET']], [], 0],
  ];
  for (const [bytes, headers, table, size] of cases) {
    const decoder = new HpackDecoder();
    assert.deepEqual(decoder.decode(hex(bytes)), headers);
    assert.deepEqual(decoder.tableEntries, table);
    assert.equal(decoder.tableSize, size);
  }
});

void test('C.3: requests without Huffman coding share one dynamic table', () => {
  decodeSequence(REQUESTS, 'plain');
});

void test('C.4: requests with Huffman coding', () => {
  decodeSequence(REQUESTS, 'huffman');
});

void test('C.5: responses without Huffman coding evict from a 256-octet table', () => {
  decodeSequence(RESPONSES, 'plain', 256);
});

void test('C.6: responses with Huffman coding evict from a 256-octet table', () => {
  decodeSequence(RESPONSES, 'huffman', 256);
});

void test('Huffman table: the RFC encoding of www.example.com, and every octet round-trips', () => {
  // C.4.1 gives this encoding; matching it checks the code table in the encode direction too.
  assert.equal(huffmanEncode(Buffer.from('www.example.com')).toString('hex'), 'f1e3c2e5f23a6ba0ab90f4ff');
  const all = Buffer.from(ALL_OCTETS, 'latin1');
  assert.deepEqual(huffmanDecode(huffmanEncode(all)), all);
  for (let octet = 0; octet < 256; octet++) {
    assert.deepEqual(huffmanDecode(huffmanEncode(Uint8Array.of(octet))), Buffer.of(octet), `octet ${octet}`);
  }
  assert.equal(huffmanDecode(new Uint8Array(0)).length, 0);
});

void test('Huffman: bad padding and EOS are rejected', () => {
  // 'a' is 00011; three 1 bits of padding make 0x1f.
  assert.equal(huffmanDecode(Uint8Array.of(0x1f)).toString('latin1'), 'a');
  throwsHpack(() => huffmanDecode(Uint8Array.of(0x18))); // padding 000 is not the EOS prefix
  throwsHpack(() => huffmanDecode(Uint8Array.of(0x1e))); // padding 110 is not the EOS prefix
  throwsHpack(() => huffmanDecode(Uint8Array.of(0x1f, 0xff))); // 11 bits of padding
  throwsHpack(() => huffmanDecode(Uint8Array.of(0xff))); // a whole octet of padding
  throwsHpack(() => huffmanDecode(Uint8Array.of(0xff, 0xff, 0xff, 0xff))); // 30 1 bits decode to EOS
  // And the same through the decoder: literal without indexing, raw name "a", Huffman value.
  assert.deepEqual(new HpackDecoder().decode(Uint8Array.of(0x00, 0x01, 0x61, 0x81, 0x1f)), [['a', 'a']]);
  throwsHpack(() => new HpackDecoder().decode(Uint8Array.of(0x00, 0x01, 0x61, 0x81, 0x18)));
  throwsHpack(() => new HpackDecoder().decode(Uint8Array.of(0x00, 0x01, 0x61, 0x84, 0xff, 0xff, 0xff, 0xff)));
});

void test('malformed integers, strings and indices throw HpackError', () => {
  const decode = (...bytes: number[]) => new HpackDecoder().decode(Uint8Array.from(bytes));
  throwsHpack(() => decode(0xff)); // prefix full, continuation missing
  throwsHpack(() => decode(0xff, 0x80)); // continuation bit set on the last octet
  // Zero-padded continuations are legal up to 5 octets; a sixth is refused even though the value is small.
  assert.equal(decodeInteger(Uint8Array.of(0x1f, 0x80, 0x80, 0x80, 0x80, 0x00), 0, 5).value, 31);
  throwsHpack(() => decodeInteger(Uint8Array.of(0x1f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), 0, 5));
  throwsHpack(() => decode(0xff, 0xff, 0xff, 0xff, 0xff, 0x0f)); // above 2^31 - 1
  throwsHpack(() => decode(0x40)); // literal with no name length
  throwsHpack(() => decode(0x40, 0x0a, 0x63)); // name of 10 octets, 1 present
  throwsHpack(() => decode(0x04, 0x05, 0x2f)); // value of 5 octets, 1 present
  throwsHpack(() => decode(0x80)); // index 0
  throwsHpack(() => decode(0xbe)); // index 62 with an empty dynamic table
  throwsHpack(() => decode(0x7e, 0x00)); // literal whose name index 62 does not exist
  throwsHpack(() => decode(0x0f, 0x2f, 0x00)); // name index 15 + 47 = 62, 4-bit prefix
  assert.deepEqual(decode(0xbd), [['www-authenticate', '']]); // 61, the last static entry
});

void test('dynamic table size updates: limit, position and eviction', () => {
  // 4096 = 31 + 0x61 + 0x1f * 128 fits the default limit; one more does not.
  assert.deepEqual(new HpackDecoder().decode(Uint8Array.of(0x3f, 0xe1, 0x1f)), []);
  throwsHpack(() => new HpackDecoder().decode(Uint8Array.of(0x3f, 0xe2, 0x1f)));
  throwsHpack(() => new HpackDecoder(100).decode(Uint8Array.of(0x3f, 0x46))); // 31 + 70 = 101 > 100
  throwsHpack(() => new HpackDecoder().decode(Uint8Array.of(0x82, 0x20))); // update after a field

  const decoder = new HpackDecoder();
  decoder.decode(hex(REQUESTS[0].plain));
  assert.equal(decoder.tableSize, 57);
  // Two updates at the start of a block are allowed: shrink to 0 (evicting all), then grow again.
  assert.deepEqual(decoder.decode(Uint8Array.of(0x20, 0x3f, 0x21, 0x82)), [[':method', 'GET']]);
  assert.equal(decoder.tableSize, 0);
  throwsHpack(() => decoder.decode(Uint8Array.of(0xbe)));

  // An entry larger than the whole table empties it and is not added (RFC 7541 4.4).
  const small = new HpackDecoder(64);
  small.decode(hex('4100')); // ':authority' with an empty value: 10 + 0 + 32 = 42 octets
  assert.equal(small.tableSize, 42);
  small.decode(Uint8Array.of(0x41, 0x17, ...Buffer.from('x'.repeat(23))));
  assert.deepEqual([small.tableSize, small.tableEntries.length], [0, 0]);
});

void test('encodeHeaderBlock: literal without indexing, matching the RFC where it applies', () => {
  // C.2.2 is exactly our representation for a static-table name.
  assert.equal(encodeHeaderBlock([[':path', '/sample/path']]).toString('hex'), '040c2f73616d706c652f70617468');
  // C.2.3 without the never-indexed bit is our representation for a new name.
  assert.equal(encodeHeaderBlock([['password', 'secret']]).toString('hex'), '000870617373776f726406736563726574');
  // A static name index of 15 or more needs a continuation octet: 61 = 15 + 46.
  assert.equal(encodeHeaderBlock([['www-authenticate', '']]).toString('hex'), '0f2e00');
  assert.equal(encodeHeaderBlock([]).length, 0);
});

void test('encodeHeaderBlock round-trips through HpackDecoder', () => {
  const headers: Pairs = [
    [':method', 'POST'],
    [':path', '/spark.connect.SparkConnectService/ExecutePlan'],
    ['content-type', 'application/grpc'],
    ['x-short', 'v'],
    ['x-empty', ''],
    ['', 'empty name'],
    ['x-126', 'a'.repeat(126)],
    ['x-127', 'b'.repeat(127)], // the first length needing a continuation octet
    ['x-long', 'c'.repeat(300)],
    ['x-16k', 'd'.repeat(16 * 1024)],
    ['x-latin1', ALL_OCTETS],
    [`x-name-${'n'.repeat(200)}`, 'long name'],
    ['www-authenticate', 'static name beyond index 15'],
  ];
  const decoder = new HpackDecoder();
  const block = encodeHeaderBlock(headers);
  assert.deepEqual(decoder.decode(block), headers);
  assert.equal(decoder.tableSize, 0); // nothing is indexed
  // Stateless: the same block decodes the same way again.
  assert.deepEqual(decoder.decode(block), headers);
});

void test('encodeHeaderBlock rejects chars above 0xFF', () => {
  assert.doesNotThrow(() => encodeHeaderBlock([['x', '\u00e9\u00ff']]));
  assert.throws(() => encodeHeaderBlock([['x', 'caf\u00e9\u2026']]), RangeError);
  assert.throws(() => encodeHeaderBlock([['x-\u0100', 'v']]), RangeError);
});

// Interop with Node's own HTTP/2 stack (nghttp2): our encoder must produce blocks it accepts, and our
// decoder must read what it sends, which uses its dynamic table and Huffman coding.

/** A header block's fragment within a HEADERS payload, without padding and priority fields. */
function headersFragment(flags: number, payload: Buffer): Buffer {
  let start = 0;
  let end = payload.length;
  if (flags & Flag.padded) {
    end -= payload[0];
    start = 1;
  }
  if (flags & Flag.priority) start += 5;
  return payload.subarray(start, end);
}

interface Received { streamId: number; headers: Pairs; endStream: boolean; blockLength: number }

/**
 * Reads frames until both streams have ended, decoding every header block with one decoder in arrival
 * order, as a real connection must.
 */
function readResponses(
  socket: net.Socket, streams: number[],
): Promise<{ blocks: Received[]; data: Map<number, string> }> {
  const decoder = new HpackDecoder();
  const blocks: Received[] = [];
  const data = new Map<number, string>();
  const ended = new Set<number>();
  let pending: { streamId: number; endStream: boolean; fragments: Buffer[] } | undefined;
  let buffered = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed early')));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 9) {
        const length = buffered.readUIntBE(0, 3);
        if (buffered.length < 9 + length) break;
        const [type, flags] = [buffered[3], buffered[4]];
        const streamId = buffered.readUInt32BE(5) & 0x7fffffff;
        const payload = buffered.subarray(9, 9 + length);
        buffered = buffered.subarray(9 + length);
        if (pending && type !== FrameType.Continuation) return fail(new Error('expected CONTINUATION'));
        if (type === FrameType.Settings && !(flags & Flag.ack)) socket.write(encodeFrame(FrameType.Settings, Flag.ack, 0));
        else if (type === FrameType.GoAway || type === FrameType.RstStream) {
          return fail(new Error(`server sent frame ${type}`));
        }
        else if (type === FrameType.Data) {
          data.set(streamId, (data.get(streamId) ?? '') + payload.toString('latin1'));
          if (flags & Flag.endStream) ended.add(streamId);
        } else if (type === FrameType.Headers) {
          const endStream = (flags & Flag.endStream) !== 0;
          pending = { streamId, endStream, fragments: [headersFragment(flags, payload)] };
        } else if (type === FrameType.Continuation) {
          if (pending?.streamId !== streamId) return fail(new Error('unexpected CONTINUATION'));
          pending.fragments.push(Buffer.from(payload));
        }
        if (pending && (type === FrameType.Headers || type === FrameType.Continuation) && flags & Flag.endHeaders) {
          const block = Buffer.concat(pending.fragments);
          const headers = decoder.decode(block);
          blocks.push({ streamId: pending.streamId, headers, endStream: pending.endStream, blockLength: block.length });
          if (pending.endStream) ended.add(pending.streamId);
          pending = undefined;
        }
        if (streams.every((id) => ended.has(id))) {
          socket.removeAllListeners('close');
          resolve({ blocks, data });
          return;
        }
      }
    });
  });
}

const sortPairs = (pairs: Pairs): Pairs => [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const INTEROP = 'interop: node:http2 accepts our blocks; we decode its headers and trailers';

void test(INTEROP, { timeout: 15_000 }, async () => {
  const responseHeaders: Record<string, string> = {
    ':status': '200',
    'content-type': 'application/grpc',
    'x-long': 'a'.repeat(500),
    'x-bin-bin': randomBytes(48).toString('base64'),
    // Fixed, so that Node does not add its own and the comparison below can be exact.
    date: 'Mon, 21 Oct 2013 20:13:21 GMT',
  };
  const trailers = { 'grpc-status': '0', 'grpc-message': 'ok%20done' };
  const requests: Pairs[] = ['/x', '/y'].map((path) => [
    [':method', 'POST'], [':scheme', 'http'], [':path', path], [':authority', 'localhost'],
    ['content-type', 'application/grpc'], ['te', 'trailers'], ['x-custom', 'v'.repeat(200)],
  ]);

  const seen: Pairs[] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createServer();
  server.on('session', (session) => sessions.add(session));
  server.on('stream', (stream, headers) => {
    seen.push(Object.entries(headers).map(([name, value]): [string, string] => [name, String(value)]));
    stream.respond({ ...responseHeaders }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ ...trailers }));
    stream.end('data');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  try {
    const responses = readResponses(socket, [1, 3]);
    socket.write(Buffer.concat([
      Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
      encodeFrame(FrameType.Settings, 0, 0),
      encodeFrame(FrameType.Headers, Flag.endHeaders | Flag.endStream, 1, encodeHeaderBlock(requests[0])),
      encodeFrame(FrameType.Headers, Flag.endHeaders | Flag.endStream, 3, encodeHeaderBlock(requests[1])),
    ]));
    const { blocks, data } = await responses;

    assert.deepEqual(seen.map(sortPairs), requests.map(sortPairs));
    for (const streamId of [1, 3]) {
      const [head, tail] = blocks.filter((block) => block.streamId === streamId);
      assert.equal(head.headers[0][0], ':status');
      assert.deepEqual(sortPairs(head.headers), sortPairs(Object.entries(responseHeaders)));
      assert.deepEqual([head.endStream, tail.endStream], [false, true]);
      assert.deepEqual(tail.headers, Object.entries(trailers));
      assert.equal(data.get(streamId), 'data');
    }
    // nghttp2 indexes the first response's fields, so the second response's block is a few indices
    // into the dynamic table rather than 500 octets of x-long again: the table really was exercised.
    const [first, second] = blocks.filter((block) => !block.endStream);
    assert.ok(first.blockLength > 300 && second.blockLength < 20, `${first.blockLength}, ${second.blockLength}`);
  } finally {
    socket.destroy();
    for (const session of sessions) session.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
