// What a real server gives for the final adaptive plan of a run. Explaining the same query again after
// the run still prints the initial plan (every Spark Connect explain plans afresh: isFinalPlan=false);
// the run's metrics carry the executed plan's operators, with parent ids on Spark 4 only, from which
// final-plan.ts rebuilds it. A join whose one side turns out empty at run time, which AQE then removes,
// shows a final plan whose operators differ. About 1 s a server.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { EXPLAIN_MODE_PROTO } from '../../../src/connect/explain-mode-proto';
import { addFinalPlan } from '../../../src/plan/final-plan';
import { readExecutionMetrics } from '../../../src/plan/metrics';
import { parsePlan } from '../../../src/plan/parse';
import { sparkServers } from '../../support/servers';

// The right side is empty, which only the run finds out (id % 1000 is never 1001): AQE then drops the join.
const QUERY = `SELECT a.k, count(*) FROM (SELECT id % 100 AS k FROM range(20000)) a
  JOIN (SELECT id AS k FROM range(20000) WHERE id % 1000 = 1001) b ON a.k = b.k GROUP BY a.k`;

for (const server of sparkServers()) {
  void describe(`the final adaptive plan on ${server.name}`, () => {
    const client = new SparkConnectClient(parseConnectionString(server.remote));
    after(() => client.close());
    const sql = (query: string) => ({ root: { sql: { query } } });

    test('re-explaining after the run gives the initial plan; the metrics give the final one (Spark 4)', async () => {
      // A sort-merge join at first (no broadcast), so both sides run as shuffle stages AQE can look at.
      for (const s of ['SET spark.sql.adaptive.enabled=true', 'SET spark.sql.autoBroadcastJoinThreshold=-1']) await collectResult(client.execute(sql(s)));
      const run = await collectResult(client.execute(sql(QUERY)));
      const metrics = readExecutionMetrics(run.metrics);
      assert.ok(metrics.length > 0);
      const resp = await client.analyze({ explain: { plan: sql(QUERY), explainMode: EXPLAIN_MODE_PROTO.formatted } });
      const text = resp.explain?.explainString ?? '';
      assert.match(text, /isFinalPlan=false/, 'explain after the run still prints the initial plan');
      const doc = parsePlan(text, { mode: 'formatted' });
      const result = addFinalPlan(doc, metrics);
      if (server.version === '3.5') {
        assert.equal(result, 'no-parent-links');
        return;
      }
      assert.ok(typeof result === 'object', String(result));
      assert.equal(result.changed, true, `AQE switched the join:\n${result.section.raw}\n${metrics.map((m) => m.name).join(",")}`);
      assert.match(text, /SortMergeJoin/);
      assert.doesNotMatch(result.section.raw, /SortMergeJoin/, 'the run did not join at all');
    });
  });
}
