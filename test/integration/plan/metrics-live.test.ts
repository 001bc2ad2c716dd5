// Execution metrics after a real run, on both servers: queries are executed with our client, the
// ExecutePlanResponse.Metrics it surfaces are laid onto the explained physical plan the way the plan panel
// does (views/plan/metrics-merge), and the numbers must land on the right operators. Expected row counts
// come from the run itself (the rows the client received) or from the sizes the SQL states (range(n)).
// Spark 3.5 leaves MetricObject.parent unset, so this is the check that matching by position works there.
import { EXPLAIN_MODE_PROTO } from '../../../src/connect/explain-mode-proto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { spark } from '../../../src/connect/generated/spark-connect';
import type { PlanDocument, PlanNode } from '../../../src/plan/model';
import type { ExplainMode } from '../../../src/connect/explain-mode';
import { parsePlan } from '../../../src/plan/parse';
import { flattenPlan, physicalRoot } from '../../../src/plan/walk';
import { summarizeMetrics } from '../../../src/plan/metric-summary';
import { mergeExecutionMetrics, type MergeSummary } from '../../../src/views/plan/metrics-merge';
import { PlanPanelModel } from '../../../src/views/plan/plan-panel-model';
import { panelInput } from '../../../src/views/plan/plan-presenter';
import { readExecutionMetrics } from '../../../src/plan/metrics';
import type { ExplainMode as RequestMode } from '../../../src/connect/explain-mode';
import { sparkServers } from '../../support/servers';

const sqlPlan = (query: string): spark.connect.IPlan => ({ root: { sql: { query } } });

interface Executed {
  rows: number;
  merged: Record<'simple' | 'formatted', { doc: PlanDocument; summary: MergeSummary }>;
}

/** Main-tree nodes of the physical plan (what the server's metrics walk visits), in pre-order. */
function mainNodes(doc: PlanDocument): PlanNode[] {
  const root = physicalRoot(doc);
  return root ? flattenPlan(root, { innerChildren: false, initialPlans: false }).map((e) => e.node) : [];
}

function metric(node: PlanNode | undefined, key: string): number | undefined {
  const v = node?.metrics?.values.find((x) => x.key === key)?.value;
  return v === undefined ? undefined : Number(v);
}

function named(doc: PlanDocument, name: string): PlanNode[] {
  return mainNodes(doc).filter((n) => n.name === name);
}

