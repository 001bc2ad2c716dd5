import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { classifyReason, enrichError, fromServiceError, readRpcStatus } from '../../../src/connect/error-details';
import { spark } from '../../../src/connect/generated/spark-connect';
import { decodeRpcStatus, encodeRpcStatus, type ErrorInfo } from '../../../src/connect/status-details';

function serviceError(code: number, message: string, errorInfo?: ErrorInfo, retryDelayMs?: number): ServiceError {
  const md = new Metadata();
  if (errorInfo || retryDelayMs !== undefined) {
    md.set('grpc-status-details-bin', Buffer.from(encodeRpcStatus({ code, message, errorInfo, retryDelayMs })));
  }
  return Object.assign(new Error(`${code} ${status[code]}: ${message}`), { code, details: message, metadata: md });
}

// The ErrorInfo metadata a Spark 4.x server sends for `select * from nope_table` (shape measured on 4.3.0).
const SPARK4_NOT_FOUND: ErrorInfo = {
  reason: 'org.apache.spark.sql.catalyst.ExtendedAnalysisException',
  domain: 'org.apache.spark',
  metadata: {
    classes: '["org.apache.spark.sql.catalyst.ExtendedAnalysisException","org.apache.spark.sql.AnalysisException","java.lang.Exception"]',
    sqlState: '42P01',
    errorClass: 'TABLE_OR_VIEW_NOT_FOUND',
    messageParameters: '{"relationName":"`nope_table`"}',
    errorId: '99fee5c4-b689-4c66-a86e-e32d7805c3fb',
  },
};

void test('status details round-trip: ErrorInfo and RetryInfo', () => {
  const bytes = encodeRpcStatus({ code: 13, message: 'm', errorInfo: SPARK4_NOT_FOUND, retryDelayMs: 2_500 });
  const s = decodeRpcStatus(bytes);
  assert.equal(s.code, 13);
  assert.equal(s.message, 'm');
  assert.deepEqual(s.errorInfo, SPARK4_NOT_FOUND);
  assert.equal(s.retryDelayMs, 2_500);
  assert.deepEqual(s.otherDetails, []);
});

void test('a garbage status trailer is ignored rather than hiding the error', () => {
  const md = new Metadata();
  md.set('grpc-status-details-bin', Buffer.from([0xff, 0xff, 0xff]));
  assert.equal(readRpcStatus(md), undefined);
  const e = fromServiceError(Object.assign(new Error('x'), { code: status.INTERNAL, details: 'boom', metadata: md }), 'Op');
  assert.equal(e.message, 'boom');
});

