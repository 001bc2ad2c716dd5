import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SparkConnectClient } from '../../../src/connect/client';
import { SparkConnectError } from '../../../src/connect/errors';
import type { ExecuteEvent } from '../../../src/connect/execution';
import { spark } from '../../../src/connect/generated/spark-connect';
import { ConnectEngineSession } from '../../../src/engine/connect-engine';
import { ConnectPySpark, limitedDataFramePlan, sqlTextsOf } from '../../../src/engine/connect-pyspark';
import type { ResultEvent } from '../../../src/engine/engine';
import type { RunPySpark } from '../../../src/pyspark/run-api';
import { RecordingLogger } from '../../support/fakes/fakes';

type Plan = spark.connect.IPlan;

/** A client that records plans and answers ExecutePlan with `events`, AnalyzePlan with an explain string. */
function fakeClient(events: ExecuteEvent[] = []) {
  const executed: Plan[] = [];
  const analyzed: Array<Record<string, unknown>> = [];
  let cancelled = 0;
  const client = {
    sessionId: 'sess',
    execute(plan: Plan) {
      executed.push(plan);
      return {
        operationId: 'op-1',
        cancel: async () => { cancelled++; },
        async *[Symbol.asyncIterator]() { yield* events; },
      };
    },
    async analyze(body: Record<string, unknown>) {
      analyzed.push(body);
      return { explain: { explainString: '== Physical Plan ==\nRange (0, 3)' } };
    },
  };
  return { client, executed, analyzed, cancelled: () => cancelled };
}

function session(events: ExecuteEvent[] = [], runner?: RunPySpark) {
  const f = fakeClient(events);
  const s = new ConnectEngineSession(f.client as unknown as SparkConnectClient, '4.3.0', new RecordingLogger(), false, undefined, runner);
  return { s, ...f };
}

const intSchema: spark.connect.IDataType = { struct: { fields: [{ name: 'id', dataType: { long: {} }, nullable: false }] } };

async function drain(it: AsyncIterable<ResultEvent>): Promise<ResultEvent[]> {
  const out: ResultEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test('a DataFrame executes as its own relation through the same ResultEvent stream as SQL', async () => {
  const { s, executed } = session([{ kind: 'schema', schema: intSchema }, { kind: 'arrow', rowCount: 3, data: new Uint8Array([1]) }]);
  const df = s.sparkSession.range(3);
  const exec = s.pyspark.executeDataFrame(df);
  assert.equal(exec.operationId, 'op-1');
  const events = await drain(exec);
  assert.deepEqual(events.map((e) => e.kind), ['schema', 'arrow']);
  assert.deepEqual(events[0].kind === 'schema' ? events[0].columns : [], [{ name: 'id', type: 'bigint', nullable: false }]);
  assert.equal(executed[0].root, df.relation, 'no Limit without a row limit');
});

test('a row limit wraps the DataFrame in Limit(limit + 1); a SQL command at the root is never wrapped', () => {
  const { s } = session();
  const df = s.sparkSession.range(100);
  const { plan, applied } = limitedDataFramePlan(df, 10);
  assert.equal(applied, 10);
  assert.equal(plan.root?.limit?.limit, 11);
  assert.equal(plan.root?.limit?.input, df.relation);
  const command = { relation: { common: { planId: 1 }, sql: { query: 'INSERT INTO t VALUES (1)' } } };
  assert.equal(limitedDataFramePlan(command, 10).applied, 0);
  assert.equal(limitedDataFramePlan(df, 0).applied, 0);
});

test('cancel interrupts the DataFrame execution', async () => {
  const { s, cancelled } = session();
  await s.pyspark.executeDataFrame(s.sparkSession.range(1)).cancel();
  assert.equal(cancelled(), 1);
});

test('explain asks AnalyzePlan for the DataFrame plan in the mode asked, and never executes', async () => {
  const { s, executed, analyzed } = session();
  const df = s.sparkSession.range(3);
  const text = await s.pyspark.explainDataFrame(df, 'formatted');
  assert.match(text, /Physical Plan/);
  assert.equal(executed.length, 0);
  const explain = analyzed[0].explain as { plan: Plan; explainMode: number };
  assert.equal(explain.plan.root, df.relation);
  assert.equal(explain.explainMode, spark.connect.AnalyzePlanRequest.Explain.ExplainMode.EXPLAIN_MODE_FORMATTED);
});

test('explain refuses a plan that holds a SQL command anywhere (Spark 3.5 would run it while planning)', async () => {
  const analyze = async () => ({ explain: { explainString: 'x' } });
  const py = new ConnectPySpark({} as never, { analyze } as never, () => { throw new Error('not used'); }, undefined);
  const rel = { common: { planId: 2 }, limit: { input: { common: { planId: 1 }, sql: { query: 'DROP TABLE t' } }, limit: 3 } };
  assert.deepEqual(sqlTextsOf(rel), ['DROP TABLE t']);
  await assert.rejects(py.explainDataFrame({ relation: rel, toPlan: () => ({ root: rel }) } as never, 'simple'),
    (e: unknown) => e instanceof SparkConnectError && e.reason === 'invalid-argument');
});

test('run hands the source, the session\'s SparkSession and the options to the runner', async () => {
  const calls: unknown[] = [];
  const runner: RunPySpark = async (source, sparkSession, options) => {
    calls.push({ source, sparkSession, options });
    return [];
  };
  const { s } = session([], runner);
  await s.pyspark.run('spark.range(1).show()', { fileName: 'a.py', skipActionsBefore: 4 });
  assert.deepEqual(calls, [{ source: 'spark.range(1).show()', sparkSession: s.sparkSession, options: { fileName: 'a.py', skipActionsBefore: 4 } }]);
  const bare = new ConnectPySpark({} as never, {} as never, () => { throw new Error('not used'); }, undefined);
  await assert.rejects(bare.run('x'), /no PySpark runner/);
});
