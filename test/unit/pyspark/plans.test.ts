import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as F from '../../../src/connect/functions';
import { Window } from '../../../src/connect/window';
import { fakeSession } from '../connect/api-helpers';
import { exprShape, planShape, valueOf } from './helpers';

const HEAD = 'from pyspark.sql import SparkSession, functions as F, Window\nfrom pyspark.sql.types import *\n'
  + 'spark = SparkSession.builder.appName("t").getOrCreate()\n';

void test('select / filter / withColumn / groupBy+agg / orderBy build the plans the client API builds', async () => {
  const { spark } = fakeSession();
  const base = spark.range(10);
  const expected = base.withColumn('x', F.col('id').multiply(2))
    .filter(F.col('x').gt(3).and(F.col('id').notEqual(5)))
    .groupBy('x').agg(F.sum('id').alias('s'), F.count(F.col('*')))
    .orderBy('x', { ascending: false });
  const got = await valueOf(HEAD + [
    'df = spark.range(10).withColumn("x", F.col("id") * 2)',
    'out = (df.filter((F.col("x") > 3) & (F.col("id") != 5))',
    '  .groupBy("x").agg(F.sum("id").alias("s"), F.count("*"))',
    '  .orderBy("x", ascending=False))',
  ].join('\n'), 'out');
  assert.deepEqual(planShape(got), planShape(expected));
});

void test('Python ints are INT literals when they fit 32 bits, BIGINT beyond; floats DOUBLE; reflected operators keep PySpark order', async () => {
  const src = HEAD + 'a = F.col("x") + 1\nb = F.col("x") + 2**40\nc = 1 - F.col("x")\nd = 2 * F.col("x")\ne = F.col("x") / 2.0\nf = 3 < F.col("x")';
  assert.deepEqual(exprShape(await valueOf(src, 'a')), exprShape(F.col('x').plus(1)));
  assert.deepEqual((exprShape(await valueOf(src, 'b')) as { unresolvedFunction: { arguments: unknown[] } }).unresolvedFunction.arguments[1], { literal: { long: String(2 ** 40) } });
  assert.deepEqual(exprShape(await valueOf(src, 'c')), exprShape(F.lit(1).minus(F.col('x'))));
  assert.deepEqual(exprShape(await valueOf(src, 'd')), exprShape(F.col('x').multiply(2)));
  assert.deepEqual(exprShape(await valueOf(src, 'e')), exprShape(F.col('x').divide(F.litDouble(2))));
  assert.deepEqual(exprShape(await valueOf(src, 'f')), exprShape(F.col('x').gt(3)));
});

void test('~ | & on Columns are not / or / and; Python and/or on Columns is an error with advice', async () => {
  const src = HEAD + 'c = ~(F.col("a") | F.col("b")) & F.col("c")';
  assert.deepEqual(exprShape(await valueOf(src, 'c')), exprShape(F.col('a').or(F.col('b')).not().and(F.col('c'))));
  await assert.rejects(valueOf(HEAD + 'c = F.col("a") and F.col("b")', 'c'), /use '&' for 'and'/);
});

void test('any Spark function works by name; literal-taking functions get literals; a str names a column', async () => {
  const src = HEAD + [
    'a = F.some_new_function("x", F.col("y"), 3)',
    'b = F.date_format("d", "yyyy-MM")',
    'c = F.concat_ws("-", "a", "b")',
    'd = F.lag("v", 1, 0).over(Window.partitionBy("k").orderBy("t"))',
    'e = F.when(F.col("x") > 1, "big").when(F.col("x") > 0, 1).otherwise(None)',
    'g = F.countDistinct("a", "b")',
    'h = F.expr("a + 1")',
  ].join('\n');
  assert.deepEqual(exprShape(await valueOf(src, 'a')), exprShape(F.fn('some_new_function', F.col('x'), F.col('y'), 3)));
  assert.deepEqual(exprShape(await valueOf(src, 'b')), exprShape(F.date_format('d', 'yyyy-MM')));
  assert.deepEqual(exprShape(await valueOf(src, 'c')), exprShape(F.concat_ws('-', 'a', 'b')));
  assert.deepEqual(exprShape(await valueOf(src, 'd')), exprShape(F.lag('v', 1, 0).over(Window.partitionBy('k').orderBy('t'))));
  assert.deepEqual(exprShape(await valueOf(src, 'e')), exprShape(F.when(F.col('x').gt(1), 'big').when(F.col('x').gt(0), 1).otherwise(null)));
  assert.deepEqual(exprShape(await valueOf(src, 'g')), exprShape(F.count_distinct('a', 'b')));
  assert.deepEqual(exprShape(await valueOf(src, 'h')), exprShape(F.expr('a + 1')));
});