void test('Spark 4 analysis error: class, SQLSTATE, parameters, errorId, exception classes', () => {
  const e = fromServiceError(serviceError(status.INTERNAL, '[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope_table` cannot be found.', SPARK4_NOT_FOUND), 'ExecutePlan', 'op-1');
  assert.equal(e.reason, 'analysis');
  assert.equal(e.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
  assert.equal(e.sqlState, '42P01');
  assert.deepEqual(e.messageParameters, { relationName: '`nope_table`' });
  assert.equal(e.errorId, '99fee5c4-b689-4c66-a86e-e32d7805c3fb');
  assert.equal(e.exceptionClasses[1], 'org.apache.spark.sql.AnalysisException');
  assert.equal(e.grpcCode, status.INTERNAL);
  assert.equal(e.operationId, 'op-1');
  assert.match(e.message, /^\[TABLE_OR_VIEW_NOT_FOUND\]/);
});

void test('Spark 3.5 sends only the classes: error class and SQLSTATE are read from the message', () => {
  const info35: ErrorInfo = {
    reason: 'org.apache.spark.sql.catalyst.parser.ParseException', domain: 'org.apache.spark',
    metadata: { classes: '["org.apache.spark.sql.catalyst.parser.ParseException","org.apache.spark.sql.AnalysisException"]' },
  };
  const e = fromServiceError(serviceError(status.INTERNAL, "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'.(line 1, pos 0)\n", info35), 'ExecutePlan');
  assert.equal(e.reason, 'analysis');
  assert.equal(e.errorClass, 'PARSE_SYNTAX_ERROR');
  assert.equal(e.sqlState, undefined);
  assert.equal(e.errorId, undefined);
  assert.match(e.message, /^\[PARSE_SYNTAX_ERROR\]/, 'leading newline trimmed');
  const withState = fromServiceError(serviceError(status.INTERNAL, '[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012', { ...info35, metadata: { classes: '["org.apache.spark.SparkArithmeticException"]' } }), 'x');
  assert.equal(withState.sqlState, '22012');
  assert.equal(withState.reason, 'runtime');
});

void test('messages of non-Spark errors are not mined for error classes', () => {
  const e = fromServiceError(serviceError(status.UNAVAILABLE, '[NOT_A_CLASS] proxy says no'), 'Config');
  assert.equal(e.errorClass, undefined);
  assert.equal(e.reason, 'unavailable');
  assert.match(e.message, /^Config failed: /);
  assert.ok(e.hint);
});

void test('reasons from gRPC codes and Spark classes', () => {
  assert.equal(classifyReason(status.UNAUTHENTICATED), 'auth');
  assert.equal(classifyReason(status.PERMISSION_DENIED), 'auth');
  assert.equal(classifyReason(status.CANCELLED), 'cancelled');
  assert.equal(classifyReason(status.DEADLINE_EXCEEDED), 'deadline');
  assert.equal(classifyReason(status.UNAVAILABLE), 'unavailable');
  assert.equal(classifyReason(status.UNIMPLEMENTED), 'protocol');
  assert.equal(classifyReason(status.INVALID_ARGUMENT), 'invalid-argument');
  assert.equal(classifyReason(status.INTERNAL, 'OPERATION_CANCELED'), 'cancelled');
  assert.equal(classifyReason(status.INTERNAL, 'X', '42703'), 'analysis');
  assert.equal(classifyReason(status.INTERNAL, 'DIVIDE_BY_ZERO', '22012', ['org.apache.spark.SparkArithmeticException']), 'runtime');
  assert.equal(classifyReason(status.INTERNAL, undefined, undefined, ['org.apache.spark.sql.catalyst.parser.ParseException']), 'analysis');
  assert.equal(classifyReason(status.INTERNAL), 'unknown');
  // the session is gone: nothing in the query is wrong, reconnecting is the answer
  assert.equal(classifyReason(status.INTERNAL, 'INVALID_HANDLE.SESSION_CLOSED', '08003'), 'unavailable');
  assert.equal(classifyReason(status.INTERNAL, 'INVALID_HANDLE.SESSION_CHANGED'), 'unavailable');
});

void test('RetryInfo is carried as retryDelayMs', () => {
  const e = fromServiceError(serviceError(status.RESOURCE_EXHAUSTED, 'slow down', undefined, 1_200), 'x');
  assert.equal(e.retryDelayMs, 1_200);
});

void test('FetchErrorDetails enriches: full message, query context, cause chain', () => {
  const base = fromServiceError(serviceError(status.INTERNAL, '[TABLE_OR_VIEW_NOT_FOUND] truncated...', SPARK4_NOT_FOUND), 'ExecutePlan', 'op');
  const QC = spark.connect.FetchErrorDetailsResponse.QueryContext;
  const details: spark.connect.FetchErrorDetailsResponse.$Properties = {
    rootErrorIdx: 0,
    errors: [
      {
        errorTypeHierarchy: ['org.apache.spark.sql.AnalysisException'],
        message: '[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope_table` cannot be found. Full text.',
        causeIdx: 1,
        stackTrace: [{ declaringClass: 'org.apache.spark.X', methodName: 'm', fileName: 'X.scala', lineNumber: 7 }],
        sparkThrowable: {
          errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01', messageParameters: { relationName: '`nope_table`' },
          queryContexts: [{ contextType: QC.ContextType.SQL, startIndex: 14, stopIndex: 23, fragment: 'nope_table', objectType: '', objectName: '' }],
        },
      },
      { errorTypeHierarchy: ['java.lang.IllegalStateException'], message: 'inner cause', causeIdx: 0 },
    ],
  };
  const e = enrichError(base, details);
  assert.equal(e.message, '[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope_table` cannot be found. Full text.');
  assert.equal(e.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
  assert.equal(e.sqlState, '42P01');
  assert.deepEqual(e.queryContext, [{ contextType: 'sql', startIndex: 14, stopIndex: 23, fragment: 'nope_table' }]);
  assert.equal(e.operationId, 'op');
  assert.equal(e.errorId, SPARK4_NOT_FOUND.metadata.errorId);
  assert.match(e.serverStackTrace ?? '', /at org\.apache\.spark\.X\.m\(X\.scala:7\)/);
  const chain = e.causeChain();
  assert.equal(chain.length, 2, 'the cycle 1 -> 0 must not loop');
  assert.equal((chain[1] as Error).message, 'inner cause');
});

void test('DataFrame query contexts keep call site and summary', () => {
  const base = fromServiceError(serviceError(status.INTERNAL, 'x', SPARK4_NOT_FOUND), 'x');
  const e = enrichError(base, {
    rootErrorIdx: 0,
    errors: [{ message: 'm', sparkThrowable: { queryContexts: [{ contextType: 1, fragment: 'col', callSite: 'app.py:3', summary: 's' }] } }],
  });
  assert.deepEqual(e.queryContext, [{ contextType: 'dataframe', fragment: 'col', callSite: 'app.py:3', summary: 's' }]);
  assert.equal(e.queryContext[0].contextType, 'dataframe');
  assert.equal(e.queryContext[0].callSite, 'app.py:3');
  // the trailer's error class survives when the details do not repeat it
  assert.equal(e.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
});

void test('an empty or out-of-range details response leaves the error as it was', () => {
  const base = fromServiceError(serviceError(status.INTERNAL, 'x', SPARK4_NOT_FOUND), 'x');
  assert.equal(enrichError(base, { errors: [] }), base);
  assert.equal(enrichError(base, { rootErrorIdx: 5, errors: [{ message: 'a' }] }), base);
});

void test('an HTTP status from a proxy instead of gRPC says who answered and what it likely means', () => {
  const http = (code: number, n: number) => serviceError(code, `Received HTTP status code ${n}`);
  const tls = { where: 'spark.example:443', tls: true, clientCert: false };
  const mtls400 = fromServiceError(http(status.INTERNAL, 400), 'AnalyzePlan', undefined, tls);
  assert.equal(mtls400.reason, 'auth');
  assert.match(mtls400.message, /^AnalyzePlan failed: spark\.example:443 refused the request with HTTP 400 .*client certificate/);
  assert.match(mtls400.hint ?? '', /Configure a client certificate/);
  const withCert = fromServiceError(http(status.INTERNAL, 400), 'x', undefined, { ...tls, clientCert: true });
  assert.match(withCert.hint ?? '', /did not accept the configured client certificate/);
  // Without TLS a 400 says nothing about certificates.
  const plain400 = fromServiceError(http(status.INTERNAL, 400), 'x', undefined, { ...tls, tls: false });
  assert.notEqual(plain400.reason, 'auth');
  assert.match(plain400.message, /HTTP status 400 instead of gRPC/);
  assert.equal(fromServiceError(http(status.UNAUTHENTICATED, 401), 'x', undefined, tls).reason, 'auth');
  const bad = fromServiceError(http(status.UNAVAILABLE, 502), 'x', undefined, tls);
  assert.equal(bad.reason, 'unavailable');
  assert.match(bad.message, /spark\.example:443 answered HTTP 502: a proxy is there/);
});
