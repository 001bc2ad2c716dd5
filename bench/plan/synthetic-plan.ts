// Builds a large, realistic physical plan and renders it the way Spark does in simple and formatted mode
// (TreeNode.generateTreeString drawing, "*(n)" codegen prefixes, formatted "(N)" ids assigned bottom-up
// with one detail block per operator). Used by the parse benchmark and by a unit test that checks the
// parser recovers exactly the tree that was rendered.

import { seededRandom as rng } from '../../test/support/seeded-random';

export interface SynthNode {
  name: string;
  /** Simple-mode text after the name (leading space or parenthesis included). */
  simpleArgs: string;
  /** Formatted-mode detail lines (without the "(N) Name" header). */
  details: string[];
  children: SynthNode[];
  /** Whole-stage-codegen stage, when the operator is inside one. */
  stage?: number;
  /** Formatted operator id, assigned bottom-up at render time. */
  operatorId?: number;
}

export function synthesizePlan(targetNodes: number, seed = 7): SynthNode {
  const random = rng(seed);
  let exprId = 100;
  let planId = 1000;
  let budget = targetNodes;
  const attrs = (n: number): string[] => Array.from({ length: n }, (_, i) => `col_${i}#${exprId++}${i % 2 ? 'L' : ''}`);
  const list = (xs: string[]): string => `[${xs.join(', ')}]`;

  const leaf = (): SynthNode => {
    budget--;
    const table = `db.fact_${Math.floor(random() * 50)}`;
    const cols = attrs(3 + Math.floor(random() * 5));
    const scan: SynthNode = {
      name: 'FileScan',
      simpleArgs: ` parquet ${table}[${cols.join(',')}] Batched: true, DataFilters: [isnotnull(${cols[0]})], Format: Parquet, ` +
        `Location: InMemoryFileIndex(1 paths)[file:/warehouse/${table}], PartitionFilters: [], ` +
        `PushedFilters: [IsNotNull(col_0)], ReadSchema: struct<col_0:bigint,col_1:string>`,
      details: [`Output [${cols.length}]: ${list(cols)}`, 'Batched: true', `Location: InMemoryFileIndex [file:/warehouse/${table}]`,
        'PushedFilters: [IsNotNull(col_0)]', 'ReadSchema: struct<col_0:bigint,col_1:string>'],
      children: [],
    };
    budget--;
    return { name: 'ColumnarToRow', simpleArgs: '', details: [`Input [${cols.length}]: ${list(cols)}`], children: [scan] };
  };

  const build = (depth: number): SynthNode => {
    if (budget <= 2 || depth > 40) return leaf();
    const roll = random();
    const a = attrs(2);
    if (roll < 0.14 && budget > 12) {
      budget -= 4;
      const right = build(depth + 1);
      const left = build(depth + 1);
      const shuffle = (child: SynthNode): SynthNode => ({
        name: 'Sort', simpleArgs: ` [${a[0]} ASC NULLS FIRST], false, 0`,
        details: [`Input [2]: ${list(a)}`, `Arguments: [${a[0]} ASC NULLS FIRST], false, 0`],
        children: [{
          name: 'Exchange', simpleArgs: ` hashpartitioning(${a[0]}, 200), ENSURE_REQUIREMENTS, [plan_id=${planId++}]`,
          details: [`Input [2]: ${list(a)}`, `Arguments: hashpartitioning(${a[0]}, 200), ENSURE_REQUIREMENTS, [plan_id=${planId++}]`],
          children: [child],
        }],
      });
      return {
        name: 'SortMergeJoin', simpleArgs: ` [${a[0]}], [${a[1]}], Inner`,
        details: [`Left keys [1]: [${a[0]}]`, `Right keys [1]: [${a[1]}]`, 'Join type: Inner', 'Join condition: None'],
        children: [shuffle(left), shuffle(right)],
      };
    }
    if (roll < 0.26 && budget > 8) {
      budget -= 2;
      const build1 = build(depth + 1);
      const stream = build(depth + 1);
      return {
        name: 'BroadcastHashJoin', simpleArgs: ` [${a[0]}], [${a[1]}], Inner, BuildRight, false`,
        details: [`Left keys [1]: [${a[0]}]`, `Right keys [1]: [${a[1]}]`, 'Join type: Inner', 'Join condition: None'],
        children: [stream, {
          name: 'BroadcastExchange', simpleArgs: ` HashedRelationBroadcastMode(List(input[0, bigint, false]),false), [plan_id=${planId++}]`,
          details: [`Input [2]: ${list(a)}`, 'Arguments: HashedRelationBroadcastMode(List(input[0, bigint, false]),false)'],
          children: [build1],
        }],
      };
    }
    budget--;
    if (roll < 0.45) {
      return {
        name: 'Project', simpleArgs: ` [${a[0]}, (${a[1]} + 1) AS total#${exprId++}L]`,
        details: [`Output [2]: [${a[0]}, (${a[1]} + 1) AS total#${exprId - 1}L]`, `Input [2]: ${list(a)}`],
        children: [build(depth + 1)],
      };
    }
    if (roll < 0.65) {
      return {
        name: 'Filter', simpleArgs: ` (isnotnull(${a[0]}) AND (${a[0]} > ${Math.floor(random() * 1000)}))`,
        details: [`Input [2]: ${list(a)}`, `Condition : (isnotnull(${a[0]}) AND (${a[0]} > 5))`],
        children: [build(depth + 1)],
      };
    }
    if (roll < 0.85 && budget > 4) {
      budget -= 2;
      const partial: SynthNode = {
        name: 'HashAggregate', simpleArgs: `(keys=[${a[0]}], functions=[partial_sum(${a[1]})])`,
        details: [`Input [2]: ${list(a)}`, `Keys [1]: [${a[0]}]`, `Functions [1]: [partial_sum(${a[1]})]`,
          `Aggregate Attributes [1]: [sum#${exprId++}L]`, `Results [2]: [${a[0]}, sum#${exprId++}L]`],
        children: [build(depth + 1)],
      };
      return {
        name: 'HashAggregate', simpleArgs: `(keys=[${a[0]}], functions=[sum(${a[1]})])`,
        details: [`Input [2]: ${list(a)}`, `Keys [1]: [${a[0]}]`, `Functions [1]: [sum(${a[1]})]`,
          `Aggregate Attributes [1]: [sum(${a[1]})#${exprId++}L]`, `Results [2]: [${a[0]}, sum(${a[1]})#${exprId - 1}L AS s#${exprId++}L]`],
        children: [{
          name: 'Exchange', simpleArgs: ` hashpartitioning(${a[0]}, 200), ENSURE_REQUIREMENTS, [plan_id=${planId++}]`,
          details: [`Input [2]: ${list(a)}`, `Arguments: hashpartitioning(${a[0]}, 200), ENSURE_REQUIREMENTS, [plan_id=${planId - 1}]`],
          children: [partial],
        }],
      };
    }
    return {
      name: 'Window', simpleArgs: ` [rank(${a[0]}) windowspecdefinition(${a[1]}, ${a[0]} ASC NULLS FIRST, specifiedwindowframe(RowFrame, unboundedpreceding$(), currentrow$())) AS rk#${exprId++}], [${a[1]}], [${a[0]} ASC NULLS FIRST]`,
      details: [`Input [2]: ${list(a)}`, `Arguments: [rank(${a[0]}) windowspecdefinition(${a[1]}) AS rk#${exprId - 1}], [${a[1]}], [${a[0]} ASC NULLS FIRST]`],
      children: [build(depth + 1)],
    };
  };

  const root = build(0);
  assignStages(root);
  return root;
}

