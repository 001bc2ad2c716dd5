// The generated messages against real servers, over bare grpc-js (no client layer): requests we
// encode must mean the same to Spark, and what Spark sends back must decode into the right cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import Long from 'long';
import { tableFromIPC } from 'apache-arrow';
import { google, spark } from '../../../src/connect/generated/spark-connect';

interface Server {
  name: string;
  version: '4' | '3.5';
  remote: string;
}

const servers: Server[] = [
  { name: 'spark4', version: '4', remote: process.env['SPARK_REMOTE'] ?? 'sc://localhost:15002' },
  { name: 'spark35', version: '3.5', remote: process.env['SPARK35_REMOTE'] ?? 'sc://localhost:15035' },
];

const SERVICE = '/spark.connect.SparkConnectService/';
const DEADLINE_MS = 60_000;
const TWO_53_PLUS_1 = '9007199254740993';

function target(remote: string): string {
  const m = /^sc:\/\/([^/:;]+):(\d+)/.exec(remote);
  if (!m) throw new Error(`unsupported remote ${remote}`);
  return `${m[1]}:${m[2]}`;
}

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
}
interface Decoder<R> {
  decode(bytes: Uint8Array): R;
}

function unary<Q, R>(client: grpc.Client, method: string, req: Codec<Q>, res: Decoder<R>, body: Q): Promise<R> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      SERVICE + method,
      (m: Q) => Buffer.from(req.encode(m).finish()),
      (b: Buffer) => res.decode(b),
      body,
      new grpc.Metadata(),
      { deadline: Date.now() + DEADLINE_MS },
      (err, value) => (err ? reject(err) : resolve(value!)),
    );
  });
}

async function execute(client: grpc.Client, request: spark.connect.IExecutePlanRequest): Promise<spark.connect.ExecutePlanResponse[]> {
  const call = client.makeServerStreamRequest(
    SERVICE + 'ExecutePlan',
    (m: spark.connect.IExecutePlanRequest) => Buffer.from(spark.connect.ExecutePlanRequest.encode(m).finish()),
    (b: Buffer) => spark.connect.ExecutePlanResponse.decode(b),
    request,
    new grpc.Metadata(),
    { deadline: Date.now() + DEADLINE_MS },
  );
  const out: spark.connect.ExecutePlanResponse[] = [];
  for await (const r of call as AsyncIterable<spark.connect.ExecutePlanResponse>) out.push(r);
  return out;
}

