// planToJson and the walking helpers, on captured fixtures.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../../src/plan/parse';
import type { PlanNode } from '../../../src/plan/model';
import { PLAN_JSON_FORMAT, PLAN_JSON_VERSION, planToJson } from '../../../src/plan/json';
import { mergeMetrics } from '../../../src/plan/metrics';
import { allNodes, documentRoots, findNodeById, flattenPlan, physicalRoot, walkPlan } from '../../../src/plan/walk';
import { readExplain, readMetrics } from './fixtures';

interface JsonNode {
  id: number;
  name: string;
  children: JsonNode[];
  innerChildren: JsonNode[];
  rawLines?: string[];
  metrics?: { values: Array<{ key: string; value: number | string }> };
  stats?: { raw?: string; sizeInBytes?: number };
}

describe('planToJson', () => {
  it('writes the document as plain JSON with a format header', () => {
    const doc = parsePlan(readExplain('4.3.0', 'parquet_dpp', 'formatted'));
    const json = JSON.parse(planToJson(doc)) as Record<string, unknown>;
    assert.equal(json.format, PLAN_JSON_FORMAT);
    assert.equal(json.version, PLAN_JSON_VERSION);
    assert.equal(json.mode, 'formatted');
    // Without bigints the JSON is the document itself.
    const { format: _f, version: _v, ...rest } = json;
    assert.deepEqual(rest, JSON.parse(JSON.stringify(doc)));
  });

  it('writes bigint metric values as numbers when exact and as strings beyond 2^53', () => {
    const doc = parsePlan(readExplain('4.3.0', 'agg_group_by_aqe_off', 'simple'));
    const [metrics] = readMetrics('4.3.0', 'agg_group_by_aqe_off').responses;
    mergeMetrics(doc, metrics.map((m) => ({
      ...m,
      executionMetrics: { ...m.executionMetrics, big: { name: 'big', value: 2n ** 60n, metricType: 'sum' }, small: { name: 's', value: 7n, metricType: 'sum' } },
    })));
    assert.throws(() => JSON.stringify(doc), /BigInt/);
    const json = JSON.parse(planToJson(doc, { space: 1 })) as { sections: Array<{ root: JsonNode }> };
    const values = json.sections[0].root.metrics?.values ?? [];
    assert.equal(values.find((v) => v.key === 'big')?.value, (2n ** 60n).toString());
    assert.equal(values.find((v) => v.key === 'small')?.value, 7);
  });

  it('drops the raw text on request and keeps the structure', () => {
    const doc = parsePlan(readExplain('3.5.7', 'cached_table', 'cost'));
    const full = planToJson(doc);
    const lean = planToJson(doc, { raw: false });
    assert.ok(lean.length < full.length, `${lean.length} vs ${full.length}`);
    assert.ok(!lean.includes(doc.sections[0].raw.split('\n')[1]), 'no raw node lines left');
    const json = JSON.parse(lean) as { raw?: string; sections: Array<{ raw?: string; root: JsonNode }> };
    assert.equal(json.raw, undefined);
    assert.equal(json.sections[0].raw, undefined);
    const root = json.sections[0].root;
    assert.equal(root.rawLines, undefined);
    assert.equal(root.name, 'Filter');
    assert.equal(root.stats?.raw, undefined);
    assert.ok((root.stats?.sizeInBytes ?? 0) > 0);
    assert.equal(root.children[0].name, 'InMemoryRelation');
    assert.equal(root.children[0].innerChildren[0].name, 'AdaptiveSparkPlan');
  });
});

describe('walking plans', () => {
  const doc = parsePlan(readExplain('4.3.0', 'subquery_scalar_reused', 'simple'));
  const root = physicalRoot(doc) as PlanNode;

  it('flattens in printed order, inner children before children', () => {
    const lines = flattenPlan(root).map((e) => `${e.depth}:${e.node.name}:${e.via}`);
    assert.deepEqual(lines, [
      '0:Project:root', '1:ReusedSubquery:inner', '1:Filter:child', '2:Subquery:inner', '3:HashAggregate:child',
      '4:Exchange:child', '5:HashAggregate:child', '6:Project:child', '7:Range:child', '2:Range:child',
    ]);
    // The printed order is the text's line order.
    const order = flattenPlan(root).map((e) => e.node.line);
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    assert.deepEqual(flattenPlan(root, { innerChildren: false }).map((e) => e.node.name), ['Project', 'Filter', 'Range']);
  });

  it('skips a subtree when the visitor returns false', () => {
    const seen: string[] = [];
    walkPlan(root, (e) => {
      seen.push(e.node.name);
      return e.node.name !== 'Subquery';
    });
    assert.deepEqual(seen, ['Project', 'ReusedSubquery', 'Filter', 'Subquery', 'Range']);
  });

  it('finds nodes and roots across sections', () => {
    const formatted = parsePlan(readExplain('3.5.7', 'subquery_scalar_reused', 'formatted'));
    assert.deepEqual(documentRoots(formatted).map((r) => r.role), ['main', 'subquery']);
    const nodes = allNodes(formatted);
    assert.equal(nodes.length, formatted.nodeCount);
    for (const n of nodes) assert.equal(findNodeById(formatted, n.id), n);
    assert.equal(findNodeById(formatted, -1), undefined);
    const codegen = parsePlan(readExplain('3.5.7', 'subquery_scalar_reused', 'codegen'));
    assert.ok(documentRoots(codegen).every((r) => r.role === 'codegenSubtree'));
  });
});
