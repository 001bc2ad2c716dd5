// EXPERIMENT, not part of the product: what receiving a large result costs without Node's HTTP/2
// session and grpc-js. It frames HTTP/2 by hand over a plaintext socket that reads into one reused
// buffer (net's `onread`), so the only large new ArrayBuffers are the gRPC message buffers, then
// frames, decodes and Arrow-decodes the responses with the client's own AligningMessageDecoder,
// generated protobuf code and IpcDecoder, as the client does.
//
//   npx esbuild bench/client/raw-h2-floor.ts --bundle --minify --platform=node --outfile=/tmp/raw-h2-floor.js
//   node /tmp/raw-h2-floor.js localhost 15002 10000000 [fresh-buffers] [release]
//
// Deliberately minimal: plaintext only, one stream, request headers as HPACK literals, response
// headers and trailers skipped undecoded (so a gRPC error shows only as a short result), no
// reattach. With `fresh-buffers` the socket allocates a new buffer per read, as Node does by default;
// with `release` each message's memory is handed back to the pool once decoded. The product's reader
// that grew out of this sketch is src/connect/h2/.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { IpcDecoder } from '../../src/connect/arrow-ipc-decoder';
import { spark } from '../../src/connect/generated/spark-connect';
import { AligningMessageDecoder, arrowBatchDataOffset } from '../../src/connect/grpc-message-alignment';
import { messageMemory } from '../../src/connect/message-memory';
import { mixedTableQuery } from './query';

const WINDOW = 16 * 1024 * 1024;
const enum Frame { Data = 0, Headers = 1, RstStream = 3, Settings = 4, Ping = 6, GoAway = 7, WindowUpdate = 8 }
const END_STREAM = 0x1;
const ACK = 0x1;
const PADDED = 0x8;

function frame(type: Frame, flags: number, stream: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}

/** An HPACK "literal header field without indexing, new name", no Huffman coding (short strings only). */
function literal(name: string, value: string): Buffer {
  const n = Buffer.from(name);
  const v = Buffer.from(value);
  if (n.length > 126 || v.length > 126) throw new Error(`header too long for this sketch: ${name}`);
  return Buffer.concat([Buffer.from([0x00, n.length]), n, Buffer.from([v.length]), v]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

async function main(): Promise<void> {
  const [host, port, rowsArg, ...modes] = process.argv.slice(2);
  const reuse = !modes.includes('fresh-buffers');
  // `release`: each message's memory goes back to the pool once decoded, as reuseMemory does.
  const releaseMessages = modes.includes('release');
  const request = spark.connect.ExecutePlanRequest.encode({
    sessionId: randomUUID(), userContext: { userId: 'bench' }, clientType: 'raw-h2-floor', operationId: randomUUID(),
    plan: { root: { sql: { query: mixedTableQuery(Number(rowsArg)) } } },
  }).finish();
  const grpcRequest = Buffer.concat([Buffer.from([0]), uint32(request.length), Buffer.from(request)]);
  const headers = Buffer.concat([literal(':method', 'POST'), literal(':scheme', 'http'),
    literal(':path', '/spark.connect.SparkConnectService/ExecutePlan'), literal(':authority', `${host}:${port}`),
    literal('content-type', 'application/grpc'), literal('te', 'trailers')]);
  const initialWindow = Buffer.concat([Buffer.from([0, 4]), uint32(WINDOW)]); // SETTINGS_INITIAL_WINDOW_SIZE

  // The read buffer is overwritten by the next read, so the decoder must copy what it holds (transientInput).
  const framer = new AligningMessageDecoder(2 ** 31 - 1, arrowBatchDataOffset, messageMemory, reuse);
  const ipc = new IpcDecoder();
  let rows = 0;
  let received = 0;
  let unacknowledged = 0;
  let firstAt: number | undefined;
  let pending: Buffer | undefined; // the start of a frame that the last read cut
  let finish = (): void => undefined;
  const finished = new Promise<void>((resolve) => { finish = resolve; });

  const onMessage = (framed: Buffer): void => {
    const data = spark.connect.ExecutePlanResponse.decode(framed.subarray(5)).arrowBatch?.data;
    if (!data?.length) return;
    firstAt ??= performance.now();
    for (const batch of ipc.decode(data)) rows += batch.numRows;
    if (releaseMessages) messageMemory.release(framed.buffer);
  };
  const onBytes = (bytes: Buffer): void => {
    const chunk = pending ? Buffer.concat([pending, bytes]) : bytes;
    pending = undefined;
    let at = 0;
    while (chunk.length - at >= 9) {
      const length = chunk.readUIntBE(at, 3);
      if (chunk.length - at < 9 + length) break;
      const type = chunk[at + 3] as Frame;
      const flags = chunk[at + 4];
      const payload = chunk.subarray(at + 9, at + 9 + length);
      at += 9 + length;
      if (type === Frame.Data) {
        const body = flags & PADDED ? payload.subarray(1, payload.length - payload[0]) : payload;
        for (const m of framer.write(body)) onMessage(m);
        received += body.length;
        unacknowledged += length;
        if (unacknowledged > WINDOW / 2) {
          sock.write(Buffer.concat([frame(Frame.WindowUpdate, 0, 0, uint32(unacknowledged)), frame(Frame.WindowUpdate, 0, 1, uint32(unacknowledged))]));
          unacknowledged = 0;
        }
        if (flags & END_STREAM) finish();
      } else if (type === Frame.Settings && !(flags & ACK)) sock.write(frame(Frame.Settings, ACK, 0, Buffer.alloc(0)));
      else if (type === Frame.Ping && !(flags & ACK)) sock.write(frame(Frame.Ping, ACK, 0, payload));
      else if (type === Frame.Headers && flags & END_STREAM) finish();
      else if (type === Frame.RstStream || type === Frame.GoAway) finish();
    }
    // The socket's buffer is reused by the next read, so the cut frame's start is copied out.
    if (at < chunk.length) pending = Buffer.from(chunk.subarray(at));
  };

  const sock = reuse
    ? connect({ host, port: Number(port), onread: { buffer: Buffer.allocUnsafe(256 * 1024), callback: (n, buf) => { onBytes(Buffer.from(buf.buffer, buf.byteOffset, n)); return true; } } })
    : connect({ host, port: Number(port) }).on('data', onBytes);
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  sock.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), frame(Frame.Settings, 0, 0, initialWindow),
    frame(Frame.WindowUpdate, 0, 0, uint32(WINDOW - 65535)), frame(Frame.Headers, 0x4, 1, headers), frame(Frame.Data, END_STREAM, 1, grpcRequest)]));
  await finished;
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  sock.destroy();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify({
    readBuffer: reuse ? 'reused' : 'fresh per read', rows, receivedBytes: received,
    firstBatchMs: firstAt === undefined ? null : Math.round(firstAt - t0), totalMs: Math.round(t1 - t0), cpuMs: Math.round(cpuMs),
    cpuShare: +(cpuMs / (t1 - t0)).toFixed(3),
  })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
