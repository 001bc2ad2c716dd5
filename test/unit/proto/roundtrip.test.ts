// Round trips through the generated Spark Connect module: what the client sends and what the server
// sends back must survive encode/decode unchanged, int64 values included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Long from 'long';
import { google, spark } from '../../../src/connect/generated/spark-connect';

const BEYOND_2_53 = '9007199254740993'; // 2^53 + 1: a double would round it to ...992

test('a Plan with a parameterized SQL relation round-trips', () => {
  const plan: spark.connect.IPlan = {
    root: {
      common: { planId: 7 },
      sql: {
        query: 'SELECT * FROM t WHERE id = :id AND name = ?',
        namedArguments: { id: { literal: { long: 42 } } },
        posArguments: [{ literal: { string: 'x' } }],
      },
    },
  };
  const bytes = spark.connect.Plan.encode(plan).finish();
  const back = spark.connect.Plan.decode(bytes);
  assert.equal(back.opType, 'root');
  assert.equal(back.root?.relType, 'sql');
  assert.equal(back.root?.sql?.query, 'SELECT * FROM t WHERE id = :id AND name = ?');
  assert.equal(Long.fromValue(back.root!.common!.planId!).toNumber(), 7);
  const id = back.root?.sql?.namedArguments?.['id'];
  assert.equal(id?.exprType, 'literal');
  assert.equal(Long.fromValue(id!.literal!.long!).toNumber(), 42);
  assert.equal(back.root?.sql?.posArguments?.[0]?.literal?.string, 'x');
  // Encoding the decoded message again gives the same bytes: nothing was lost or reinterpreted.
  assert.deepEqual(spark.connect.Plan.encode(back).finish(), bytes);
});

test('an ExecutePlanResponse with an arrow batch and metrics round-trips', () => {
  const arrow = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 0]);
  const response: spark.connect.IExecutePlanResponse = {
    sessionId: 's-1',
    serverSideSessionId: 'srv-1',
    operationId: 'op-1',
    responseId: 'r-1',
    arrowBatch: { rowCount: 3, data: arrow, startOffset: Long.fromString(BEYOND_2_53) },
    metrics: {
      metrics: [
        {
          name: 'HashAggregate',
          planId: 12,
          parent: 3,
          executionMetrics: { numOutputRows: { name: 'number of output rows', value: 1000, metricType: 'sum' } },
        },
      ],
    },
  };
  const back = spark.connect.ExecutePlanResponse.decode(spark.connect.ExecutePlanResponse.encode(response).finish());
  assert.equal(back.responseType, 'arrowBatch');
  assert.equal(back.operationId, 'op-1');
  assert.equal(back.serverSideSessionId, 'srv-1');
  assert.equal(back.responseId, 'r-1');
  // Under Node, protobufjs decodes bytes as a Buffer (a Uint8Array subclass); compare the bytes.
  assert.deepEqual(Uint8Array.from(back.arrowBatch!.data!), arrow);
  assert.equal(Long.fromValue(back.arrowBatch!.rowCount!).toNumber(), 3);
  assert.equal(String(back.arrowBatch?.startOffset), BEYOND_2_53);
  const metric = back.metrics?.metrics?.[0];
  assert.equal(metric?.name, 'HashAggregate');
  assert.equal(Long.fromValue(metric!.planId!).toNumber(), 12);
  const rows = metric?.executionMetrics?.['numOutputRows'];
  assert.equal(rows?.metricType, 'sum');
  assert.equal(Long.fromValue(rows!.value!).toNumber(), 1000);
});

test('the other response kinds decode into their own oneof case', () => {
  const cases: Array<[spark.connect.IExecutePlanResponse, string]> = [
    [{ resultComplete: {} }, 'resultComplete'],
    [{ sqlCommandResult: { relation: { localRelation: { data: Uint8Array.from([1]) } } } }, 'sqlCommandResult'],
    [{ executionProgress: { stages: [{ stageId: 1, numTasks: 4 }], numInflightTasks: 2 } }, 'executionProgress'],
    [{ checkpointCommandResult: { relation: { relationId: 'r' } } }, 'checkpointCommandResult'],
    [{ extension: { type_url: 'type.googleapis.com/x.Y', value: Uint8Array.from([1]) } }, 'extension'],
  ];
  for (const [message, kind] of cases) {
    const back = spark.connect.ExecutePlanResponse.decode(spark.connect.ExecutePlanResponse.encode(message).finish());
    assert.equal(back.responseType, kind);
  }
});

