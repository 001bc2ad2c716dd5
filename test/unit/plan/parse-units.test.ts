// The parser's pieces on small hand-written inputs, for shapes the captured corpus does not contain (a
// "!" node, AQE's "Current Plan", optimized-out exchanges, wrapped lines, errors in a section) and for the
// building blocks (tree drawing, attribute lists, statistics).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../../src/plan/parse';
import type { PlanNode } from '../../../src/plan/model';
import { lexTreeLine } from '../../../src/plan/tree-line';
import { parseAttributeList, splitTopLevel } from '../../../src/plan/attributes';
import { parseByteSize, parseStatistics, splitStatistics } from '../../../src/plan/statistics';
import { parseNodeText } from '../../../src/plan/node-text';
import { parseBlockHeader } from '../../../src/plan/formatted';
import { detailValue, documentRoots, findSection, flattenPlan, physicalRoot } from '../../../src/plan/walk';

const names = (root: PlanNode | undefined, opts = {}): string[] =>
  root ? flattenPlan(root, opts).map((e) => `${'.'.repeat(e.depth)}${e.node.name}${e.via === 'inner' ? '(inner)' : ''}`) : [];

describe('tree drawing', () => {
  it('measures depth in three-character columns and finds the connector', () => {
    assert.deepEqual(lexTreeLine('Root x'), { depth: 0, body: 'Root x' });
    assert.deepEqual(lexTreeLine(':- A'), { depth: 1, connector: ':-', body: 'A' });
    assert.deepEqual(lexTreeLine('   :  +- B [x]'), { depth: 3, connector: '+-', body: 'B [x]' });
    assert.deepEqual(lexTreeLine('      Root2'), { depth: 2, body: 'Root2' });
    assert.deepEqual(lexTreeLine(' |-- odd'), { depth: 0, body: ' |-- odd' });
    assert.deepEqual(lexTreeLine(''), { depth: 0, body: '' });
  });

  it('places children, siblings and inner children (printed two levels deeper, before the children)', () => {
    const doc = parsePlan([
      '== Physical Plan ==',
      'A',
      ':- B',
      ':  :  +- I1',
      ':  :     +- I1c',
      ':  +- C',
      '+- D',
      '   :  :- J1',
      '   :  +- J2',
      '   +- E',
    ].join('\n'));
    assert.deepEqual(names(physicalRoot(doc)), [
      'A', '.B', '..I1(inner)', '...I1c', '..C', '.D', '..J1(inner)', '..J2(inner)', '..E',
    ]);
    assert.deepEqual(doc.warnings, []);
  });

  it('keeps AQE current and initial plans apart', () => {
    const doc = parsePlan([
      '== Physical Plan ==',
      'AdaptiveSparkPlan isFinalPlan=false',
      '+- == Current Plan ==',
      '   Sort [k#1L ASC NULLS FIRST], true, 0',
      '   +- ShuffleQueryStage 0',
      '      +- Exchange rangepartitioning(k#1L ASC NULLS FIRST, 200), ENSURE_REQUIREMENTS, [plan_id=9]',
      '+- == Initial Plan ==',
      '   Sort [k#1L ASC NULLS FIRST], true, 0',
      '   +- Exchange rangepartitioning(k#1L ASC NULLS FIRST, 200), ENSURE_REQUIREMENTS, [plan_id=5]',
    ].join('\n'));
    const root = physicalRoot(doc) as PlanNode;
    assert.equal(root.adaptive?.isFinalPlan, false);
    assert.equal(root.adaptive?.currentPlanLabel, 'Current Plan');
    assert.deepEqual(names(root), ['AdaptiveSparkPlan', '.Sort', '..ShuffleQueryStage', '...Exchange']);
    assert.deepEqual(names(root.adaptive?.initialPlan), ['Sort', '.Exchange']);
    assert.equal(flattenPlan(root, { initialPlans: true }).length, 6);
    assert.ok(root.rawLines.includes('+- == Initial Plan =='), 'the headers stay in the raw text');
  });

  it('keeps a wrapped line (a literal with a newline) on its node', () => {
    const doc = parsePlan(['== Physical Plan ==', '*(1) Project [concat(s#1, a', 'b) AS x#2]', '+- *(1) Range (0, 1, step=1, splits=1)'].join('\n'));
    const root = physicalRoot(doc) as PlanNode;
    assert.deepEqual(root.rawLines, ['*(1) Project [concat(s#1, a', 'b) AS x#2]']);
    assert.deepEqual(names(root), ['Project', '.Range']);
  });

  it('attaches a line with no parent at its depth to the nearest node above, with a warning', () => {
    const doc = parsePlan(['== Physical Plan ==', 'A', '+- B', '            +- Deep'].join('\n'));
    assert.deepEqual(names(physicalRoot(doc)), ['A', '.B', '..Deep']);
    assert.equal(doc.warnings.length, 1);
  });
});

