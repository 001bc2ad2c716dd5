// The message framing that places Arrow bytes on 8-byte boundaries must hand on exactly the messages
// grpc-js's own StreamDecoder would, whatever the chunking, and must align the ArrowBatch data of real
// ExecutePlanResponse encodings.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { StreamDecoder } from '@grpc/grpc-js/build/src/stream-decoder';
import { spark } from '../../../src/connect/generated/spark-connect';
import {
  ALIGN_FROM_BYTES, AligningMessageDecoder, arrowBatchDataOffset, installMessageAlignment,
} from '../../../src/connect/grpc-message-alignment';
import { MessageMemoryPool } from '../../../src/connect/message-memory';
import { seededRandom as rng } from '../../support/seeded-random';


function framed(payload: Uint8Array, flag = 0): Buffer {
  const out = Buffer.alloc(5 + payload.length);
  out[0] = flag;
  out.writeUInt32BE(payload.length, 1);
  out.set(payload, 5);
  return out;
}

function chunked(bytes: Buffer, next: () => number, maxChunk: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const n = Math.max(1, Math.floor(next() * maxChunk));
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

function feed(decoder: { write(b: Buffer): Buffer[] }, chunks: Buffer[]): Buffer[] {
  return chunks.flatMap((c) => decoder.write(c));
}

function executeResponse(rowCount: number, data: Uint8Array, sessionId = randomUUID()): Uint8Array {
  return spark.connect.ExecutePlanResponse.encode({
    sessionId,
    serverSideSessionId: randomUUID(),
    operationId: randomUUID(),
    responseId: randomUUID(),
    arrowBatch: { rowCount, data },
  }).finish();
}

describe('AligningMessageDecoder', () => {
  it('receives large messages into its pool, and into released memory again, still aligned and intact', () => {
    const pool = new MessageMemoryPool();
    const decoder = new AligningMessageDecoder(-1, arrowBatchDataOffset, pool);
    const next = rng(11);
    const payloads = [0, 1, 2].map(() => Uint8Array.from({ length: 300_000 }, () => Math.floor(next() * 256)));
    const [first] = feed(decoder, chunked(framed(executeResponse(10, payloads[0]!)), next, 20_000));
    assert.equal(pool.stats.allocated, 1);
    const data0 = spark.connect.ExecutePlanResponse.decode(first!.subarray(5)).arrowBatch!.data!;
    assert.deepEqual(Buffer.from(data0), Buffer.from(payloads[0]!));
    pool.release(first!.buffer);
    const [second] = feed(decoder, chunked(framed(executeResponse(10, payloads[1]!)), next, 20_000));
    assert.equal(second!.buffer, first!.buffer, 'the released memory was used again');
    assert.deepEqual(pool.stats, { allocated: 1, reused: 1, freeBuffers: 0, freeBytes: 0 });
    const data1 = spark.connect.ExecutePlanResponse.decode(second!.subarray(5)).arrowBatch!.data!;
    assert.equal(data1.byteOffset % 8, 0);
    assert.deepEqual(Buffer.from(data1), Buffer.from(payloads[1]!));
    // Not released: the next message gets new memory and the held one keeps its bytes.
    const [third] = feed(decoder, chunked(framed(executeResponse(10, payloads[2]!)), next, 20_000));
    assert.notEqual(third!.buffer, second!.buffer);
    assert.deepEqual(Buffer.from(data1), Buffer.from(payloads[1]!));
    // Small messages stay out of the pool.
    feed(decoder, [framed(new Uint8Array(100))]);
    assert.equal(pool.stats.allocated, 2);
  });

  it('hands on exactly the framed messages it was given, for any chunking', () => {
    const next = rng(7);
    for (let round = 0; round < 40; round++) {
      const sizes = [0, 1, 17, 4096, ALIGN_FROM_BYTES - 1, ALIGN_FROM_BYTES, 200_000].sort(() => next() - 0.5);
      const messages = sizes.map((n, i) => framed(Uint8Array.from({ length: n }, () => Math.floor(next() * 256)), i % 3 === 0 ? 1 : 0));
      const wire = Buffer.concat(messages);
      const maxChunk = [1, 3, 5, 64, 16_384, 300_000][round % 6]!;
      const got = feed(new AligningMessageDecoder(-1, arrowBatchDataOffset), chunked(wire, next, maxChunk));
      assert.equal(got.length, messages.length, `round ${round}`);
      got.forEach((m, i) => assert.ok(m.equals(messages[i]!), `round ${round}, message ${i} (${messages[i]!.length - 5} bytes)`));
    }
  });

  it('gives the same messages as grpc-js StreamDecoder for the same chunks', () => {
    const next = rng(11);
    const messages = [3, 70_000, 0, 150_000, 9].map((n) => framed(Uint8Array.from({ length: n }, () => Math.floor(next() * 256))));
    const chunks = chunked(Buffer.concat(messages), next, 20_000);
    // The reference is grpc-js's own class as shipped, read before any install in this process.
    const original = new StreamDecoder(-1);
    const reference = feed(original, chunks);
    const ours = feed(new AligningMessageDecoder(-1, arrowBatchDataOffset), chunks);
    assert.equal(ours.length, reference.length);
    ours.forEach((m, i) => assert.ok(m.equals(reference[i]!), `message ${i}`));
  });

  it('refuses a message over the size limit with grpc-js wording', () => {
    const d = new AligningMessageDecoder(1000, arrowBatchDataOffset);
    assert.throws(() => d.write(framed(new Uint8Array(1001))), /^Error: Received message larger than max \(1001 vs 1000\)$/);
    const ok = new AligningMessageDecoder(1000, arrowBatchDataOffset).write(framed(new Uint8Array(1000)));
    assert.equal(ok.length, 1);
  });

  it('places the Arrow bytes of real ExecutePlanResponses on an 8-byte boundary', () => {
    const next = rng(3);
    const residues = new Set<number>();
    for (const rowCount of [1, 200, 10_000, 3_000_000]) {
      for (const size of [ALIGN_FROM_BYTES + 3, 120_000, 750_001, 2_100_000]) {
        const data = Uint8Array.from({ length: size }, (_, i) => (i * 31 + size) & 0xff);
        const payload = executeResponse(rowCount, data);
        const wire = framed(payload);
        // Without placement, the data would start here; several residues show the padding varies.
        residues.add((5 + (arrowBatchDataOffset(payload.subarray(0, 128)) ?? -1)) % 8);
        const [message] = feed(new AligningMessageDecoder(-1, arrowBatchDataOffset), chunked(wire, next, 40_000));
        const decoded = spark.connect.ExecutePlanResponse.decode(message!.subarray(5));
        const got = decoded.arrowBatch!.data!;
        assert.equal(got.byteOffset % 8, 0, `rows ${rowCount}, ${size} bytes: data at offset ${got.byteOffset}`);
        assert.equal(Number(decoded.arrowBatch!.rowCount), rowCount);
        assert.ok(Buffer.from(got).equals(Buffer.from(data)));
      }
    }
    assert.ok(residues.size > 1, `the unpadded offsets should differ between encodings: ${[...residues].join(',')}`);
  });

  it('finds nothing to align in bytes that are not an ExecutePlanResponse, without throwing', () => {
    const next = rng(5);
    assert.equal(arrowBatchDataOffset(new Uint8Array(0)), undefined);
    assert.equal(arrowBatchDataOffset(spark.connect.ConfigResponse.encode({ sessionId: randomUUID() }).finish()), undefined);
    for (let i = 0; i < 2000; i++) {
      const junk = Uint8Array.from({ length: Math.floor(next() * 128) }, () => Math.floor(next() * 256));
      const at = arrowBatchDataOffset(junk);
      if (at !== undefined) assert.ok(Number.isInteger(at) && at >= 0 && at <= junk.length, `offset ${at} of ${junk.length} bytes`);
    }
  });

  it('once installed, grpc-js framing aligns Arrow data for every call', () => {
    installMessageAlignment();
    installMessageAlignment(); // idempotent
    const payload = executeResponse(10_000, new Uint8Array(300_000).fill(7));
    const [message] = new StreamDecoder(-1).write(framed(payload));
    const decoded = spark.connect.ExecutePlanResponse.decode(message!.subarray(5));
    assert.equal(decoded.arrowBatch!.data!.byteOffset % 8, 0);
    assert.equal(decoded.arrowBatch!.data!.length, 300_000);
  });
});
