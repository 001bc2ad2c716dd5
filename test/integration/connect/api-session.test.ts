// The session against both real servers: sql() with named and positional parameters (as literals),
// eager DDL, errors with error class and SQLSTATE, exact BIGINT / DECIMAL(38,18) / microsecond
// timestamps in a non-UTC session time zone, spark.conf, tags and interrupts, the builder, and
// spark.read over files the server can see. Reference values come from PySpark on the same server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as F from '../../../src/connect/functions';
import { SparkConnectError } from '../../../src/connect/errors';
import { SparkSession } from '../../../src/connect/session';
import { Timestamp } from '../../../src/connect/timestamp';
import { StructField, StructType, IntegerType, StringType } from '../../../src/connect/data-types';
import { pysparkJson, sparkServers } from '../../support/servers';
import { PY_CANON, SESSION_TZ, canonRows, connect, sorted, uniqueName, type Canon } from './api-compare';

type Py = Record<string, unknown>;

const ERROR_QUERIES = {
  missingTable: 'SELECT * FROM no_such_table_api_test',
  parse: 'SELEC 1',
  divide: 'SELECT 1/0 AS q',
};

function pyProgram(dir: string): string {
  return String.raw`
${PY_CANON}
spark.conf.set("spark.sql.session.timeZone", "${SESSION_TZ}")
out = {}
out["named"] = canon_rows(spark.sql("SELECT :a + 1 AS x, :b AS y, :c AS z", {"a": 41, "b": "hi", "c": 9007199254740993}).collect())
out["positional"] = canon_rows(spark.sql("SELECT ? * 2 AS x, ? AS y, ? AS z", [21, "p", datetime.date(2024, 2, 29)]).collect())
out["set"] = canon_rows(spark.sql("SET spark.sql.shuffle.partitions=9").collect())
out["exact"] = canon_rows(spark.sql("SELECT 9007199254740993L AS a, -9223372036854775808L AS b, 9223372036854775807L AS c, CAST('99999999999999999999.999999999999999999' AS DECIMAL(38,18)) AS d, CAST('-0.000000000000000001' AS DECIMAL(38,18)) AS e, TIMESTAMP'2024-03-10 01:59:59.000001' AS t1, TIMESTAMP'2024-03-10 03:00:00.999999' AS t2, TIMESTAMP'1969-12-31 23:59:59.999999' AS t3, TIMESTAMP_NTZ'2024-03-10 02:30:00.123456' AS n").collect())
out["range_big"] = canon_rows(spark.range(9007199254740990, 9007199254740995).collect())
out["decimal_sum"] = canon_rows(spark.sql("SELECT sum(d) AS s FROM VALUES (CAST('0.100000000000000001' AS DECIMAL(38,18))), (CAST('0.200000000000000002' AS DECIMAL(38,18))) AS t(d)").collect())
errors = {}
for name, q in ${JSON.stringify(ERROR_QUERIES)}.items():
    try:
        spark.sql(q).collect()
        errors[name] = None
    except Exception as e:
        errors[name] = [e.getErrorClass(), e.getSqlState()]
out["errors"] = errors
out["csv"] = canon_rows(spark.read.csv("${dir}/people.csv", header=True, inferSchema=True).collect())
out["csv_schema"] = canon_rows(spark.read.schema("name STRING, age INT").option("header", True).csv("${dir}/people.csv").collect())
out["json"] = canon_rows(spark.read.json("${dir}/people.json").collect())
out["text"] = canon_rows(spark.read.text("${dir}/people.csv").collect())
out["parquet"] = canon_rows(spark.read.parquet("${dir}/pq").collect())
out["orc"] = canon_rows(spark.read.format("orc").load("${dir}/orc").collect())
result = out
`;
}

