// Reattaching to a server session by id, as the extension does after a window reload, on the real
// servers: a detached session keeps its temporary views; on Spark 4 a released one (as after an idle
// timeout) and a server-side session that is not the one we saw (as after a restart) are refused with
// the error classes session-state.ts recognises. Costs about 2 s per server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { noopLogger } from '../../../src/connect/logger';
import { ConnectEngine } from '../../../src/engine/connect-engine';
import type { EngineSession, ResultEvent } from '../../../src/engine/engine';
import { isSessionGone } from '../../../src/engine/session-state';
import { sparkServers } from '../../support/servers';

async function rows(session: EngineSession, sql: string): Promise<number> {
  let n = 0;
  for await (const e of session.executeSql(sql, undefined) as AsyncIterable<ResultEvent>) if (e.kind === 'arrow') n += e.rowCount;
  return n;
}

for (const server of sparkServers()) {
  void describe(`reattaching to a server session on ${server.name}`, () => {
    const engine = new ConnectEngine(noopLogger, 'session-resume-test');
    const options = parseConnectionString(server.remote);

    test('a detached session is reattached by id, with its temporary view', async () => {
      const first = await engine.connect(options);
      const succeeded: string[] = [];
      first.onDidSucceed?.((sql) => succeeded.push(sql));
      await rows(first, 'CREATE TEMP VIEW resume_probe AS SELECT 42 AS x');
      assert.deepEqual(succeeded, ['CREATE TEMP VIEW resume_probe AS SELECT 42 AS x']);
      if (server.version === '4') assert.ok(first.serverSideSessionId, 'Spark 4 names its server-side session');
      await first.detach!();
      const again = await engine.connect(options, undefined, {
        sessionId: first.sessionId, ...(first.serverSideSessionId ? { serverSideSessionId: first.serverSideSessionId } : {}),
      });
      try {
        assert.equal(again.sessionId, first.sessionId);
        assert.equal(await rows(again, 'SELECT * FROM resume_probe'), 1);
      } finally {
        await again.close();
      }
    });

    test('the session mark is there in a reattached session, and missing from one the server made anew', async () => {
      const first = await engine.connect(options);
      assert.equal(await first.markSession!(), false, 'a new session has no mark yet');
      assert.equal(await first.markSession!(), true);
      await first.detach!();
      const again = await engine.connect(options, undefined, { sessionId: first.sessionId, ...(first.serverSideSessionId ? { serverSideSessionId: first.serverSideSessionId } : {}) });
      try {
        assert.equal(await again.markSession!(), true, 'the same server session');
      } finally {
        await again.close();
      }
      // As after a restart of a server that names no server-side session (3.5): an id it does not know
      // gets a new, empty session, silently.
      if (server.version === '3.5') {
        const unknown = await engine.connect(options, undefined, { sessionId: randomUUID() });
        try {
          assert.equal(await unknown.markSession!(), false);
        } finally {
          await unknown.close();
        }
      }
    });

    if (server.version === '4') {
      test('a released session is refused with SESSION_CLOSED', async () => {
        const first = await engine.connect(options);
        await first.close();
        await assert.rejects(engine.connect(options, undefined, { sessionId: first.sessionId }), (err: unknown) => {
          assert.ok(isSessionGone(err), String(err));
          assert.match(String((err as Error).message), /SESSION_CLOSED/);
          return true;
        });
      });

      test('a server-side session that is not the one seen before is refused with SESSION_CHANGED', async () => {
        await assert.rejects(engine.connect(options, undefined, { sessionId: randomUUID(), serverSideSessionId: randomUUID() }), (err: unknown) => {
          assert.ok(isSessionGone(err), String(err));
          assert.match(String((err as Error).message), /SESSION_CHANGED/);
          return true;
        });
      });
    }
  });
}
