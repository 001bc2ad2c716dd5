// "Fetch more" reads on in the same execution against the real servers: a limited query whose rest is
// kept on the server (kept-result.ts) continues with the next ids, the rows already shown are never sent
// again (each uuid() once), the continuation is the same server operation, and after a release the
// server no longer has the operation. Costs about 2 s per server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordBatchReader } from 'apache-arrow';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { METHODS, type Transport } from '../../../src/connect/rpc';
import type { Logger } from '../../../src/connect/logger';
import { noopLogger } from '../../../src/connect/logger';
import { ConnectEngine, limitedSqlPlan } from '../../../src/engine/connect-engine';
import type { EngineSession, ResultColumn, ResultEvent } from '../../../src/engine/engine';
import { KeptResult, continuationCap } from '../../../src/engine/kept-result';
import { OperationsModel } from '../../../src/engine/operations-model';
import { runStatements, type ControlledResultSetInfo } from '../../../src/engine/query-runner';
import { readOnInto } from '../../../src/engine/read-on';
import type { ResultSink, ResultSummary, ResultsPresenter } from '../../../src/engine/result-sink';
import { splitStatements } from '../../../src/sql/split';
import { sparkServers } from '../../support/servers';

const SQL = 'SELECT uuid() AS u, id FROM range(100000)';

/** (uuid, id) pairs of IPC streams. */
function rowsOf(batches: Uint8Array[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const b of batches) {
    for (const batch of RecordBatchReader.from(b)) {
      for (let i = 0; i < batch.numRows; i++) out.push([String(batch.getChildAt(0)!.get(i)), Number(batch.getChildAt(1)!.get(i))]);
    }
  }
  return out;
}

async function arrowOf(events: AsyncIterable<ResultEvent>): Promise<{ batches: Uint8Array[]; limited?: Extract<ResultEvent, { kind: 'limited' }> }> {
  const batches: Uint8Array[] = [];
  let limited: Extract<ResultEvent, { kind: 'limited' }> | undefined;
  for await (const e of events) {
    if (e.kind === 'arrow') batches.push(e.data.slice());
    if (e.kind === 'limited') limited = e;
  }
  return { batches, limited };
}

const ids = (rows: Array<[string, number]>) => rows.map((r) => r[1]);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

class Capture implements ResultsPresenter, ResultSink {
  readonly keepForMore = true;
  info?: ControlledResultSetInfo;
  batches: Uint8Array[] = [];
  summary?: ResultSummary;
  failure?: string;
  constructor(readonly rowLimit: number) {}
  open(info: ControlledResultSetInfo, _columns: ResultColumn[] | undefined): ResultSink {
    this.info = info;
    return this;
  }
  addBatch(data: Uint8Array): void { this.batches.push(data.slice()); }
  complete(s: ResultSummary): void { this.summary = s; }
  fail(f: { message: string }): void { this.failure = f.message; }
}

for (const server of sparkServers()) {
  void describe(`Fetch more continues the same execution on ${server.name}`, () => {
    let session: EngineSession;
    before(async () => {
      session = await new ConnectEngine(noopLogger, 'fetch-more-it').connect(parseConnectionString(server.remote));
    });
    after(async () => {
      await session?.close();
    });

    test('a run through the query runner keeps the rest; reading on continues the ids with new uuids only', async () => {
      const presenter = new Capture(1000);
      const outcome = await runStatements({ profile: 'it', session, title: 'it', statements: splitStatements(SQL).map((statement) => ({ statement })) },
        { presenter, operations: new OperationsModel({ get: () => undefined, update: async () => undefined }, () => 10), logger: noopLogger },
        new AbortController().signal);
      assert.equal(outcome.status, 'succeeded');
      const shown = rowsOf(presenter.batches);
      assert.deepEqual(ids(shown), range(0, 1000));
      assert.equal(presenter.summary?.limited, true);
      const cont = presenter.summary?.continuation;
      assert.ok(cont?.kept, 'the rest is kept on the server');
      assert.equal(cont.operationId, presenter.info?.operationId, 'the same server operation');
      assert.equal(cont.maxRows, continuationCap(1000));

      const more = new Capture(0);
      const read = await readOnInto(cont, 4000, more, new AbortController().signal);
      assert.deepEqual(read, { status: 'read', rows: 4000 });
      assert.equal(more.failure, undefined);
      assert.equal(more.batches.length > 0, true, 'batches arrived');
      const next = rowsOf(more.batches);
      assert.deepEqual(ids(next), range(1000, 5000), 'the ids continue: no gap, no repeat');
      const uuids = new Set([...shown, ...next].map((r) => r[0]));
      assert.equal(uuids.size, 5000, 'every row once: no uuid twice across the stop');
      assert.equal(more.summary?.rowCount, 5000);
      assert.equal(more.summary?.continuation, cont, 'still kept: more rows within the plan limit');
      cont.release('test done');
      assert.equal(cont.kept, false);
    });

    test('after release the server no longer has the operation', async () => {
      const lines: string[] = [];
      const keep = (m: string): void => { lines.push(m); };
      const logger: Logger = { trace: keep, debug: keep, info: keep, warn: keep, error: keep };
      const client = new SparkConnectClient({ ...parseConnectionString(server.remote), logger });
      try {
        const stream = client.execute(limitedSqlPlan(SQL, undefined, 10_000).plan);
        const kept = new KeptResult(stream, { showRows: 500, maxRows: 10_000 });
        const first = await arrowOf(kept.first());
        assert.deepEqual(ids(rowsOf(first.batches)), range(0, 500));
        assert.ok(first.limited?.continuation?.kept);
        const last = stream.lastConsumedResponseId;
        assert.ok(last);
        kept.release();
        for (let i = 0; i < 50 && !lines.some((l) => l.includes('← ReleaseExecute ok')); i++) await new Promise((r) => setTimeout(r, 100));
        // ReattachExecute straight on the transport (the client's own path would not try a released operation).
        const transport = (client as unknown as { transport: Transport }).transport;
        const raw = transport.serverStream(METHODS.reattachExecute, {
          sessionId: client.sessionId, userContext: { userId: client.userId }, operationId: stream.operationId, lastResponseId: last,
        });
        let gotResponses = 0;
        const err = await (async () => {
          try {
            for await (const r of raw) if (r.arrowBatch) gotResponses++;
            return undefined;
          } catch (e) {
            return client.toError(e, 'ReattachExecute', stream.operationId);
          }
        })();
        assert.equal(gotResponses, 0);
        assert.match(err?.errorClass ?? err?.message ?? 'no error', /INVALID_HANDLE\.OPERATION_(NOT_FOUND|ABANDONED)/);
      } finally {
        await client.close();
      }
    });
  });
}
