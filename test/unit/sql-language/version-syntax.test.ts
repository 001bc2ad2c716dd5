// Syntax keyed to the connected server's version (src/sql-language/version-syntax.ts): Spark 4 syntax
// is an error on a 3.5 server, at the construct, and nothing on 4.x or without a server; a column
// called "time" or "qualify" is never a version error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DtSparkGrammar } from '../../../src/sql-language/dt-spark-grammar';
import { statementSyntaxDiagnostics } from '../../../src/sql-language/syntax-diagnostics';
import { olderThan } from '../../../src/sql-language/version-syntax';
import { SPARK4_ONLY, SPARK35_TOO } from '../../fixtures/sql-language/version-syntax-cases';

const grammar = new DtSparkGrammar();
const check = (text: string, server?: string) => statementSyntaxDiagnostics(grammar, { text, start: 0, isScript: /^\s*BEGIN\b/i.test(text) }, server);

test('version comparison: 3.5 is older than 4.0; an unknown server counts as the newest', () => {
  assert.equal(olderThan('3.5.7', '4.0'), true);
  assert.equal(olderThan('4.0.0', '4.0'), false);
  assert.equal(olderThan('4.3.0-SNAPSHOT', '4.0'), false);
  assert.equal(olderThan(undefined, '4.0'), false);
  assert.equal(olderThan('garbage', '4.0'), false);
});

test('Spark 4 only syntax: an error at the construct on 3.5.7, nothing on 4.3 or without a server', () => {
  for (const { sql, at } of SPARK4_ONLY) {
    assert.deepEqual(check(sql, '4.3.0'), [], `${sql} on 4.3`);
    assert.deepEqual(check(sql), [], `${sql} without a server`);
    const [d] = check(sql, '3.5.7');
    assert.ok(d, `${sql}: an error on 3.5`);
    assert.equal(sql.slice(d.start, d.start + at.length), at, `${sql}: marked on ${at}`);
    assert.match(d.message, /Spark 4\.0 syntax; the connected server runs Spark 3\.5\.7/);
    assert.equal(d.code, 'PARSE_SYNTAX_ERROR');
  }
});

test('syntax 3.5 has too (named arguments, parameter markers, lateral aliases, names like time): no error on 3.5', () => {
  for (const sql of SPARK35_TOO) assert.deepEqual(check(sql, '3.5.7'), [], sql);
});

test('an error before the Spark 4 construct comes first, on every server', () => {
  const sql = 'SELECT CAST(a INT)::STRING FROM t';
  for (const server of ['3.5.7', '4.3.0', undefined]) {
    const [d] = check(sql, server);
    assert.equal(d?.start, sql.indexOf('INT)'), String(server));
  }
});
