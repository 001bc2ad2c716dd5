// DataFrame actions against both real servers, compared with the PySpark reference client: counts,
// first/head/take/tail, schema and dtypes, show strings, printSchema trees, explain plans, Arrow
// results and streams, and the statistics that run at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as F from '../../../src/connect/functions';
import { DataFrame } from '../../../src/connect/dataframe';
import { SparkSession } from '../../../src/connect/session';
import { Row } from '../../../src/connect/row';
import { pysparkJson, sparkServers } from '../../support/servers';
import { PY_CANON, SESSION_TZ, canon, canonRows, connect, sorted, uniqueName, type Canon } from './api-compare';

const DATA_SQL = `SELECT * FROM VALUES
  (1, 'a', 10.0D, CAST('1.5' AS DECIMAL(38,18)), TIMESTAMP'2024-03-10 01:59:59.000001'),
  (2, 'bb', 20.5D, CAST('-12345678901234567890.123456789012345678' AS DECIMAL(38,18)), TIMESTAMP'2024-03-10 03:00:00.5'),
  (3, 'a very long string value exceeding twenty chars', CAST(NULL AS DOUBLE), CAST(NULL AS DECIMAL(38,18)), CAST(NULL AS TIMESTAMP)),
  (4, CAST(NULL AS STRING), 5.25D, CAST('0' AS DECIMAL(38,18)), TIMESTAMP'1900-01-01 00:00:00')
  AS t(id, s, x, d, ts)`;

