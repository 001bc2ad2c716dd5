// The notebook kernel on the real servers: SQL cells naming earlier DataFrames as {df} give PySpark's
// rows and leave no temp view behind (Spark 4.x sends the plans as references; 3.5 makes a view for each
// execution and drops it after).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromIPC } from 'apache-arrow';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { noopLogger } from '../../../src/connect/logger';
import { ConnectEngineSession } from '../../../src/engine/connect-engine';
import { OperationsModel } from '../../../src/engine/operations-model';
import { ERROR_MIME, type CellOutputData } from '../../../src/notebook/cell-outputs';
import { NotebookKernel, type CellSink } from '../../../src/notebook/notebook-kernel';
import { parseNotebookResult, RESULT_MIME } from '../../../src/protocol/notebook-output';
import { MemoryMemento } from '../../support/fakes/fakes';
import { pysparkJson, sparkServers } from '../../support/servers';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'nb-kernel-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const codeCell = (source: string) => ({ cell_type: 'code', execution_count: null, outputs: [], source, metadata: {} });


const text = (d: Uint8Array) => new TextDecoder().decode(d);

/** The rows of a cell's result output, each value as text. */
function resultRows(o: CellOutputData | undefined): string[][] {
  const item = o?.items.find((i) => i.mime === RESULT_MIME);
  assert.ok(item, `a result output, got ${o?.items.map((i) => `${i.mime}: ${text(i.data)}`).join('; ')}`);
  const payload = parseNotebookResult(JSON.parse(text(item.data)));
  assert.ok(payload?.arrow, 'the result keeps its Arrow rows');
  return tableFromIPC(Buffer.from(payload.arrow, 'base64')).toArray()
    .map((r) => Object.values(r.toJSON() as Record<string, unknown>).map((v) => String(v)));
}

