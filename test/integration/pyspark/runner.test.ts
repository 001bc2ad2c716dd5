// The PySpark runner against both real servers, compared with PySpark's own Connect client running
// the same snippets on the same server: schema (simpleString) and rows, value for value. One Python
// process per server runs every snippet, so the whole file costs a few seconds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataFrame } from '../../../src/connect/dataframe';
import { SparkSession } from '../../../src/connect/session';
import { evaluatePySpark, runPySpark, sourceSpanOfError } from '../../../src/pyspark/run';
import { pysparkJson, sparkServers } from '../../support/servers';
import { PY_CANON, canonRows, connect, sorted, type Canon } from '../connect/api-compare';

interface Snippet { name: string; code: string; ordered?: boolean }

// Each snippet leaves its result in `out`; written the way notebooks write PySpark.
const SNIPPETS: Snippet[] = [
  {
    name: 'createDataFrame, withColumn, filter, orderBy',
    ordered: true,
    code: `
from pyspark.sql import functions as F
data = [("Alice", 34, 5500.0), ("Bob", 45, None), ("Cara", 29, 4100.5)]
df = spark.createDataFrame(data, ["name", "age", "salary"])
out = (df.withColumn("age_next", F.col("age") + 1)
         .filter((F.col("age") > 30) | F.col("salary").isNull())
         .orderBy(F.desc("age")))`,
  },
  {
    name: 'groupBy with several aggregates and a dict agg',
    code: `
import pyspark.sql.functions as F
df = spark.range(20).withColumn("g", F.col("id") % 3)
a = df.groupBy("g").agg(F.count("*").alias("n"), F.sum("id").alias("s"), F.avg("id"), F.collect_list("id").alias("ids"))
out = a.join(df.groupBy("g").agg({"id": "max"}), on="g", how="inner")`,
  },
  {
    name: 'window functions: row_number, lag with default, running sum',
    ordered: true,
    code: `
from pyspark.sql import functions as F, Window
df = spark.createDataFrame([("a", 1, 10), ("a", 2, 20), ("b", 1, 5), ("b", 2, 7), ("b", 3, 1)], "k string, t int, v int")
w = Window.partitionBy("k").orderBy("t")
out = df.select("k", "t", F.row_number().over(w).alias("rn"), F.lag("v", 1, 0).over(w).alias("prev"),
                F.sum("v").over(w.rowsBetween(Window.unboundedPreceding, Window.currentRow)).alias("run")).orderBy("k", "t")`,
  },
  {
    name: 'a temp view, spark.sql with args, then DataFrame methods',
    code: `
people = spark.createDataFrame([(1, "x"), (2, "y"), (3, "z")], ["id", "tag"])
people.createOrReplaceTempView("people_runner_it")
q = spark.sql("SELECT id * 10 AS big, tag FROM people_runner_it WHERE id >= :lo", {"lo": 2})
out = q.withColumnRenamed("big", "b").dropDuplicates(["tag"])`,
  },
  {
    name: 'for loop over df.columns, comprehension select, cast, when/otherwise',
    code: `
from pyspark.sql.functions import col, when, trim, lit
from pyspark.sql.types import IntegerType
df = spark.createDataFrame([(" 1 ", " a "), ("2", None)], ["n", "s"])
for c in df.columns:
    df = df.withColumn(c, trim(col(c)))
df = df.select(*[col(c).alias(c.upper()) for c in df.columns])
out = df.withColumn("N", col("N").cast(IntegerType())).withColumn("flag", when(col("S").isNull(), lit("none")).otherwise(col("S")))`,
  },
  {
    name: 'higher-order functions with lambdas, explode, arrays',
    code: `
from pyspark.sql import functions as F
df = spark.createDataFrame([(1, [1, 2, 3]), (2, [])], ["id", "xs"])
out = df.select("id",
    F.transform("xs", lambda x: x * 2).alias("doubled"),
    F.filter("xs", lambda x: x % 2 == 1).alias("odd"),
    F.aggregate("xs", F.lit(0).cast("long"), lambda acc, x: acc + x).alias("total"),
    F.size("xs").alias("n")).join(df.select("id", F.explode_outer("xs").alias("x")), "id")`,
  },
  {
    name: 'def helper returning a Column, dates, string functions, na.fill',
    code: `
import datetime
from pyspark.sql import functions as F
def clean(c):
    return F.lower(F.regexp_replace(F.col(c), "[^A-Za-z]", ""))
df = spark.createDataFrame([("A-b!", datetime.date(2024, 2, 29), None), ("Zz9", datetime.date(2023, 1, 1), 3)], ["s", "d", "n"])
out = (df.withColumn("s2", clean("s"))
         .withColumn("ym", F.date_format("d", "yyyy-MM"))
         .withColumn("next", F.date_add("d", 1))
         .withColumn("parts", F.split(F.lit("a,b,c"), ","))
         .na.fill({"n": 0}))`,
  },
  {
    name: 'unionByName, pivot, distinct count',
    code: `
from pyspark.sql import functions as F
a = spark.createDataFrame([("x", "q1", 1), ("x", "q2", 2)], ["k", "q", "v"])
b = spark.createDataFrame([(3, "y", "q1")], ["v", "k", "q"])
u = a.unionByName(b)
out = u.groupBy("k").pivot("q", ["q1", "q2"]).agg(F.sum("v")).withColumn("n", F.lit(u.select("k").distinct().count() if False else 2))`,
  },
];

