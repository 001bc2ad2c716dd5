import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { spark } from '../../../src/connect/generated/spark-connect';
import type { ExecuteEvent } from '../../../src/connect/execution';
import { analyzeWithSqlRefs, executeWithSqlRefs, hasSqlRefs, lowerSqlRefs, sqlWithRefs } from '../../../src/connect/plan-refs';
import type { AnalyzeBody } from '../../../src/connect/client';
import type { ExecutionLike } from '../../../src/connect/session-core';

const range = (end: number): spark.connect.IRelation => ({ range: { start: 0, end, step: 1 } });

/** Records every plan executed; the main query (a plan with a root that is not a catalog call) fails when asked. */
function fakeClient(failMain = false) {
  const plans: spark.connect.IPlan[] = [];
  const client = {
    execute(plan: spark.connect.IPlan): ExecutionLike {
      plans.push(plan);
      const main = !!plan.root && !plan.root.catalog;
      return {
        operationId: 'op',
        cancel: () => Promise.resolve(),
        async *[Symbol.asyncIterator](): AsyncGenerator<ExecuteEvent> {
          await Promise.resolve();
          if (main && failMain) throw new Error('analysis failed');
        },
      };
    },
  };
  const kinds = () => plans.map((p) => p.command?.createDataframeView ? `create ${p.command.createDataframeView.name}`
    : p.root?.catalog?.dropTempView ? `drop ${p.root.catalog.dropTempView.viewName}` : p.root?.withRelations ? 'with-relations' : p.root?.sql ? `sql ${p.root.sql.query}` : '?');
  return { client, plans, kinds };
}

describe('SQL with DataFrame references', () => {
  it('builds PySpark 4\'s plan: WithRelations(root = SQL, references = SubqueryAlias(plan, name))', () => {
    const rel = sqlWithRefs({ query: 'SELECT * FROM v1' }, [{ alias: 'v1', input: range(3) }]);
    assert.equal(rel.withRelations?.root?.sql?.query, 'SELECT * FROM v1');
    assert.equal(rel.withRelations?.references?.length, 1);
    assert.equal(rel.withRelations?.references?.[0].subqueryAlias?.alias, 'v1');
    assert.deepEqual(rel.withRelations?.references?.[0].subqueryAlias?.input, range(3));
    assert.ok(rel.common?.planId !== undefined && rel.withRelations?.root?.common?.planId !== undefined, 'every relation has a plan id');
    assert.ok(hasSqlRefs({ root: { limit: { input: rel, limit: 5 } } }));
    assert.equal(hasSqlRefs({ root: range(3) }), false);
    assert.equal(sqlWithRefs({ query: 'SELECT 1' }, []).sql?.query, 'SELECT 1', 'no references: a plain SQL relation');
  });

  it('lowers nested references to views in creation order, leaving the SQL roots', () => {
    const inner = sqlWithRefs({ query: 'SELECT * FROM a' }, [{ alias: 'a', input: range(3) }]);
    const outer = sqlWithRefs({ query: 'SELECT * FROM b JOIN a2' }, [{ alias: 'b', input: inner }, { alias: 'a2', input: range(4) }]);
    const plan: spark.connect.IPlan = { root: { limit: { input: outer, limit: 10 } } };
    const { node, views } = lowerSqlRefs(plan);
    assert.deepEqual(views.map((v) => v.alias), ['a', 'b', 'a2']);
    assert.equal(views[1].input.sql?.query, 'SELECT * FROM a', 'a view over a view is created after it');
    assert.equal(node.root?.limit?.input?.sql?.query, 'SELECT * FROM b JOIN a2');
    assert.ok(plan.root?.limit?.input?.withRelations, 'the original plan is not changed');
    assert.equal(hasSqlRefs(node), false);
  });

  it('Spark 4.x: the plan goes as it is, with the operation id given at once', async () => {
    const f = fakeClient();
    const plan = { root: sqlWithRefs({ query: 'SELECT * FROM v' }, [{ alias: 'v', input: range(2) }]) };
    const exec = executeWithSqlRefs(f.client, () => Promise.resolve(false), plan, { operationId: '00000000-0000-4000-8000-000000000001' });
    assert.equal(exec.operationId, '00000000-0000-4000-8000-000000000001');
    for await (const e of exec) void e;
    assert.deepEqual(f.kinds(), ['with-relations']);
  });

  it('Spark 3.5: views are created before the one execution and dropped after it, also when it fails', async () => {
    const plan = { root: sqlWithRefs({ query: 'SELECT * FROM v JOIN w' }, [{ alias: 'v', input: range(2) }, { alias: 'w', input: range(3) }]) };
    const ok = fakeClient();
    for await (const e of executeWithSqlRefs(ok.client, () => Promise.resolve(true), plan)) void e;
    assert.deepEqual(ok.kinds(), ['create v', 'create w', 'sql SELECT * FROM v JOIN w', 'drop w', 'drop v']);
    const failing = fakeClient(true);
    await assert.rejects(async () => { for await (const e of executeWithSqlRefs(failing.client, () => Promise.resolve(true), plan)) void e; }, /analysis failed/);
    assert.deepEqual(failing.kinds(), ['create v', 'create w', 'sql SELECT * FROM v JOIN w', 'drop w', 'drop v']);
  });

  it('a cancel that comes before the execution started means it never starts, and the views made so far are dropped', async () => {
    const f = fakeClient();
    const plan = { root: sqlWithRefs({ query: 'SELECT * FROM v' }, [{ alias: 'v', input: range(2) }]) };
    const exec = executeWithSqlRefs(f.client, () => Promise.resolve(true), plan);
    await exec.cancel();
    await assert.rejects(async () => { for await (const e of exec) void e; }, (e: unknown) => (e as { reason?: string }).reason === 'cancelled');
    assert.deepEqual(f.kinds(), []);
  });
});


