// The hint rules over real explain output from Spark 4.3.0 and 3.5.7 (test/fixtures/plans), plus inputs
// derived from those fixtures for the cases the corpus does not contain (a scan with nothing pushed, a
// large sort).

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PlanNode, PlanSection } from '../../../src/plan/model';
import type { ExplainMode } from '../../../src/connect/explain-mode';
import { parsePlan } from '../../../src/plan/parse';
import { planHints, type HintRule, type PlanHint } from '../../../src/plan/hints';
import { summarizeMetrics } from '../../../src/plan/metric-summary';
import { isShuffle, operatorKind } from '../../../src/plan/operator-kind';
import { sectionNodes } from '../../../src/plan/section-walk';
import { mergeExecutionMetrics, lastMetrics, type MetricsLike } from '../../../src/views/plan/metrics-merge';
import { projectRoot } from '../../support/servers';

const VERSIONS = ['4.3.0', '3.5.7'] as const;
type Version = (typeof VERSIONS)[number];

function text(version: Version, id: string, mode: ExplainMode): string {
  return readFileSync(join(projectRoot(), 'test', 'fixtures', 'plans', version, `${id}.${mode}.txt`), 'utf8');
}

function physical(source: string, mode?: ExplainMode): PlanSection {
  const doc = parsePlan(source, mode ? { mode } : {});
  const s = doc.sections.find((x) => x.kind === 'physical');
  assert.ok(s?.root, 'a physical plan');
  return s;
}

function byId(s: PlanSection, id: number): PlanNode {
  const n = sectionNodes(s).find((x) => x.id === id);
  assert.ok(n, `node ${id}`);
  return n;
}

const rules = (hints: PlanHint[]): HintRule[] => hints.map((h) => h.rule).sort();
const MODES: ExplainMode[] = ['simple', 'formatted', 'cost'];