for (const server of sparkServers()) {
  void describe(`SparkSession against ${server.name}`, () => {
    let spark: SparkSession;
    let py: Py;
    let dir: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'api-session-'));
      writeFileSync(join(dir, 'people.csv'), 'name,age\nann,31\nbo,7\n');
      writeFileSync(join(dir, 'people.json'), '{"name":"ann","age":31}\n{"name":"bo","tags":["x"]}\n');
      spark = await connect(server);
      // The server writes the parquet and ORC inputs, so both clients read files Spark itself made.
      await spark.sql(`INSERT OVERWRITE DIRECTORY '${dir}/pq' USING parquet SELECT id, CAST(id AS DECIMAL(20,2)) AS d FROM range(3)`);
      await spark.sql(`INSERT OVERWRITE DIRECTORY '${dir}/orc' USING orc SELECT id, concat('r', id) AS s FROM range(2)`);
      py = await pysparkJson<Py>(server, pyProgram(dir), { env: { TZ: SESSION_TZ }, timeoutMs: 300_000 });
    });

    after(async () => {
      await spark?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    void test('version', async () => {
      assert.match(await spark.version(), server.version === '4' ? /^4\./ : /^3\.5\./);
    });

    void test('sql with named parameters (literals, never spliced)', async () => {
      const df = await spark.sql('SELECT :a + 1 AS x, :b AS y, :c AS z', { a: 41, b: 'hi', c: 9007199254740993n });
      assert.deepEqual(canonRows(await df.collect()), py['named']);
      // A value that would break the statement if spliced into the text stays a value.
      const tricky = await spark.sql('SELECT :s AS s', { s: "x' OR '1'='1" });
      assert.equal((await tricky.first())?.get('s'), "x' OR '1'='1");
    });

    void test('sql with positional parameters', async () => {
      const df = await spark.sql('SELECT ? * 2 AS x, ? AS y, ? AS z', [21, 'p', F.litDate('2024-02-29')]);
      assert.deepEqual(canonRows(await df.collect()), py['positional']);
    });

    void test('sql commands run eagerly; their result is a DataFrame', async () => {
      const view = uniqueName('api_eager');
      await spark.sql(`CREATE TEMPORARY VIEW ${view} AS SELECT 1 AS x`);
      try {
        assert.equal(await spark.table(view).count(), 1, 'the view exists without collecting the CREATE');
        const set = await spark.sql('SET spark.sql.shuffle.partitions=9');
        assert.deepEqual(canonRows(await set.collect()), py['set']);
        assert.equal(await spark.conf.get('spark.sql.shuffle.partitions'), '9');
      } finally {
        await spark.sql(`DROP VIEW IF EXISTS ${view}`);
        await spark.conf.unset('spark.sql.shuffle.partitions');
      }
    });

    void test('SQL errors carry the error class and SQLSTATE', async () => {
      const errors = py['errors'] as Record<string, [string | null, string | null] | null>;
      const expected: Record<string, [string, string]> = {
        missingTable: ['TABLE_OR_VIEW_NOT_FOUND', '42P01'],
        parse: ['PARSE_SYNTAX_ERROR', '42601'],
        divide: ['DIVIDE_BY_ZERO', '22012'],
      };
      for (const [name, query] of Object.entries(ERROR_QUERIES)) {
        const ref = errors[name];
        let err: unknown;
        try {
          await (await spark.sql(query)).collect();
        } catch (e) {
          err = e;
        }
        if (ref === null) {
          // Spark 3.5 runs without ANSI mode by default: 1/0 is NULL there, for PySpark and for us.
          assert.equal(err, undefined, `${name}: PySpark succeeded, we failed: ${String(err)}`);
          continue;
        }
        assert.ok(err instanceof SparkConnectError, `${name}: expected a SparkConnectError, got ${String(err)}`);
        assert.equal(err.errorClass, expected[name]![0], name);
        if (ref[0] !== null) assert.equal(err.errorClass, ref[0], `${name}: same error class as PySpark`);
        // Spark 3.5 servers send no SQLSTATE (PySpark 3.5 reports none either); 4.x always do.
        if (server.version === '4') assert.equal(err.sqlState, expected[name]![1], name);
        if (ref[1] !== null) assert.equal(err.sqlState, ref[1], `${name}: same SQLSTATE as PySpark`);
        assert.equal(err.reason, name === 'divide' ? 'runtime' : 'analysis', name);
      }
    });

    void test('exact values: BIGINT beyond 2^53, DECIMAL(38,18), microsecond timestamps in a non-UTC zone', async () => {
      const df = await spark.sql("SELECT 9007199254740993L AS a, -9223372036854775808L AS b, 9223372036854775807L AS c, CAST('99999999999999999999.999999999999999999' AS DECIMAL(38,18)) AS d, CAST('-0.000000000000000001' AS DECIMAL(38,18)) AS e, TIMESTAMP'2024-03-10 01:59:59.000001' AS t1, TIMESTAMP'2024-03-10 03:00:00.999999' AS t2, TIMESTAMP'1969-12-31 23:59:59.999999' AS t3, TIMESTAMP_NTZ'2024-03-10 02:30:00.123456' AS n");
      const [row] = await df.collect();
      assert.deepEqual(canonRows([row!]), py['exact']);
      assert.equal(row!.get('a'), 9007199254740993n);
      assert.equal(row!.get('b'), -9223372036854775808n);
      assert.equal(row!.get('c'), 9223372036854775807n);
      assert.equal(row!.get('d'), '99999999999999999999.999999999999999999');
      assert.equal(row!.get('e'), '-0.000000000000000001');
      // 01:59:59.000001 in Los Angeles, just before the DST jump, is 09:59:59.000001 UTC.
      const t1 = row!.get('t1') as Timestamp;
      assert.equal(t1.epochMicros, BigInt(Date.UTC(2024, 2, 10, 9, 59, 59)) * 1000n + 1n);
      assert.equal(t1.timeZone, SESSION_TZ);
      assert.equal(t1.toISOString(), '2024-03-10T01:59:59.000001-08:00');
      assert.equal((row!.get('t2') as Timestamp).toISOString(), '2024-03-10T03:00:00.999999-07:00');
      assert.equal(String(row!.get('t3')), '1969-12-31 23:59:59.999999');
      const n = row!.get('n') as Timestamp;
      assert.equal(n.isNtz, true);
      assert.equal(String(n), '2024-03-10 02:30:00.123456', 'a wall clock that does not exist in LA stays as written');
      assert.deepEqual(canonRows(await spark.range(9007199254740990n, 9007199254740995n).collect()), py['range_big']);
      const sum = await spark.sql("SELECT sum(d) AS s FROM VALUES (CAST('0.100000000000000001' AS DECIMAL(38,18))), (CAST('0.200000000000000002' AS DECIMAL(38,18))) AS t(d)");
      assert.deepEqual(canonRows(await sum.collect()), py['decimal_sum']);
      // Values travel back exactly too: literals built from bigint/decimal text/Timestamp round trip.
      const back = await spark.range(1).select(F.lit(9007199254740993n).alias('a'),
        F.litDecimal('-12345678901234567890.123456789012345678').alias('d'), F.lit(t1).alias('t')).first();
      assert.equal(back?.get('a'), 9007199254740993n);
      assert.equal(back?.get('d'), '-12345678901234567890.123456789012345678');
      assert.equal((back?.get('t') as Timestamp).epochMicros, t1.epochMicros);
    });

    void test('conf: set, get, get with default, getOption, getAll, unset, isModifiable', async () => {
      const key = 'spark.sql.shuffle.partitions';
      await spark.conf.set(key, 7);
      assert.equal(await spark.conf.get(key), '7');
      assert.equal((await spark.conf.getAll())[key], '7');
      await spark.conf.unset(key);
      assert.equal(await spark.conf.get(key), '200');
      assert.equal(await spark.conf.get('spark.api.test.unset', 'fallback'), 'fallback');
      assert.equal(await spark.conf.getOption('spark.api.test.unset'), null);
      await assert.rejects(spark.conf.get('spark.api.test.unset'), (e: SparkConnectError) => /SQL_CONF_NOT_FOUND/.test(`${e.errorClass} ${e.message}`));
      assert.equal(await spark.conf.isModifiable(key), true);
      assert.equal(await spark.conf.isModifiable('spark.executor.memory'), false);
      await spark.conf.set('spark.api.test.flag', true);
      assert.equal(await spark.conf.get('spark.api.test.flag'), 'true');
      await spark.conf.unset('spark.api.test.flag');
    });

    void test('tags ride on executions; interruptTag, interruptOperation and interruptAll stop them', async () => {
      const other = await connect(server);
      try {
        // A query that waits in a task: Thread.sleep through reflect, interrupted long before it ends.
        const slow = (ms: number) => other.range(1).select(F.expr(`reflect('java.lang.Thread', 'sleep', CAST(${ms} AS BIGINT))`).alias('r'));
        const tag = uniqueName('api_tag');
        other.addTag(tag);
        assert.deepEqual([...other.getTags()], [tag]);
        const running = slow(20_000).collect();
        running.catch(() => undefined);
        const interrupted = await waitForInterrupt(() => other.interruptTag(tag));
        assert.equal(interrupted.length, 1);
        await assert.rejects(running, (e: SparkConnectError) => e.reason === 'cancelled');
        other.clearTags();

        const stream = slow(20_000).stream();
        const consumed = (async () => { for await (const e of stream) void e; })();
        consumed.catch(() => undefined);
        const byId = await waitForInterrupt(() => other.interruptOperation(stream.operationId));
        assert.deepEqual(byId, [stream.operationId]);
        await assert.rejects(consumed, (e: SparkConnectError) => e.reason === 'cancelled');

        const third = slow(20_000).collect();
        third.catch(() => undefined);
        assert.ok((await waitForInterrupt(() => other.interruptAll())).length >= 1);
        await assert.rejects(third, (e: SparkConnectError) => e.reason === 'cancelled');
      } finally {
        await other.stop();
      }
    });

    void test('an AbortSignal cancels an action', async () => {
      const ac = new AbortController();
      const p = spark.range(1).select(F.expr("reflect('java.lang.Thread', 'sleep', CAST(20000 AS BIGINT))")).collect({ signal: ac.signal });
      setTimeout(() => ac.abort(), 1500);
      await assert.rejects(p, (e: SparkConnectError) => e.reason === 'cancelled');
    });

    void test('builder: remote + config applied on create; getOrCreate reuses; connect()', async () => {
      const s = await SparkSession.builder().remote(server.remote).appName('api-test').config('spark.sql.shuffle.partitions', 11)
        .config({ 'spark.sql.session.timeZone': 'Asia/Kolkata' }).getOrCreate();
      try {
        assert.equal(await s.conf.get('spark.sql.shuffle.partitions'), '11');
        assert.equal(await s.conf.get('spark.sql.session.timeZone'), 'Asia/Kolkata');
        const again = await SparkSession.builder().remote(server.remote).getOrCreate();
        assert.equal(again, s);
        const t = (await s.sql("SELECT TIMESTAMP'2024-01-01 00:00:00' AS t").then((d) => d.first()))?.get('t') as Timestamp;
        assert.equal(t.toISOString(), '2024-01-01T00:00:00.000000+05:30');
      } finally {
        await s.stop();
      }
      const fresh = await SparkSession.builder().remote(server.remote).getOrCreate();
      assert.ok(!fresh.isStopped, 'a stopped session is not handed out again');
      await fresh.stop();
      await assert.rejects(SparkSession.connect('sc://localhost:1', { connectTimeoutMs: 1500, retryPolicy: { maxAttempts: 1 } }),
        (e: SparkConnectError) => e.reason === 'unavailable');
    });

    void test('parseDDL asks the server', async () => {
      const t = await spark.parseDDL('a INT, b STRING');
      assert.ok(t.equals(new StructType([new StructField('a', new IntegerType()), new StructField('b', new StringType())])));
    });

    void test('read: csv (options, inferred or given schema), json, text, parquet, orc', async () => {
      const rows = async (df: { collect(): Promise<import('../../../src/connect/row').Row[]> }) => sorted(canonRows(await df.collect()));
      assert.deepEqual(await rows(spark.read.csv(`${dir}/people.csv`, { header: true, inferSchema: true })), sorted(py['csv'] as Canon[][]));
      assert.deepEqual(await rows(spark.read.schema('name STRING, age INT').option('header', true).csv(`${dir}/people.csv`)), sorted(py['csv_schema'] as Canon[][]));
      const st = new StructType([new StructField('name', new StringType()), new StructField('age', new IntegerType())]);
      assert.deepEqual(await rows(spark.read.schema(st).options({ header: true }).format('csv').load(`${dir}/people.csv`)), sorted(py['csv_schema'] as Canon[][]));
      assert.deepEqual(await rows(spark.read.json(`${dir}/people.json`)), sorted(py['json'] as Canon[][]));
      assert.deepEqual(await rows(spark.read.text(`${dir}/people.csv`)), sorted(py['text'] as Canon[][]));
      assert.deepEqual(await rows(spark.read.parquet(`${dir}/pq`)), sorted(py['parquet'] as Canon[][]));
      assert.deepEqual(await rows(spark.read.format('orc').load(`${dir}/orc`)), sorted(py['orc'] as Canon[][]));
    });
  });
}

/** Retries an interrupt until the operation has started on the server (the first call may be early). */
async function waitForInterrupt(interrupt: () => Promise<string[]>): Promise<string[]> {
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const ids = await interrupt();
    if (ids.length > 0) return ids;
  }
  throw new Error('nothing was running to interrupt');
}