for (const server of servers) {
  test(`generated messages work against ${server.name} (${server.remote})`, async (t) => {
    const client = new grpc.Client(target(server.remote), grpc.credentials.createInsecure());
    t.after(() => client.close());
    const sessionId = randomUUID();
    const userContext = { userId: 'protocol-test' };

    await t.test('AnalyzePlan spark_version', async () => {
      const res = await unary(client, 'AnalyzePlan', spark.connect.AnalyzePlanRequest, spark.connect.AnalyzePlanResponse, {
        sessionId,
        userContext,
        sparkVersion: {},
      });
      assert.equal(res.result, 'sparkVersion');
      assert.ok(res.sparkVersion?.version?.startsWith(server.version === '4' ? '4.' : '3.5.'), String(res.sparkVersion?.version));
    });

    await t.test('ExecutePlan of a Range beyond 2^53 returns exact values, schema and metrics', async () => {
      const start = Long.fromString(TWO_53_PLUS_1);
      const responses = await execute(client, {
        sessionId,
        userContext,
        operationId: randomUUID(),
        plan: { root: { common: { planId: 1 }, range: { start, end: start.add(3), step: 1, numPartitions: 1 } } },
      });
      const batches = responses.filter((r) => r.responseType === 'arrowBatch');
      assert.ok(batches.length >= 1, 'at least one arrow batch');
      const values: string[] = [];
      let rows = 0;
      for (const b of batches) {
        rows += Long.fromValue(b.arrowBatch!.rowCount!).toNumber();
        const table = tableFromIPC(b.arrowBatch!.data!);
        for (const v of table.getChild('id')!.toArray() as BigInt64Array) values.push(v.toString());
      }
      assert.equal(rows, 3);
      assert.deepEqual(values, [TWO_53_PLUS_1, '9007199254740994', '9007199254740995']);
      const schema = responses.find((r) => r.schema)?.schema;
      assert.equal(schema?.kind, 'struct');
      assert.equal(schema?.struct?.fields?.[0]?.name, 'id');
      assert.equal(schema?.struct?.fields?.[0]?.dataType?.kind, 'long');
      assert.ok(responses.some((r) => (r.metrics?.metrics?.length ?? 0) > 0), 'metrics sent');
      assert.ok(responses.every((r) => r.operationId !== ''), 'operation id echoed');
    });

    await t.test('a failing query carries a google.rpc.Status with ErrorInfo', async () => {
      const err = await execute(client, {
        sessionId,
        userContext,
        plan: { root: { sql: { query: 'SELECT * FROM protocol_test_no_such_table' } } },
      }).then(
        () => assert.fail('query on a missing table succeeded'),
        (e: unknown) => e as grpc.ServiceError,
      );
      const raw = err.metadata?.get('grpc-status-details-bin')[0];
      assert.ok(raw instanceof Buffer, 'status details trailer present');
      const status = google.rpc.Status.decode(raw);
      assert.equal(status.code, err.code);
      const detail = status.details.find((d) => d.type_url === 'type.googleapis.com/google.rpc.ErrorInfo');
      assert.ok(detail, `ErrorInfo in ${status.details.map((d) => d.type_url).join(', ')}`);
      const info = google.rpc.ErrorInfo.decode(detail.value!);
      assert.match(info.reason, /AnalysisException/);
      const classes = JSON.parse(info.metadata['classes'] ?? '[]') as string[];
      assert.ok(classes.includes('org.apache.spark.sql.AnalysisException'), info.metadata['classes']);

      // 3.5.7 sends only `classes`; the error class, SQL state and FetchErrorDetails are 4.x.
      if (server.version === '4') {
        assert.equal(info.metadata['errorClass'], 'TABLE_OR_VIEW_NOT_FOUND');
        assert.equal(info.metadata['sqlState'], '42P01');
        const errorId = info.metadata['errorId'];
        assert.ok(errorId, 'errorId for FetchErrorDetails');
        const details = await unary(
          client,
          'FetchErrorDetails',
          spark.connect.FetchErrorDetailsRequest,
          spark.connect.FetchErrorDetailsResponse,
          { sessionId, userContext, errorId },
        );
        const root = details.errors[details.rootErrorIdx ?? 0];
        assert.equal(root?.sparkThrowable?.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
        assert.equal(root?.sparkThrowable?.sqlState, '42P01');
        const ctx = root?.sparkThrowable?.queryContexts?.[0];
        assert.equal(ctx?.fragment, 'protocol_test_no_such_table');
        assert.equal(ctx?.contextType, spark.connect.FetchErrorDetailsResponse.QueryContext.ContextType.SQL);
      }
    });

    await t.test('Config get_with_default round-trips key/value pairs', async () => {
      const res = await unary(client, 'Config', spark.connect.ConfigRequest, spark.connect.ConfigResponse, {
        sessionId,
        userContext,
        operation: { getWithDefault: { pairs: [{ key: 'spark.protocol.test.absent', value: 'fallback' }] } },
      });
      assert.deepEqual(res.pairs.map((p) => [p.key, p.value]), [['spark.protocol.test.absent', 'fallback']]);
    });

    await t.test('ReleaseSession', async () => {
      if (server.version === '3.5') {
        // 3.5 has no ReleaseSession RPC; the server must say so rather than hang.
        await assert.rejects(
          unary(client, 'ReleaseSession', spark.connect.ReleaseSessionRequest, spark.connect.ReleaseSessionResponse, { sessionId, userContext }),
          (e: grpc.ServiceError) => e.code === grpc.status.UNIMPLEMENTED,
        );
        return;
      }
      const res = await unary(client, 'ReleaseSession', spark.connect.ReleaseSessionRequest, spark.connect.ReleaseSessionResponse, {
        sessionId,
        userContext,
      });
      assert.equal(res.sessionId, sessionId);
    });
  });
}
