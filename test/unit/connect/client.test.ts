// SparkConnectClient over real gRPC against the in-process fake server: request envelope, metadata,
// reattach, release, session checks, error details, retries, interrupt, close.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { SparkConnectClient, type ClientOptions } from '../../../src/connect/client';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectError } from '../../../src/connect/errors';
import { RELEASE_EVERY_RESPONSES } from '../../../src/connect/execution';
import { spark } from '../../../src/connect/generated/spark-connect';
import { FakeSpark, GrpcFailure, failStream, writeAll, type Resp } from './fake-spark';
import { until } from '../../support/until';

const fake = new FakeSpark();
let port = 0;
before(async () => { port = await fake.start(); });
after(async () => { await fake.stop(); });
beforeEach(() => {
  fake.calls.length = 0;
  fake.serverSideSessionId = 'server-session-1';
});

const clients: SparkConnectClient[] = [];
function client(extra: Partial<ClientOptions> = {}, params = ''): SparkConnectClient {
  const c = new SparkConnectClient({ host: 'localhost', port, useSsl: false, headers: {}, ...extra, ...(params ? {} : {}) });
  clients.push(c);
  return c;
}
after(async () => { await Promise.all(clients.map((c) => c.close())); });

const SQL_PLAN: spark.connect.Plan.$Properties = { root: { sql: { query: 'select 1' } } };

/** An operation's responses: n one-byte "batches" then ResultComplete. */
function operation(req: { sessionId?: string | null; operationId?: string | null }, n: number): Resp[] {
  const base = { sessionId: req.sessionId ?? '', serverSideSessionId: fake.serverSideSessionId, operationId: req.operationId ?? '' };
  const out: Resp[] = [];
  for (let i = 0; i < n; i++) out.push({ ...base, responseId: `r${i}`, arrowBatch: { rowCount: 1, data: new Uint8Array([i]) } });
  out.push({ ...base, responseId: `r${n}`, resultComplete: {} });
  return out;
}

async function bytesOf(stream: AsyncIterable<{ kind: string; data?: Uint8Array }>): Promise<number[]> {
  const out: number[] = [];
  for await (const e of stream) if (e.kind === 'arrow' && e.data) out.push(e.data[0]);
  return out;
}

