// `spark-connect pyspark` as a user runs it, against the real Spark 4 server: the same runner and
// engine session as the editor. About 3 s (three CLI processes).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spark4 } from '../../support/servers';
import { runCli } from './run-cli';

const JOB = `from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.getOrCreate()
df = spark.range(5).withColumn("sq", F.col("id") * F.col("id"))
print(df.count())
df.filter(F.col("id") > 2).show()
df.groupBy((F.col("id") % 2).alias("odd")).agg(F.sum("sq").alias("s")).orderBy("odd").show()
`;

void describe('spark-connect pyspark against spark4', () => {
  const remote = ['--remote', spark4().remote];

  void test('runs a file from stdin and prints what its actions show, in order', async () => {
    const r = await runCli(['pyspark', ...remote, '-'], { stdin: JOB });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, [
      '5',
      '+---+---+', '| id| sq|', '+---+---+', '|  3|  9|', '|  4| 16|', '+---+---+',
      '',
      '+---+---+', '|odd|  s|', '+---+---+', '|  0| 20|', '|  1| 10|', '+---+---+',
      '',
    ].join('\n'));
  });

  void test('code the runner cannot run exits 1 with its line and column, nothing run', async () => {
    const source = 'from pyspark.sql.functions import udf\nspark.range(3).show()\nf = udf(lambda v: v + 1)\n';
    const r = await runCli(['pyspark', ...remote, '--format', 'csv', '-'], { stdin: source });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '', 'the show before the udf did not run: everything is evaluated first');
    assert.match(r.stderr, /<stdin>:3:5: /);
    assert.match(r.stderr, /udf/);
  });

  void test('a server error names its class and SQLSTATE and points at the action\'s line', async () => {
    const r = await runCli(['pyspark', ...remote, '-'], { stdin: 'x = 1\nspark.table("no_such_table_pyedit").show()\n' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error class: TABLE_OR_VIEW_NOT_FOUND/);
    assert.match(r.stderr, /SQLSTATE: 42P01/);
    assert.match(r.stderr, /at <stdin> line 2, col 1/);
  });
});
