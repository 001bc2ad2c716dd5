// Session identity on the real servers: a session id shared by two clients is one session; closing
// releases it (Spark 4: the id is then refused; Spark 3.5 has no ReleaseSession and keeps it);
// the server-side session id is learned and checked on Spark 4.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import { sparkServers } from '../../support/servers';

const q = (query: string) => ({ root: { sql: { query } } });

for (const server of sparkServers()) {
  void describe(`sessions on ${server.name}`, () => {
    const open = (sessionId?: string, userId?: string) => new SparkConnectClient({ ...parseConnectionString(server.remote), sessionId, userId });

    void test('two clients with the same session id (and user) share temp views; another user does not', async () => {
      const id = randomUUID();
      const a = open(id, 'alice');
      const b = open(id, 'alice');
      const other = open(id, 'bob');
      try {
        await collectResult(a.execute(q('create temp view shared_tv as select 7 as x')));
        const r = await collectResult(b.execute(q('select x from shared_tv')));
        assert.equal(r.table.get(0)?.x, 7);
        await assert.rejects(collectResult(other.execute(q('select x from shared_tv'))),
          (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'TABLE_OR_VIEW_NOT_FOUND');
      } finally {
        await Promise.all([a.close(), b.close(), other.close()]);
      }
    });

    void test('server-side session id', async () => {
      const c = open();
      try {
        await c.sparkVersion();
        if (server.version === '4') assert.match(c.serverSideSessionId ?? '', /^[0-9a-f-]{36}$/);
        else assert.equal(c.serverSideSessionId, undefined, 'Spark 3.5 does not send one');
      } finally {
        await c.close();
      }
    });

    if (server.version === '4') {
      void test('close() releases the session: the same id is refused afterwards', async () => {
        const id = randomUUID();
        const a = open(id);
        const b = open(id);
        await collectResult(a.execute(q('create temp view gone_tv as select 1 as x')));
        await b.sparkVersion();
        await a.close();
        await assert.rejects(collectResult(b.execute(q('select * from gone_tv'))), (e: unknown) => {
          assert.ok(e instanceof SparkConnectError);
          assert.equal(e.errorClass, 'INVALID_HANDLE.SESSION_CLOSED');
          assert.equal(e.reason, 'unavailable');
          return true;
        });
        assert.equal(b.isClosed, true, 'the client knows its session is gone');
        const c = open(id);
        await assert.rejects(c.sparkVersion(), (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'INVALID_HANDLE.SESSION_CLOSED');
        await Promise.all([b.close(), c.close()]);
      });
    } else {
      void test('close() on Spark 3.5: no ReleaseSession there, the session lives on until it expires', async () => {
        const id = randomUUID();
        const a = open(id);
        await collectResult(a.execute(q('create temp view kept_tv as select 2 as x')));
        await a.close();
        const b = open(id);
        try {
          const r = await collectResult(b.execute(q('select x from kept_tv')));
          assert.equal(r.table.get(0)?.x, 2);
        } finally {
          await b.close();
        }
      });
    }

    void test('calls after close() fail locally with NO_ACTIVE_SESSION', async () => {
      const c = open();
      await c.sparkVersion();
      await c.close();
      await assert.rejects(c.sparkVersion(), (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'NO_ACTIVE_SESSION');
    });
  });
}
