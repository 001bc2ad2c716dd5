// Concrete checks on selected fixtures: values the queries determine (pushed filters, partition filters,
// aggregate functions, cached plans, subquery hosts, reuse targets), read from the parsed model.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CORPUS_VERSIONS, type CorpusVersion, type ExplainModeName } from '../../fixtures/plans/corpus';
import { parsePlan } from '../../../src/plan/parse';
import type { PlanDocument, PlanNode } from '../../../src/plan/model';
import { detailValue, flattenPlan, findNodeById } from '../../../src/plan/walk';
import { readExplain, readManifest } from './fixtures';
import { allPhysicalNodes, nodesOf, physical } from './plan-helpers';

function load(version: CorpusVersion, id: string, mode: ExplainModeName): PlanDocument {
  return parsePlan(readExplain(version, id, mode), { mode });
}

function only(nodes: readonly PlanNode[], name: string): PlanNode {
  const found = nodes.filter((n) => n.name === name);
  assert.equal(found.length, 1, `exactly one ${name}`);
  return found[0];
}

for (const version of CORPUS_VERSIONS) {
  describe(`plan details, Spark ${version}`, () => {
    const ns = readManifest(version).namespace;

    it('parquet scan: pushed filters, read schema and codegen boundary', () => {
      const doc = load(version, 'parquet_pushed_filters', 'formatted');
      const nodes = allPhysicalNodes(doc);
      const scan = only(nodes, 'Scan');
      assert.equal(scan.nodeName, `Scan parquet spark_catalog.${ns}.plan_fx_sales`);
      const pushed = detailValue(scan, 'PushedFilters') ?? '';
      assert.match(pushed, /EqualTo\(product_id,7\)/);
      assert.match(pushed, /GreaterThan\(price,100\.0\)/);
      assert.match(detailValue(scan, 'ReadSchema') ?? '', /^struct<.*price:double.*>$/);
      assert.equal(detailValue(scan, 'Batched'), 'true');
      assert.equal(scan.inCodegen, false, 'the scan feeds codegen through ColumnarToRow');
      assert.equal(only(nodes, 'ColumnarToRow').codegenStage, 1);
      assert.match(detailValue(only(nodes, 'Filter'), 'Condition') ?? '', /product_id#\d+L = 7/);
      assert.deepEqual(physical(doc).root?.output?.map((a) => a.name), ['sale_id', 'price']);

      const simple = load(version, 'parquet_pushed_filters', 'simple');
      const fileScan = only(allPhysicalNodes(simple), 'FileScan');
      assert.match(fileScan.args, /PushedFilters: \[[^\]]*EqualTo\(product_id,7\)/);
      assert.ok(fileScan.output?.some((a) => a.name === 'price' && a.exprId !== undefined));
    });

    it('parquet scan: a static partition filter', () => {
      const scan = only(allPhysicalNodes(load(version, 'parquet_partition_pruning', 'formatted')), 'Scan');
      assert.match(detailValue(scan, 'PartitionFilters') ?? '', /\(region#\d+ = 2\)/);
      assert.match(detailValue(scan, 'Location') ?? '', /region=2/);
    });

    it('two-phase aggregate: keys, functions and results', () => {
      const nodes = allPhysicalNodes(load(version, 'agg_group_by', 'formatted'));
      const aggs = nodes.filter((n) => n.name === 'HashAggregate');
      assert.equal(aggs.length, 2);
      const [final, partial] = aggs; // pre-order: the final aggregate sits above the shuffle
      const fn = (n: PlanNode) => n.details?.find((d) => d.key === 'Functions');
      assert.equal(fn(partial)?.count, 3);
      assert.match(fn(partial)?.value ?? '', /^\[partial_count\(1\), partial_sum\(id#\d+L\), partial_avg\(amount#\d+\)\]$/);
      assert.match(fn(final)?.value ?? '', /^\[count\(1\), sum\(id#\d+L\), avg\(amount#\d+\)\]$/);
      assert.equal(final.details?.find((d) => d.key === 'Keys')?.count, 1);
      assert.deepEqual(final.output?.map((a) => a.name), ['k', 'n', 'total', 'mean']);
      assert.match(final.output?.[1].expression ?? '', /^count\(1\)#\d+L$/);
      const exchange = only(nodes, 'Exchange');
      assert.match(exchange.args, /^hashpartitioning\(k#\d+L, 200\), ENSURE_REQUIREMENTS, \[plan_id=\d+\]$/);
    });

    it('codegen mode: one subtree per stage of the AQE-off aggregate', () => {
      const section = load(version, 'agg_group_by_aqe_off', 'codegen').sections[0];
      const subtrees = section.codegenSubtrees ?? [];
      assert.deepEqual(subtrees.map((s) => s.codegenStage), [1, 2]);
      assert.match(subtrees[0].root?.args ?? '', /functions=\[partial_count\(1\)/);
      assert.match(subtrees[1].root?.args ?? '', /functions=\[count\(1\)/);
      assert.ok(subtrees.every((s) => s.code.includes('final class GeneratedIteratorForCodegenStage')));
    });

    for (const mode of ['simple', 'formatted'] as const) {
      it(`cached table (${mode}): the cached plan is an inner child with final and initial AQE plans`, () => {
        const doc = load(version, 'cached_table', mode);
        const nodes = nodesOf(physical(doc).root, { innerChildren: true });
        const scan = nodes.find((n) => n.label.startsWith('Scan In-memory table plan_fx_cached'));
        assert.ok(scan, 'in-memory scan');
        assert.equal(scan.children.length, 0);
        const relation = scan.innerChildren[0];
        assert.equal(relation?.name, 'InMemoryRelation');
        const cached = relation.innerChildren[0];
        assert.equal(cached?.name, 'AdaptiveSparkPlan');
        assert.equal(cached.adaptive?.isFinalPlan, true, 'CACHE TABLE ran the plan');
        assert.equal(cached.adaptive?.currentPlanLabel, 'Final Plan');
        const finalNames = nodesOf(cached.children[0]).map((n) => n.name);
        const initial = cached.adaptive?.initialPlan;
        assert.ok(initial, 'initial plan kept apart');
        const initialNames = nodesOf(initial).map((n) => n.name);
        assert.ok(finalNames.includes('ShuffleQueryStage'), finalNames.join());
        assert.ok(!initialNames.includes('ShuffleQueryStage'), 'no query stages before execution');
        assert.equal(initialNames[0], 'HashAggregate');
        assert.equal(finalNames[0], version === '4.3.0' ? 'ResultQueryStage' : 'HashAggregate');
        // Walks leave the initial plan out unless asked.
        const ids = new Set(nodesOf(physical(doc).root, { innerChildren: true }).map((n) => n.id));
        assert.ok(!ids.has(initial.id));
        if (mode === 'formatted') {
          const stage = nodesOf(cached.children[0]).find((n) => n.name === 'ShuffleQueryStage');
          // 1000 rows in 2 range splits, 10 keys: each split's partial aggregate emits 10 rows.
          assert.equal(stage?.stats?.rowCount, 20);
          const shared = nodesOf(physical(doc).root, { innerChildren: true, initialPlans: true })
            .filter((n) => n.name === 'Project');
          assert.equal(shared.length, 2, 'final and initial plan both print the Project');
          assert.equal(shared[0].operatorId, shared[1].operatorId, 'under one operator id');
          assert.ok(shared.every((n) => detailValue(n, 'Output')?.includes('AS k#')));
        } else {
          const stages = nodesOf(cached.children[0]).map((n) => n.codegenStage).filter((s) => s !== undefined);
          assert.deepEqual([...new Set(stages)].sort(), [1, 2]);
        }
      });
    }

    it('scalar subquery: inner child in simple mode, hosted entry in formatted mode', () => {
      const simple = load(version, 'subquery_scalar', 'simple');
      const filter = only(nodesOf(physical(simple).root, { innerChildren: false }), 'Filter');
      const sub = filter.innerChildren[0];
      assert.equal(sub?.name, 'Subquery');
      assert.match(sub.args, /^scalar-subquery#\d+, \[id=#\d+\]$/);
      assert.deepEqual(nodesOf(sub).map((n) => n.name).slice(1, 3), ['HashAggregate', 'Exchange']);

      const formatted = load(version, 'subquery_scalar', 'formatted');
      const host = only(nodesOf(physical(formatted).root), 'Filter');
      const [entry] = physical(formatted).subqueries ?? [];
      assert.equal(entry.hostingOperatorId, host.operatorId);
      assert.match(entry.hostingExpression, /^Subquery scalar-subquery#\d+, \[id=#\d+\]$/);
      assert.equal(entry.root?.name, 'HashAggregate');
      assert.match(detailValue(host, 'Condition') ?? '', /Subquery scalar-subquery#/);
    });

    it('dynamic partition pruning: the pruning subquery reuses the join broadcast', () => {
      const simple = load(version, 'parquet_dpp', 'simple');
      const nodes = allPhysicalNodes(simple);
      const facts = nodes.find((n) => n.name === 'FileScan' && n.args.includes('plan_fx_sales'));
      const pruning = facts?.innerChildren[0];
      assert.equal(pruning?.name, 'SubqueryBroadcast');
      const broadcast = pruning.children[0];
      assert.equal(broadcast?.name, 'BroadcastExchange');
      const reused = only(nodes, 'ReusedExchange');
      assert.deepEqual(reused.links, [{ kind: 'reuses', targetId: broadcast.id }]);

      const formatted = load(version, 'parquet_dpp', 'formatted');
      const [entry] = physical(formatted).subqueries ?? [];
      assert.match(entry.hostingExpression, /^region#\d+ IN dynamicpruning#\d+$/);
      const scan = findNodeById(formatted, entry.hostNodeIds[0]);
      assert.equal(scan?.nodeName, `Scan parquet spark_catalog.${ns}.plan_fx_sales`);
      assert.equal(entry.root?.name, 'BroadcastExchange');
      const reusedF = only(allPhysicalNodes(formatted), 'ReusedExchange');
      assert.equal(reusedF.detailHeader, `(${reusedF.operatorId}) ReusedExchange [Reuses operator id: ${entry.root.operatorId}]`);
      assert.deepEqual(reusedF.links, [{ kind: 'reuses', targetId: entry.root.id }]);
    });

    it('a self-joined CTE reuses the aggregate exchange', () => {
      const nodes = allPhysicalNodes(load(version, 'cte_reused_exchange', 'simple'));
      const reused = only(nodes, 'ReusedExchange');
      const target = nodes.find((n) => n.id === reused.links[0]?.targetId);
      assert.equal(target?.name, 'Exchange');
      assert.equal(reused.args.endsWith(/\[plan_id=\d+\]$/.exec(target.args)?.[0] ?? '?'), true);
      assert.deepEqual(reused.output?.map((a) => a.name), ['k', 'count']);
    });

    it('a projection past maxToStringFields ends with the "more fields" placeholder', () => {
      for (const mode of ['simple', 'extended'] as const) {
        const doc = load(version, 'wide_projection', mode);
        const project = only(nodesOf(physical(doc).root), 'Project');
        const output = project.output ?? [];
        const more = output[output.length - 1]?.moreFields ?? 0;
        assert.ok(more > 0, 'truncated');
        assert.equal(output.length - 1 + more, 30, 'shown + hidden = the 30 projected columns');
        assert.deepEqual(output.slice(0, 3).map((a) => a.name), ['c0', 'c1', 'c2']);
      }
      const analyzed = load(version, 'wide_projection', 'extended').sections[1];
      assert.equal((analyzed.schema?.length ?? 0) + (analyzed.schemaMoreFields ?? 0), 30);
    });

    it('the parsed logical plan keeps unresolved markers', () => {
      const parsed = load(version, 'filter_project', 'extended').sections[0];
      const nodes = nodesOf(parsed.root);
      assert.equal(nodes[0].name, 'Project');
      assert.equal(nodes[0].unresolved, true);
      const relation = nodes[nodes.length - 1];
      assert.equal(relation.name, 'UnresolvedRelation');
      assert.ok(relation.unresolved && relation.args.startsWith('[plan_fx_t1]'));
      assert.ok(nodes[0].rawLines[0].startsWith("'Project"));
    });

    it('cost mode: table statistics give the scan a row count', () => {
      const optimized = load(version, 'parquet_table_stats', 'cost').sections[0];
      const relation = flattenPlan(optimized.root as PlanNode).map((e) => e.node).find((n) => n.name === 'Relation');
      assert.equal(relation?.stats?.rowCount, 4, 'plan_fx_region has 4 rows');
      assert.ok((relation?.stats?.sizeInBytes ?? 0) > 0);
      assert.match(relation?.stats?.sizeText ?? '', / B$/);
      assert.equal(relation?.output?.map((a) => a.name).join(), 'region_id,region_name');
    });

    it('joins state their keys and build side', () => {
      const nodes = allPhysicalNodes(load(version, 'join_right_outer', 'formatted'));
      const join = only(nodes, 'BroadcastHashJoin');
      assert.equal(detailValue(join, 'Join type'), 'RightOuter');
      assert.match(join.label, /^BroadcastHashJoin RightOuter BuildLeft$/);
      assert.match(detailValue(join, 'Left keys') ?? '', /^\[id2#\d+L\]$/);
      const simple = only(allPhysicalNodes(load(version, 'join_right_outer', 'simple')), 'BroadcastHashJoin');
      assert.match(simple.args, /^\[id2#\d+L\], \[id#\d+L\], RightOuter, BuildLeft/);
    });
  });
}
