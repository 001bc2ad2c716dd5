// The version-keyed syntax list (test/fixtures/sql-language/version-syntax-cases.ts) against the real
// servers' parsers: every "Spark 4 only" statement is rejected by Spark 3.5.7's parser and accepted by
// Spark 4.x's, and every "3.5 too" statement is accepted by both, so the local service's version errors
// (src/sql-language/version-syntax.ts) say what the connected server would. Nothing is ever executed:
// a statement is sent inside EXPLAIN (which only plans it); a script, which EXPLAIN cannot take, is
// sent with a stray ")" on a line after it, so the whole text fails to parse either way, and where the
// parser stopped tells whether it accepted the script. Costs about a second per server.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import { noopLogger } from '../../../src/connect/logger';
import { ConnectEngine, type ConnectEngineSession } from '../../../src/engine/connect-engine';
import { DtSparkGrammar } from '../../../src/sql-language/dt-spark-grammar';
import { statementSyntaxDiagnostics } from '../../../src/sql-language/syntax-diagnostics';
import { SPARK35_TOO, SPARK4_ONLY } from '../../fixtures/sql-language/version-syntax-cases';
import { sparkServers } from '../../support/servers';

const PARSE_CLASSES = new Set(['PARSE_SYNTAX_ERROR', 'INVALID_SET_SYNTAX']);
const isScript = (sql: string): boolean => /^\s*BEGIN\b/i.test(sql);

/** Whether the server's parser accepts `sql`, asked so that nothing can run. */
async function parses(session: ConnectEngineSession, sql: string): Promise<boolean> {
  const script = isScript(sql);
  try {
    await session.analyzeSql(script ? `${sql}\n)` : `EXPLAIN ${sql}`, undefined);
    assert.ok(!script, 'a script with a stray ")" after it never parses');
    return true;
  } catch (e) {
    if (!(e instanceof SparkConnectError)) throw e;
    const parseError = e.errorClass !== undefined && PARSE_CLASSES.has(e.errorClass);
    if (!script) return !parseError;
    assert.ok(parseError, `${sql}: ${e.message}`);
    // Accepted when the parser got to the stray ")" on line 2.
    return /line 2, pos 0/.test(e.message);
  }
}

for (const server of sparkServers()) {
  void describe(`version-keyed syntax on ${server.name}`, () => {
    let session: ConnectEngineSession;
    before(async () => {
      session = await new ConnectEngine(noopLogger, 'sql-language-test').connect(parseConnectionString(server.remote)) as ConnectEngineSession;
    });
    after(async () => {
      await session.close();
    });

    test('the server parser agrees with the local version-keyed list', async () => {
      const grammar = new DtSparkGrammar();
      const wrong: string[] = [];
      for (const { sql } of SPARK4_ONLY) {
        const accepted = await parses(session, sql);
        if (accepted !== (server.version === '4')) wrong.push(`${sql}: the server ${accepted ? 'accepts' : 'rejects'} it`);
        // The local service, told this server's version, says the same.
        const local = statementSyntaxDiagnostics(grammar, { text: sql, start: 0, isScript: isScript(sql) }, session.sparkVersion);
        if ((local.length === 0) !== accepted) wrong.push(`${sql}: locally ${local.length === 0 ? 'no error' : local[0].message}`);
      }
      for (const sql of SPARK35_TOO) {
        if (!(await parses(session, sql))) wrong.push(`${sql}: the server rejects it`);
        if (statementSyntaxDiagnostics(grammar, { text: sql, start: 0, isScript: false }, session.sparkVersion).length > 0) wrong.push(`${sql}: a local error`);
      }
      assert.deepEqual(wrong, []);
    });
  });
}
