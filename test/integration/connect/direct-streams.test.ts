// Result streams over the client's own HTTP/2 connection (h2/direct-stream.ts) against the real
// servers: the very same Arrow bytes as through grpc-js, server errors with their details, and the
// choice of transport (grpc-js unless the direct reader is asked for).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tableToIPC } from 'apache-arrow';
import type { SparkConnectClient } from '../../../src/connect/client';
import { SparkConnectError } from '../../../src/connect/errors';
import { SparkSession } from '../../../src/connect/session';
import { sparkServers } from '../../support/servers';

const QUERY = `SELECT id, CAST(id % 1000 AS INT) AS i, id * 1.25D AS d, IF(id % 9 = 0, NULL, concat('row-', id)) AS s,
  CAST(id AS DECIMAL(20, 0)) / 8 AS dec, timestamp_micros(1700000000000000 + id * 1000003) AS ts,
  array(id, id + 1) AS arr, named_struct('a', id % 3, 'b', CAST(id AS STRING)) AS st
FROM range(0, 300000, 1, 6)`;

for (const server of sparkServers()) {
  void describe(`direct result streams on ${server.name}`, () => {
    let direct: SparkSession;
    let viaGrpcJs: SparkSession;
    before(async () => {
      direct = await SparkSession.connect(server.remote, { streamTransport: 'direct' });
      viaGrpcJs = await SparkSession.connect(server.remote);
    });
    after(async () => {
      await direct.stop();
      await viaGrpcJs.stop();
    });

    void test('results stream over grpc-js by default, over the direct reader when asked for', () => {
      assert.equal((direct.client as SparkConnectClient).streamTransport, 'direct');
      assert.equal((viaGrpcJs.client as SparkConnectClient).streamTransport, 'grpc-js');
    });

    void test('the same query gives byte-identical Arrow data through both transports', async () => {
      const a = await (await direct.sql(QUERY)).toArrow();
      const b = await (await viaGrpcJs.sql(QUERY)).toArrow();
      assert.equal(a.numRows, 300_000);
      assert.ok(Buffer.from(tableToIPC(a)).equals(Buffer.from(tableToIPC(b))), 'IPC bytes differ between transports');
    });

    void test('a failing query reports the same error class, SQLSTATE and position through both', async () => {
      const fail = async (s: SparkSession): Promise<SparkConnectError> => {
        try {
          await (await s.sql('SELECT 1 AS a,\n  nosuchcolumn + 1 AS b')).collect();
        } catch (err) {
          assert.ok(err instanceof SparkConnectError);
          return err;
        }
        assert.fail('the query should have failed');
      };
      const [a, b] = [await fail(direct), await fail(viaGrpcJs)];
      assert.equal(a.errorClass, 'UNRESOLVED_COLUMN.WITHOUT_SUGGESTION');
      assert.equal(a.errorClass, b.errorClass);
      assert.equal(a.sqlState, b.sqlState);
      assert.equal(a.grpcCode, b.grpcCode);
      assert.deepEqual(a.queryContext, b.queryContext);
    });

    void test('a runtime error in the middle of a stream arrives after the rows before it', async () => {
      const df = await direct.sql("SELECT IF(id = 150000, raise_error('boom at 150000'), id) AS v FROM range(0, 300000, 1, 1)");
      let rows = 0;
      await assert.rejects(async () => {
        for await (const batch of df.toArrowBatches()) rows += batch.numRows;
      }, (err: unknown) => err instanceof SparkConnectError && /boom at 150000/.test(err.message));
      assert.ok(rows < 300_000, `${rows} rows before the error`);
    });
  });
}
