// What explainWithoutRunning sends, checked against a recording target: one statement only, always
// behind EXPLAIN, parameters written in for 3.5, and AnalyzePlan only for a query inside the wrapper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparkConnectError } from '../../../src/connect/errors';
import { explainWithoutRunning, type ExplainTarget } from '../../../src/engine/explain';
import type { SqlArguments } from '../../../src/sql/parameter-values';

interface Call { kind: 'first' | 'analyze'; sql: string; args: SqlArguments | undefined }

function target(major: number, answer: string | Error = 'plan text', analyzeError?: Error): ExplainTarget & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    major, calls,
    firstValue(sql, args) {
      calls.push({ kind: 'first', sql, args });
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    analyzeSql(sql, args) {
      calls.push({ kind: 'analyze', sql, args });
      return analyzeError ? Promise.reject(analyzeError) : Promise.resolve();
    },
  };
}

test('a command is sent only behind EXPLAIN, never analyzed', async () => {
  const t = target(3);
  assert.equal(await explainWithoutRunning(t, 'DROP TABLE t', undefined, 'extended'), 'plan text');
  assert.deepEqual(t.calls, [{ kind: 'first', sql: 'EXPLAIN EXTENDED\nDROP TABLE t', args: undefined }]);
});

test('a query is sent behind EXPLAIN too (no AnalyzePlan of the raw SQL relation)', async () => {
  const t = target(4);
  await explainWithoutRunning(t, 'SELECT 1', undefined, 'simple');
  assert.deepEqual(t.calls.map((c) => c.sql), ['EXPLAIN\nSELECT 1']);
});

test('more than one statement is refused and nothing is sent', async () => {
  for (const sql of ['SELECT 1; DROP TABLE t', 'DROP TABLE a;\nDROP TABLE b;', '  ;  ']) {
    const t = target(4);
    await assert.rejects(explainWithoutRunning(t, sql, undefined, 'simple'), (e: unknown) => e instanceof SparkConnectError && e.reason === 'invalid-argument');
    assert.equal(t.calls.length, 0, sql);
  }
});

test('a trailing semicolon and comment are dropped; leading comments stay so offsets still match', async () => {
  const t = target(4);
  await explainWithoutRunning(t, '-- why\nSELECT 1; -- done', undefined, 'formatted');
  assert.equal(t.calls[0].sql, 'EXPLAIN FORMATTED\n-- why\nSELECT 1');
});

test('Spark 4 sends parameters as arguments; Spark 3.5 gets them written in as literals', async () => {
  const args: SqlArguments = { kind: 'named', values: { v: { type: 'string', value: "it's" } } };
  const t4 = target(4);
  await explainWithoutRunning(t4, 'INSERT INTO t VALUES (:v)', args, 'simple');
  assert.deepEqual(t4.calls[0], { kind: 'first', sql: 'EXPLAIN\nINSERT INTO t VALUES (:v)', args });
  const t3 = target(3);
  await explainWithoutRunning(t3, 'INSERT INTO t VALUES (:v)', args, 'simple');
  assert.deepEqual(t3.calls[0], { kind: 'first', sql: "EXPLAIN\nINSERT INTO t VALUES ('it\\'s')", args: undefined });
});

test('a planning failure of a query asks for the precise error inside the query-only wrapper', async () => {
  const precise = new SparkConnectError('[UNRESOLVED_COLUMN.WITH_SUGGESTION] x', {
    reason: 'analysis', errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION', queryContext: [{ contextType: 'sql', startIndex: 23, stopIndex: 23 }],
  });
  const t = target(4, 'Error occurred during query planning: \nboom', precise);
  await assert.rejects(explainWithoutRunning(t, 'SELECT x FROM t', undefined, 'simple'), (e: unknown) => {
    assert.ok(e instanceof SparkConnectError);
    assert.equal(e.errorClass, 'UNRESOLVED_COLUMN.WITH_SUGGESTION');
    // 23 in "SELECT * FROM (\nSELECT x FROM t\n)" is the x at 7 in the statement.
    assert.equal(e.queryContext[0].startIndex, 7);
    return true;
  });
  assert.deepEqual(t.calls.map((c) => c.kind), ['first', 'analyze']);
  assert.equal(t.calls[1].sql, 'SELECT * FROM (\nSELECT x FROM t\n)');
});

test('a planning failure of a command is reported from the EXPLAIN text alone', async () => {
  const t = target(3, '== Physical Plan ==\norg.apache.spark.sql.AnalysisException: Table not found: t\nmore');
  await assert.rejects(explainWithoutRunning(t, 'DROP TABLE t', undefined, 'simple'), /Table not found: t/);
  assert.deepEqual(t.calls.map((c) => c.kind), ['first']);
});