void test('lambdas become Spark lambda functions with fresh variables', async () => {
  const src = HEAD + 'a = F.transform("arr", lambda x: x + 1)\nb = F.aggregate("arr", F.lit(0), lambda acc, x: acc + x)';
  const a = exprShape(await valueOf(src, 'a')) as { unresolvedFunction: { functionName: string; arguments: Array<Record<string, unknown>> } };
  assert.equal(a.unresolvedFunction.functionName, 'transform');
  assert.deepEqual(a.unresolvedFunction.arguments[1], {
    lambdaFunction: {
      function: { unresolvedFunction: { functionName: '+', arguments: [{ unresolvedNamedLambdaVariable: { nameParts: ['x_0'] } }, { literal: { integer: 1 } }] } },
      arguments: [{ nameParts: ['x_0'] }],
    },
  });
  const b = exprShape(await valueOf(src, 'b')) as { unresolvedFunction: { arguments: Array<{ lambdaFunction?: { arguments: unknown[] } }> } };
  assert.equal(b.unresolvedFunction.arguments[2]!.lambdaFunction!.arguments.length, 2);
});

void test('df.col, df["col"], df.col.field, df["a.b"] and joins with on= as name, list or Column and how=', async () => {
  const src = HEAD + [
    'a = spark.range(3)',
    'b = spark.range(3)',
    'x = a.id',
    'y = a["id"]',
    'z = a.s.inner',
    'j1 = a.join(b, "id", "left")',
    'j2 = a.join(b, on=["id"], how="outer")',
    'j3 = a.join(b, a.id == b.id, how="left_anti")',
  ].join('\n');
  const { spark } = fakeSession();
  const a = spark.range(3);
  const b = spark.range(3);
  assert.deepEqual(exprShape(await valueOf(src, 'x')), exprShape(F.col('id')) === undefined ? undefined : { unresolvedAttribute: { unparsedIdentifier: 'id' } });
  assert.deepEqual(exprShape(await valueOf(src, 'y')), { unresolvedAttribute: { unparsedIdentifier: 'id' } });
  assert.deepEqual(exprShape(await valueOf(src, 'z')), { unresolvedExtractValue: { child: { unresolvedAttribute: { unparsedIdentifier: 's' } }, extraction: { literal: { string: 'inner' } } } });
  assert.deepEqual(planShape(await valueOf(src, 'j1')), planShape(a.join(b, 'id', 'left')));
  assert.deepEqual(planShape(await valueOf(src, 'j2')), planShape(a.join(b, ['id'], 'outer')));
  assert.deepEqual(planShape(await valueOf(src, 'j3')), planShape(a.join(b, a.col('id').eq(b.col('id')), 'left_anti')));
});

void test('the dict form of agg, casts with DataType objects, createDataFrame with a DDL schema', async () => {
  const src = HEAD + [
    'df = spark.createDataFrame([(1, "a"), (2, None)], "k int, v string")',
    'g = df.groupBy("v").agg({"k": "max"})',
    'c = F.col("k").cast(DecimalType(10, 2))',
    's = StructType([StructField("a", IntegerType(), False)]).add("b", StringType())',
  ].join('\n');
  const df = await valueOf(src, 'df');
  const local = (planShape(df) as { localRelation: { schema: string; data: number[] } }).localRelation;
  assert.match(local.schema, /"name":"k","type":"integer"/);
  assert.ok(local.data.length > 0);
  assert.deepEqual((planShape(await valueOf(src, 'g')) as { aggregate: { aggregateExpressions: unknown[] } }).aggregate.aggregateExpressions,
    [{ unresolvedFunction: { functionName: 'max', arguments: [{ unresolvedAttribute: { unparsedIdentifier: 'k' } }] } }]);
  assert.deepEqual(exprShape(await valueOf(src, 'c')), { cast: { expr: { unresolvedAttribute: { unparsedIdentifier: 'k' } }, type: { decimal: { precision: 10, scale: 2 } } } });
  const s = await valueOf(src, 's') as { simpleString(): string };
  assert.equal(s.simpleString(), 'struct<a:int,b:string>');
});

