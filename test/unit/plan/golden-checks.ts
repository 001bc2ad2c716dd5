// The structural checks of the plan golden tests, shared by the unit tests over captured fixtures and the
// integration test that asks the live servers through our own client. Each parsed explain string is
// checked against (a) what the corpus says Spark plans for the query, (b) the text itself, counted without
// the parser, (c) the other modes' renderings of the same plan, and (d) the schema tree string
// (AnalyzePlan tree_string), whose top-level names the caller passes in.

import assert from 'node:assert/strict';
import type { CorpusEntry, CorpusVersion } from '../../fixtures/plans/corpus';
import type { PlanDocument, PlanNode, PlanSection } from '../../../src/plan/model';
import { operatorKey } from '../../../src/plan/metrics';
import { flattenPlan } from '../../../src/plan/walk';
import { allPhysicalNodes, countTreeLines, joinType, nodesOf, physical, sectionTitles, shape } from './plan-helpers';

const TITLES: Record<string, string[]> = {
  simple: ['Physical Plan'],
  extended: ['Parsed Logical Plan', 'Analyzed Logical Plan', 'Optimized Logical Plan', 'Physical Plan'],
  cost: ['Optimized Logical Plan', 'Physical Plan'],
  formatted: ['Physical Plan'],
};

function expectedOperators(entry: CorpusEntry, version: CorpusVersion): string[] {
  return [...entry.expect.physical, ...(entry.expect.physicalByVersion?.[version] ?? [])].map(operatorKey);
}

/** Lines of a section below its header (and below the analyzed plan's schema line). */
function treeLines(section: PlanSection): string[] {
  const lines = section.raw.split('\n').slice(1).filter((l) => l.trim() !== '');
  return section.schema ? lines.slice(1) : lines;
}

/** Every tree line must sit on a node: the tree consumed the section completely. */
function assertCovered(section: PlanSection): void {
  assert.deepEqual(section.unparsed, [], `${section.title}: unparsed lines`);
  const onNodes = new Set(nodesOf(section.root, { innerChildren: true, initialPlans: true }).flatMap((n) => n.rawLines));
  for (const line of treeLines(section)) assert.ok(onNodes.has(line), `${section.title}: line not on any node: ${line}`);
  assert.equal(nodesOf(section.root, { innerChildren: true, initialPlans: true }).length, countTreeLines(treeLines(section)),
    `${section.title}: node count`);
}

// Formatted mode lists a subquery's plan under "===== Subqueries =====" without the wrapper node that
// hosts it in the other modes.
const SUBQUERY_WRAPPERS = new Set(['Subquery', 'SubqueryBroadcast', 'SubqueryAdaptiveBroadcast', 'ReusedSubquery']);

