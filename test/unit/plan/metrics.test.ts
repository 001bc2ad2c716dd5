// Merging ExecutePlanResponse metrics onto parsed plans: against the metrics real 4.3.0 and 3.5.7 servers
// sent for corpus queries (captured with the explain text), and on hand-made inputs for the edge cases.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CORPUS, CORPUS_VERSIONS, type CorpusVersion } from '../../fixtures/plans/corpus';
import { parsePlan } from '../../../src/plan/parse';
import type { PlanNode } from '../../../src/plan/model';
import {
  align, mergeMetrics, operatorKey, readExecutionMetrics, toInt, type ExecutionMetric,
} from '../../../src/plan/metrics';
import { flattenPlan } from '../../../src/plan/walk';
import { readExplain, readMetrics } from './fixtures';
import { physical } from './plan-helpers';

// Entries of the executed plan that explain text before execution never shows.
const RUNTIME_ONLY = new Set(['ResultQueryStage', 'ShuffleQueryStage', 'BroadcastQueryStage', 'TableCacheQueryStage', 'AQEShuffleRead']);

function metricValue(node: PlanNode | undefined, key: string): number | bigint | undefined {
  return node?.metrics?.values.find((v) => v.key === key)?.value;
}

/** Parent entry index of each metric entry, from parent ids (4.x): the nearest earlier entry with that id. */
function metricParents(metrics: readonly ExecutionMetric[]): Array<number | undefined> {
  const last = new Map<string, number>();
  return metrics.map((m, i) => {
    const p = String(m.parent) === String(m.planId) ? undefined : last.get(String(m.parent));
    last.set(String(m.planId), i);
    return p;
  });
}

// numOutputRows the queries fix: [entry, operator (first in pre-order), rows].
const ROW_COUNTS: Array<[string, string, number]> = [
  ['agg_group_by', 'HashAggregate', 10], // 10 distinct k
  ['agg_group_by_aqe_off', 'HashAggregate', 10],
  ['join_inner', 'BroadcastHashJoin', 100], // every id2 in 0..99 meets one id
  ['union_all', 'Filter', 100], // k = 1 keeps 100 of 1000 rows
  ['union_all', 'Range', 1000],
  ['subquery_scalar', 'Filter', 950], // id > avg(0..99) = 49.5
  ['cached_table', 'Filter', 10], // each of the 10 groups has 100 rows > 50
  ['cte_reused_exchange', 'BroadcastHashJoin', 10],
];

for (const version of CORPUS_VERSIONS) {
  describe(`metrics merge on captured executions, Spark ${version}`, () => {
    for (const entry of CORPUS.filter((e) => e.metrics)) {
      for (const mode of ['simple', 'formatted'] as const) {
        it(`${entry.id} (${mode})`, () => {
          const fixture = readMetrics(version as CorpusVersion, entry.id);
          assert.ok(fixture.responses.length >= 1);
          const metrics = fixture.responses[fixture.responses.length - 1];
          const doc = parsePlan(readExplain(version, entry.id, mode), { mode });
          const result = mergeMetrics(doc, metrics);

          assert.equal(result.parentLinks, version === '4.3.0', '3.5 servers leave parent at 0');
          const adaptive = metrics.some((m) => m.name === 'AdaptiveSparkPlan');
          const executed = flattenPlan(physical(doc).root as PlanNode, { innerChildren: false }).map((e) => e.node);
          assert.deepEqual(result.unmatchedNodeIds, [], 'every operator of the explained plan ran');
          assert.equal(result.matched.length, executed.length);
          const leftover = result.unmatchedMetricIndexes.map((i) => metrics[i].name);
          if (adaptive) assert.ok(leftover.every((n) => RUNTIME_ONLY.has(n)), leftover.join());
          else assert.deepEqual(leftover, [], 'without AQE the executed plan is the explained one');

          const byId = new Map(executed.map((n) => [n.id, n]));
          const metricOfNode = new Map(result.matched.map((m) => [m.nodeId, m.metricIndex]));
          for (const { nodeId, metricIndex } of result.matched) {
            const node = byId.get(nodeId) as PlanNode;
            assert.equal(operatorKey(node.nodeName ?? node.name), operatorKey(metrics[metricIndex].name));
            assert.equal(node.metrics?.planId, metrics[metricIndex].planId);
          }
          if (result.parentLinks) {
            // The alignment must respect the tree: from a node's entry, the server's parent chain reaches the
            // entry of the node's parent through unmatched entries only.
            const parents = metricParents(metrics);
            const matchedIndexes = new Set(result.matched.map((m) => m.metricIndex));
            for (const e of flattenPlan(physical(doc).root as PlanNode, { innerChildren: false })) {
              if (!e.parent) continue;
              let p = parents[metricOfNode.get(e.node.id) as number];
              while (p !== undefined && !matchedIndexes.has(p)) p = parents[p];
              assert.equal(p, metricOfNode.get(e.parent.id), `${e.node.name} under ${e.parent.name}`);
            }
          }
          // Stage ids: the explain text's *(n) / [codegen id : n] equal the executed WholeStageCodegen ids.
          if (!adaptive) {
            for (const stage of result.stages) {
              assert.ok(stage.topNodeId !== undefined, `stage ${stage.stageId} top matched`);
              assert.equal(byId.get(stage.topNodeId)?.codegenStage, stage.stageId);
              assert.ok(stage.values.some((v) => v.key === 'pipelineTime' && v.metricType === 'timing'));
            }
            if (result.parentLinks) {
              for (const node of executed) assert.equal(node.metrics?.codegenStage, node.codegenStage, node.label);
            }
          }
          for (const [id, op, rows] of ROW_COUNTS.filter(([id]) => id === entry.id)) {
            const node = executed.find((n) => n.name === op);
            assert.equal(Number(metricValue(node, 'numOutputRows')), rows, `${id} ${op} numOutputRows`);
          }
        });
      }
    }
  });
}

