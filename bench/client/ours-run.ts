// Measured runs of our client in one fresh process:
//   node ours-run.js REMOTE SQL_FILE [QUERIES] [reuse|no-reuse] [auto|direct|grpc-js]
// Runs the query QUERIES times (default 1) and prints one JSON line per run (same fields as
// pyspark_run.py). Bundled and started by run.ts. The first run is a cold process, as a CLI call is;
// later ones show the steady state of a long-lived process such as VS Code's extension host.
//
// The same calls as the PySpark side, through the user-facing API: spark.sql(query) (which, like
// PySpark's, sends the SQL as a command first and gets the relation back), then the DataFrame's
// streaming API, toArrowBatches(): an async iterable of decoded Arrow record batches. Each batch is
// checked (row count, and every column's decoded length and null count, which the decoder sets from
// the IPC metadata) and dropped; no values are read, as PySpark's toArrow() reads none either.
// Nothing is collected, so memory should not grow with the result size; PySpark's toArrow() by
// contrast holds the whole table, as its users do.
import { readFileSync } from 'node:fs';
import { CLIENT_VERSION } from '../../src/connect/channel';
import type { SparkConnectClient } from '../../src/connect/client';
import { SparkSession } from '../../src/connect/session';
import { drain } from './drain';
import { streamTransportChoice } from './transport-choice';

function rssKb(): number {
  return Math.round(process.memoryUsage.rss() / 1024);
}

async function main(): Promise<void> {
  const [remote, sqlFile, queriesArg, memoryArg, transportArg = 'grpc-js'] = process.argv.slice(2);
  // Like PySpark's side, each batch is dropped once checked, so by default it is received into the
  // memory of the one before (toArrowBatches' reuseMemory); `no-reuse` measures the default stream.
  const reuseMemory = memoryArg !== 'no-reuse';
  const query = readFileSync(sqlFile, 'utf8');
  const queries = queriesArg === undefined ? 1 : Number(queriesArg);
  if (!Number.isSafeInteger(queries) || queries < 1) throw new Error(`queries must be a positive integer: ${queriesArg}`);
  const streamTransport = streamTransportChoice(transportArg);
  const spark = await SparkSession.connect(remote, { clientType: 'bench', streamTransport });
  try {
    // Same warm-up as the PySpark side: the channel is up and the session exists before timing.
    for await (const batch of (await spark.sql('SELECT 1 AS warm')).toArrowBatches()) void batch;
    const serverVersion = await spark.version();
    for (let run = 1; run <= queries; run++) await measure(spark, query, run, serverVersion, reuseMemory);
  } finally {
    await spark.stop();
  }
}

async function measure(spark: SparkSession, query: string, run: number, serverVersion: string, reuseMemory: boolean): Promise<void> {
  const rssBefore = rssKb();
  let peakSampled = rssBefore;
  const d = await drain(async () => (await spark.sql(query)).toArrowBatches({ reuseMemory }), (batches) => {
    if (batches % 16 === 0) peakSampled = Math.max(peakSampled, rssKb());
  });
  const rssAfter = rssKb();
  const peak = Math.max(process.resourceUsage().maxRSS, peakSampled, rssAfter);
  process.stdout.write(`${JSON.stringify({
    client: 'ours',
    run,
    version: CLIENT_VERSION,
    serverVersion,
    reuseMemory,
    streamTransport: (spark.client as SparkConnectClient).streamTransport,
    ...d,
    rssBeforeKb: rssBefore,
    rssAfterKb: rssAfter,
    peakRssKb: peak,
  })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`);
  process.exitCode = 1;
});