test('int64 values beyond 2^53 stay exact, written as Long, string or number', () => {
  const asLong = spark.connect.Expression.Literal.decode(
    spark.connect.Expression.Literal.encode({ long: Long.fromString(BEYOND_2_53) }).finish(),
  );
  assert.ok(Long.isLong(asLong.long), 'int64 must decode as a Long, not a lossy number');
  assert.equal(asLong.long!.toString(), BEYOND_2_53);

  const negative = spark.connect.Expression.Literal.decode(
    spark.connect.Expression.Literal.encode({ long: Long.fromString('-9223372036854775808') }).finish(),
  );
  assert.equal(negative.long!.toString(), '-9223372036854775808');

  // protobufjs's writer also takes int64 as a decimal string (typed number|Long, hence the cast).
  const fromString = { long: BEYOND_2_53 as unknown as Long };
  const decoded = spark.connect.Expression.Literal.decode(spark.connect.Expression.Literal.encode(fromString).finish());
  assert.equal(decoded.long!.toString(), BEYOND_2_53);

  const small = spark.connect.Range.decode(spark.connect.Range.encode({ start: 0, end: 10, step: 1 }).finish());
  assert.equal(small.end.toString(), '10');
});

test('a google.rpc.Status carrying ErrorInfo and RetryInfo in Any unpacks', () => {
  const info = google.rpc.ErrorInfo.encode({
    reason: 'org.apache.spark.sql.AnalysisException',
    domain: 'org.apache.spark',
    metadata: { errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01', errorId: 'e-1' },
  }).finish();
  const retry = google.rpc.RetryInfo.encode({ retryDelay: { seconds: 2, nanos: 500_000_000 } }).finish();
  const status = google.rpc.Status.encode({
    code: 3,
    message: '[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found.',
    details: [
      { type_url: 'type.googleapis.com/google.rpc.ErrorInfo', value: info },
      { type_url: 'type.googleapis.com/google.rpc.RetryInfo', value: retry },
    ],
  }).finish();

  const back = google.rpc.Status.decode(status);
  assert.equal(back.code, 3);
  assert.match(back.message, /TABLE_OR_VIEW_NOT_FOUND/);
  assert.equal(back.details.length, 2);
  assert.equal(back.details[0]!.type_url, 'type.googleapis.com/google.rpc.ErrorInfo');
  const errorInfo = google.rpc.ErrorInfo.decode(back.details[0]!.value!);
  assert.equal(errorInfo.reason, 'org.apache.spark.sql.AnalysisException');
  assert.deepEqual({ ...errorInfo.metadata }, { errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01', errorId: 'e-1' });
  const retryInfo = google.rpc.RetryInfo.decode(back.details[1]!.value!);
  assert.equal(Long.fromValue(retryInfo.retryDelay!.seconds!).toNumber(), 2);
  assert.equal(retryInfo.retryDelay!.nanos, 500_000_000);
});

test('a FetchErrorDetailsResponse with a query context round-trips', () => {
  const response: spark.connect.IFetchErrorDetailsResponse = {
    rootErrorIdx: 0,
    sessionId: 's',
    serverSideSessionId: 'srv',
    errors: [
      {
        errorTypeHierarchy: ['org.apache.spark.sql.AnalysisException', 'java.lang.Exception'],
        message: 'boom',
        sparkThrowable: {
          errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION',
          messageParameters: { objectName: '`x`' },
          sqlState: '42703',
          queryContexts: [
            {
              contextType: spark.connect.FetchErrorDetailsResponse.QueryContext.ContextType.SQL,
              startIndex: 7,
              stopIndex: 7,
              fragment: 'x',
            },
          ],
        },
      },
    ],
  };
  const back = spark.connect.FetchErrorDetailsResponse.decode(
    spark.connect.FetchErrorDetailsResponse.encode(response).finish(),
  );
  const thrown = back.errors[0]?.sparkThrowable;
  assert.equal(thrown?.errorClass, 'UNRESOLVED_COLUMN.WITH_SUGGESTION');
  assert.equal(thrown?.sqlState, '42703');
  assert.equal(thrown?.messageParameters?.['objectName'], '`x`');
  assert.equal(thrown?.queryContexts?.[0]?.fragment, 'x');
  assert.equal(thrown?.queryContexts?.[0]?.startIndex, 7);
});