describe('node text', () => {
  it('reads codegen markers, state prefixes, names and arguments', () => {
    const t = parseNodeText('*(3) HashAggregate(keys=[k#1L], functions=[count(1)])', false);
    assert.equal(t.codegenStage, 3);
    assert.equal(t.name, 'HashAggregate');
    assert.equal(t.args, '(keys=[k#1L], functions=[count(1)])');
    const missing = parseNodeText('!Project [a#1, b#2]', false);
    assert.ok(missing.missingInput && !missing.unresolved);
    assert.equal(missing.name, 'Project');
    const unresolved = parseNodeText("'UnresolvedRelation [t], [], false", false);
    assert.ok(unresolved.unresolved && unresolved.name === 'UnresolvedRelation');
  });

  it('reads the formatted operator id wherever Spark puts it', () => {
    assert.deepEqual(pick(parseNodeText('* BroadcastHashJoin Inner BuildRight (12)', true)),
      { name: 'BroadcastHashJoin', label: 'BroadcastHashJoin Inner BuildRight', operatorId: 12, inCodegen: true });
    const scan = parseNodeText('Scan In-memory table t (1) (columnarIn=false, columnarOut=true)', true);
    assert.equal(scan.operatorId, 1);
    assert.equal(scan.tail, '(columnarIn=false, columnarOut=true)');
    const stage = parseNodeText('ShuffleQueryStage (7), Statistics(sizeInBytes=480.0 B, rowCount=20)', true);
    assert.equal(stage.operatorId, 7);
    assert.equal(stage.stats?.rowCount, 20);
    assert.equal(stage.tail, undefined);
    assert.equal(parseNodeText('Scan JDBCRelation(t) [numPartitions=1] (4)', true).operatorId, 4);
  });

  it('splits cost-mode statistics off the node', () => {
    const t = parseNodeText('Join Inner, (a#1 = b#2), Statistics(sizeInBytes=9.4 MiB, rowCount=1.00E+3)', false);
    assert.equal(t.args, 'Inner, (a#1 = b#2)');
    assert.equal(t.stats?.sizeInBytes, 9.4 * 2 ** 20);
    assert.equal(t.stats?.rowCount, 1000);
    assert.deepEqual(splitStatistics('Filter (x#1 > 2)'), { text: 'Filter (x#1 > 2)' });
  });
});

function pick(t: ReturnType<typeof parseNodeText>): Record<string, unknown> {
  return { name: t.name, label: t.label, operatorId: t.operatorId, inCodegen: t.inCodegen };
}

describe('attributes and statistics', () => {
  it('splits lists on top-level commas only', () => {
    assert.deepEqual(splitTopLevel('a, f(b, c), [d, e], `x, y`'), ['a', 'f(b, c)', '[d, e]', '`x, y`']);
    assert.deepEqual(splitTopLevel("'a, 'b"), ["'a", "'b"], 'unresolved markers are not quotes');
    assert.deepEqual(splitTopLevel('f(a, b'), ['f(a, b'], 'unbalanced input does not throw');
  });

  it('parses attributes, aliases, unresolved names and scalar-subquery items', () => {
    const attrs = parseAttributeList("a#1, count(1)#2L, (x#3L + 1) AS y#4L, 'z, Subquery scalar-subquery#5, [id=#6] AS s#7L");
    assert.deepEqual(attrs.map((a) => [a.name, a.exprId, a.typeSuffix]), [
      ['a', 1, undefined], ['count(1)', 2, 'L'], ['y', 4, 'L'], ['z', undefined, undefined], ['s', 7, 'L'],
    ]);
    assert.equal(attrs[2].expression, '(x#3L + 1)');
    assert.equal(attrs[4].expression, 'Subquery scalar-subquery#5, [id=#6]');
  });

  it('converts Spark byte sizes', () => {
    assert.equal(parseByteSize('1200.0 B'), 1200);
    assert.equal(parseByteSize('2.0 KiB'), 2048);
    assert.equal(parseByteSize('1.5 GiB'), 1.5 * 2 ** 30);
    assert.equal(parseByteSize('8.0 EiB'), 8 * 2 ** 60);
    assert.equal(parseByteSize('lots'), undefined);
    const stats = parseStatistics('sizeInBytes=8.0 EiB, isRuntime=true');
    assert.equal(stats.rowCount, undefined);
    assert.equal(stats.fields.isRuntime, 'true');
  });
});