function assertPhysicalExpectations(entry: CorpusEntry, version: CorpusVersion, doc: PlanDocument): void {
  const nodes = allPhysicalNodes(doc);
  const keys = new Set(nodes.map((n) => operatorKey(n.name)));
  for (const op of expectedOperators(entry, version)) {
    if (doc.mode === 'formatted' && SUBQUERY_WRAPPERS.has(op)) continue;
    assert.ok(keys.has(op), `operator ${op} missing; have ${[...keys].join(', ')}`);
  }
  for (const op of entry.expect.absent ?? []) assert.ok(!keys.has(operatorKey(op)), `operator ${op} must be absent`);
  for (const join of entry.expect.joins ?? []) {
    const found = nodes.filter((n) => n.name === join.strategy).map(joinType);
    assert.ok(found.includes(join.type), `${join.strategy} ${join.type} missing; found ${join.strategy}: ${found.join(', ')}`);
  }
  const root = physical(doc).root;
  assert.ok(root, 'physical root');
  assert.equal(root.name === 'AdaptiveSparkPlan', entry.expect.adaptive, `root is ${root.name}`);
  if (entry.expect.adaptive) assert.equal(root.adaptive?.isFinalPlan, false, 'AnalyzePlan never executes, so AQE is not final');
  assert.ok(nodes.every((n) => !n.unresolved && !n.missingInput), 'physical plans are resolved');
  for (const r of nodes.filter((n) => n.name === 'ReusedSubquery')) {
    const link = r.links.find((l) => l.kind === 'reusesSubquery');
    const target = nodes.find((n) => n.id === link?.targetId);
    assert.equal(target?.name, 'Subquery', 'ReusedSubquery links to the subquery it reuses');
    assert.equal(/\[id=#\d+\]$/.exec(target.args)?.[0], /\[id=#\d+\]$/.exec(r.args)?.[0], 'same subquery id');
  }
  if (entry.expect.reusedSubquery && doc.mode !== 'formatted') {
    assert.ok(nodes.some((n) => n.name === 'ReusedSubquery'), 'ReusedSubquery node present');
  }
  if (entry.expect.reusedExchange) {
    const reused = nodes.filter((n) => n.name === 'ReusedExchange');
    assert.ok(reused.length > 0, 'ReusedExchange present');
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const r of reused) {
      const link = r.links.find((l) => l.kind === 'reuses');
      assert.ok(link, 'ReusedExchange links to the exchange it reuses');
      const target = byId.get(link.targetId);
      assert.ok(target && /Exchange$/.test(target.name) && target.name !== 'ReusedExchange', `reuse target ${target?.name}`);
    }
  }
}

export function checkSimple(entry: CorpusEntry, version: CorpusVersion, doc: PlanDocument): void {
  assert.equal(doc.mode, 'simple');
  assert.deepEqual(sectionTitles(doc), TITLES.simple);
  assert.deepEqual(doc.warnings, []);
  assertCovered(physical(doc));
  assertPhysicalExpectations(entry, version, doc);
  const main = nodesOf(physical(doc).root, { innerChildren: false });
  const staged = main.filter((n) => n.codegenStage !== undefined);
  assert.equal(staged.length > 0, entry.expect.codegenStages, `codegen stage markers: ${staged.length}`);
  for (const n of staged) assert.ok(n.inCodegen && n.codegenStage !== undefined && n.codegenStage > 0);
  for (const p of allPhysicalNodes(doc).filter((n) => n.name === 'Project')) {
    assert.ok(p.output, 'Project states its output');
    // An empty projection (count(*) over a scan) prints as a bare "Project".
    assert.equal(p.output.length === 0, p.args === '', p.label);
    assert.ok(p.output.every((a) => a.exprId !== undefined || a.moreFields !== undefined), `resolved attributes: ${p.label}`);
  }
}

export function checkExtended(entry: CorpusEntry, version: CorpusVersion, doc: PlanDocument, simple: PlanDocument, schema: readonly string[]): void {
  assert.equal(doc.mode, 'extended');
  assert.deepEqual(sectionTitles(doc), TITLES.extended);
  assert.deepEqual(doc.warnings, []);
  for (const s of doc.sections) assertCovered(s);
  const [parsed, analyzed, optimized, phys] = doc.sections;
  assert.ok(nodesOf(parsed.root).some((n) => n.unresolved), 'the parsed plan has unresolved nodes');
  for (const s of [analyzed, optimized, phys]) {
    assert.ok(nodesOf(s.root, { innerChildren: true, initialPlans: true }).every((n) => !n.unresolved), `${s.title} is resolved`);
  }
  assert.ok(analyzed.schema, 'analyzed plan has a schema line');
  const names = analyzed.schema.map((f) => f.name);
  if (analyzed.schemaMoreFields !== undefined) {
    assert.deepEqual(names, schema.slice(0, names.length));
    assert.equal(names.length + analyzed.schemaMoreFields, schema.length);
  } else {
    assert.deepEqual(names, schema, 'analyzed schema line = schema tree string');
  }
  assert.ok(analyzed.schema.every((f) => f.type.length > 0), 'every schema field has a type');
  const optimizedKeys = new Set(nodesOf(optimized.root).map((n) => n.name));
  for (const op of entry.expect.optimized ?? []) assert.ok(optimizedKeys.has(op), `optimized plan has ${op}`);
  const opts = { innerChildren: true, initialPlans: true };
  assert.deepEqual(shape(phys.root, opts), shape(physical(simple).root, opts), 'physical tree = simple mode tree');
  assertPhysicalExpectations(entry, version, doc);
}

export function checkCost(entry: CorpusEntry, doc: PlanDocument, simple: PlanDocument, extended: PlanDocument): void {
  assert.equal(doc.mode, 'cost');
  assert.deepEqual(sectionTitles(doc), TITLES.cost);
  assert.deepEqual(doc.warnings, []);
  for (const s of doc.sections) assertCovered(s);
  const optimized = doc.sections[0];
  const logical = nodesOf(optimized.root, { innerChildren: false });
  for (const n of logical) {
    assert.ok(n.stats, `cost mode gives ${n.name} statistics`);
    assert.ok(n.stats.sizeInBytes !== undefined && n.stats.sizeInBytes >= 0 && n.stats.sizeText, n.stats.raw);
    assert.ok(!n.label.includes('Statistics('), 'statistics are split off the label');
  }
  if (entry.expect.rowCountStats) {
    const relations = logical.filter((n) => n.name === 'Relation');
    assert.ok(relations.length > 0 && relations.every((n) => (n.stats?.rowCount ?? 0) > 0), 'analyzed table has a row count');
  }
  const opts = { innerChildren: true, initialPlans: true };
  assert.deepEqual(shape(optimized.root, opts), shape(extended.sections[2].root, opts), 'optimized plan = extended mode');
  assert.deepEqual(shape(doc.sections[1].root, opts), shape(physical(simple).root, opts), 'physical plan = simple mode');
}

function stagesOf(nodes: readonly PlanNode[]): number[] {
  return [...new Set(nodes.map((n) => n.codegenStage).filter((s): s is number => s !== undefined))].sort((a, b) => a - b);
}

export function checkCodegen(entry: CorpusEntry, doc: PlanDocument, simple: PlanDocument): void {
  assert.equal(doc.mode, 'codegen');
  assert.equal(doc.sections.length, 1);
  const section = doc.sections[0];
  assert.equal(section.kind, 'codegen');
  assert.deepEqual(section.unparsed, []);
  const subtrees = section.codegenSubtrees ?? [];
  assert.equal(section.codegenSubtreeCount, subtrees.length, 'Found N = number of subtrees');
  subtrees.forEach((st, i) => {
    assert.equal(st.index, i + 1);
    assert.equal(st.total, subtrees.length);
    assert.ok(st.root, 'subtree has a plan');
    assert.equal(st.codegenStage, st.root.codegenStage, 'stage from the plan marker');
    assert.ok(st.code.includes(`codegenStageId=${st.codegenStage}`), 'generated code names the same stage');
    assert.ok(st.code.startsWith('/* 001 */'), 'code kept verbatim from its first numbered line');
    assert.equal(typeof st.header.maxMethodCodeSize, 'number');
    assert.ok(st.constantPoolUsedPercent !== undefined && st.constantPoolUsedPercent >= 0);
  });
  if (!entry.expect.codegenStages && entry.expect.adaptive && !entry.expect.physical.includes('InMemoryRelation')) {
    assert.equal(subtrees.length, 0, 'AQE plans get codegen stages only when stages run');
  }
  // The stages codegen mode lists are the stages the simple mode marks on the main tree and subqueries.
  const simpleStages = stagesOf(nodesOf(physical(simple).root, { innerChildren: true, initialPlans: false })
    .filter((n) => n.name !== 'InMemoryRelation').filter((n) => n.codegenStage !== undefined));
  if (entry.expect.codegenStages) assert.deepEqual(stagesOf(subtrees.map((s) => s.root as PlanNode)), simpleStages);
}

export function checkFormatted(entry: CorpusEntry, version: CorpusVersion, doc: PlanDocument, simple: PlanDocument, schema: readonly string[]): void {
  assert.equal(doc.mode, 'formatted');
  assert.deepEqual(sectionTitles(doc), TITLES.formatted);
  assert.deepEqual(doc.warnings, []);
  const section = physical(doc);
  assert.deepEqual(section.unparsed, []);
  const nodes = allPhysicalNodes(doc);
  for (const n of nodes) {
    assert.ok(n.operatorId !== undefined, `${n.label} has an operator id`);
    assert.ok(n.details && n.detailHeader?.startsWith(`(${n.operatorId}) `), `details joined to (${n.operatorId})`);
    assert.ok(n.nodeName && operatorKey(n.nodeName) === operatorKey(n.name), `${n.nodeName} vs ${n.name}`);
  }
  const blockCount = new Set(doc.raw.split('\n').map((l) => /^\((\d+)\) /.exec(l)?.[1]).filter((x) => x)).size;
  assert.equal(new Set(nodes.map((n) => n.operatorId)).size, blockCount, 'every detail block found its node');
  const opts = { innerChildren: false, initialPlans: false };
  assert.deepEqual(shape(section.root, opts), shape(physical(simple).root, opts), 'tree = simple mode tree');
  const simpleStages = nodesOf(physical(simple).root, opts).map((n) => n.codegenStage ?? 0);
  assert.deepEqual(nodesOf(section.root, opts).map((n) => n.codegenStage ?? 0), simpleStages,
    '[codegen id : n] = simple mode *(n), node by node');
  assertPhysicalExpectations(entry, version, doc);

  const subqueries = section.subqueries ?? [];
  assert.ok(subqueries.length >= (entry.expect.minSubqueries ?? 0), `${subqueries.length} subqueries`);
  if (!entry.expect.minSubqueries) assert.equal(subqueries.length, 0);
  for (const q of subqueries) {
    assert.ok(q.hostNodeIds.length > 0, `Subquery:${q.index} has its hosting operator in the tree`);
    const hosts = nodes.filter((n) => q.hostNodeIds.includes(n.id));
    assert.ok(hosts.every((h) => h.operatorId === q.hostingOperatorId));
    if (q.reused) {
      assert.equal(q.root, undefined, 'a reused subquery is listed without a plan');
      const link = hosts[0].links.find((l) => l.kind === 'reusesSubquery');
      assert.ok(link && subqueries.some((o) => !o.reused && o.root?.id === link.targetId), 'links to the reused plan');
    } else {
      assert.ok(q.root, `Subquery:${q.index} has a plan`);
      assert.ok(hosts.every((h) => h.links.some((l) => l.kind === 'subquery' && l.targetId === q.root?.id)));
    }
  }
  assert.equal(subqueries.some((q) => q.reused), entry.expect.reusedSubquery ?? false, 'reused subquery listed');
  const simpleSubqueries = allPhysicalNodes(simple).filter((n) => /^Subquery(Broadcast|AdaptiveBroadcast)?$/.test(n.name));
  assert.equal(subqueries.filter((q) => !q.reused).length, simpleSubqueries.length, 'one formatted entry per subquery plan');

  const root = section.root as PlanNode;
  if (root.name === 'AdaptiveSparkPlan' || root.name === 'Project') {
    assert.deepEqual(root.output?.map((a) => a.name), schema, 'root Output = schema tree string');
  }
}

/** Node ids are unique and dense: every node the parser created is reachable from some root. */
export function checkNodeIds(d: PlanDocument, mode: string): void {
  const ids = d.sections.flatMap((s) => [s.root, ...(s.subqueries ?? []).map((q) => q.root),
    ...(s.codegenSubtrees ?? []).map((c) => c.root)])
    .flatMap((r) => (r ? flattenPlan(r, { innerChildren: true, initialPlans: true }).map((e) => e.node.id) : []));
  assert.equal(new Set(ids).size, ids.length, `${mode}: unique`);
  assert.equal(ids.length, d.nodeCount, `${mode}: every node reachable`);
}