describe('AnalyzePlan of SQL with DataFrame references', () => {
  const withRef = () => ({ schema: { plan: { root: sqlWithRefs({ query: 'SELECT * FROM v' }, [{ alias: 'v', input: range(2) }]) } } });

  function analyzing(failAnalyze = false) {
    const f = fakeClient();
    const analyzed: AnalyzeBody[] = [];
    const client = {
      ...f.client,
      analyze: async (body: AnalyzeBody) => {
        analyzed.push(body);
        f.plans.push({ root: { sql: { query: 'ANALYZE' } } });
        if (failAnalyze) throw new Error('UNRESOLVED_COLUMN');
        return { schema: {} };
      },
    };
    return { ...f, client, analyzed };
  }

  it('Spark 3.5: the references become temp views for the one call, dropped after it (also when it fails)', async () => {
    const a = analyzing();
    await analyzeWithSqlRefs(a.client, () => Promise.resolve(true), withRef());
    assert.deepEqual(a.kinds(), ['create v', 'sql ANALYZE', 'drop v']);
    assert.equal(a.analyzed[0].schema?.plan?.root?.sql?.query, 'SELECT * FROM v', 'the lowered plan is analyzed');
    assert.equal(hasSqlRefs(a.analyzed[0]), false);

    const failing = analyzing(true);
    await assert.rejects(analyzeWithSqlRefs(failing.client, () => Promise.resolve(true), withRef()), /UNRESOLVED_COLUMN/);
    assert.deepEqual(failing.kinds(), ['create v', 'sql ANALYZE', 'drop v']);
  });

  it('Spark 4.x, or no references: the body goes as it is, with no view', async () => {
    const a = analyzing();
    await analyzeWithSqlRefs(a.client, () => Promise.resolve(false), withRef());
    assert.ok(a.analyzed[0].schema?.plan?.root?.withRelations, 'WithRelations kept');
    let asked = false;
    await analyzeWithSqlRefs(a.client, () => { asked = true; return Promise.resolve(true); }, { schema: { plan: { root: range(3) } } });
    assert.equal(asked, false, 'a plan without references never asks for the server version');
    assert.deepEqual(a.kinds(), ['sql ANALYZE', 'sql ANALYZE']);
  });
});
