// The server registry and the PySpark truth helper, against the real servers they point at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pysparkJson, sparkServers, tokenServer } from '../../support/servers';

for (const server of sparkServers()) {
  void test(`${server.name}: pysparkJson reaches a Spark ${server.version} server and returns plain JSON`, async () => {
    const got = await pysparkJson<{ version: string; row: Record<string, unknown> }>(server, `
      row = spark.sql("""
        select 1 as i, 'a' as s, cast('2024-02-29' as date) as d,
               cast(1.50 as decimal(5,2)) as m, array(1, 2) as xs, named_struct('k', 'v') as st,
               cast(null as string) as n
      """).collect()[0]
      result = {"version": spark.version, "row": row}
    `);
    assert.ok(got.version.startsWith(server.version === '4' ? '4.' : '3.5.'), got.version);
    assert.deepEqual(got.row, { i: 1, s: 'a', d: '2024-02-29', m: '1.50', xs: [1, 2], st: { k: 'v' }, n: null });
  });
}

void test('pysparkJson reports the Python error when the snippet fails', async () => {
  const [server] = sparkServers();
  await assert.rejects(pysparkJson(server!, 'result = spark.sql("select * from no_such_table_xyz").collect()'),
    /TABLE_OR_VIEW_NOT_FOUND/);
});

void test('the token server accepts its token and refuses a wrong one', async () => {
  const ts = tokenServer();
  // test-all.sh always starts it; a run without it is missing part of the harness, not a pass.
  if (ts === undefined) {
    assert.fail(process.env['SPARK_TOKEN_REMOTE'] !== undefined
      ? 'SPARK_TOKEN_REMOTE is set but SPARK_TOKEN_FILE is unreadable'
      : 'no token server: run `bash scripts/spark-server.sh start spark4-token` (test-all.sh does)');
  }
  const [server] = sparkServers();
  const one = await pysparkJson<number>(server!, 'result = spark.range(3).count()', { remote: `${ts.remote}/;token=${ts.token}` });
  assert.equal(one, 3);
  await assert.rejects(
    pysparkJson(server!, 'result = spark.range(3).count()', { remote: `${ts.remote}/;token=wrong-${ts.token}`, timeoutMs: 60_000 }),
    /Invalid authentication token/);
});
