// `spark-connect explain --tree json`: the option's parsing and help, and the JSON the command prints for
// captured explain strings (the same text a live server returns; the integration test covers the wire).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { renderExplain } from '../../../src/cli/commands/explain';
import { helpText } from '../../../src/cli/usage';
import { PLAN_JSON_FORMAT, PLAN_JSON_VERSION } from '../../../src/plan/json';
import { readExplain } from './fixtures';

const REMOTE = 'sc://localhost:15002';

interface JsonNode {
  name: string;
  args: string;
  codegenStage?: number;
  operatorId?: number;
  rawLines: string[];
  children: JsonNode[];
  details?: Array<{ key: string; value: string }>;
}
interface JsonDoc {
  format: string;
  version: number;
  mode: string;
  raw: string;
  nodeCount: number;
  sections: Array<{ kind: string; title: string; root?: JsonNode }>;
}

function preorder(n: JsonNode | undefined): JsonNode[] {
  return n ? [n, ...n.children.flatMap(preorder)] : [];
}

test('--tree defaults to text, accepts json (any case) and rejects anything else', () => {
  const plain = parseArgs(['explain', '--remote', REMOTE, 'SELECT 1']);
  assert.equal(plain.kind === 'explain' && plain.output, 'text');
  const json = parseArgs(['explain', '--tree', 'JSON', '--mode', 'formatted', '--remote', REMOTE, 'SELECT 1']);
  assert.deepEqual(json.kind === 'explain' && [json.output, json.mode], ['json', 'formatted']);
  const inline = parseArgs(['explain', '--tree=json', '--remote', REMOTE, 'SELECT 1']);
  assert.equal(inline.kind === 'explain' && inline.output, 'json');
  assert.throws(() => parseArgs(['explain', '--tree', 'dot', '--remote', REMOTE, 'SELECT 1']),
    (e: unknown) => e instanceof UsageError && /--tree' must be one of text, json; got 'dot'/.test(e.message) && e.command === 'explain');
  assert.throws(() => parseArgs(['sql', '--tree', 'json', '--remote', REMOTE, 'SELECT 1']),
    (e: unknown) => e instanceof UsageError && /does not apply to 'sql'/.test(e.message));
  assert.throws(() => parseArgs(['explain', '--tree', 'json', '--tree', 'text', '--remote', REMOTE, 'SELECT 1']),
    (e: unknown) => e instanceof UsageError && /more than once/.test(e.message));
});

test('explain --help documents --tree', () => {
  assert.match(helpText('explain'), /--tree text\|json/);
  assert.match(helpText('explain'), /spark-plan-tree/);
});

test('text output is Spark\'s text with one trailing newline', () => {
  const text = readExplain('4.3.0', 'join_inner', 'simple');
  assert.ok(text.endsWith('\n'));
  assert.equal(renderExplain(text, 'simple', 'text'), text, 'printed as Spark wrote it');
  assert.equal(renderExplain('== Physical Plan ==\nRange (0, 1, step=1, splits=2)', 'simple', 'text'),
    '== Physical Plan ==\nRange (0, 1, step=1, splits=2)\n');
});

test('json output: the parsed tree of a simple plan, with the raw text kept', () => {
  const text = readExplain('4.3.0', 'join_inner', 'simple');
  const out = renderExplain(text, 'simple', 'json');
  assert.ok(out.endsWith('}\n'));
  const doc = JSON.parse(out) as JsonDoc;
  assert.equal(doc.format, PLAN_JSON_FORMAT);
  assert.equal(doc.version, PLAN_JSON_VERSION);
  assert.equal(doc.mode, 'simple');
  assert.equal(doc.raw, text);
  assert.deepEqual(doc.sections.map((s) => s.kind), ['physical']);
  const nodes = preorder(doc.sections[0].root);
  assert.equal(nodes.length, doc.nodeCount);
  // Every tree line of Spark's text is one node, in the same order.
  const treeLines = text.split('\n').slice(1).filter((l) => l.trim() !== '');
  assert.deepEqual(nodes.map((n) => n.rawLines[0]), treeLines);
  assert.ok(nodes.some((n) => n.name === 'BroadcastHashJoin'), nodes.map((n) => n.name).join());
});

test('json output: formatted mode joins the numbered details onto the nodes', () => {
  const text = readExplain('3.5.7', 'agg_group_by', 'formatted');
  const doc = JSON.parse(renderExplain(text, 'formatted', 'json')) as JsonDoc;
  assert.equal(doc.mode, 'formatted');
  const nodes = preorder(doc.sections[0].root);
  assert.ok(nodes.length > 2);
  for (const n of nodes) {
    assert.equal(typeof n.operatorId, 'number', n.name);
    assert.ok((n.details?.length ?? 0) > 0, `${n.name} has its detail block`);
  }
  const partial = nodes.filter((n) => n.name === 'HashAggregate')[1];
  assert.match(partial.details?.find((d) => d.key === 'Functions')?.value ?? '', /partial_count\(1\)/);
  assert.match(nodes[0].details?.find((d) => d.key === 'Arguments')?.value ?? '', /isFinalPlan=false/);
});

test('json output never fails on text that is not a plan', () => {
  const doc = JSON.parse(renderExplain('something else\n  entirely', 'simple', 'json')) as JsonDoc;
  assert.equal(doc.raw, 'something else\n  entirely');
});