for (const server of sparkServers()) {
  describe(`notebook kernel on ${server.name}`, () => {
    let session: ConnectEngineSession;
    let kernel: NotebookKernel;
    before(async () => {
      const client = new SparkConnectClient({ ...parseConnectionString(server.remote), logger: noopLogger, clientType: 'nb-kernel-test' });
      session = await ConnectEngineSession.open(client, noopLogger);
      kernel = new NotebookKernel({
        session: () => Promise.resolve({ profile: 'test', session }),
        operations: new OperationsModel(new MemoryMemento(), () => 50),
        logger: noopLogger,
      });
    });
    after(async () => { await session.close().catch(() => undefined); });

    async function run(source: string, language = 'python'): Promise<{ outcome: string; outputs: CellOutputData[]; progress: string[] }> {
      const outputs: CellOutputData[] = [];
      const progress: string[] = [];
      const sink: CellSink = { append: (o) => outputs.push(o), progress: (t) => { if (t) progress.push(t); } };
      const outcome = await kernel.runCell({ source, language, title: `cell ${language}` }, sink, new AbortController().signal);
      return { outcome, outputs, progress };
    }

    const runnerViews = async () => (await session.sparkSession.catalog.listTables())
      .filter((t) => t.isTemporary).map((t) => t.name).filter((n) => n.includes('pyspark_runner'));

    test('an SQL cell naming {df} gives PySpark\'s rows and leaves no temp view', async () => {
      assert.equal((await run('df = spark.range(8).selectExpr("id", "id * 10 AS ten")')).outcome, 'succeeded');
      const sql = await run('%%sql\nSELECT id, ten FROM {df} WHERE id % 2 = 0 ORDER BY id');
      assert.equal(sql.outcome, 'succeeded', sql.outputs.map((o) => text(o.items[0].data)).join('\n'));
      const reference = await pysparkJson<string[][]>(server, [
        'df = spark.range(8).selectExpr("id", "id * 10 AS ten")',
        // PySpark 3.5's Connect client has no spark.sql(q, df=df): a temp view is what it would take.
        server.version === '4'
          ? 'rows = spark.sql("SELECT id, ten FROM {df} WHERE id % 2 = 0 ORDER BY id", df=df).collect()'
          : 'df.createOrReplaceTempView("nb_ref_df")\nrows = spark.sql("SELECT id, ten FROM nb_ref_df WHERE id % 2 = 0 ORDER BY id").collect()',
        'result = [[str(r.id), str(r.ten)] for r in rows]',
      ].join('\n'));
      assert.deepEqual(resultRows(sql.outputs.at(-1)), reference);
      assert.deepEqual(await runnerViews(), [], 'no view is left on the server');
    });

    test('spark.sql with two DataFrames (one naming another) runs in a step and as the result; no view is left', async () => {
      const r = await run([
        'small = spark.sql("SELECT id FROM {d} WHERE id < 5", d=df)',
        'n = spark.sql("SELECT * FROM {a} JOIN {b} USING (id)", a=small, b=df).count()',
        'print(n)',
        'spark.sql("SELECT max(ten) AS m FROM {a} JOIN {b} USING (id)", a=small, b=df)',
      ].join('\n'));
      assert.equal(r.outcome, 'succeeded', r.outputs.map((o) => text(o.items[0].data)).join('\n'));
      assert.equal(text(r.outputs[0].items[0].data).trim(), '5');
      assert.deepEqual(resultRows(r.outputs.at(-1)), [['40']]);
      assert.deepEqual(await runnerViews(), []);
    });

    test('the columns, schema and plan of spark.sql naming {df} are answered (3.5: through views for the call); no view is left', async () => {
      const r = await run([
        'q = spark.sql("SELECT id, ten * 2 AS twenty FROM {d}", d=df)',
        'print(q.columns)',
        'q.printSchema()',
        'q.explain()',
      ].join('\n'));
      assert.equal(r.outcome, 'succeeded', r.outputs.map((o) => text(o.items[0].data)).join('\n'));
      assert.equal(text(r.outputs[0].items[0].data).trim(), "['id', 'twenty']");
      assert.match(text(r.outputs[1].items[0].data), /\|-- twenty: long/);
      assert.match(text(r.outputs[2].items[0].data), /== Physical Plan ==/);
      assert.deepEqual(await runnerViews(), []);
    });

    test('a failing statement naming {df} still leaves no view', async () => {
      const r = await run('%%sql\nSELECT no_such_column FROM {df}');
      assert.equal(r.outcome, 'failed');
      assert.equal(r.outputs.at(-1)?.items[0].mime, ERROR_MIME);
      assert.match(text(r.outputs.at(-1)!.items[0].data), /UNRESOLVED_COLUMN/);
      assert.deepEqual(await runnerViews(), []);
    });

    test('session plumbing: .remote/.master get a note, spark.stop() ends the session and the next cell runs on a fresh one', async () => {
      const input = join(dir, `plumbing-${server.name}.ipynb`);
      writeFileSync(input, JSON.stringify({
        cells: [
          codeCell('from pyspark.sql import SparkSession\nspark = SparkSession.builder.remote("sc://other:15002").master("local").getOrCreate()\n'
            + 'spark.conf.set("spark.sql.shuffle.partitions", "7")\nold = spark.range(3)\nprint(spark.conf.get("spark.sql.shuffle.partitions"))'),
          codeCell('spark.stop()'),
          codeCell('spark = SparkSession.builder.getOrCreate()\nprint(spark.conf.get("spark.sql.shuffle.partitions"))'),
          codeCell('old.count()'),
        ],
        metadata: {}, nbformat: 4, nbformat_minor: 5,
      }));
      const r = await runCli(['notebook', 'run', '--remote', server.remote, '--format', 'json', input], { timeoutMs: 90_000 });
      assert.equal(r.code, 1, r.stderr);
      const saved = JSON.parse(readFileSync(input, 'utf8')) as { cells: Array<{ outputs: Array<Record<string, unknown>> }> };
      const texts = (i: number) => saved.cells[i].outputs.map((o) => (Array.isArray(o.text) ? o.text.join('') : String(o.text ?? o.evalue ?? '')));
      const first = texts(0);
      assert.match(first[0], new RegExp(`^SparkSession\\.builder\\.remote\\("sc://other:15002"\\) is not followed: this code runs on ${server.remote.replace(/[.]/g, '\\.')}\\n$`));
      assert.match(first[1], /^SparkSession\.builder\.master\("local"\) is ignored: /);
      assert.equal(first[2], '7\n', 'the setting holds in the first session');
      assert.match(texts(1)[0], /^spark\.stop\(\): the server session on .* ends after this cell/);
      assert.equal(texts(2)[0], '200\n', 'the next cell runs on a fresh session (the setting is gone)');
      assert.equal(saved.cells[3].outputs[0].ename, 'STALE_SESSION', 'a DataFrame of the ended session fails clearly');
    });

    test('a running cell shows Spark\'s progress (Spark 4 sends it; 3.5 shows none, without error)', async () => {
      // 8 tasks of 1 s each on the test server's cores: a few seconds. The server reports progress
      // every 2 s by default; a shorter interval for this session makes the check deterministic.
      // Spark 3.5 has no progress to show: a quick query shows that nothing appears and nothing fails.
      const ms = server.version === '4' ? 500 : 0;
      const slow = `SELECT count(s) AS n FROM (SELECT reflect('java.lang.Thread', 'sleep', CAST(${ms} AS BIGINT)) AS s FROM range(0, 16, 1, 8))`;
      if (server.version === '4') assert.equal((await run('spark.conf.set("spark.connect.progress.reportInterval", "100ms")')).outcome, 'succeeded');
      const sqlCell = await run(`%%sql\n${slow}`);
      assert.equal(sqlCell.outcome, 'succeeded', sqlCell.outputs.map((o) => text(o.items[0].data)).join('\n'));
      // A Python cell whose result is a DataFrame (executed by the kernel, like the grid's results).
      // It must count `s` itself: with groupBy().count() Spark prunes the unused sleeping column
      // (the plan keeps only Range), the cell ends in moments and its progress line is luck; one
      // clean-clone CI run failed on exactly that.
      const step = await run(`spark.range(0, 16, 1, 8).selectExpr("reflect('java.lang.Thread', 'sleep', CAST(${ms} AS BIGINT)) AS s").selectExpr("count(s) AS n")`);
      assert.equal(step.outcome, 'succeeded');
      if (server.version === '4') {
        assert.ok(sqlCell.progress.some((p) => /^stage \d+ of \d+ · \d+ of \d+ tasks? done/.test(p)), `SQL cell progress: ${JSON.stringify(sqlCell.progress)}`);
        assert.ok(step.progress.some((p) => /tasks? done/.test(p)), `Python cell progress: ${JSON.stringify(step.progress)}`);
      } else {
        assert.deepEqual([...sqlCell.progress, ...step.progress], []);
      }
    });
  });
}

