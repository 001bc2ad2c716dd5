// Time to the first batch of a limited query, asked for the shown rows (Limit N+1, as before) and for the
// rows a kept result holds for "Fetch more" (Limit 10N+1, kept-result.ts), alternating on one session so
// both see the same load. Spark computes a limited query in full before it sends anything
// (CollectLimitExec), so this is the price of keeping the rest. See README.md for the command and figures.
import { SparkConnectClient } from '../../src/connect/client';
import { limitedSqlPlan } from '../../src/engine/connect-engine';
import { continuationCap } from '../../src/engine/kept-result';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : def;
}

const remotes = arg('remotes', 'sc://localhost:15102,sc://localhost:15135').split(',');
const shown = Number(arg('rows', '10000'));
const reps = Number(arg('reps', '5'));
const queries = [
  'SELECT uuid() AS u, id FROM range(10000000)',
  'SELECT id, sha2(CAST(id AS STRING), 256) AS h FROM range(0, 10000000, 1, 8)',
];

async function firstBatchMs(client: SparkConnectClient, sql: string, limit: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  const stream = client.execute(limitedSqlPlan(sql, undefined, limit).plan);
  for await (const e of stream) if (e.kind === 'arrow') break;
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const kept = continuationCap(shown);
  for (const remote of remotes) {
    const client = new SparkConnectClient(remote);
    try {
      const version = await client.sparkVersion();
      for (const sql of queries) {
        await firstBatchMs(client, sql, shown); // warm-up
        const a: number[] = [];
        const b: number[] = [];
        for (let r = 0; r < reps; r++) {
          a.push(await firstBatchMs(client, sql, shown));
          b.push(await firstBatchMs(client, sql, kept));
        }
        console.log(`Spark ${version} | ${sql} | limit ${shown}: ${median(a).toFixed(0)} ms | limit ${kept} (kept): ${median(b).toFixed(0)} ms`);
      }
    } finally {
      await client.close();
    }
  }
}

void main();