describe('formatted mode', () => {
  it('reads detail block headers', () => {
    assert.deepEqual(parseBlockHeader('(3) ReusedExchange [Reuses operator id: 9]'),
      { operatorId: 3, name: 'ReusedExchange', reusesOperatorId: 9, header: '(3) ReusedExchange [Reuses operator id: 9]' });
    assert.equal(parseBlockHeader('(2) HashAggregate [codegen id : 1]')?.codegenStage, 1);
    assert.equal(parseBlockHeader('(1) Scan parquet db.t')?.name, 'Scan parquet db.t');
    assert.equal(parseBlockHeader('Output [1]: [a#1]'), undefined);
  });

  // Layout of ExplainUtils.processPlan when AQE optimized an exchange out after reusing it.
  const withOptimizedOut = [
    '== Physical Plan ==',
    'ReusedExchange (1)',
    '',
    '',
    '(1) ReusedExchange [Reuses operator id: 3]',
    'Output [1]: [id#10L]',
    '',
    '===== Adaptively Optimized Out Exchanges =====',
    '',
    'Subplan:1',
    'Exchange (3)',
    '+- Range (2)',
    '',
    '',
    '(2) Range',
    'Output [1]: [id#10L]',
    'Arguments: Range (0, 1000, step=1, splits=Some(10))',
    '',
    '(3) Exchange',
    'Input [1]: [id#10L]',
    'Arguments: RoundRobinPartitioning(10), ENSURE_REQUIREMENTS, [plan_id=42]',
    '',
  ].join('\n');

  it('reads "Adaptively Optimized Out Exchanges" and links the reuse into them', () => {
    const doc = parsePlan(withOptimizedOut);
    assert.equal(doc.mode, 'formatted');
    const section = findSection(doc, 'physical');
    const [subplan] = section?.optimizedOutExchanges ?? [];
    assert.equal(subplan?.index, 1);
    assert.deepEqual(names(subplan.root), ['Exchange', '.Range']);
    assert.equal(detailValue(subplan.root as PlanNode, 'Arguments'), 'RoundRobinPartitioning(10), ENSURE_REQUIREMENTS, [plan_id=42]');
    const reused = section?.root as PlanNode;
    assert.deepEqual(reused.links, [{ kind: 'reuses', targetId: subplan.root?.id }]);
    assert.deepEqual(reused.output?.map((a) => a.name), ['id']);
    assert.deepEqual(section?.unparsed, []);
    assert.deepEqual(documentRoots(doc).map((r) => r.role), ['main', 'optimizedOutExchange']);
  });

  it('keeps a detail block without a node, and a value that runs over several lines', () => {
    const doc = parsePlan([
      '== Physical Plan ==',
      'Project (1)',
      '',
      '(1) Project',
      'Output [1]: [f(a,',
      'Condition: not a key while the bracket is open)#1]',
      '',
      '(9) Orphan',
      'Input [1]: [x#1]',
    ].join('\n'), { mode: 'formatted' });
    const root = physicalRoot(doc) as PlanNode;
    assert.equal(root.details?.length, 1);
    assert.equal(detailValue(root, 'Output'), '[f(a,\nCondition: not a key while the bracket is open)#1]');
    assert.deepEqual(findSection(doc, 'physical')?.unparsed, ['(9) Orphan', 'Input [1]: [x#1]']);
    assert.equal(doc.warnings.length, 1);
  });
});