for (const server of sparkServers()) {
  describe(`execution metrics on the plan, ${server.name}`, () => {
    const client = new SparkConnectClient(parseConnectionString(server.remote));
    const run = async (query: string): Promise<void> => {
      await collectResult(client.execute(sqlPlan(query)));
    };

    /** Runs `query` under `confs`, explains it in both tree modes, and merges the run's metrics on each. */
    const execute = async (query: string, confs: Record<string, string>): Promise<Executed> => {
      const entries = Object.entries(confs);
      try {
        for (const [k, v] of entries) await run(`SET ${k}=${v}`);
        const result = await collectResult(client.execute(sqlPlan(query)));
        assert.ok(result.metrics?.metrics && result.metrics.metrics.length > 0, 'the server sent metrics with the result');
        const merged = {} as Executed['merged'];
        for (const mode of ['simple', 'formatted'] as const) {
          const resp = await client.analyze({ explain: { plan: sqlPlan(query), explainMode: EXPLAIN_MODE_PROTO[mode] } });
          const doc = parsePlan(resp.explain?.explainString ?? '', { mode: mode satisfies ExplainMode });
          merged[mode] = { doc, summary: mergeExecutionMetrics(doc, result.metrics) };
        }
        return { rows: result.rowCount, merged };
      } finally {
        for (const [k] of entries) await run(`RESET ${k}`);
      }
    };

    before(() => client.sparkVersion());
    after(() => client.close());

    test('filter over range(1000): rows in and rows that pass', async () => {
      const r = await execute('SELECT id FROM range(1000) WHERE id % 7 = 0', {});
      assert.ok(r.rows > 0 && r.rows < 1000);
      for (const { doc, summary } of Object.values(r.merged)) {
        assert.equal(metric(named(doc, 'Filter')[0], 'numOutputRows'), r.rows, `${doc.mode}: Filter rows = rows received`);
        assert.equal(metric(named(doc, 'Range')[0], 'numOutputRows'), 1000, `${doc.mode}: Range rows`);
        assert.equal(summary.unmatched, 0, 'no exchange, no AQE: every operator entry has its node');
        assert.equal(summary.matched, mainNodes(doc).length, 'and every node its entry');
      }
    });

    test('aggregate with AQE off: partial and final aggregate, the shuffle between, codegen stage times', async () => {
      const r = await execute('SELECT id % 10 AS k, count(*) AS n FROM range(1000) GROUP BY id % 10',
        { 'spark.sql.adaptive.enabled': 'false' });
      assert.equal(r.rows, 10);
      for (const { doc, summary } of Object.values(r.merged)) {
        const [final, partial] = named(doc, 'HashAggregate');
        assert.equal(metric(final, 'numOutputRows'), r.rows, `${doc.mode}: final aggregate rows = groups received`);
        const partialRows = metric(partial, 'numOutputRows') ?? 0;
        // One partial row per key and input partition.
        assert.ok(partialRows >= r.rows && partialRows % r.rows === 0, `partial rows ${partialRows}`);
        const exchange = named(doc, 'Exchange')[0];
        assert.equal(metric(exchange, 'shuffleRecordsWritten'), partialRows, 'the shuffle writes what the partial aggregate emits');
        assert.ok((summarizeMetrics(exchange.metrics).bytes ?? 0) > 0, 'shuffle bytes');
        assert.equal(metric(named(doc, 'Range')[0], 'numOutputRows'), 1000);
        assert.deepEqual(Object.keys(summary.stageTimes).sort(), ['1', '2'], 'both codegen stages report a pipeline time');
        assert.equal(summary.unmatched, 0);
      }
      // Simple mode marks the stages with *(n); the metrics agree on which stage each operator ran in.
      const simple = r.merged.simple.doc;
      const [final, partial] = named(simple, 'HashAggregate');
      assert.equal(final.codegenStage, 2);
      assert.equal(partial.codegenStage, 1);
      if (server.version === '4') {
        assert.equal(final.metrics?.codegenStage, 2, 'Spark 4 sends parent ids: the stage of every operator is known');
        assert.equal(partial.metrics?.codegenStage, 1);
      }
    });

    test('aggregate with AQE on: the explained plan is not final, the metrics of the final plan still land', async () => {
      const r = await execute('SELECT id % 10 AS k, count(*) AS n FROM range(1000) GROUP BY id % 10',
        { 'spark.sql.adaptive.enabled': 'true' });
      for (const { doc, summary } of Object.values(r.merged)) {
        const root = physicalRoot(doc);
        assert.equal(root?.name, 'AdaptiveSparkPlan');
        assert.equal(root?.adaptive?.isFinalPlan, false, 'AnalyzePlan does not execute');
        const [final, partial] = named(doc, 'HashAggregate');
        assert.equal(metric(final, 'numOutputRows'), r.rows, `${doc.mode}: final aggregate rows`);
        assert.equal(metric(named(doc, 'Exchange')[0], 'shuffleRecordsWritten'), metric(partial, 'numOutputRows'));
        assert.equal(metric(named(doc, 'Range')[0], 'numOutputRows'), 1000);
        // Query stages and AQE's shuffle read exist only in the executed plan.
        assert.ok(summary.unmatched >= 2, `unmatched executed-only operators: ${summary.unmatched}`);
        assert.equal(mainNodes(doc).filter((n) => n.metrics === undefined).length, 0, 'every explained node got its metrics');
      }
    });

    test('broadcast hash join: join output, broadcast side, probe side', async () => {
      const r = await execute('SELECT a.id, b.id2 FROM range(1000) a JOIN (SELECT id AS id2 FROM range(100)) b ON a.id % 100 = b.id2',
        { 'spark.sql.adaptive.enabled': 'false' });
      assert.equal(r.rows, 1000);
      for (const { doc } of Object.values(r.merged)) {
        assert.equal(metric(named(doc, 'BroadcastHashJoin')[0], 'numOutputRows'), r.rows, `${doc.mode}: join rows`);
        const broadcast = named(doc, 'BroadcastExchange')[0];
        assert.equal(metric(broadcast, 'numOutputRows'), 100, 'the build side broadcasts range(100)');
        assert.ok((metric(broadcast, 'dataSize') ?? 0) > 0);
        assert.deepEqual(named(doc, 'Range').map((n) => metric(n, 'numOutputRows')), [1000, 100], 'probe side first, as printed');
      }
    });

    test('the presenter\'s path: a run\'s metrics stay on the plan while other modes are fetched from the server once', async () => {
      const query = 'SELECT id % 10 AS k, count(*) AS n FROM range(1000) WHERE id > 99 GROUP BY id % 10';
      const result = await collectResult(client.execute(sqlPlan(query)));
      const asked: RequestMode[] = [];
      const explain = async (mode: RequestMode): Promise<string> => {
        asked.push(mode);
        const resp = await client.analyze({ explain: { plan: sqlPlan(query), explainMode: EXPLAIN_MODE_PROTO[mode] } });
        return resp.explain?.explainString ?? '';
      };
      const model = new PlanPanelModel(panelInput({
        title: 'metrics', profile: server.name, sql: query, mode: 'formatted', text: await explain('formatted'), explain,
        metrics: readExecutionMetrics(result.metrics),
      }));
      const signal = new AbortController().signal;
      for (const mode of ['formatted', 'simple', 'cost', 'formatted', 'simple'] as const) {
        const show = await model.load(mode, signal);
        assert.equal(show.executed, true);
        const nodes = mainNodes(show.document);
        const filter = nodes.find((n) => n.name === 'Filter');
        assert.equal(metric(filter, 'numOutputRows'), 900, `${mode}: Filter rows (range(1000) minus 0..99)`);
        assert.equal(metric(nodes.filter((n) => n.name === 'HashAggregate')[0], 'numOutputRows'), result.rowCount, `${mode}: final aggregate`);
      }
      assert.deepEqual(asked, ['formatted', 'simple', 'cost'], 'each mode asked of the server once; nothing re-ran');
    });

    test('sort-merge join: both sorts and the join', async () => {
      const r = await execute('SELECT a.id FROM range(1000) a JOIN range(300) b ON a.id = b.id',
        { 'spark.sql.adaptive.enabled': 'false', 'spark.sql.autoBroadcastJoinThreshold': '-1' });
      assert.equal(r.rows, 300);
      for (const { doc } of Object.values(r.merged)) {
        assert.equal(metric(named(doc, 'SortMergeJoin')[0], 'numOutputRows'), r.rows, `${doc.mode}: join rows`);
        const sorts = named(doc, 'Sort');
        assert.equal(sorts.length, 2);
        assert.ok(sorts.every((s) => (summarizeMetrics(s.metrics).timeMs ?? -1) >= 0), 'sort time reported');
        assert.deepEqual(named(doc, 'Exchange').map((n) => metric(n, 'shuffleRecordsWritten')), [1000, 300]);
      }
    });
  });
}
