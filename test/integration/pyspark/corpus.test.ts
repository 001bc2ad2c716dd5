// The PySpark corpus (test/fixtures/pyspark/valid/), run through our runner and through PySpark's own
// Connect client on the same real server, Spark 4.x and 3.5: the schema (names, type strings,
// nullability) and rows must be identical (in order when the snippet orders its result), or both must
// fail with the same error class. Snippets that differ because of a runner gap are listed, with the
// reason, in known-gaps.json: the test fails on any other difference, and on a listed gap that no longer
// differs (so the list only shrinks).
//
// Cost: one PySpark process per server for the whole corpus, our runner beside it in one session, both
// servers at once. Files go under one temp directory per run (removed after); tables carry a per-run
// prefix and are dropped after.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkSession } from '../../../src/connect/session';
import { runPySpark } from '../../../src/pyspark/run';
import { validSnippets, type Snippet } from '../../support/pyspark-corpus';
import { projectRoot, sparkServers, type SparkServer } from '../../support/servers';
import { canonical, type SnippetResult } from './corpus-result';
import { dataFrameResult, runOurs } from './corpus-ours';
import { runReference } from './reference-run';
import { TYPE_PROBES } from './type-probes';

/** Settings both clients' sessions get: a zone with DST (timestamps must survive it), few shuffle partitions (speed). */
const CONF: Record<string, string> = {
  'spark.sql.session.timeZone': 'America/Los_Angeles',
  'spark.sql.shuffle.partitions': '1',
};

interface KnownGap { servers?: Array<'spark4' | 'spark35'>; reason: string }
const KNOWN_GAPS = JSON.parse(readFileSync(join(projectRoot(), 'test', 'integration', 'pyspark', 'known-gaps.json'), 'utf8')) as Record<string, KnownGap>;

// Naive datetime.datetime values in snippets are local time to both clients (PySpark reads them in the
// Python process's zone, our runner in this process's), and the reference process runs in the session
// zone; this file's test process (node:test runs each file in its own) does too.
process.env['TZ'] = CONF['spark.sql.session.timeZone'];

const RUN_ID = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const tmpRoot = mkdtempSync(join(tmpdir(), 'pyspark-corpus-'));

function tableId(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, '_');
}

/** The snippet as both clients run it: its bindings first (a directory of its own, a table prefix). */
function sourceFor(s: Snippet, server: SparkServer, client: 'ours' | 'ref'): string {
  const basePath = join(tmpRoot, server.name, client, s.id);
  const prefix = `pyc_${RUN_ID}_${client}_${tableId(s.id)}`;
  return `base_path = ${JSON.stringify(basePath)}\ntable_prefix = "${prefix}"\n${s.code}`;
}

interface Outcome { ours: Map<string, SnippetResult>; reference: Map<string, SnippetResult>; probes: Map<string, SnippetResult>; ms: number }

async function runAll(server: SparkServer, snippets: Snippet[]): Promise<Outcome> {
  const started = Date.now();
  const reference = runReference({
    server, conf: CONF, timeoutMs: 900_000,
    snippets: [
      ...TYPE_PROBES.map((p) => ({ id: p.id, code: `spark.sql(${JSON.stringify(p.sql)})\n` })),
      ...snippets.map((s) => ({ id: s.id, code: sourceFor(s, server, 'ref') })),
    ],
  });
  const spark = await SparkSession.connect(server.remote, { clientType: 'pyspark-corpus-test' });
  const ours = new Map<string, SnippetResult>();
  try {
    await spark.conf.setAll(CONF);
    const probes = new Map<string, SnippetResult>();
    for (const p of TYPE_PROBES) probes.set(p.id, await dataFrameResult(await spark.sql(p.sql)));
    for (const s of snippets) ours.set(s.id, await runOurs(runPySpark, spark, sourceFor(s, server, 'ours'), s.where));
    const refResults = await reference;
    return { ours, reference: refResults, probes, ms: Date.now() - started };
  } finally {
    await dropTables(spark).catch(() => undefined);
    await spark.stop().catch(() => undefined);
  }
}

/** Drops the tables this run's snippets made, on either client's side. */
async function dropTables(spark: SparkSession): Promise<void> {
  const rows = await (await spark.sql(`SHOW TABLES IN default LIKE 'pyc_${RUN_ID}_*'`)).collect();
  for (const r of rows) await (await spark.sql(`DROP TABLE IF EXISTS default.\`${String(r.get('tableName'))}\``)).collect();
}

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}\n      ours:    ${(x[i] ?? '<none>').slice(0, 300)}\n      pyspark: ${(y[i] ?? '<none>').slice(0, 300)}`;
  }
  return '';
}

function detail(r: SnippetResult): string {
  return r.kind === 'error' || r.kind === 'harness-error' ? ` (${r.message.slice(0, 300)})` : '';
}

describe('PySpark corpus: our runner against PySpark on the same server', { concurrency: 2 }, () => {
  const snippets = validSnippets();
  const runs = new Map<string, Promise<Outcome>>();

  before(() => {
    // Both servers at once: each is its own JVM, and most of the time is spent waiting on them.
    for (const server of sparkServers()) {
      const p = runAll(server, snippets.filter((s) => server.version === '4' || !s.spark4Only));
      p.catch(() => undefined);
      runs.set(server.name, p);
    }
  });

  after(() => rmSync(tmpRoot, { recursive: true, force: true }));

  for (const server of sparkServers()) {
    test(`${server.name}: the comparison reduces values of every type from both clients identically`, { timeout: 900_000 }, async () => {
      const { reference, probes } = await runs.get(server.name)!;
      for (const p of TYPE_PROBES) {
        const ours = canonical(probes.get(p.id)!, false);
        const theirs = canonical(reference.get(p.id)!, false);
        assert.equal(ours, theirs, `${p.id}: ${firstDifference(ours, theirs)}`);
        assert.match(ours, /^schema .*\n[1-9]\d* rows\n/, `${p.id} has rows`);
      }
    });

    test(`${server.name}: every snippet gives PySpark's schema and rows, or its error class`, { timeout: 900_000 }, async (t) => {
      const { ours, reference, ms } = await runs.get(server.name)!;
      const failures: string[] = [];
      const stale: string[] = [];
      let identical = 0;
      let gaps = 0;
      let compared = 0;
      for (const s of snippets) {
        const ref = reference.get(s.id);
        const mine = ours.get(s.id);
        if (ref === undefined || mine === undefined) continue;
        compared++;
        if (ref.kind === 'harness-error') {
          failures.push(`${s.id} (${s.where}): the PySpark side failed in the harness: ${ref.message}`);
          continue;
        }
        const a = canonical(mine, s.ordered);
        const b = canonical(ref, s.ordered);
        const gap = KNOWN_GAPS[s.id];
        const gapHere = gap !== undefined && (gap.servers === undefined || gap.servers.includes(server.name as 'spark4' | 'spark35'));
        if (a === b) {
          identical++;
          if (gapHere) stale.push(`${s.id}: identical now; remove it from known-gaps.json`);
        } else if (gapHere) {
          gaps++;
        } else {
          failures.push(`${s.id} (${s.where}) differs at ${firstDifference(a, b)}${detail(mine)}`);
        }
      }
      t.diagnostic(`${server.name}: ${identical}/${compared} identical, ${gaps} known gaps, ${failures.length} other differences (${ms} ms)`);
      assert.deepEqual([...failures, ...stale], [], `${failures.length} snippets differ from PySpark on ${server.name}`);
    });
  }
});
