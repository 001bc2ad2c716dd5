// "Sort / filter on the server" against real Spark: a cut-off result re-run with a Sort and a Filter over
// its SQL relation returns the first rows of the whole result in that order and only matching rows, and
// column names with dots stay one column. Costs about a second per server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordBatchReader } from 'apache-arrow';
import { ConnectEngine } from '../../../src/engine/connect-engine';
import type { EngineSession, ResultRefinement } from '../../../src/engine/engine';
import { noopLogger } from '../../../src/connect/logger';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { sparkServers } from '../../support/servers';

async function rows(session: EngineSession, sql: string, rowLimit: number, refine: ResultRefinement): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const e of session.executeSql(sql, undefined, { rowLimit, refine })) {
    if (e.kind !== 'arrow') continue;
    for (const batch of RecordBatchReader.from(e.data)) {
      for (let i = 0; i < batch.numRows; i++) {
        out.push(batch.schema.fields.map((_f, c) => {
          const v: unknown = batch.getChildAt(c)?.get(i);
          return typeof v === 'bigint' ? Number(v) : v;
        }));
      }
    }
  }
  return out;
}

for (const server of sparkServers()) {
  void describe(`sort and filter on the server, ${server.name}`, () => {
    let session: EngineSession;
    before(async () => {
      session = await new ConnectEngine(noopLogger, 'refine-it').connect(parseConnectionString(server.remote));
    });
    after(async () => {
      await session?.close();
    });

    const sql = "SELECT id, concat('name ', CAST(id AS STRING)) AS `a.b` FROM range(1000)";

    test('sorted on the server, then cut at the limit: the top of the whole result', async () => {
      const got = await rows(session, sql, 3, { sort: { column: 'id', descending: true } });
      assert.deepEqual(got, [[999, 'name 999'], [998, 'name 998'], [997, 'name 997']]);
    });

    test('filtered on the server over every column, ignoring case, a dotted name as one column', async () => {
      const got = await rows(session, sql, 100, { filter: { text: 'NAME 99', columns: ['id', 'a.b'] }, sort: { column: 'a.b', descending: false } });
      assert.deepEqual(got.map((r) => r[0]), [99, 990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
      const numeric = await rows(session, sql, 100, { filter: { text: '500', columns: ['id'] } });
      assert.deepEqual(numeric, [[500, 'name 500']]);
    });
  });
}
