// The final adaptive plan rebuilt from a run's metrics, on what the real 4.3.0 and 3.5.7 servers sent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addFinalPlan } from '../../../src/plan/final-plan';
import { parsePlan } from '../../../src/plan/parse';
import type { PlanNode } from '../../../src/plan/model';
import type { ExecutionMetric } from '../../../src/plan/metrics';
import { readExplain, readMetrics } from './fixtures';

function lastMetrics(version: '4.3.0' | '3.5.7', id: string): ExecutionMetric[] {
  const r = readMetrics(version, id).responses.filter((m) => m.length > 0);
  return r[r.length - 1];
}

/** "name[*stage]" lines, indented by depth, for comparing shapes. */
function shape(n: PlanNode, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${n.name}${n.codegenStage !== undefined ? `*${n.codegenStage}` : ''}`, ...n.children.flatMap((c) => shape(c, depth + 1))];
}

test('Spark 4: the final plan has the query stages and shuffle reads the run used, with metrics and the initial plan\'s text', () => {
  const doc = parsePlan(readExplain('4.3.0', 'aqe_on_join_agg', 'formatted'), { mode: 'formatted' });
  const before = doc.nodeCount;
  const result = addFinalPlan(doc, lastMetrics('4.3.0', 'aqe_on_join_agg'));
  assert.ok(typeof result === 'object', String(result));
  const physical = doc.sections.filter((s) => s.kind === 'physical');
  assert.deepEqual(physical.map((s) => s.adaptiveRole), ['initial', 'final']);
  const root = result.section.root!;
  assert.equal(root.adaptive?.isFinalPlan, true);
  assert.deepEqual(shape(root).slice(0, 9), [
    'AdaptiveSparkPlan',
    '  ResultQueryStage',
    '    Sort*4',
    '      AQEShuffleRead',
    '        ShuffleQueryStage',
    '          Exchange',
    '            HashAggregate*3',
    '              AQEShuffleRead',
    '                ShuffleQueryStage',
  ]);
  // Operators the initial plan has keep its text; AQE's own get their name and stage id.
  const find = (n: PlanNode, name: string): PlanNode | undefined => (n.name === name ? n : n.children.map((c) => find(c, name)).find(Boolean));
  const join = find(root, 'BroadcastHashJoin')!;
  assert.ok(join.details?.some((d) => d.key === 'Join type'), 'join details borrowed from the formatted explain');
  assert.ok(join.metrics?.values.some((v) => v.key === 'numOutputRows'), 'metrics merged');
  assert.equal(find(root, 'ShuffleQueryStage')!.label, 'ShuffleQueryStage 2');
  // Node ids stay unique across both plans.
  assert.ok(root.id >= before);
  assert.equal(result.changed, false, 'AQE kept the operators here; it only cut the plan into stages');
  assert.match(result.section.raw, /^AdaptiveSparkPlan isFinalPlan=true\n\+- ResultQueryStage 3\n   \+- \*\(4\) Sort/);
});

test('a final plan whose operators differ from the initial one says so', () => {
  const doc = parsePlan(readExplain('4.3.0', 'aqe_on_join_agg', 'simple'), { mode: 'simple' });
  // As if AQE had turned the broadcast join into a sort-merge join at run time.
  const metrics = lastMetrics('4.3.0', 'aqe_on_join_agg').map((m) => (m.name === 'BroadcastHashJoin' ? { ...m, name: 'SortMergeJoin' } : m));
  const result = addFinalPlan(doc, metrics);
  assert.ok(typeof result === 'object');
  assert.equal(result.changed, true);
});

test('Spark 3.5 sends no parent ids: no final plan, and it says why', () => {
  const doc = parsePlan(readExplain('3.5.7', 'aqe_on_join_agg', 'formatted'), { mode: 'formatted' });
  assert.equal(addFinalPlan(doc, lastMetrics('3.5.7', 'aqe_on_join_agg')), 'no-parent-links');
  assert.equal(doc.sections.filter((s) => s.kind === 'physical').length, 1);
});

test('a plan without AQE has no separate final plan', () => {
  const doc = parsePlan(readExplain('4.3.0', 'aqe_off_join_agg', 'formatted'), { mode: 'formatted' });
  assert.equal(addFinalPlan(doc, lastMetrics('4.3.0', 'aqe_off_join_agg')), 'not-adaptive');
});
