// The results path against real Spark servers: the row limit is part of the server plan (Spark stops
// early, the extra row is cut, the result says it was limited), the rows are exactly what PySpark's
// .limit() returns, commands are not limited, execution metrics reach the summary, and an export of a
// real result holds PySpark's rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordBatchReader } from 'apache-arrow';
import { ConnectEngine } from '../../../src/engine/connect-engine';
import type { EngineSession, ResultColumn } from '../../../src/engine/engine';
import { OperationsModel } from '../../../src/engine/operations-model';
import { runStatements, type ControlledResultSetInfo } from '../../../src/engine/query-runner';
import { noopLogger } from '../../../src/connect/logger';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { splitStatements } from '../../../src/sql/split';
import type { ResultSink, ResultSummary, ResultsPresenter } from '../../../src/engine/result-sink';
import { ResultFeed } from '../../../src/views/results/result-feed';
import { writeExport } from '../../../src/views/results/result-export';
import { dedent, pysparkJson, sparkServers } from '../../support/servers';

interface Captured {
  info: ControlledResultSetInfo;
  columns: ResultColumn[] | undefined;
  batches: Uint8Array[];
  rows: number;
  bytes: number;
  summary?: ResultSummary;
  failed?: string;
}

class CapturePresenter implements ResultsPresenter {
  readonly results: Captured[] = [];
  constructor(readonly rowLimit: number) {}
  open(info: ControlledResultSetInfo, columns: ResultColumn[] | undefined): ResultSink {
    const r: Captured = { info, columns, batches: [], rows: 0, bytes: 0 };
    this.results.push(r);
    return {
      addBatch: (data, n) => {
        r.batches.push(data.slice());
        r.rows += n;
        r.bytes += data.byteLength;
      },
      complete: (s) => { r.summary = s; },
      fail: (s) => { r.failed = s.message; },
    };
  }
}

const memento = () => {
  const m = new Map<string, unknown>();
  return { get: <T>(k: string) => m.get(k) as T | undefined, update: async (k: string, v: unknown) => { m.set(k, v); } };
};

/** Decodes captured IPC streams into one column's values (bigint -> string so they compare with JSON). */
function columnValues(batches: Uint8Array[], column: number): unknown[] {
  const out: unknown[] = [];
  for (const b of batches) {
    for (const batch of RecordBatchReader.from(b)) {
      const v = batch.getChildAt(column)!;
      for (let i = 0; i < batch.numRows; i++) {
        const x: unknown = v.get(i);
        out.push(typeof x === 'bigint' ? x.toString() : x);
      }
    }
  }
  return out;
}

