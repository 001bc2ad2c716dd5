// "Never throws": every captured fixture is cut, shuffled and salted with garbage lines (seeded, so a
// failure replays), and each variant must parse, keep its raw text, keep its node ids consistent, keep
// every tree line somewhere, serialize to JSON, and accept a metrics merge.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CORPUS, CORPUS_VERSIONS, EXPLAIN_MODES, type ExplainModeName } from '../../fixtures/plans/corpus';
import { parsePlan } from '../../../src/plan/parse';
import type { PlanDocument } from '../../../src/plan/model';
import { planToJson } from '../../../src/plan/json';
import { mergeMetrics, type ExecutionMetric } from '../../../src/plan/metrics';
import { allNodes } from '../../../src/plan/walk';
import { readExplain } from './fixtures';
import { seededRandom as rng } from '../../support/seeded-random';


const GARBAGE = [
  '== Final Plan ==', '+- == Initial Plan ==', '      +- == Current Plan ==', '== Physical Plan ==', '== Bogus ==',
  '===== Subqueries =====', '===== Adaptively Optimized Out Exchanges =====', 'Subplan:1', 'Subplan:x',
  'Subquery:7 Hosting operator id = 999 Hosting Expression = junk', 'Subquery:1 Hosting operator id = 1 Hosting Expression = ',
  '(1) Range [codegen id : 1]', '(999) ReusedExchange [Reuses operator id: 12345]', '(0) [codegen id : x]', 'Output [2]: [a#1, (b',
  'Arguments: ))))', 'Found 3 WholeStageCodegen subtrees.', '== Subtree 9 / 2 (maxConstantPoolSize:12(abc% used)) ==',
  'Generated code:', '/* 001 */ }', '*(', '*(7) ', '* ', "'", '!', ', Statistics(sizeInBytes=', 'Statistics(rowCount=1.0E+400)',
  '   :  :  :  :  :  :  :  :  +- Deep', ':- ', '+- ', '\t\u0000\u001b[31m', '\u{1F600} émoji (3)', 'x'.repeat(5000),
];

function mutate(text: string, random: () => number): string {
  let lines = text.split('\n');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const steps = 1 + Math.floor(random() * 4);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(random() * (lines.length + 1));
    switch (Math.floor(random() * 7)) {
      case 0: // cut the text anywhere, mid-line included
        return lines.join('\n').slice(0, Math.floor(random() * text.length));
      case 1:
        lines.splice(at, 1 + Math.floor(random() * 3));
        break;
      case 2:
        lines.splice(at, 0, pick(GARBAGE));
        break;
      case 3: { // a random drawing prefix in front of a line taken from elsewhere
        const prefix = Array.from({ length: Math.floor(random() * 6) }, () => pick(['   ', ':  ', 'x'])).join('');
        lines.splice(at, 0, prefix + pick(['+- ', ':- ', '']) + pick(lines.length ? lines : ['?']));
        break;
      }
      case 4: { // shuffle a window
        const window = lines.splice(at, 6);
        window.sort(() => random() - 0.5);
        lines.splice(at, 0, ...window);
        break;
      }
      case 5: // random bytes inside a line
        if (lines.length) {
          const i = Math.floor(random() * lines.length);
          const chars = [...lines[i]];
          chars.splice(Math.floor(random() * (chars.length + 1)), 0, String.fromCharCode(Math.floor(random() * 0x2fff)));
          lines[i] = chars.join('');
        }
        break;
      default:
        lines = lines.concat(lines.slice(at, at + 5));
    }
  }
  return lines.join('\n');
}

const METRICS: ExecutionMetric[] = [
  { name: 'AdaptiveSparkPlan', planId: 1, parent: 1, executionMetrics: {} },
  { name: 'WholeStageCodegen (1)', planId: 2, parent: 1, executionMetrics: {} },
  { name: 'HashAggregate', planId: 3, parent: 2, executionMetrics: { numOutputRows: { name: 'rows', value: 1n, metricType: 'sum' } } },
  { name: 'InputAdapter', planId: 4, parent: 3, executionMetrics: {} },
  { name: 'Exchange', planId: 5, parent: 4, executionMetrics: {} },
];

function checkInvariants(input: string, doc: PlanDocument, label: string): void {
  assert.equal(doc.raw, input, label);
  const nodes = allNodes(doc);
  assert.equal(nodes.length, doc.nodeCount, `${label}: every node reachable once`);
  assert.equal(new Set(nodes.map((n) => n.id)).size, nodes.length, `${label}: unique ids`);
  assert.ok(nodes.every((n) => n.rawLines.length > 0 && typeof n.name === 'string'), label);
  const json = JSON.parse(planToJson(doc)) as { sections: unknown[]; mode: string };
  assert.equal(json.sections.length, doc.sections.length, label);
  mergeMetrics(doc, METRICS);
  if (doc.mode === 'formatted' || doc.mode === 'codegen') return;
  // Tree modes: every line of a plan section is kept, on a node or in the section's unparsed lines.
  for (const section of doc.sections) {
    if (section.kind === 'other' || section.error !== undefined) continue;
    const kept = new Set([...section.unparsed, ...nodes.flatMap((n) => n.rawLines)]);
    const body = section.raw.split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
    for (const line of section.schema ? body.slice(1) : body) assert.ok(kept.has(line), `${label}: dropped "${line.slice(0, 80)}"`);
  }
}

// PLAN_FUZZ_SEED replays or widens the search from the command line; the default seeds keep CI stable.
const SEED = Number(process.env.PLAN_FUZZ_SEED ?? 0);

describe('plan parser never throws', () => {
  for (const version of CORPUS_VERSIONS) {
    it(`survives mutated fixtures of Spark ${version}`, () => {
      const random = rng((version === '4.3.0' ? 0x5eed43 : 0x5eed35) + SEED);
      let variants = 0;
      for (const entry of CORPUS) {
        for (const mode of EXPLAIN_MODES) {
          const text = readExplain(version, entry.id, mode);
          for (let k = 0; k < 3; k++) {
            const input = mutate(text, random);
            const label = `${version}/${entry.id}.${mode} variant ${k}`;
            checkInvariants(input, parsePlan(input), label);
            // A wrong mode hint must not break it either.
            const hint: ExplainModeName = EXPLAIN_MODES[Math.floor(random() * EXPLAIN_MODES.length)];
            checkInvariants(input, parsePlan(input, { mode: hint }), `${label} as ${hint}`);
            variants++;
          }
        }
      }
      assert.equal(variants, CORPUS.length * EXPLAIN_MODES.length * 3);
    });
  }

  it('survives pure garbage', () => {
    const random = rng(0xbad + SEED);
    for (let i = 0; i < 300; i++) {
      const lines = Array.from({ length: Math.floor(random() * 30) }, () =>
        random() < 0.5 ? GARBAGE[Math.floor(random() * GARBAGE.length)]
          : Array.from({ length: Math.floor(random() * 40) }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join(''));
      const input = lines.join(random() < 0.2 ? '\r\n' : '\n');
      checkInvariants(input, parsePlan(input), `garbage ${i}`);
    }
    // Not a string at all (a caller bypassing the types): still a document.
    assert.equal(parsePlan(undefined as unknown as string).sections.length, 0);
  });
});