describe('sections and modes', () => {
  it('recognises each mode from the text alone', () => {
    assert.equal(parsePlan('== Physical Plan ==\nRange (0, 1, step=1, splits=1)\n').mode, 'simple');
    assert.equal(parsePlan('== Optimized Logical Plan ==\nRange (0, 1, step=1), Statistics(sizeInBytes=8.0 B)\n\n== Physical Plan ==\nRange (0, 1, step=1, splits=1)').mode, 'cost');
    assert.equal(parsePlan('Found 0 WholeStageCodegen subtrees.\n').mode, 'codegen');
    assert.equal(parsePlan('== Physical Plan ==\nRange (0, 1, step=1, splits=1)', { mode: 'extended' }).mode, 'extended');
  });

  it('holds an error where a plan should be, and keeps unknown sections as raw text', () => {
    const text = [
      '== Parsed Logical Plan ==',
      "'Project [*]",
      "+- 'UnresolvedRelation [nope], [], false",
      '',
      '== Analyzed Logical Plan ==',
      'org.apache.spark.sql.catalyst.ExtendedAnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found.',
      '',
      '== Extended Information (Vendor) ==',
      'anything at all',
    ].join('\r\n');
    const doc = parsePlan(text);
    assert.equal(doc.mode, 'extended');
    assert.deepEqual(doc.sections.map((s) => s.kind), ['parsed', 'analyzed', 'other']);
    assert.match(doc.sections[1].error ?? '', /TABLE_OR_VIEW_NOT_FOUND/);
    assert.equal(doc.sections[1].root, undefined);
    assert.equal(doc.sections[2].title, 'Extended Information (Vendor)');
    assert.equal(doc.sections[2].raw, '== Extended Information (Vendor) ==\r\nanything at all', 'raw text as given, CRLF kept');
    assert.equal(doc.sections[0].root?.children[0].rawLines[0], "+- 'UnresolvedRelation [nope], [], false");
    assert.equal(doc.raw, text);
  });

  it('reads the analyzed schema line, nested types included', () => {
    const doc = parsePlan([
      '== Analyzed Logical Plan ==',
      'a: map<string,bigint>, b: struct<x:int,y:decimal(10,2)>, c: string',
      'Project [a#1, b#2, c#3]',
      '+- LocalRelation [a#1, b#2, c#3]',
    ].join('\n'));
    assert.deepEqual(doc.sections[0].schema, [
      { name: 'a', type: 'map<string,bigint>' }, { name: 'b', type: 'struct<x:int,y:decimal(10,2)>' }, { name: 'c', type: 'string' },
    ]);
    assert.deepEqual(names(doc.sections[0].root), ['Project', '.LocalRelation']);
  });

  it('reads codegen subtrees even when the code was cut off', () => {
    const doc = parsePlan([
      'Found 2 WholeStageCodegen subtrees.',
      '== Subtree 1 / 2 (maxMethodCodeSize:282; maxConstantPoolSize:212(0.32% used); numInnerClasses:0) ==',
      '*(1) Project [id#1L]',
      '+- *(1) Range (0, 5, step=1, splits=2)',
      '',
      'Generated code:',
      '/* 001 */ public Object generate(Object[] references) {',
      '/* 002 */ // codegenStageId=1',
      '',
      '== Subtree 2 / 2 (maxMethodCodeSize:10) ==',
      '*(2) Sort [id#1L ASC NULLS FIRST], true, 0',
    ].join('\n'));
    const [a, b] = doc.sections[0].codegenSubtrees ?? [];
    assert.deepEqual(a.header, { maxMethodCodeSize: 282, maxConstantPoolSize: 212, numInnerClasses: 0 });
    assert.equal(a.constantPoolUsedPercent, 0.32);
    assert.equal(a.code, '/* 001 */ public Object generate(Object[] references) {\n/* 002 */ // codegenStageId=1');
    assert.deepEqual(names(a.root), ['Project', '.Range']);
    assert.equal(b.codegenStage, 2);
    assert.equal(b.code, '');
  });

  it('accepts empty and odd input', () => {
    for (const input of ['', '\n\n', 'hello', '+- orphan', '== ==', '== Physical Plan ==', '(1) Range\nOutput: []']) {
      const doc = parsePlan(input);
      assert.equal(doc.raw, input);
    }
    assert.equal(parsePlan('').sections.length, 0);
    assert.deepEqual(names(physicalRoot(parsePlan('== Physical Plan ==\n+- orphan'))), ['orphan']);
  });
});
