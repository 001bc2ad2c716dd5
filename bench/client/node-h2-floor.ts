// EXPERIMENT, not part of the product: a 10^7-row result read through Node's own HTTP/2 client (no
// grpc-js), with the client's AligningMessageDecoder, generated protobuf decoder and IpcDecoder, each
// response decoded and dropped inside its 'data' event. With `load-client` the process first loads
// the client's modules (grpc-js, apache-arrow, the session API) and opens a session through them, as
// any real user of the client does, and then reads the same result the same way.
//
//   npx esbuild bench/client/node-h2-floor.ts --bundle --minify --platform=node --outfile=/tmp/node-h2-floor.js
//   node --trace-gc /tmp/node-h2-floor.js localhost 15002 10000000 [load-client] | grep -c Mark-Compact
//
// Built with --define:process.env.FLOOR_ONLY='"1"' the client's modules are left out of the bundle
// altogether (esbuild drops the dead import), which is the other half of the comparison in
// bench/README.md: the same code path, run from a smaller script.
//
// Plaintext only, one stream, no reattach; the last line printed is JSON with the CPU and wall times.
import { randomUUID } from 'node:crypto';
import * as http2 from 'node:http2';
import { IpcDecoder } from '../../src/connect/arrow-ipc-decoder';
import { spark } from '../../src/connect/generated/spark-connect';
import { AligningMessageDecoder, arrowBatchDataOffset } from '../../src/connect/grpc-message-alignment';
import { mixedTableQuery } from './query';

const WINDOW = 16 * 1024 * 1024;

async function main(): Promise<void> {
  const [host, port, rowsArg, mode] = process.argv.slice(2);
  let closeClient = async (): Promise<void> => undefined;
  if (process.env.FLOOR_ONLY !== '1' && mode === 'load-client') {
    const { SparkConnectClient } = await import('../../src/connect/client');
    const client = new SparkConnectClient(`sc://${host}:${port}`);
    await client.sparkVersion();
    closeClient = () => client.close();
  }
  const request = spark.connect.ExecutePlanRequest.encode({
    sessionId: randomUUID(), userContext: { userId: 'bench' }, clientType: 'node-h2-floor', operationId: randomUUID(),
    plan: { root: { sql: { query: mixedTableQuery(Number(rowsArg)) } } },
  }).finish();
  const framed = Buffer.alloc(5 + request.length);
  framed.writeUInt32BE(request.length, 1);
  framed.set(request, 5);
  const session = http2.connect(`http://${host}:${port}`, { settings: { initialWindowSize: WINDOW } });
  await new Promise<void>((resolve, reject) => session.once('connect', () => resolve()).once('error', reject));
  session.setLocalWindowSize(WINDOW);
  const framer = new AligningMessageDecoder(2 ** 31 - 1, arrowBatchDataOffset);
  const ipc = new IpcDecoder();
  let rows = 0;
  let firstAt: number | undefined;
  let grpcStatus: string | undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stream = session.request({ ':method': 'POST', ':path': '/spark.connect.SparkConnectService/ExecutePlan', 'content-type': 'application/grpc', te: 'trailers' });
  stream.end(framed);
  stream.on('trailers', (t) => { grpcStatus = String(t['grpc-status']); });
  stream.on('data', (chunk: Buffer) => {
    for (const m of framer.write(chunk)) {
      const data = spark.connect.ExecutePlanResponse.decode(m.subarray(5)).arrowBatch?.data;
      if (!data?.length) continue;
      firstAt ??= performance.now();
      for (const batch of ipc.decode(data)) rows += batch.numRows;
    }
  });
  await new Promise<void>((resolve, reject) => stream.once('end', () => resolve()).once('error', reject));
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  session.close();
  await closeClient();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify({
    mode: mode ?? 'floor only', rows, grpcStatus, firstBatchMs: firstAt === undefined ? null : Math.round(firstAt - t0),
    totalMs: Math.round(t1 - t0), cpuMs: Math.round(cpuMs), cpuShare: +(cpuMs / (t1 - t0)).toFixed(3),
  })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
