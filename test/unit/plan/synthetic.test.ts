// A 1,000-operator plan rendered the way Spark draws it (bench/plan/synthetic-plan.ts) must come back as
// exactly the tree that was rendered, in simple and in formatted mode.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../../src/plan/parse';
import type { PlanNode } from '../../../src/plan/model';
import { physicalRoot } from '../../../src/plan/walk';
import { countNodes, renderFormatted, renderSimple, synthesizePlanOfSize, type SynthNode } from '../../../bench/plan/synthetic-plan';

function compare(parsed: PlanNode, expected: SynthNode, formatted: boolean, path: string): number {
  const name = formatted && expected.name === 'FileScan' ? 'Scan' : expected.name;
  assert.equal(parsed.name, name, path);
  assert.equal(parsed.codegenStage, expected.stage, `${path}: stage`);
  assert.equal(parsed.inCodegen, expected.stage !== undefined, `${path}: in codegen`);
  assert.equal(parsed.children.length, expected.children.length, `${path}: children`);
  assert.equal(parsed.innerChildren.length, 0);
  if (formatted) {
    assert.equal(parsed.operatorId, expected.operatorId, `${path}: operator id`);
    assert.equal(parsed.details?.length, expected.details.length, `${path}: detail fields`);
  } else {
    assert.equal(parsed.label, `${expected.name}${expected.simpleArgs}`.trim(), path);
  }
  let n = 1;
  parsed.children.forEach((c, i) => {
    n += compare(c, expected.children[i], formatted, `${path}/${i}`);
  });
  return n;
}

describe('a synthetic 1,000-operator plan', () => {
  const plan = synthesizePlanOfSize(1000);
  const total = countNodes(plan);

  it('is about 1,000 operators', () => {
    assert.ok(total > 950 && total <= 1000, `${total}`);
  });

  for (const [mode, render] of [['simple', renderSimple], ['formatted', renderFormatted]] as const) {
    it(`parses back to the rendered tree (${mode})`, () => {
      const text = render(plan);
      const doc = parsePlan(text);
      assert.equal(doc.mode, mode);
      assert.deepEqual(doc.warnings, []);
      assert.equal(doc.nodeCount, total);
      assert.equal(compare(physicalRoot(doc) as PlanNode, plan, mode === 'formatted', 'root'), total);
    });
  }
});