describe('metrics merge on hand-made input', () => {
  const text = [
    '== Physical Plan ==',
    '*(2) HashAggregate(keys=[k#1L], functions=[count(1)])',
    '+- Exchange hashpartitioning(k#1L, 200), ENSURE_REQUIREMENTS, [plan_id=7]',
    '   +- *(1) HashAggregate(keys=[k#1L], functions=[partial_count(1)])',
    '      +- *(1) FileScan parquet db.t[k#1L] Batched: true, Location: x',
  ].join('\n');
  const m = (name: string, planId: number | bigint, parent: number | bigint, rows?: number | bigint): ExecutionMetric => ({
    name, planId, parent,
    executionMetrics: rows === undefined ? {} : { numOutputRows: { name: 'number of output rows', value: rows, metricType: 'sum' } },
  });

  it('skips WholeStageCodegen/InputAdapter, reads FileScan as Scan, keeps bigint values', () => {
    const doc = parsePlan(text);
    const huge = 2n ** 62n;
    const result = mergeMetrics(doc, [
      m('WholeStageCodegen (2)', 10, 10), m('HashAggregate', 11, 10, 3), m('InputAdapter', 12, 11),
      m('Exchange', 13, 12), m('WholeStageCodegen (1)', 14, 13), m('HashAggregate', 15, 14, 6),
      m('Scan parquet db.t', 16, 15, huge),
    ]);
    const nodes = flattenPlan(physical(doc).root as PlanNode).map((e) => e.node);
    assert.deepEqual(result.unmatchedNodeIds, []);
    assert.deepEqual(result.unmatchedMetricIndexes, []);
    assert.deepEqual(nodes.map((n) => n.metrics?.planId), [11, 13, 15, 16]);
    assert.deepEqual(nodes.map((n) => n.metrics?.codegenStage), [2, undefined, 1, 1]);
    assert.equal(metricValue(nodes[3], 'numOutputRows'), huge);
    assert.deepEqual(result.stages.map((s) => [s.stageId, s.topNodeId]), [[2, nodes[0].id], [1, nodes[2].id]]);
  });

  it('without parent ids (3.5) still matches by order; only stage tops know their stage', () => {
    const doc = parsePlan(text);
    const result = mergeMetrics(doc, [
      m('WholeStageCodegen (2)', 10, 0), m('HashAggregate', 11, 0), m('InputAdapter', 12, 0), m('Exchange', 13, 0),
      m('WholeStageCodegen (1)', 14, 0), m('HashAggregate', 15, 0), m('Scan parquet db.t', 16, 0),
    ]);
    assert.equal(result.parentLinks, false);
    const nodes = flattenPlan(physical(doc).root as PlanNode).map((e) => e.node);
    assert.deepEqual(nodes.map((n) => n.metrics?.codegenStage), [2, undefined, 1, undefined]);
  });

  it('reports what does not line up instead of forcing a match', () => {
    const doc = parsePlan(text);
    const result = mergeMetrics(doc, [m('Sort', 1, 1), m('HashAggregate', 2, 1), m('Scan parquet db.t', 3, 2)]);
    const nodes = flattenPlan(physical(doc).root as PlanNode).map((e) => e.node);
    assert.deepEqual(result.unmatchedMetricIndexes, [0]);
    // Two alignments are equally long; the one that keeps HashAggregate next to the scan wins.
    assert.deepEqual(result.unmatchedNodeIds, [nodes[0].id, nodes[1].id]);
    assert.equal(nodes[2].metrics?.planId, 2);
    assert.equal(nodes[3].metrics?.planId, 3);
    // A second merge replaces the first one's values.
    mergeMetrics(doc, []);
    assert.ok(nodes.every((n) => n.metrics === undefined));
  });

  it('merges onto nothing when the document has no physical plan', () => {
    const result = mergeMetrics(parsePlan('Found 0 WholeStageCodegen subtrees.'), [m('Range', 1, 1, 5)]);
    assert.deepEqual(result.matched, []);
    assert.deepEqual(result.unmatchedMetricIndexes, [0]);
  });

  it('reads protobufjs objects, JSON mapping and snake_case alike', () => {
    const long = { low: 5, high: 0, toString: () => '5' };
    const fromObjects = readExecutionMetrics({
      metrics: [{ name: 'Range', planId: long, parent: long, executionMetrics: { numOutputRows: { name: 'rows', value: long, metricType: 'sum' } } }],
    });
    const fromJson = readExecutionMetrics({ metrics: [{ name: 'Range', planId: '5', parent: '5', executionMetrics: { numOutputRows: { name: 'rows', value: '5', metricType: 'sum' } } }] });
    const fromSnake = readExecutionMetrics([{ name: 'Range', plan_id: 5, parent: 5n, execution_metrics: { numOutputRows: { name: 'rows', value: 5, metric_type: 'sum' } } }]);
    const expected = [{ name: 'Range', planId: 5, parent: 5, executionMetrics: { numOutputRows: { name: 'rows', value: 5, metricType: 'sum' } } }];
    assert.deepEqual(fromObjects, expected);
    assert.deepEqual(fromJson, expected);
    assert.deepEqual(fromSnake, expected);
    // Zero values are omitted in protobuf's JSON mapping; garbage entries are skipped.
    assert.deepEqual(readExecutionMetrics({ metrics: [{ name: 'X' }, 42, null, { planId: 1 }] }),
      [{ name: 'X', planId: 0, parent: 0, executionMetrics: {} }]);
    assert.deepEqual(readExecutionMetrics('nonsense'), []);
  });

  it('keeps int64 exact: numbers when safe, bigint beyond 2^53', () => {
    assert.equal(toInt('9007199254740991'), 9007199254740991);
    assert.equal(toInt('9007199254740993'), 9007199254740993n);
    assert.equal(toInt('-12'), -12);
    assert.equal(toInt('12.5'), 0);
    assert.equal(toInt(undefined), 0);
  });

  it('aligns by longest common subsequence, and greedily past the size cap', () => {
    assert.deepEqual(align(['A', 'B', 'C'], ['A', 'X', 'B', 'C']), [[0, 0], [1, 2], [2, 3]]);
    assert.deepEqual(align(['A', 'S', 'B'], ['A', 'B']), [[0, 0], [2, 1]]);
    assert.deepEqual(align([], ['A']), []);
    const big = Array.from({ length: 2500 }, (_, i) => (i % 7 === 0 ? 'Exchange' : `Op${i % 5}`));
    const withWrappers = big.flatMap((k, i) => (i % 50 === 0 ? ['Stage', k] : [k]));
    const pairs = align(big, withWrappers);
    assert.equal(pairs.length, big.length, 'every node found past inserted wrappers');
    assert.ok(pairs.every(([a, b]) => big[a] === withWrappers[b]));
  });
});
