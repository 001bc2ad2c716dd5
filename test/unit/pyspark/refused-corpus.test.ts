// The refused corpus (test/fixtures/pyspark/refused/): code the runner cannot run without Python (UDFs,
// RDDs, pandas, other libraries, local files, complex numbers, ...) must stop before anything reaches the
// server, with a PySparkError at the construct's line and column whose message names it. The session
// is a fake that records every call, so "nothing was sent" is checked too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runPySpark } from '../../../src/pyspark/run';
import { PySparkError } from '../../../src/pyspark/run-api';
import { refusedSnippets } from '../../support/pyspark-corpus';
import { fakeSession } from '../connect/api-helpers';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('PySpark refused corpus', () => {
  const snippets = refusedSnippets();

  test('holds at least 30 snippets', () => {
    assert.ok(snippets.length >= 30, `${snippets.length} snippets`);
  });

  for (const s of snippets) {
    test(`${s.id}: refused at ${s.line}:${s.column}, naming ${s.construct}`, async () => {
      const { spark, client } = fakeSession();
      const err: unknown = await runPySpark(s.code, spark, { fileName: 'refused.py' }).then(
        (outputs) => new Error(`ran, with ${outputs.length} outputs`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof PySparkError, `${s.where}: expected a PySparkError, got ${String(err)}`);
      assert.ok(err.phase === 'unsupported' || err.phase === 'parse', `${s.where}: phase ${err.phase}: ${err.message}`);
      assert.deepEqual({ line: err.span.line, column: err.span.column }, { line: s.line, column: s.column },
        `${s.where}: position of "${err.message}"`);
      assert.match(err.message, new RegExp(escapeRegExp(s.construct), 'i'), `${s.where}: the message names the construct`);
      assert.deepEqual({ executed: client.recorded.executed.length, analyzed: client.recorded.analyzed.length },
        { executed: 0, analyzed: 0 }, `${s.where}: nothing was sent to the server`);
    });
  }
});