for (const server of sparkServers()) {
  void describe(`results on ${server.name}`, () => {
    let session: EngineSession;
    const dir = mkdtempSync(join(tmpdir(), 'results-it-'));

    before(async () => {
      session = await new ConnectEngine(noopLogger, 'results-it').connect(parseConnectionString(server.remote));
    });
    after(async () => {
      await session?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function run(sql: string, rowLimit: number): Promise<Captured[]> {
      const presenter = new CapturePresenter(rowLimit);
      const operations = new OperationsModel(memento(), () => 10);
      const outcome = await runStatements({ profile: 'it', session, title: 'it', statements: splitStatements(sql).map((statement) => ({ statement })) },
        { presenter, operations, logger: noopLogger }, new AbortController().signal);
      assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome.status === 'failed' ? outcome.failure : outcome));
      return presenter.results;
    }

    test('a 10^6-row query with limit 10,000 delivers exactly 10,000 rows, marked limited, as PySpark\'s .limit() does', async () => {
      const sql = 'SELECT id, id * 3 AS x FROM range(1000000)';
      const [r] = await run(sql, 10_000);
      assert.equal(r.failed, undefined);
      assert.equal(r.rows, 10_000);
      assert.equal(r.summary?.rowCount, 10_000);
      assert.equal(r.summary?.limited, true);
      assert.equal(r.info.rowLimit, 10_000);
      // The view gets only the limited rows' bytes (10^6 rows of two longs would be about 16 MB of Arrow).
      // That the server itself stopped is shown by the Limit operator in its metrics (test below).
      assert.ok(r.bytes < 1_000_000, `${r.bytes} bytes arrived`);
      const decoded = columnValues(r.batches, 0);
      assert.equal(decoded.length, 10_000);
      const reference = await pysparkJson<string[]>(server, dedent(`
        rows = spark.sql(${JSON.stringify(sql)}).limit(10000).collect()
        result = [str(r.id) for r in rows]
      `));
      assert.deepEqual(decoded, reference);
    });

    test('a result that fits the limit exactly is not limited; a query without limit returns everything', async () => {
      const [exact] = await run('SELECT id FROM range(500)', 500);
      assert.equal(exact.rows, 500);
      assert.equal(exact.summary?.limited, undefined);
      const [all] = await run('SELECT id FROM range(25000)', 0);
      assert.equal(all.rows, 25_000);
      assert.equal(all.summary?.limited, undefined);
    });

    test('commands are not limited (SHOW FUNCTIONS under limit 5 returns all its rows)', async () => {
      const [r] = await run('SHOW FUNCTIONS', 5);
      assert.ok(r.rows > 100, `${r.rows} functions`);
      assert.equal(r.summary?.limited, undefined);
    });

    test('queries that mention replace(), t.update or x.set are limited like any query (limit 10 of 100 rows)', async () => {
      // These were once classed as commands by their words and ran without a limit.
      for (const sql of [
        "SELECT replace('a','a','b') AS x FROM range(100)",
        'SELECT t.update FROM (SELECT id AS update FROM range(100)) t',
        'SELECT x.set, x.id AS set FROM (SELECT id, id AS set FROM range(100)) AS x',
      ]) {
        const [r] = await run(sql, 10);
        assert.equal(r.failed, undefined, sql);
        assert.equal(r.rows, 10, sql);
        assert.equal(r.summary?.limited, true, sql);
        assert.equal(r.info.rowLimit, 10, sql);
      }
    });

    test('execution metrics arrive in the summary, with the limit operator the server ran', async () => {
      const [r] = await run('SELECT id FROM range(100000) WHERE id % 7 = 0', 100);
      assert.equal(r.summary?.limited, true);
      const metrics = r.summary?.metrics ?? [];
      assert.ok(metrics.length > 0, 'metrics were sent');
      const names = metrics.map((m) => m.name);
      assert.ok(names.some((n) => /Limit/.test(n)), `a limit operator in ${names.join(', ')}`);
      assert.ok(metrics.some((m) => Object.keys(m.executionMetrics).length > 0), 'metric values are present');
    });

    test('fetch all re-runs the statement without a limit', async () => {
      const [first] = await run('SELECT id FROM range(30000)', 1000);
      assert.equal(first.summary?.limited, true);
      const target = new CapturePresenter(1000);
      const outcome = await first.info.rerun!(0, target);
      assert.equal(outcome.status, 'succeeded');
      assert.equal(target.results[0].rows, 30_000);
      assert.equal(target.results[0].summary?.limited, undefined);
    });

    test('Cancel from the result view interrupts the running query on the server', async () => {
      const presenter = new CapturePresenter(100);
      const operations = new OperationsModel(memento(), () => 10);
      const sql = 'SELECT sum(a.id * b.id) FROM range(200000) a CROSS JOIN range(200000) b';
      const started = Date.now();
      const running = runStatements({ profile: 'it', session, title: 'it', statements: splitStatements(sql).map((statement) => ({ statement })) },
        { presenter, operations, logger: noopLogger }, new AbortController().signal);
      // The view opens on the schema, before any row is computed.
      while (presenter.results.length === 0 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
      assert.equal(presenter.results.length, 1, 'the result view opened while the query runs');
      assert.equal(presenter.results[0].rows, 0);
      await new Promise((r) => setTimeout(r, 500));
      presenter.results[0].info.cancel!();
      const outcome = await running;
      assert.equal(outcome.status, 'cancelled');
      assert.ok(presenter.results[0].failed, 'the view was told');
      assert.ok(Date.now() - started < 30_000, `cancelled after ${Date.now() - started} ms`);
      // The session is still usable.
      const [after] = await run('SELECT 1 AS one', 10);
      assert.equal(after.rows, 1);
    });

    test('an export of a real limited result holds exactly PySpark\'s rows (CSV and JSON lines)', async () => {
      const sql = dedent(`
        SELECT id, CAST(id * 7 AS STRING) AS s, id * 1.5D AS d, CASE WHEN id % 3 = 0 THEN NULL ELSE id END AS n,
               CAST(id AS DECIMAL(20, 4)) / 3 AS dec, 9223372036854775807 - id AS big
        FROM range(1000)`);
      const [r] = await run(sql, 250);
      assert.equal(r.rows, 250);
      // Through the host's own feed, as the results panel holds it.
      const feed = new ResultFeed({ resultId: 'x', start: { startedAt: 0 }, pageBytes: 1 << 20, post: () => undefined });
      for (const b of r.batches) feed.addBatch(b, 0);
      const csvPath = join(dir, `${server.name}.csv`);
      const jsonPath = join(dir, `${server.name}.jsonl`);
      await writeExport({ streams: () => feed.streams() }, 'csv', csvPath);
      const out = await writeExport({ streams: () => feed.streams() }, 'jsonl', jsonPath);
      assert.equal(out.rows, 250);
      const reference = await pysparkJson<Array<Record<string, string | null>>>(server, dedent(`
        rows = spark.sql(${JSON.stringify(sql)}).limit(250).collect()
        result = [{k: (None if v is None else str(v)) for k, v in r.asDict().items()} for r in rows]
      `));
      assert.equal(reference.length, 250);
      const lines = readFileSync(csvPath, 'utf8').split('\r\n').filter((l) => l !== '');
      assert.equal(lines[0], 'id,s,d,n,dec,big');
      assert.equal(lines.length, 251);
      lines.slice(1).forEach((line, i) => {
        const [id, s, d, n, dec, big] = line.split(',');
        const ref = reference[i];
        assert.equal(id, ref.id);
        assert.equal(s, ref.s);
        assert.equal(Number(d), Number(ref.d));
        assert.equal(n === '' ? null : n, ref.n);
        assert.equal(dec, ref.dec);
        assert.equal(big, ref.big);
      });
      // JSON lines keep 64-bit integers and decimals exact (compared as text, not as JS numbers).
      const json = readFileSync(jsonPath, 'utf8').trimEnd().split('\n');
      json.forEach((line, i) => {
        const big = /"big":(-?\d+)/.exec(line)?.[1];
        assert.equal(big, reference[i].big);
        const dec = /"dec":"?(-?[\d.]+)"?/.exec(line)?.[1];
        assert.equal(dec, reference[i].dec);
      });
    });
  });
}
