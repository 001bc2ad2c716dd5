// Session plumbing that notebooks written for Jupyter carry (SparkSession.builder.remote/master,
// spark.stop()), and spark.sql's {df} references, as the runner evaluates them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataFrame } from '../../../src/connect/dataframe';
import { runPySpark } from '../../../src/pyspark/run';
import type { SessionPlumbing } from '../../../src/pyspark/run-api';
import { fakeSession } from '../connect/api-helpers';
import { valueOf } from './helpers';

function plumbing(remote?: string) {
  let stops = 0;
  const p: SessionPlumbing = { runsOn: "profile 'local' (sc://localhost:15002)", ...(remote ? { remote } : {}), stop: () => { stops++; return Promise.resolve(); } };
  return { p, stops: () => stops };
}

void test('.remote(url) naming another server says, in one line, where the code really runs; the same server says nothing', async () => {
  const { spark } = fakeSession();
  const pl = plumbing('sc://localhost:15002');
  const other = await runPySpark('from pyspark.sql import SparkSession\ns = SparkSession.builder.remote("sc://other:15002").getOrCreate()', spark, { plumbing: pl.p });
  assert.equal(other.length, 1);
  assert.equal(other[0].kind === 'text' && other[0].text,
    `SparkSession.builder.remote("sc://other:15002") is not followed: this code runs on profile 'local' (sc://localhost:15002)`);
  assert.equal(other[0].kind === 'text' && other[0].text.includes('\n'), false, 'one line');
  const same = await runPySpark('from pyspark.sql import SparkSession\ns = SparkSession.builder.remote("sc://127.0.0.1:15002/;user_id=x").getOrCreate()', spark, { plumbing: pl.p });
  assert.deepEqual(same, []);
});

void test('.master("local") is ignored with a note; without plumbing the builder stays silent', async () => {
  const { spark } = fakeSession();
  const src = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.master("local[*]").appName("x").getOrCreate()';
  const out = await runPySpark(src, spark, { plumbing: plumbing().p });
  assert.equal(out.length, 1);
  assert.match(out[0].kind === 'text' ? out[0].text : '', /^SparkSession\.builder\.master\("local\[\*\]"\) is ignored: /);
  assert.deepEqual(await runPySpark(src, spark), []);
});

void test('spark.stop() asks the plumbing to end the session, at its step, and says so', async () => {
  const { spark } = fakeSession();
  const pl = plumbing();
  const out = await runPySpark('x = 1\nspark.stop()', spark, { plumbing: pl.p });
  assert.equal(pl.stops(), 1);
  assert.match(out[0].kind === 'text' ? out[0].text : '', /^spark\.stop\(\): the server session on profile 'local' .* ends after this cell; the next cell starts a fresh one$/);
  assert.deepEqual(await runPySpark('spark.stop()', spark), [], 'without plumbing the caller keeps its session');
});

void test('spark.sql("… {df} …", df=df) sends the DataFrame as a plan reference, a string as a quoted literal', async () => {
  const df = await valueOf('d = spark.range(3)\nq = spark.sql("SELECT * FROM {d} WHERE name = {n}", d=d, n="it\'s")', 'q');
  assert.ok(df instanceof DataFrame);
  const w = df.relation.withRelations;
  assert.ok(w, 'a WithRelations plan');
  const alias = w.references?.[0]?.subqueryAlias?.alias ?? '';
  assert.equal(w.root?.sql?.query, `SELECT * FROM ${alias} WHERE name = 'it\\'s'`);
  assert.ok(w.references?.[0]?.subqueryAlias?.input?.range, 'the reference carries the DataFrame\'s plan');
});
