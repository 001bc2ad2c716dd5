import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeConnectFailure, describeFailure, shortMessage } from '../../../src/engine/error-report';
import { SparkConnectError } from '../../../src/connect/errors';
import { registerSecret, unregisterSecret } from '../../../src/connect/redact';

test('shortMessage keeps the first line without class prefix and SQLSTATE tail', () => {
  assert.equal(shortMessage('[DIVIDE_BY_ZERO] Division by zero. Use `try_divide`. SQLSTATE: 22012\n== SQL ==\n...', 'DIVIDE_BY_ZERO'), 'Division by zero. Use `try_divide`.');
  assert.equal(shortMessage("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)"), "Syntax error at or near 'SELEC'.");
  assert.equal(shortMessage('plain message'), 'plain message');
  // Spark 3.5 forms.
  assert.equal(shortMessage("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'.(line 1, pos 0)"), "Syntax error at or near 'SELEC'.");
  assert.equal(shortMessage('[X] Not found.; line 1 pos 14;\nPlan'), 'Not found.');
  // Spark's parse errors start with a line break.
  assert.equal(shortMessage("\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)\n\n== SQL ==\nSELEC 1"), "Syntax error at or near 'SELEC'.");
});

test('Spark errors become a notification line with class and SQLSTATE, and a full detail', () => {
  const err = new SparkConnectError('[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012\n== SQL (line 1, position 8) ==', {
    reason: 'runtime', errorClass: 'DIVIDE_BY_ZERO', sqlState: '22012', operationId: 'op-9',
    queryContext: [{ contextType: 'sql', startIndex: 7, stopIndex: 9, fragment: '1/0' }],
    serverStackTrace: 'at org.apache.spark...',
  });
  const d = describeFailure(err);
  assert.equal(d.message, 'Division by zero. (DIVIDE_BY_ZERO, SQLSTATE 22012)');
  assert.equal(d.errorClass, 'DIVIDE_BY_ZERO');
  assert.equal(d.cancelled, false);
  assert.equal(d.connectionLost, false);
  for (const part of ['reason: runtime', 'operation: op-9', '[7..9] "1/0"', 'server stack trace:']) assert.ok(d.detail.includes(part), part);
});

test('secrets are redacted from every field', () => {
  const err = new Error('failed with token=supersecret99 in sc://h/;token=supersecret99');
  const d = describeFailure(err);
  assert.equal(JSON.stringify(d).includes('supersecret99'), false);
});

test('a registered secret in the server\'s stack trace or query context is redacted from the detail', () => {
  registerSecret('tok-in-trace-5544332211');
  try {
    const err = new SparkConnectError('[X] failed. SQLSTATE: 22000', {
      reason: 'runtime', errorClass: 'X', sqlState: '22000',
      serverStackTrace: 'at Handler(auth=Bearer tok-in-trace-5544332211)',
      queryContext: [{ contextType: 'sql', startIndex: 0, stopIndex: 5, fragment: "'tok-in-trace-5544332211'" }],
    });
    const d = describeFailure(err);
    assert.match(d.detail, /server stack trace/);
    assert.equal(JSON.stringify(d).includes('tok-in-trace-5544332211'), false);
  } finally {
    unregisterSecret('tok-in-trace-5544332211');
  }
});

test('cancellation and lost connections are flagged', () => {
  assert.equal(describeFailure(new SparkConnectError('x', { reason: 'cancelled' })).cancelled, true);
  assert.equal(describeFailure(Object.assign(new Error('x'), { name: 'AbortError' })).cancelled, true);
  assert.equal(describeFailure(new SparkConnectError('x', { reason: 'unavailable' })).connectionLost, true);
  assert.equal(describeFailure(new SparkConnectError('x', { reason: 'analysis', errorClass: 'INVALID_HANDLE.SESSION_CLOSED' })).connectionLost, true);
  assert.equal(describeFailure('weird').message, 'weird');
});

test('connect failures name the cause and keep the hint', () => {
  const refused = new SparkConnectError('Nothing listens on localhost:1.', { reason: 'unavailable', connectFailure: 'refused', hint: 'Start the server or check the port.' });
  assert.equal(describeConnectFailure(refused), 'Connection refused: Nothing listens on localhost:1. Start the server or check the port.');
  assert.match(describeConnectFailure(new SparkConnectError('Invalid authentication token', { reason: 'auth' })), /^Authentication failed/);
  assert.match(describeConnectFailure(new SparkConnectError('no answer', { reason: 'deadline' })), /^Timed out/);
});