// Expression ids (#12L) and plan ids differ between sessions; everything else in a plan must match.
function normalizePlan(text: string): string {
  return text.replace(/#\d+L?/g, '#N').replace(/plan_id=\d+/g, 'plan_id=N').replace(/\[id=#?\d+\]/g, '[id=N]').trim();
}

type Py = Record<string, unknown>;

const PY = String.raw`
${PY_CANON}
spark.conf.set("spark.sql.session.timeZone", "${SESSION_TZ}")
df = spark.sql("""${DATA_SQL}""")
out = {}
out["count"] = int(df.count())
out["count_filtered"] = int(df.filter("id > 1").count())
out["first"] = canon_rows([df.orderBy("id").first()])
out["head3"] = canon_rows(df.orderBy("id").head(3))
out["take2"] = canon_rows(df.orderBy(F.desc("id")).take(2))
out["tail2"] = canon_rows(df.orderBy("id").tail(2))
out["isEmpty"] = [df.isEmpty(), df.filter("id > 99").isEmpty()]
out["columns"] = df.columns
out["dtypes"] = df.dtypes
out["schema"] = df.schema.simpleString()
# PySpark 4 prints the tree from the client-side schema, 3.5 asks the server (AnalyzePlan TreeString).
_tree = (lambda d, *a: d.schema.treeString(*a)) if hasattr(StructType, "treeString") else (lambda d, *a: d._tree_string(*a))
out["tree"] = _tree(df)
out["tree1"] = _tree(spark.sql("SELECT named_struct('a', named_struct('b', 1)) AS n"), 2)
out["show"] = df.orderBy("id")._show_string()
out["show_n_trunc"] = df.orderBy("id")._show_string(2, 5)
out["show_notrunc"] = df.orderBy("id")._show_string(20, False)
out["show_vertical"] = df.orderBy("id")._show_string(2, True, True)
out["explain_simple"] = df.filter("id > 1")._explain_string()
out["explain_extended"] = df.filter("id > 1")._explain_string(True)
out["explain_formatted"] = df.filter("id > 1")._explain_string(mode="formatted")
out["collect"] = canon_rows(df.collect())
_o = df.orderBy("id")
# PySpark 3.5 has no toArrow(); its collect() path fetches the same Arrow table.
t = _o.toArrow() if hasattr(type(_o), "toArrow") else _o._session.client.to_table(_o._plan.to_proto(_o._session.client))[0]
out["arrow"] = [int(t.num_rows), list(t.column_names)]
out["cov"] = float(df.stat.cov("id", "x"))
out["corr"] = float(df.corr("id", "x"))
out["quantile"] = [float(q) for q in df.approxQuantile("id", [0.0, 0.5, 1.0], 0.0)]
out["quantiles"] = [[float(q) for q in qs] for qs in df.approxQuantile(["id", "x"], [0.5], 0.0)]
out["crosstab"] = canon_rows(df.crosstab("id", "s").collect())
out["freqItems"] = canon_rows(df.select("s").freqItems(["s"], 0.4).collect())
out["sameSemantics"] = [df.sameSemantics(df.select("*")), df.sameSemantics(df.filter("id > 1"))]
out["isLocal"] = bool(df.isLocal())
out["isStreaming"] = df.isStreaming() if callable(df.isStreaming) else df.isStreaming
result = out
`;

for (const server of sparkServers()) {
  void describe(`DataFrame actions match PySpark on ${server.name}`, () => {
    let spark: SparkSession;
    let df: DataFrame;
    let py: Py;

    before(async () => {
      spark = await connect(server);
      [df, py] = await Promise.all([spark.sql(DATA_SQL), pysparkJson<Py>(server, PY, { env: { TZ: SESSION_TZ }, timeoutMs: 300_000 })]);
    });
    after(async () => { await spark?.stop(); });

    void test('count', async () => {
      assert.equal(await df.count(), Number(py['count']));
      assert.equal(await df.filter('id > 1').count(), Number(py['count_filtered']));
    });

    void test('first, head, take, tail', async () => {
      const one = await df.orderBy('id').first();
      assert.ok(one instanceof Row);
      assert.deepEqual(canonRows([one]), py['first']);
      assert.deepEqual(canonRows(await df.orderBy('id').head(3)), py['head3']);
      assert.deepEqual(canonRows(await df.orderBy(F.desc('id')).take(2)), py['take2']);
      assert.deepEqual(canonRows(await df.orderBy('id').tail(2)), py['tail2']);
      assert.equal(await df.filter('id > 99').first(), null);
    });

    void test('isEmpty', async () => {
      assert.deepEqual([await df.isEmpty(), await df.filter('id > 99').isEmpty()], py['isEmpty']);
    });

    void test('columns, dtypes, schema, printSchema trees', async () => {
      assert.deepEqual(await df.columns(), py['columns']);
      assert.deepEqual(await df.dtypes(), py['dtypes']);
      const schema = await df.schema();
      assert.equal(schema.simpleString(), py['schema']);
      assert.equal(schema.treeString(), py['tree'], 'client-side tree');
      assert.equal(await df.treeString(), py['tree'], 'server-side tree (AnalyzePlan TreeString)');
      const written: string[] = [];
      await df.printSchema(undefined, (t) => written.push(t));
      assert.deepEqual(written, [py['tree']]);
      const nested = await spark.sql("SELECT named_struct('a', named_struct('b', 1)) AS n");
      assert.equal((await nested.schema()).treeString(2), py['tree1']);
      assert.equal(await nested.treeString(2), py['tree1']);
    });

    void test('showString and show (ShowString relation), every argument form', async () => {
      const ordered = df.orderBy('id');
      assert.equal(await ordered.showString(), py['show']);
      assert.equal(await ordered.showString(2, 5), py['show_n_trunc']);
      assert.equal(await ordered.showString(20, false), py['show_notrunc']);
      assert.equal(await ordered.showString(2, true, true), py['show_vertical']);
      const written: string[] = [];
      assert.equal(await ordered.show(20, true, false, (t) => written.push(t)), py['show']);
      assert.deepEqual(written, [py['show']]);
    });

    void test('explain returns the same plan text in each mode', async () => {
      const f = df.filter('id > 1');
      assert.equal(normalizePlan(await f.explain()), normalizePlan(String(py['explain_simple'])));
      assert.equal(normalizePlan(await f.explain(true)), normalizePlan(String(py['explain_extended'])));
      assert.equal(normalizePlan(await f.explain('formatted')), normalizePlan(String(py['explain_formatted'])));
      assert.match(await f.explain('codegen'), /codegen|Generated code|WholeStageCodegen|Found \d+ WholeStageCodegen/i);
      assert.match(await f.explain('cost'), /Statistics|==/);
    });

    void test('collect: exact decimals, micros in a non-UTC session time zone, nulls', async () => {
      const rows = await df.collect();
      assert.deepEqual(sorted(canonRows(rows)), sorted(py['collect'] as Canon[][]));
      const byId = new Map(rows.map((r) => [r.get('id'), r]));
      assert.equal(byId.get(2)!.get('d'), '-12345678901234567890.123456789012345678');
      assert.equal(String(byId.get(1)!.get('ts')), '2024-03-10 01:59:59.000001');
      assert.equal((byId.get(1)!.get('ts') as { timeZone?: string }).timeZone, SESSION_TZ);
    });

    void test('toArrow, Arrow record batches, raw IPC batches, local iterator', async () => {
      const ordered = df.orderBy('id');
      const table = await ordered.toArrow();
      assert.deepEqual([table.numRows, table.schema.fields.map((f) => f.name)], py['arrow']);
      let rows = 0;
      for await (const b of spark.range(0, 5000, 1, 4).toArrowBatches()) rows += b.numRows;
      assert.equal(rows, 5000);
      let ipcRows = 0;
      let batches = 0;
      for await (const b of spark.range(0, 3000, 1, 3).toArrowIpcBatches()) {
        assert.ok(b.data instanceof Uint8Array && b.data.byteLength > 0);
        ipcRows += b.rowCount;
        batches++;
      }
      assert.equal(ipcRows, 3000);
      assert.ok(batches >= 1);
      const seen: unknown[] = [];
      for await (const r of ordered.select('id').toLocalIterator()) seen.push(r.get(0));
      assert.deepEqual(seen, [1, 2, 3, 4]);
    });

    void test('stat: cov, corr, approxQuantile, crosstab, freqItems', async () => {
      assert.ok(Math.abs((await df.stat.cov('id', 'x')) - Number(py['cov'])) < 1e-9);
      assert.ok(Math.abs((await df.stat.corr('id', 'x')) - Number(py['corr'])) < 1e-9);
      assert.deepEqual(await df.stat.approxQuantile('id', [0, 0.5, 1], 0), py['quantile']);
      assert.deepEqual(await df.stat.approxQuantile(['id', 'x'], [0.5], 0), py['quantiles']);
      const ct = canonRows(await df.stat.crosstab('id', 's').collect());
      assert.deepEqual(sorted(ct), sorted(py['crosstab'] as Canon[][]));
      const fi = canonRows(await df.select('s').stat.freqItems(['s'], 0.4).collect());
      const sortInner = (rows: Canon[][]) => rows.map((r) => r.map((v) => (Array.isArray(v) ? [...v].sort() : v)));
      assert.deepEqual(sortInner(fi), sortInner(py['freqItems'] as Canon[][]));
    });

    void test('sameSemantics, isLocal, isStreaming', async () => {
      assert.deepEqual([await df.sameSemantics(df.select('*')), await df.sameSemantics(df.filter('id > 1'))], py['sameSemantics']);
      assert.equal(await df.isLocal(), py['isLocal']);
      assert.equal(await df.isStreaming(), py['isStreaming']);
    });

    void test('temp views: createOrReplaceTempView then spark.table; cache/unpersist', async () => {
      const view = uniqueName('api_view');
      await df.createOrReplaceTempView(view);
      try {
        assert.equal(await spark.table(view).count(), 4);
        await assert.rejects(df.createTempView(view), (e: Error & { errorClass?: string }) => e.errorClass === 'TEMP_TABLE_OR_VIEW_ALREADY_EXISTS');
        const cached = await spark.table(view).cache();
        assert.equal(await cached.count(), 4);
        await cached.unpersist();
      } finally {
        assert.equal(await spark.catalog.dropTempView(view), true);
      }
    });

    void test('an empty result keeps its schema', async () => {
      const empty = df.filter('id > 99');
      const t = await empty.toArrow();
      assert.equal(t.numRows, 0);
      assert.deepEqual(await empty.collect(), []);
      assert.deepEqual(canon(await empty.first()), null);
    });
  });
}
