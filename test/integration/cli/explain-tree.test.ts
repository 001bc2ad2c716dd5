// `spark-connect explain --tree json` as a user runs it, against both real servers: the JSON on stdout is
// the parsed tree of the text the server returns, and it agrees with `--tree text` for the same statement.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sparkServers } from '../../support/servers';
import { runCli } from './run-cli';

interface JsonNode {
  name: string;
  operatorId?: number;
  details?: Array<{ key: string; value: string }>;
  rawLines: string[];
  children: JsonNode[];
}
interface JsonDoc {
  format: string;
  mode: string;
  raw: string;
  nodeCount: number;
  sections: Array<{ kind: string; root?: JsonNode }>;
}

const SQL = 'SELECT id % 3 AS k, count(*) AS n FROM range(100) WHERE id > 10 GROUP BY id % 3';

function preorder(n: JsonNode | undefined): JsonNode[] {
  return n ? [n, ...n.children.flatMap(preorder)] : [];
}

/** Operator names straight from Spark's tree lines: drop the drawing, codegen marker and "(N)". */
function namesFromText(text: string): string[] {
  const body = text.split('\n\n')[0].split('\n').slice(1).filter((l) => l.trim() !== '' && !/== (Final|Initial|Current) Plan ==/.test(l));
  return body.map((l) => l.replace(/^[ :|+-]*/, '').replace(/^\*(\(\d+\))? /, '').split(/[ (]/)[0]);
}

for (const server of sparkServers()) {
  describe(`spark-connect explain --tree json against ${server.name}`, () => {
    for (const mode of ['simple', 'formatted'] as const) {
      test(`--mode ${mode}: the JSON tree matches Spark's text`, async () => {
        const [json, text] = await Promise.all([
          runCli(['explain', '--remote', server.remote, '--mode', mode, '--tree', 'json', SQL]),
          runCli(['explain', '--remote', server.remote, '--mode', mode, SQL]),
        ]);
        assert.equal(json.code, 0, json.stderr);
        assert.equal(text.code, 0, text.stderr);
        const doc = JSON.parse(json.stdout) as JsonDoc;
        assert.equal(doc.format, 'spark-plan-tree');
        assert.equal(doc.mode, mode);
        assert.match(doc.raw, /^== Physical Plan ==\n/);
        const physical = doc.sections.find((s) => s.kind === 'physical');
        const nodes = preorder(physical?.root);
        assert.equal(nodes[0]?.name, 'AdaptiveSparkPlan');
        assert.deepEqual(nodes.map((n) => n.name), namesFromText(text.stdout), 'same operators, same order');
        assert.deepEqual(nodes.map((n) => n.name).filter((n) => n === 'HashAggregate').length, 2, 'partial and final aggregate');
        assert.ok(nodes.some((n) => n.name === 'Filter') && nodes.some((n) => n.name === 'Exchange'));
        if (mode === 'formatted') {
          for (const n of nodes) assert.ok(n.operatorId !== undefined && (n.details?.length ?? 0) > 0, `${n.name} has details`);
        }
      });
    }

    test('a statement the server rejects fails as with --tree text (exit 1, nothing on stdout)', async () => {
      const r = await runCli(['explain', '--remote', server.remote, '--tree', 'json', 'SELECT no_such_column FROM range(1)']);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /no_such_column/);
    });
  });
}
