// Every unary RPC and plain execution against the real servers, Spark 4 and Spark 3.5.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import { spark } from '../../../src/connect/generated/spark-connect';
import { pysparkJson, sparkServers } from '../../support/servers';

const sql = (query: string): spark.connect.Plan.$Properties => ({ root: { sql: { query } } });
const Explain = spark.connect.AnalyzePlanRequest.Explain.ExplainMode;

for (const server of sparkServers()) {
  void describe(`core RPCs against ${server.name} (${server.remote})`, () => {
    let c: SparkConnectClient;
    before(() => { c = new SparkConnectClient({ ...parseConnectionString(server.remote), clientType: 'integration-test' }); });
    after(async () => { await c.close(); });

    void test('spark version', async () => {
      const v = await c.sparkVersion();
      assert.match(v, server.version === '4' ? /^4\./ : /^3\.5\./);
    });

    void test('execute SQL: typed values come back exactly', async () => {
      const r = await collectResult(c.execute(sql(
        "select 9007199254740993L as big, 'héllo' as s, cast(x'00ff10' as binary) as b, cast(1.5 as double) as d, true as t, cast(null as int) as n",
      )));
      assert.equal(r.table.numRows, 1);
      const row = r.table.get(0);
      assert.equal(row?.big, 9007199254740993n);
      assert.equal(row?.s, 'héllo');
      assert.deepEqual(row?.b, new Uint8Array([0x00, 0xff, 0x10]));
      assert.equal(row?.d, 1.5);
      assert.equal(row?.t, true);
      assert.equal(row?.n, null);
      assert.ok(r.schema?.struct, 'the Spark schema is reported');
      assert.ok((r.metrics?.metrics?.length ?? 0) > 0, 'metrics arrive at the end');
    });

    void test('range(500000): row count and checksum computed on the client', async () => {
      const n = 500_000n;
      const r = await collectResult(c.execute(sql(`select id, id * 7 % 1000003 as h from range(${n})`)));
      assert.equal(r.rowCount, Number(n));
      let sum = 0n;
      let hsum = 0n;
      const ids = r.table.getChild('id')!;
      const hs = r.table.getChild('h')!;
      for (let i = 0; i < r.table.numRows; i++) {
        sum += ids.get(i) as bigint;
        hsum += hs.get(i) as bigint;
      }
      assert.equal(sum, (n * (n - 1n)) / 2n);
      const check = await collectResult(c.execute(sql(`select sum(id * 7 % 1000003) as s from range(${n})`)));
      assert.equal(hsum, check.table.get(0)?.s);
      assert.ok(r.table.batches.length > 1, 'a result this size arrives in several batches');
    });

    void test('same rows as the PySpark reference client', async () => {
      const query = "select id, concat('r', id) as s, date_add(date'2024-02-27', cast(id as int)) as dt from range(5)";
      const py = await pysparkJson<Record<string, unknown>[]>(server, `result = spark.sql("${query.replace(/"/g, '\\"')}").collect()`);
      const r = await collectResult(c.execute(sql(query)));
      const ours = r.table.toArray().map((row) => ({
        id: Number(row.id),
        s: row.s,
        dt: new Date(row.dt as number).toISOString().slice(0, 10),
      }));
      assert.equal(py.length, 5);
      assert.deepEqual(ours.map((o) => [o.id, o.s, o.dt]), py.map((p) => [p.id, p.s, p.dt]));
    });

    void test('first batches arrive before the query ends', async () => {
      const s = c.execute(sql('select id from range(200000)'));
      let firstAt = 0;
      let batches = 0;
      const t0 = Date.now();
      for await (const e of s) {
        if (e.kind === 'arrow') {
          batches++;
          if (batches === 1) firstAt = Date.now() - t0;
        }
      }
      assert.ok(batches > 1);
      assert.ok(firstAt > 0);
    });

    void test('analyze: schema', async () => {
      const r = await c.analyze({ schema: { plan: sql('select 1 as a, "x" as b') } });
      const fields = r.schema?.schema?.struct?.fields ?? [];
      assert.deepEqual(fields.map((f) => f.name), ['a', 'b']);
      assert.ok(fields[0].dataType?.integer);
      assert.ok(fields[1].dataType?.string);
    });

    void test('analyze: explain in every mode', async () => {
      const plan = sql('select id, count(*) from range(10) group by id');
      const expect: [number, RegExp][] = [
        [Explain.EXPLAIN_MODE_SIMPLE, /== Physical Plan ==/],
        [Explain.EXPLAIN_MODE_EXTENDED, /== Parsed Logical Plan ==[\s\S]*== Analyzed Logical Plan ==[\s\S]*== Optimized Logical Plan ==[\s\S]*== Physical Plan ==/],
        [Explain.EXPLAIN_MODE_CODEGEN, /WholeStageCodegen|Generated code/],
        [Explain.EXPLAIN_MODE_COST, /Statistics\(/],
        [Explain.EXPLAIN_MODE_FORMATTED, /\(1\) Range/],
      ];
      for (const [mode, re] of expect) {
        const r = await c.analyze({ explain: { plan, explainMode: mode } });
        assert.match(r.explain?.explainString ?? '', re, `mode ${Explain[mode]}`);
      }
    });

    void test('analyze: tree string, is local, is streaming, semantic hash, same semantics', async () => {
      const tree = await c.analyze({ treeString: { plan: sql('select 1 as a') } });
      assert.match(tree.treeString?.treeString ?? '', /a: integer/);
      const local = await c.analyze({ isLocal: { plan: sql('select 1') } });
      assert.equal(typeof local.isLocal?.isLocal, 'boolean');
      const streaming = await c.analyze({ isStreaming: { plan: sql('select 1') } });
      assert.equal(streaming.isStreaming?.isStreaming, false);
      const same = await c.analyze({ sameSemantics: { targetPlan: sql('select id from range(3)'), otherPlan: sql('select id from range(3)') } });
      assert.equal(same.sameSemantics?.result, true);
      const diff = await c.analyze({ sameSemantics: { targetPlan: sql('select id from range(3)'), otherPlan: sql('select id from range(4)') } });
      assert.equal(diff.sameSemantics?.result, false);
      const h1 = await c.analyze({ semanticHash: { plan: sql('select id from range(3)') } });
      const h2 = await c.analyze({ semanticHash: { plan: sql('select id from range(3)') } });
      assert.equal(typeof h1.semanticHash?.result, 'number');
      assert.equal(h1.semanticHash?.result, h2.semanticHash?.result);
    });

    void test('analyze: persist, storage level, unpersist', async () => {
      const relation = { sql: { query: 'select id from range(100)' } };
      await c.analyze({ persist: { relation, storageLevel: { useDisk: true, useMemory: true, useOffHeap: false, deserialized: false, replication: 1 } } });
      const level = await c.analyze({ getStorageLevel: { relation } });
      const l = level.getStorageLevel?.storageLevel;
      assert.equal(l?.useDisk, true);
      assert.equal(l?.useMemory, true);
      assert.equal(l?.replication, 1);
      await c.analyze({ unpersist: { relation, blocking: true } });
      const after = await c.analyze({ getStorageLevel: { relation } });
      assert.equal(after.getStorageLevel?.storageLevel?.useMemory ?? false, false);
    });

    if (server.version === '4') {
      void test('analyze: JSON schema to DDL (Spark 4)', async () => {
        const json = JSON.stringify({ type: 'struct', fields: [{ name: 'a', type: 'integer', nullable: true, metadata: {} }] });
        const r = await c.analyze({ jsonToDdl: { jsonString: json } });
        assert.equal(r.jsonToDdl?.ddlString, 'a INT');
      });
    }

    void test('analyze: DDL parse', async () => {
      const r = await c.analyze({ ddlParse: { ddlString: 'a INT, b STRING' } });
      assert.deepEqual(r.ddlParse?.parsed?.struct?.fields?.map((f) => f.name), ['a', 'b']);
    });

    void test('analyze: input files of a file-based query', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sc-input-'));
      const file = join(dir, 'rows.json');
      writeFileSync(file, '{"a":1}\n{"a":2}\n');
      const r = await c.analyze({ inputFiles: { plan: sql(`select * from json.\`${file}\``) } });
      const files = r.inputFiles?.files ?? [];
      assert.equal(files.length, 1);
      assert.match(files[0], /rows\.json$/);
    });

    void test('config: set, get, getWithDefault, getOption, getAll, isModifiable, unset', async () => {
      const key = 'spark.sql.shuffle.partitions';
      await c.config({ set: { pairs: [{ key, value: '7' }] } });
      const got = await c.config({ get: { keys: [key] } });
      assert.deepEqual(got.pairs.map((p) => [p.key, p.value]), [[key, '7']]);
      const custom = 'spark.test.connect.client.custom';
      const withDefault = await c.config({ getWithDefault: { pairs: [{ key: custom, value: 'dflt' }] } });
      assert.equal(withDefault.pairs[0].value, 'dflt');
      const option = await c.config({ getOption: { keys: [custom] } });
      assert.equal(option.pairs[0].key, custom);
      assert.ok(option.pairs[0].value === null || option.pairs[0].value === undefined, 'unset option has no value');
      const all = await c.config({ getAll: { prefix: 'spark.sql.shuffle.' } });
      // Spark strips the prefix from the returned keys
      assert.ok(all.pairs.some((p) => p.key === 'partitions' && p.value === '7'), JSON.stringify(all.pairs));
      const mod = await c.config({ isModifiable: { keys: [key] } });
      assert.equal(mod.pairs[0].value, 'true');
      await c.config({ unset: { keys: [key] } });
      const after = await c.config({ get: { keys: [key] } });
      assert.equal(after.pairs[0].value, '200');
    });

    void test('config: an unknown key without default is an error with a Spark error class', async () => {
      await assert.rejects(c.config({ get: { keys: ['spark.test.definitely.not.set'] } }), (e: unknown) => {
        assert.ok(e instanceof SparkConnectError);
        assert.equal(e.errorClass, 'SQL_CONF_NOT_FOUND');
        assert.match(e.message, /spark\.test\.definitely\.not\.set/);
        return true;
      });
    });

    void test('SQL commands come back as a relation (sql-command-result) or rows', async () => {
      const r = await collectResult(c.execute(sql('show databases')));
      assert.ok(r.table.numRows >= 1 || r.sqlCommandResult !== undefined);
    });
  });
}