// Operators that break a codegen pipeline: exchanges and the scan feed their parent through an InputAdapter.
const OUTSIDE_CODEGEN = new Set(['Exchange', 'BroadcastExchange', 'FileScan']);

function assignStages(root: SynthNode): void {
  let next = 0;
  const visit = (node: SynthNode, parentStage: number | undefined): void => {
    let stage: number | undefined;
    if (!OUTSIDE_CODEGEN.has(node.name)) stage = parentStage ?? ++next;
    node.stage = stage;
    for (const c of node.children) visit(c, stage);
  };
  visit(root, undefined);
}

/** A plan of at most `nodes` operators and as close to it as the generator gets (it overshoots a little
 *  when branches close, so smaller budgets are tried until the count fits). */
export function synthesizePlanOfSize(nodes: number, seed = 7): SynthNode {
  for (let budget = nodes; budget > 0; budget -= Math.max(1, Math.floor(nodes / 200))) {
    const plan = synthesizePlan(budget, seed);
    if (countNodes(plan) <= nodes) return plan;
  }
  return synthesizePlan(1, seed);
}

export function countNodes(root: SynthNode): number {
  let n = 0;
  const stack = [root];
  while (stack.length) {
    const node = stack.pop() as SynthNode;
    n++;
    stack.push(...node.children);
  }
  return n;
}

/** The drawing TreeNode.generateTreeString puts before each line. */
function drawTree(root: SynthNode, text: (n: SynthNode) => string): string[] {
  const out: string[] = [];
  const visit = (node: SynthNode, lastChildren: boolean[]): void => {
    let prefix = '';
    if (lastChildren.length > 0) {
      for (const last of lastChildren.slice(0, -1)) prefix += last ? '   ' : ':  ';
      prefix += lastChildren[lastChildren.length - 1] ? '+- ' : ':- ';
    }
    out.push(prefix + text(node));
    node.children.forEach((c, i) => visit(c, [...lastChildren, i === node.children.length - 1]));
  };
  visit(root, []);
  return out;
}

const formattedName = (n: SynthNode): string => (n.name === 'FileScan' ? `Scan parquet ${/ parquet (\S+?)\[/.exec(n.simpleArgs)?.[1]}` : n.name);

export function renderSimple(root: SynthNode): string {
  const lines = drawTree(root, (n) => `${n.stage !== undefined ? `*(${n.stage}) ` : ''}${n.name}${n.simpleArgs}`);
  return `== Physical Plan ==\n${lines.join('\n')}\n\n`;
}

export function renderFormatted(root: SynthNode): string {
  // ExplainUtils numbers operators bottom-up (children first), starting at 1.
  const ordered: SynthNode[] = [];
  const number = (node: SynthNode): void => {
    node.children.forEach(number);
    ordered.push(node);
    node.operatorId = ordered.length;
  };
  number(root);
  const tree = drawTree(root, (n) => `${n.stage !== undefined ? '* ' : ''}${formattedName(n)} (${n.operatorId})`);
  const blocks = ordered.map((n) =>
    [`(${n.operatorId}) ${formattedName(n)}${n.stage !== undefined ? ` [codegen id : ${n.stage}]` : ''}`, ...n.details].join('\n'));
  return `== Physical Plan ==\n${tree.join('\n')}\n\n\n${blocks.join('\n\n')}\n\n`;
}
