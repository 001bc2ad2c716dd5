import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { CliError, reportError, type StatementOrigin } from '../../../src/cli/error-report';
import { ExitCode } from '../../../src/cli/exit-codes';
import { OutputClosedError } from '../../../src/cli/output/sink';
import { ConnectionStringError, parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import { splitStatements } from '../../../src/sql/split';

function origin(script: string, index = 0, file?: string): StatementOrigin {
  const statements = splitStatements(script);
  return { script, statement: statements[index], count: statements.length, file };
}

test('analysis error: class, SQLSTATE, position and the fragment underlined; exit code 1', () => {
  const sql = 'SELECT * FROM nosuchtable';
  const err = new SparkConnectError('[TABLE_OR_VIEW_NOT_FOUND] The table or view `nosuchtable` cannot be found.', {
    reason: 'analysis', errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01',
    queryContext: [{ contextType: 'sql', startIndex: 14, stopIndex: 24, fragment: 'nosuchtable' }],
  });
  const r = reportError(err, origin(sql));
  assert.equal(r.exitCode, ExitCode.queryError);
  assert.match(r.text, /^Error: \[TABLE_OR_VIEW_NOT_FOUND\]/);
  assert.match(r.text, /error class: TABLE_OR_VIEW_NOT_FOUND\n/);
  assert.match(r.text, /SQLSTATE: 42P01\n/);
  assert.match(r.text, /at line 1, col 15: 'nosuchtable'\n/);
  assert.match(r.text, /\n {4}SELECT \* FROM nosuchtable\n {4} {14}\^{11}\n/);
});

test('parse error without a query context: the position comes from "(line L, pos P)"', () => {
  const sql = 'SELECT 1 FROM FROM t';
  const err = new SparkConnectError("[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. SQLSTATE: 42601 (line 1, pos 14)", {
    reason: 'analysis', errorClass: 'PARSE_SYNTAX_ERROR', sqlState: '42601',
  });
  const r = reportError(err, origin(sql));
  assert.match(r.text, /at line 1, col 15: 'FROM'/);
});

test('in a file, positions are file lines and the statement number is given', () => {
  const script = '-- setup\nCREATE TEMP VIEW v AS SELECT 1 AS a;\n\nSELECT b\n  FROM v;\n';
  const err = new SparkConnectError('[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column `b` cannot be resolved.', {
    reason: 'analysis', errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION', sqlState: '42703',
    queryContext: [{ contextType: 'sql', startIndex: 7, stopIndex: 7, fragment: 'b' }],
  });
  const r = reportError(err, origin(script, 1, 'q.sql'));
  assert.match(r.text, /at q\.sql line 4, col 8: 'b'/);
  assert.match(r.text, /in statement 2 of 2/);
});

test('connection failures exit with 3, usage errors with 2, internal ones with 4', () => {
  const unavailable = new SparkConnectError('Cannot reach localhost:1: connection refused.', { reason: 'unavailable', hint: 'Is the server running?' });
  const r1 = reportError(unavailable);
  assert.equal(r1.exitCode, ExitCode.connection);
  assert.match(r1.text, /connection refused/);
  assert.match(r1.text, /hint: Is the server running\?/);
  assert.equal(reportError(new SparkConnectError('bad token', { reason: 'auth' })).exitCode, ExitCode.connection);

  let parseFailure: unknown;
  try {
    parseConnectionString('http://localhost:15002');
  } catch (e) {
    parseFailure = e;
  }
  assert.ok(parseFailure instanceof ConnectionStringError);
  const r2 = reportError(parseFailure);
  assert.equal(r2.exitCode, ExitCode.connection);
  assert.match(r2.text, /invalid connection string: Scheme 'http:\/\/' is not supported/);

  let usage: unknown;
  try {
    parseArgs(['sql', '--bogus']);
  } catch (e) {
    usage = e;
  }
  assert.ok(usage instanceof UsageError);
  const r3 = reportError(usage);
  assert.equal(r3.exitCode, ExitCode.usage);
  assert.match(r3.text, /Run 'spark-connect sql --help'/);

  assert.equal(reportError(new SparkConnectError('odd reply', { reason: 'protocol' })).exitCode, ExitCode.internal);
  assert.equal(reportError(new TypeError('boom')).exitCode, ExitCode.internal);
  assert.equal(reportError(new CliError('cannot read', ExitCode.usage)).exitCode, ExitCode.usage);
});

test('a cancelled operation exits with 130; a closed output pipe is silent success', () => {
  const r = reportError(new SparkConnectError('Interrupted by Ctrl+C.', { reason: 'cancelled' }));
  assert.equal(r.exitCode, ExitCode.interrupted);
  assert.match(r.text, /^Cancelled: /);
  assert.deepEqual(reportError(new OutputClosedError()), { exitCode: ExitCode.ok, text: '' });
});

test('no token ever reaches stderr, whatever carries it', () => {
  const token = 'sekrit-token-value-123';
  const fromServer = new Error(`connect failed for sc://h:1/;token=${token};use_ssl=true with authorization: Bearer ${token}`);
  const r = reportError(fromServer);
  assert.ok(!r.text.includes(token), r.text);
  const spark = new SparkConnectError(`server said: token=${token}`, { reason: 'auth' });
  assert.ok(!reportError(spark).text.includes(token));
});

test('the headline stops at SQLSTATE: the appended plan or caret block is replaced by our position', () => {
  const msg = "[TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found. SQLSTATE: 42P01; line 1 pos 14;\n'Project [*]\n+- 'UnresolvedRelation [t], [], false\n";
  const err = new SparkConnectError(msg, {
    reason: 'analysis', errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01',
    queryContext: [{ contextType: 'sql', startIndex: 14, stopIndex: 14, fragment: 't' }],
  });
  const short = reportError(err, origin('SELECT * FROM t'));
  assert.match(short.text, /^Error: \[TABLE_OR_VIEW_NOT_FOUND\] The table or view `t` cannot be found\. SQLSTATE: 42P01\n/);
  assert.doesNotMatch(short.text, /UnresolvedRelation/);
  const verbose = reportError(err, origin('SELECT * FROM t'), true);
  assert.match(verbose.text, /UnresolvedRelation/);
  // Without a SQLSTATE marker the message is kept whole.
  assert.match(reportError(new SparkConnectError('  plain message\nsecond line ', { reason: 'runtime' })).text, /^Error: plain message\nsecond line\n/);
});

test('Spark 3.5 analysis errors: position from "; line L pos P;" and the plan dump left out', () => {
  const msg = "[TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found. Verify the spelling.; line 1 pos 14;\n'Project [*]\n+- 'UnresolvedRelation [t], [], false\n";
  const err = new SparkConnectError(msg, { reason: 'analysis', errorClass: 'TABLE_OR_VIEW_NOT_FOUND' });
  const r = reportError(err, origin('SELECT * FROM t'));
  assert.match(r.text, /^Error: \[TABLE_OR_VIEW_NOT_FOUND\] The table or view `t` cannot be found\. Verify the spelling\.\n/);
  assert.doesNotMatch(r.text, /UnresolvedRelation/);
  assert.match(r.text, /at line 1, col 15: 't'/);
});