for (const version of VERSIONS) {
  describe(`hints on Spark ${version} plans`, () => {
    for (const mode of MODES) {
      it(`${mode}: a cartesian product is a warning on the CartesianProduct node`, () => {
        const s = physical(text(version, 'join_cartesian', mode));
        const hints = planHints(s);
        assert.deepEqual(rules(hints), ['cartesian']);
        assert.equal(hints[0].severity, 'warning');
        assert.equal(byId(s, hints[0].nodeIds[0]).name, 'CartesianProduct');
        assert.match(hints[0].detail, /no join condition/);
      });

      it(`${mode}: a broadcast nested loop join is a warning, with its condition or the lack of one`, () => {
        const s = physical(text(version, 'join_broadcast_nested_loop', mode));
        const [hint] = planHints(s);
        assert.equal(hint.rule, 'nestedLoop');
        assert.equal(byId(s, hint.nodeIds[0]).name, 'BroadcastNestedLoopJoin');
        assert.match(hint.title, /\(Inner\)/);
        assert.match(hint.detail, /Condition: \(id3#\d+L < id2#\d+L\)/);
        const cross = physical(text(version, 'join_cross', mode));
        const [crossHint] = planHints(cross);
        assert.equal(crossHint.rule, 'nestedLoop');
        assert.match(crossHint.title, /\(Cross\)/);
        assert.match(crossHint.detail, /no join condition at all/);
      });

      it(`${mode}: shuffles are counted, broadcasts and reused exchanges are not`, () => {
        const agg = physical(text(version, 'aqe_on_join_agg', mode));
        const shuffle = planHints(agg).find((h) => h.rule === 'shuffles');
        assert.equal(shuffle?.title, '2 shuffles');
        assert.equal(shuffle?.severity, 'info');
        assert.deepEqual(shuffle?.nodeIds.map((id) => byId(agg, id).name), ['Exchange', 'Exchange']);
        const reused = physical(text(version, 'cte_reused_exchange', mode));
        const h = planHints(reused).find((x) => x.rule === 'shuffles');
        assert.equal(h?.title, '1 shuffle');
        assert.match(h?.detail ?? '', /1 more is reused/);
        assert.equal(planHints(physical(text(version, 'join_inner', mode))).length, 0, 'a broadcast join alone has no hint');
      });

      it(`${mode}: sort-merge and shuffled hash joins get the skew note, worded for AQE on or off`, () => {
        const on = physical(text(version, 'join_sort_merge', mode));
        const onHint = planHints(on).find((h) => h.rule === 'skewJoin');
        assert.equal(byId(on, onHint!.nodeIds[0]).name, 'SortMergeJoin');
        assert.match(onHint!.detail, /skewJoin\.enabled/);
        const off = physical(text(version, 'join_sort_merge_aqe_off', mode));
        assert.match(planHints(off).find((h) => h.rule === 'skewJoin')!.detail, /Adaptive execution is off/);
        const shj = physical(text(version, 'join_shuffle_hash', mode));
        assert.match(planHints(shj).find((h) => h.rule === 'skewJoin')!.title, /Shuffled hash join/);
      });
    }

    it('no scan hint where filters were pushed or partitions pruned', () => {
      for (const id of ['parquet_pushed_filters', 'parquet_table_stats', 'parquet_partition_pruning', 'parquet_dpp']) {
        for (const mode of ['simple', 'formatted'] as const) {
          assert.equal(planHints(physical(text(version, id, mode))).filter((h) => h.rule === 'unfilteredScan').length, 0, `${id} ${mode}`);
        }
      }
    });

    it('a parquet scan with nothing pushed is flagged, with the Filter left above it', () => {
      // The real plan with its pushed filters taken away, as Spark prints a filter it could not push.
      const simple = text(version, 'parquet_pushed_filters', 'simple').replace(/PushedFilters: \[[^\]]*\]/, 'PushedFilters: []');
      const s = physical(simple);
      const hint = planHints(s).find((h) => h.rule === 'unfilteredScan');
      assert.ok(hint);
      assert.deepEqual(hint.nodeIds.map((id) => byId(s, id).name), ['FileScan', 'Filter']);
      assert.match(hint.title, /plan_fx_sales/);
      assert.match(hint.detail, /A Filter sits above this scan/);
      // Formatted mode omits an empty PushedFilters line altogether.
      const formatted = text(version, 'parquet_pushed_filters', 'formatted').replace(/\nPushedFilters: \[[^\n]*/, '');
      const f = physical(formatted);
      const fh = planHints(f).find((h) => h.rule === 'unfilteredScan');
      assert.equal(byId(f, fh!.nodeIds[0]).name, 'Scan');
    });

    it('a sort is flagged only when its input is known to be large', () => {
      const s = physical(text(version, 'order_by', 'simple'));
      assert.equal(planHints(s).filter((h) => h.rule === 'largeSort').length, 0, 'no metrics, no statistics: no claim');
      const json = JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', 'plans', version, 'order_by.metrics.json'), 'utf8')) as { responses: MetricsLike[] };
      const doc = parsePlan(text(version, 'order_by', 'simple'));
      mergeExecutionMetrics(doc, lastMetrics(json.responses)!);
      const executed = doc.sections.find((x) => x.kind === 'physical')!;
      assert.equal(planHints(executed).filter((h) => h.rule === 'largeSort').length, 0, '1000 rows is not large');
      const [hint] = planHints(executed, { largeSortRows: 500 }).filter((h) => h.rule === 'largeSort');
      assert.equal(byId(executed, hint.nodeIds[0]).name, 'Sort');
      assert.match(hint.title, /1000 rows/);
      assert.match(hint.detail, /global sort/);
    });

    it('with metrics, the operator with the most time is named', () => {
      const json = JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', 'plans', version, 'aqe_off_join_agg.metrics.json'), 'utf8')) as { responses: MetricsLike[] };
      const doc = parsePlan(text(version, 'aqe_off_join_agg', 'formatted'));
      mergeExecutionMetrics(doc, lastMetrics(json.responses)!);
      const s = doc.sections.find((x) => x.kind === 'physical')!;
      const hot = planHints(s).find((h) => h.rule === 'hotspot');
      assert.ok(hot);
      const times = sectionNodes(s).map((n) => summarizeMetrics(n.metrics).timeMs ?? -1);
      const hottest = byId(s, hot.nodeIds[0]);
      assert.equal(summarizeMetrics(hottest.metrics).timeMs, Math.max(...times));
      assert.ok(hot.title.startsWith(`Most time: ${hottest.name}`));
    });
  });
}

describe('logical plans with statistics', () => {
  it('a cost-mode Sort with a large row count is flagged', () => {
    const source = [
      '== Optimized Logical Plan ==',
      'Sort [k#1L ASC NULLS FIRST], true, Statistics(sizeInBytes=3.0 GiB, rowCount=1.20E+8)',
      '+- Relation spark_catalog.db.t[k#1L] parquet, Statistics(sizeInBytes=3.0 GiB, rowCount=1.20E+8)',
      '',
      '== Physical Plan ==',
      '*(1) Sort [k#1L ASC NULLS FIRST], true, 0',
      '+- Exchange rangepartitioning(k#1L ASC NULLS FIRST, 200), ENSURE_REQUIREMENTS, [plan_id=7]',
      '   +- *(1) ColumnarToRow',
      '      +- FileScan parquet spark_catalog.db.t[k#1L] Batched: true, DataFilters: [], Format: Parquet, PartitionFilters: [], PushedFilters: [], ReadSchema: struct<k:bigint>',
      '',
    ].join('\n');
    const doc = parsePlan(source, { mode: 'cost' });
    const optimized = doc.sections.find((s) => s.kind === 'optimized')!;
    const hint = planHints(optimized).find((h) => h.rule === 'largeSort');
    assert.ok(hint, JSON.stringify(planHints(optimized)));
    assert.match(hint.title, /120\.0M rows/);
    const phys = doc.sections.find((s) => s.kind === 'physical')!;
    const scan = planHints(phys).find((h) => h.rule === 'unfilteredScan');
    assert.match(scan?.detail ?? '', /reads every file/);
  });
});

describe('operatorKind', () => {
  it('sorts operators into the colour families', () => {
    const cases: Array<[string, string]> = [
      ['FileScan', 'scan'], ['Scan', 'scan'], ['BatchScan', 'scan'], ['InMemoryTableScan', 'scan'], ['Range', 'scan'], ['LocalTableScan', 'scan'],
      ['Relation', 'scan'], ['Filter', 'filter'], ['Project', 'filter'], ['CollectLimit', 'filter'], ['BroadcastHashJoin', 'join'],
      ['SortMergeJoin', 'join'], ['CartesianProduct', 'join'], ['Join', 'join'], ['HashAggregate', 'aggregate'], ['Aggregate', 'aggregate'],
      ['Window', 'aggregate'], ['Exchange', 'exchange'], ['BroadcastExchange', 'exchange'], ['ShuffleQueryStage', 'exchange'],
      ['AQEShuffleRead', 'exchange'], ['Sort', 'sort'], ['TakeOrderedAndProject', 'sort'], ['WriteFiles', 'write'],
      ['AppendData', 'write'], ['Union', 'other'], ['Expand', 'other'], ['AdaptiveSparkPlan', 'other'],
    ];
    for (const [name, kind] of cases) assert.equal(operatorKind(name), kind, name);
    assert.equal(operatorKind('Execute', 'Execute InsertIntoHadoopFsRelationCommand file:/x'), 'write');
    assert.equal(operatorKind('Execute', 'Execute ShowTablesCommand'), 'other');
    assert.ok(isShuffle('Exchange') && !isShuffle('BroadcastExchange') && !isShuffle('ReusedExchange'));
  });
});

describe('summarizeMetrics', () => {
  it('reads rows, time and bytes, and ignores unset (-1) values', () => {
    const m = summarizeMetrics({
      planId: 1,
      values: [
        { key: 'numOutputRows', name: 'rows', value: 10n, metricType: 'sum' },
        { key: 'sortTime', name: 'sort time', value: 5, metricType: 'timing' },
        { key: 'shuffleWriteTime', name: 'write time', value: 2_000_000, metricType: 'nsTiming' },
        { key: 'fetchWaitTime', name: 'wait', value: -1, metricType: 'timing' },
        { key: 'dataSize', name: 'data size', value: 4800, metricType: 'size' },
        { key: 'spillSize', name: 'spill', value: -1, metricType: 'size' },
      ],
    });
    assert.deepEqual(m, { rows: 10, timeMs: 7, bytes: 4800 });
    assert.deepEqual(summarizeMetrics(undefined), {});
  });
});