// What print() shows of rows, values and schemas must read as PySpark prints it.
const PRINTS = `
from pyspark.sql import functions as F
df = spark.createDataFrame([(1, 2.0, "a", None), (2, 3.5, "b", [1, 2])], "i int, d double, s string, arr array<int>")
print(df.collect())
print(df.first())
print(df.count(), df.agg(F.avg("d")).first()[0])
r = df.first()
print(r["i"] + 1, r.d * 2, f"{r.d:.3f}", df.take(1)[0].s)
print(df.columns, df.dtypes)
print(df.schema)
for row in df.collect():
    print(row.i, row.s)
`;

const PY_RUN = (snippets: Snippet[]) => `
${PY_CANON}
import contextlib, io
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    exec(${JSON.stringify(PRINTS)}, {"spark": spark})
cases = []
for code in ${JSON.stringify(snippets.map((s) => s.code))}:
    ns = {"spark": spark}
    try:
        exec(code, ns)
        d = ns["out"]
        cases.append({"schema": d.schema.simpleString(), "rows": canon_rows(d.collect())})
    except Exception as e:
        cases.append({"error": f"{type(e).__name__}: {e}"[:300]})
result = {"cases": cases, "printed": printed.getvalue()}
`;

for (const server of sparkServers()) {
  void describe(`PySpark runner vs PySpark on ${server.name}`, () => {
    let spark: SparkSession;
    let expected: Array<{ schema: string; rows: Canon[][]; error?: string }>;
    let printed: string;
    before(async () => {
      spark = await connect(server);
      const r = await pysparkJson<{ cases: typeof expected; printed: string }>(server, PY_RUN(SNIPPETS));
      expected = r.cases;
      printed = r.printed;
    });
    after(async () => { await spark.stop(); });

    SNIPPETS.forEach((s, i) => {
      void test(s.name, async () => {
        assert.equal(expected[i]!.error, undefined, 'PySpark runs the snippet');
        const ev = await evaluatePySpark(s.code, spark);
        for (const step of ev.steps) await step.run();
        const out = ev.globals.get('out');
        assert.ok(out instanceof DataFrame);
        const schema = (await out.schema()).simpleString();
        const rows = canonRows(await out.collect());
        assert.equal(schema, expected[i]!.schema);
        assert.deepEqual(s.ordered ? rows : sorted(rows), s.ordered ? expected[i]!.rows : sorted(expected[i]!.rows));
      });
    });

    void test('print() of rows, values and schemas reads as PySpark prints it', async () => {
      const plain = await SparkSession.connect(server.remote);
      try {
        const outs = await runPySpark(PRINTS, plain);
        assert.equal(outs.filter((o) => o.kind === 'text').map((o) => (o.kind === 'text' ? o.text : '')).join('\n') + '\n', printed);
      } finally {
        await plain.stop();
      }
    });

    void test('a server error points into the SQL string literal, or at the DataFrame call on Spark 4', async () => {
      const at = async (src: string): Promise<number[]> => {
        const err = await runPySpark(src, spark).then(() => undefined, (e: unknown) => e);
        assert.ok(err instanceof Error, 'the run fails');
        const span = sourceSpanOfError(err);
        return span ? [span.line, span.column] : [];
      };
      assert.deepEqual(await at('q = spark.sql("SELECT nosuch FROM range(1)")\nq.collect()'), [1, 23]);
      assert.deepEqual(await at('df = spark.range(3).filter("id > > 1")\ndf.count()'), [1, 34]);
      assert.deepEqual(await at('from pyspark.sql import functions as F\nx = spark.range(1).select(F.col("nosuch") + 1)\nx.collect()'),
        server.name === 'spark4' ? [2, 29] : [3, 1]);
    });

    void test('runPySpark reports count(), print, write and a refused construct at its position', async () => {
      const outputs = await runPySpark('df = spark.range(5)\nn = df.count()\nprint("n =", n)\ndf.filter("id > 1").count()', spark);
      assert.deepEqual(outputs.map((o) => (o.kind === 'text' || o.kind === 'value' ? o.text : o.kind)), ['n = 5', '3']);
      await assert.rejects(runPySpark('df = spark.range(5)\npdf = df.toPandas()', spark), { phase: 'unsupported', span: { from: 29, to: 37, line: 2, column: 10 } });
    });
  });
}
