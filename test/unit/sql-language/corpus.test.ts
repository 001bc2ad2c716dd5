// The local syntax tier against two corpora (test/fixtures/sql-language/): valid Spark 4 SQL must get
// no error at all, and every broken statement an error exactly where Spark's parser points (§).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../support/servers';
import { splitStatements } from '../../../src/sql/split';
import { DtSparkGrammar } from '../../../src/sql-language/dt-spark-grammar';
import { statementSyntaxDiagnostics } from '../../../src/sql-language/syntax-diagnostics';

const grammar = new DtSparkGrammar();
const fixture = (name: string): string => readFileSync(join(projectRoot(), 'test', 'fixtures', 'sql-language', name), 'utf8');

test('valid Spark 4 corpus: at least 200 statements, zero local syntax errors', () => {
  const statements = splitStatements(fixture('valid-spark4.sql'));
  assert.ok(statements.length >= 200, `only ${statements.length} statements`);
  const false_ = statements.flatMap((s) => statementSyntaxDiagnostics(grammar, s).map((d) => `${s.text}\n  -> ${d.message}`));
  assert.deepEqual(false_, []);
});

test('broken corpus: at least 50 statements, each with an error at its § marker', () => {
  const lines = fixture('broken.sql').split('\n').filter((l) => l.includes('§') && !l.startsWith('--'));
  assert.ok(lines.length >= 50, `only ${lines.length} statements`);
  const wrong: string[] = [];
  for (const line of lines) {
    const at = line.indexOf('§');
    const text = line.replace('§', '').replace(/;\s*$/, '');
    const [d] = statementSyntaxDiagnostics(grammar, { text, start: 0, isScript: false });
    if (!d) wrong.push(`${line}: no error`);
    else if (d.start !== at) wrong.push(`${line}: error at ${d.start} (${text.slice(d.start, d.end)}): ${d.message}`);
  }
  assert.deepEqual(wrong, []);
});

test('a {df} reference (notebook SQL cells, spark.sql(q, df=df)) is left to the server, not marked locally', () => {
  const [s] = splitStatements('SELECT tag, id * 100 AS hundredfold FROM {df} WHERE id >= 2');
  assert.deepEqual(statementSyntaxDiagnostics(grammar, s), []);
  // A brace that is not a {name} reference is still judged locally.
  const [broken] = splitStatements('SELECT { FROM t');
  assert.ok(statementSyntaxDiagnostics(grammar, broken).length > 0);
});

test('CREATE OR REPLACE TEMP VIEW (TEMP for TEMPORARY) gets no local error', () => {
  const [s] = splitStatements('CREATE OR REPLACE TEMP VIEW v AS SELECT 1 AS g');
  assert.deepEqual(statementSyntaxDiagnostics(grammar, s), []);
});
