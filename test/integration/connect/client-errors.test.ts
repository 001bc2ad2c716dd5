// Server errors arrive as one SparkConnectError with Spark's error class, SQLSTATE, parameters and query
// context. Spark 4 has FetchErrorDetails; Spark 3.5 sends only the exception classes and the message,
// so there the error class comes from the message and SQLSTATE/context are absent.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import { sparkServers } from '../../support/servers';

async function failing(c: SparkConnectClient, query: string): Promise<SparkConnectError> {
  try {
    await collectResult(c.execute({ root: { sql: { query } } }));
  } catch (e) {
    assert.ok(e instanceof SparkConnectError, String(e));
    return e;
  }
  assert.fail(`expected '${query}' to fail`);
}

for (const server of sparkServers()) {
  const v4 = server.version === '4';
  void describe(`error details from ${server.name}`, () => {
    let c: SparkConnectClient;
    before(async () => {
      c = new SparkConnectClient(parseConnectionString(server.remote));
      await c.config({ set: { pairs: [{ key: 'spark.sql.ansi.enabled', value: 'true' }] } });
    });
    after(async () => { await c.close(); });

    void test('TABLE_OR_VIEW_NOT_FOUND: class, SQLSTATE, parameters, query context', async () => {
      const e = await failing(c, 'select * from nope_table');
      assert.equal(e.reason, 'analysis');
      assert.equal(e.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
      assert.equal(e.grpcCode, 13);
      assert.ok(e.exceptionClasses.includes('org.apache.spark.sql.AnalysisException'));
      assert.match(e.message, /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `nope_table` cannot be found/);
      assert.match(e.operationId ?? '', /^[0-9a-f-]{36}$/);
      if (v4) {
        assert.equal(e.sqlState, '42P01');
        assert.equal(e.messageParameters.relationName, '`nope_table`');
        assert.match(e.errorId ?? '', /^[0-9a-f-]{36}$/);
        assert.equal(e.queryContext.length, 1);
        const q = e.queryContext[0];
        assert.equal(q.contextType, 'sql');
        assert.equal(q.startIndex, 14);
        assert.equal(q.stopIndex, 23);
        assert.equal(q.fragment, 'nope_table');
        assert.equal('select * from nope_table'.slice(q.startIndex, (q.stopIndex ?? 0) + 1), q.fragment);
      } else {
        assert.equal(e.sqlState, undefined);
        assert.deepEqual(e.queryContext, []);
      }
    });

    void test('PARSE_SYNTAX_ERROR for a malformed statement', async () => {
      const e = await failing(c, 'select 1 +');
      assert.equal(e.reason, 'analysis');
      assert.equal(e.errorClass, 'PARSE_SYNTAX_ERROR');
      assert.ok(e.exceptionClasses[0].endsWith('ParseException'));
      if (v4) {
        assert.equal(e.sqlState, '42601');
        assert.equal(e.messageParameters.error, 'end of input');
      }
    });

    void test('DIVIDE_BY_ZERO at run time, with the fragment that failed', async () => {
      const e = await failing(c, 'select 1/0 as x');
      assert.equal(e.reason, 'runtime');
      assert.equal(e.errorClass, 'DIVIDE_BY_ZERO');
      if (v4) {
        assert.equal(e.sqlState, '22012');
        assert.deepEqual(e.queryContext.map((q) => [q.startIndex, q.stopIndex, q.fragment]), [[7, 9, '1/0']]);
      }
    });

    void test('CAST_INVALID_INPUT with its message parameters', async () => {
      const e = await failing(c, "select cast('abc' as int)");
      assert.equal(e.errorClass, 'CAST_INVALID_INPUT');
      if (v4) {
        assert.equal(e.sqlState, '22018');
        assert.equal(e.messageParameters.expression, "'abc'");
        assert.equal(e.queryContext[0]?.fragment, "cast('abc' as int)");
      }
    });

    void test('the error keeps its cause chain down to the gRPC status', async () => {
      const e = await failing(c, 'select * from nope_table');
      const chain = e.causeChain();
      assert.ok(chain.length >= 2);
      assert.match(String((chain.at(-1) as Error).message), /INTERNAL/);
    });

    void test('analyze errors carry the same details', async () => {
      await assert.rejects(c.analyze({ schema: { plan: { root: { sql: { query: 'select nope_col from range(1)' } } } } }), (e: unknown) => {
        assert.ok(e instanceof SparkConnectError);
        assert.equal(e.reason, 'analysis');
        assert.match(e.errorClass ?? '', /^UNRESOLVED_COLUMN/);
        if (v4) {
          assert.equal(e.sqlState, '42703');
          assert.equal(e.queryContext[0]?.fragment, 'nope_col');
        }
        return true;
      });
    });
  });
}