void test('spark.read chains carry format, schema and options (keyword options as PySpark writes them)', async () => {
  const src = HEAD + 'df = spark.read.format("csv").option("header", True).schema("a INT").load("/data/x.csv")\n'
    + 'j = spark.read.json("/data/y", multiLine=True, mode=None)';
  const { spark } = fakeSession();
  assert.deepEqual(planShape(await valueOf(src, 'df')), planShape(spark.read.format('csv').option('header', 'true').schema('a INT').load('/data/x.csv')));
  assert.deepEqual(planShape(await valueOf(src, 'j')), planShape(spark.read.format('json').options({ multiLine: 'true' }).load('/data/y')));
});

void test('spark.sql takes args (named and positional) as literals', async () => {
  const src = HEAD + 'a = spark.sql("SELECT :x", {"x": 5})\nb = spark.sql("SELECT ?", args=["s"])';
  assert.deepEqual(planShape(await valueOf(src, 'a')), { sql: { query: 'SELECT :x', args: { x: { integer: 5 } } } });
  assert.deepEqual(planShape(await valueOf(src, 'b')), { sql: { query: 'SELECT ?', posArgs: [{ string: 's' }] } });
});

void test('for c in df.columns asks the schema once (AnalyzePlan) and loops over the names', async () => {
  const schema = { struct: { fields: [{ name: 'a', dataType: { string: {} }, nullable: true }, { name: 'b', dataType: { string: {} }, nullable: true }] } };
  const src = HEAD + 'df = spark.range(1).select(F.lit("x").alias("a"), F.lit("y").alias("b"))\nfor c in df.columns:\n    df = df.withColumn(c, F.trim(c))\nn = len(df.columns)';
  const { evaluate } = await import('./helpers');
  const ev = await evaluate(src, { analyze: () => ({ schema: { schema } }) });
  assert.equal(ev.globals.get('n'), 2n);
  const plan = planShape(ev.globals.get('df')) as { withColumns: { aliases: Array<{ name: string[] }> } };
  assert.deepEqual(plan.withColumns.aliases.map((x) => x.name), [['b']]);
  assert.equal(ev.client.recorded.analyzed.length, 2, 'one schema question per distinct DataFrame');
  assert.equal(ev.client.recorded.executed.length, 0, 'nothing executed');
});

void test('dropDuplicates takes subset= or names; isinstance knows the type classes', async () => {
  const src = HEAD + 'df = spark.range(3)\na = df.dropDuplicates(subset=["id"])\nb = df.dropDuplicates(["id"])\nt = isinstance(StringType(), StringType) and not isinstance(IntegerType(), StringType)';
  const { spark } = fakeSession();
  assert.deepEqual(planShape(await valueOf(src, 'a')), planShape(spark.range(3).dropDuplicates(['id'])));
  assert.deepEqual(planShape(await valueOf(src, 'b')), planShape(spark.range(3).dropDuplicates(['id'])));
  assert.equal(await valueOf(src, 't'), true);
});

void test('spark.read.parquet(p1, p2) reads every path; csv/json take a list of paths and a positional schema', async () => {
  const src = HEAD + 'p = spark.read.parquet("/d/p1", "/d/p2")\n'
    + 'c = spark.read.csv(["/d/a.csv", "/d/b.csv"], "a INT", header=True)\n'
    + 't = spark.read.text(["/d/x", "/d/y"], wholetext=True)\n'
    + 'o = spark.read.orc("/d/o", mergeSchema=True)';
  const { spark } = fakeSession();
  assert.deepEqual(planShape(await valueOf(src, 'p')), planShape(spark.read.format('parquet').load(['/d/p1', '/d/p2'])));
  assert.deepEqual(planShape(await valueOf(src, 'c')), planShape(spark.read.format('csv').schema('a INT').options({ header: 'true' }).load(['/d/a.csv', '/d/b.csv'])));
  assert.deepEqual(planShape(await valueOf(src, 't')), planShape(spark.read.format('text').options({ wholetext: 'true' }).load(['/d/x', '/d/y'])));
  assert.deepEqual(planShape(await valueOf(src, 'o')), planShape(spark.read.format('orc').options({ mergeSchema: 'true' }).load('/d/o')));
});