void test('ExecutePlan request: session, user, client type, operation id, reattach option, tags, headers, token', async () => {
  fake.executePlan = async (call) => { await writeAll(call, operation(call.request, 2)); call.end(); };
  const c = client({ token: 'tok-123', userId: 'alice', clientType: 'unit-test', headers: { 'x-cluster-id': 'c-9' } });
  const s = c.execute(SQL_PLAN, { tags: ['t1', 't2'] });
  assert.deepEqual(await bytesOf(s), [0, 1]);
  const [rec] = fake.calledWith('ExecutePlan');
  const req = rec.request as spark.connect.ExecutePlanRequest;
  assert.equal(req.sessionId, c.sessionId);
  assert.equal(req.userContext?.userId, 'alice');
  assert.equal(req.operationId, s.operationId);
  assert.match(s.operationId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(req.tags, ['t1', 't2']);
  assert.equal(req.requestOptions[0].reattachOptions?.reattachable, true);
  assert.match(req.clientType ?? '', /^_SPARK_CONNECT_TYPESCRIPT spark-connect-ts\/\S+ unit-test os\//);
  assert.equal(req.plan?.root?.sql?.query, 'select 1');
  assert.equal(rec.metadata.authorization, 'Bearer tok-123', 'token to localhost goes over plaintext, as PySpark');
  assert.equal(rec.metadata['x-cluster-id'], 'c-9');
  assert.match(String(rec.metadata['user-agent']), /_SPARK_CONNECT_TYPESCRIPT/);
  // the server-side session id is learned and sent back from then on
  assert.equal(c.serverSideSessionId, 'server-session-1');
  await c.config({ get: { keys: ['a'] } });
  const cfg = fake.calledWith('Config')[0].request as spark.connect.ConfigRequest;
  assert.equal(cfg.clientObservedServerSideSessionId, 'server-session-1');
  // ReleaseExecute(all) after ResultComplete: sent without waiting, so it reaches the server a moment later.
  const releasedAll = () => fake.calledWith('ReleaseExecute').map((r) => r.request as spark.connect.ReleaseExecuteRequest)
    .some((r) => r.operationId === s.operationId && r.releaseAll);
  assert.ok(await until('ReleaseExecute(all)', releasedAll));
});

void test('a stream that breaks mid-way is resumed with ReattachExecute from the last response id', async () => {
  const ops = new Map<string, Resp[]>();
  fake.executePlan = async (call) => {
    const all = operation(call.request, RELEASE_EVERY_RESPONSES + 8);
    ops.set(call.request.operationId ?? '', all);
    await writeAll(call, all.slice(0, 4));
    failStream(call, new GrpcFailure(status.UNAVAILABLE, 'link down'));
  };
  fake.reattachExecute = async (call) => {
    const all = ops.get(call.request.operationId ?? '') ?? [];
    const from = all.findIndex((r) => r.responseId === call.request.lastResponseId) + 1;
    await writeAll(call, all.slice(from));
    call.end();
  };
  const c = client();
  const s = c.execute(SQL_PLAN);
  assert.deepEqual(await bytesOf(s), Array.from({ length: RELEASE_EVERY_RESPONSES + 8 }, (_, i) => i));
  const re = fake.calledWith('ReattachExecute').map((r) => r.request as spark.connect.ReattachExecuteRequest);
  assert.equal(re.length, 1);
  assert.equal(re[0].lastResponseId, 'r3');
  assert.equal(re[0].operationId, s.operationId);
  assert.equal(re[0].sessionId, c.sessionId);
  assert.equal(s.reattachCount, 1);
  // consumed responses were released along the way (every RELEASE_EVERY_RESPONSES), then everything at the end
  const released = () => fake.calledWith('ReleaseExecute').map((r) => r.request as spark.connect.ReleaseExecuteRequest).filter((r) => r.operationId === s.operationId);
  await until('ReleaseExecute(all)', () => released().some((r) => r.releaseAll));
  const rel = released();
  assert.deepEqual(rel.map((r) => r.releaseUntil?.responseId ?? (r.releaseAll ? 'all' : '?')), [`r${RELEASE_EVERY_RESPONSES - 1}`, 'all']);
});

void test('reattach without a last response id continues from the start', async () => {
  let attempt = 0;
  fake.executePlan = async (call) => {
    attempt++;
    failStream(call, new GrpcFailure(status.UNAVAILABLE, 'x'));
  };
  fake.reattachExecute = async (call) => {
    assert.equal(call.request.lastResponseId, null);
    await writeAll(call, operation(call.request, 2));
    call.end();
  };
  assert.deepEqual(await bytesOf(client().execute(SQL_PLAN)), [0, 1]);
  assert.equal(attempt, 1);
});

void test('a changed server-side session id fails clearly and the client refuses further calls', async () => {
  fake.executePlan = async (call) => { await writeAll(call, operation(call.request, 1)); call.end(); };
  const c = client();
  await bytesOf(c.execute(SQL_PLAN));
  fake.serverSideSessionId = 'server-session-2';
  await assert.rejects(c.config({ getAll: {} }), (e: unknown) => e instanceof SparkConnectError
    && e.errorClass === 'INVALID_HANDLE.SESSION_CHANGED' && /server-session-1 to server-session-2/.test(e.message));
  assert.equal(c.isClosed, true);
  const before = fake.calls.length;
  await assert.rejects(c.sparkVersion(), (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'INVALID_HANDLE.SESSION_CHANGED');
  assert.equal(fake.calls.length, before, 'no RPC after the session is known to be gone');
});

void test('an error with an errorId is enriched with FetchErrorDetails', async () => {
  fake.analyzePlan = () => {
    throw new GrpcFailure(status.INTERNAL, '[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] truncated', {
      reason: 'org.apache.spark.sql.AnalysisException', domain: 'org.apache.spark',
      metadata: { errorClass: 'UNRESOLVED_COLUMN.WITHOUT_SUGGESTION', sqlState: '42703', errorId: 'err-7', classes: '["org.apache.spark.sql.AnalysisException"]' },
    });
  };
  fake.fetchErrorDetails = (req) => {
    assert.equal(req.errorId, 'err-7');
    return {
      rootErrorIdx: 0,
      errors: [{
        message: '[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column `x` cannot be resolved.',
        errorTypeHierarchy: ['org.apache.spark.sql.AnalysisException'],
        sparkThrowable: { errorClass: 'UNRESOLVED_COLUMN.WITHOUT_SUGGESTION', sqlState: '42703', messageParameters: { objectName: '`x`' }, queryContexts: [{ startIndex: 7, stopIndex: 7, fragment: 'x' }] },
      }],
    };
  };
  const c = client();
  await assert.rejects(c.analyze({ schema: { plan: SQL_PLAN } }), (e: unknown) => {
    assert.ok(e instanceof SparkConnectError);
    assert.equal(e.reason, 'analysis');
    assert.equal(e.message, '[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column `x` cannot be resolved.');
    assert.deepEqual(e.messageParameters, { objectName: '`x`' });
    assert.deepEqual(e.queryContext, [{ contextType: 'sql', startIndex: 7, stopIndex: 7, fragment: 'x' }]);
    assert.equal(e.grpcCode, status.INTERNAL);
    return true;
  });
  assert.equal(fake.calledWith('AnalyzePlan').length, 1, 'analysis errors are not retried');
  fake.analyzePlan = () => ({ sparkVersion: { version: '4.3.0' } });
});

void test('without FetchErrorDetails (Spark 3.5) the trailer alone is used, and the RPC is not tried again', async () => {
  fake.fetchErrorDetails = () => { throw new GrpcFailure(status.UNIMPLEMENTED, 'Method not found'); };
  fake.config = () => { throw new GrpcFailure(status.INTERNAL, '[CONFIG_NOT_AVAILABLE] x', { reason: 'org.apache.spark.sql.AnalysisException', domain: 'org.apache.spark', metadata: { errorId: 'e1', errorClass: 'CONFIG_NOT_AVAILABLE' } }); };
  const c = client();
  for (let i = 0; i < 2; i++) {
    await assert.rejects(c.config({ get: { keys: ['k'] } }), (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'CONFIG_NOT_AVAILABLE');
  }
  assert.equal(fake.calledWith('FetchErrorDetails').length, 1);
  fake.config = () => ({ pairs: [] });
});

void test('UNAVAILABLE from a connected server is retried; RetryInfo is honoured', async () => {
  let n = 0;
  fake.config = () => {
    n++;
    if (n === 1) throw new GrpcFailure(status.UNAVAILABLE, 'busy');
    if (n === 2) throw new GrpcFailure(status.RESOURCE_EXHAUSTED, 'slow down', undefined, 300);
    return { pairs: [{ key: 'k', value: 'v' }] };
  };
  const c = client({ retryPolicy: { initialBackoffMs: 10, jitterFraction: 0 } });
  await c.sparkVersion();
  const t0 = Date.now();
  const resp = await c.config({ get: { keys: ['k'] } });
  assert.equal(resp.pairs[0].value, 'v');
  assert.equal(n, 3);
  assert.ok(Date.now() - t0 >= 300, 'waited at least the server-requested delay');
  fake.config = () => ({ pairs: [] });
});

void test('errors that are not transient are not retried', async () => {
  let n = 0;
  fake.config = () => { n++; throw new GrpcFailure(status.INVALID_ARGUMENT, 'bad'); };
  await assert.rejects(client().config({ getAll: {} }), (e: unknown) => e instanceof SparkConnectError && e.reason === 'invalid-argument');
  assert.equal(n, 1);
  fake.config = () => ({ pairs: [] });
});

void test('interrupt: all, by tag, by operation id', async () => {
  fake.interrupt = (req) => ({ interruptedIds: [`${req.interruptType}:${req.operationTag ?? req.operationId ?? ''}`] });
  const c = client();
  const T = spark.connect.InterruptRequest.InterruptType;
  assert.deepEqual(await c.interrupt({ all: true }), [`${T.INTERRUPT_TYPE_ALL}:`]);
  assert.deepEqual(await c.interrupt({ tag: 'etl' }), [`${T.INTERRUPT_TYPE_TAG}:etl`]);
  assert.deepEqual(await c.interrupt({ operationId: 'op-1' }), [`${T.INTERRUPT_TYPE_OPERATION_ID}:op-1`]);
  await assert.rejects(c.interrupt({ tag: 'a,b' }), /must not contain ','/);
});

void test('cancel() cancels the stream and sends Interrupt for the operation', async () => {
  let cancelled = false;
  fake.executePlan = async (call) => {
    call.on('cancelled', () => { cancelled = true; });
    await writeAll(call, operation(call.request, 1).slice(0, 1)); // one batch, then silence
  };
  fake.interrupt = (req) => ({ interruptedIds: [req.operationId ?? ''] });
  const c = client();
  const s = c.execute(SQL_PLAN);
  const it = s[Symbol.asyncIterator]();
  assert.equal((await it.next()).value?.kind, 'arrow');
  const pending = assert.rejects(it.next(), (e: unknown) => e instanceof SparkConnectError && e.reason === 'cancelled');
  await s.cancel();
  await pending;
  const intr = fake.calledWith('Interrupt').map((r) => r.request as spark.connect.InterruptRequest);
  assert.equal(intr.at(-1)?.operationId, s.operationId);
  // The cancellation reaches the in-process server over the socket, a moment after cancel() returns.
  assert.equal(await until('the server to see the call cancelled', () => cancelled), true, 'the server saw the gRPC call cancelled');
});

void test('execute validates tags and operation ids up front', () => {
  const c = client();
  assert.throws(() => c.execute(SQL_PLAN, { tags: [''] }), /must not be empty/);
  assert.throws(() => c.execute(SQL_PLAN, { operationId: 'nope' }), /UUID/);
});

void test('non-reattachable execution sends no reattach option and no ReleaseExecute', async () => {
  fake.executePlan = async (call) => { await writeAll(call, operation(call.request, 1)); call.end(); };
  const c = client();
  const s = c.execute(SQL_PLAN, { reattachable: false });
  await bytesOf(s);
  const req = fake.calledWith('ExecutePlan')[0].request as spark.connect.ExecutePlanRequest;
  assert.deepEqual(req.requestOptions, []);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(fake.calledWith('ReleaseExecute').filter((r) => (r.request as spark.connect.ReleaseExecuteRequest).operationId === s.operationId).length, 0);
});

void test('collectResult over a real stream', async () => {
  const { tableToIPC, tableFromArrays } = await import('apache-arrow');
  const ipc = tableToIPC(tableFromArrays({ x: Int32Array.from([1, 2, 3]) }), 'stream');
  fake.executePlan = async (call) => {
    const base = { sessionId: call.request.sessionId, serverSideSessionId: fake.serverSideSessionId, operationId: call.request.operationId ?? '' };
    await writeAll(call, [
      { ...base, responseId: 'a', arrowBatch: { rowCount: 3, data: ipc } },
      { ...base, responseId: 'b', metrics: { metrics: [{ name: 'LocalTableScan' }] } },
      { ...base, responseId: 'c', resultComplete: {} },
    ]);
    call.end();
  };
  const r = await collectResult(client().execute(SQL_PLAN));
  assert.deepEqual([...(r.table.getChild('x')?.toArray() ?? [])], [1, 2, 3]);
  assert.equal(r.metrics?.metrics?.[0].name, 'LocalTableScan');
});

void test('close() releases the session once, is idempotent, and later calls fail without RPCs', async () => {
  const c = client();
  await c.sparkVersion();
  await Promise.all([c.close(), c.close()]);
  await c.close();
  const rs = fake.calledWith('ReleaseSession');
  assert.equal(rs.length, 1);
  assert.equal((rs[0].request as spark.connect.ReleaseSessionRequest).sessionId, c.sessionId);
  await assert.rejects(c.config({ getAll: {} }), (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'NO_ACTIVE_SESSION');
  assert.throws(() => c.execute(SQL_PLAN), (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'NO_ACTIVE_SESSION');
});

void test('close({ releaseSession: false }) closes the channel but leaves a shared server session alive', async () => {
  const c = client({ sessionId: '550e8400-e29b-41d4-a716-446655440000' });
  await c.sparkVersion();
  const before = fake.calledWith('ReleaseSession').length;
  await c.close({ releaseSession: false });
  assert.equal(fake.calledWith('ReleaseSession').length, before);
  await assert.rejects(c.config({ getAll: {} }), (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'NO_ACTIVE_SESSION');
});

void test('close() tolerates a server without ReleaseSession (Spark 3.5)', async () => {
  fake.releaseSession = () => { throw new GrpcFailure(status.UNIMPLEMENTED, 'Method not found'); };
  const c = client();
  await c.sparkVersion();
  await c.close();
  assert.equal(fake.calledWith('ReleaseSession').length, 1);
  fake.releaseSession = () => ({});
});

void test('session_id from the options is used; a bad one is refused', () => {
  const id = '550e8400-e29b-41d4-a716-446655440000';
  assert.equal(client({ sessionId: id }).sessionId, id);
  assert.throws(() => client({ sessionId: 'x' }), /UUID/);
});

void test('debug logs show RPCs but never the token', async () => {
  const lines: string[] = [];
  const log = (m: string) => lines.push(m);
  const c = client({ token: 'very-secret-token', logger: { trace: log, debug: log, info: log, warn: log, error: log } });
  await c.sparkVersion();
  await c.close();
  assert.ok(lines.some((l) => /→ AnalyzePlan/.test(l)));
  assert.ok(lines.some((l) => /token=\*\*\*/.test(l)), 'the connection is logged with the token redacted');
  assert.ok(lines.every((l) => !l.includes('very-secret-token')));
});

void test('a client refuses to send a credential header in plaintext to a remote host, and says which', () => {
  assert.throws(() => new SparkConnectClient('sc://10.0.0.5:15002/;X-Api-Key=key-0a1b2c3d4e'), (e: unknown) => {
    assert.ok(e instanceof SparkConnectError);
    assert.equal(e.reason, 'config');
    assert.match(e.message, /'x-api-key'/);
    assert.doesNotMatch(e.message, /key-0a1b2c3d4e/);
    return true;
  });
});
