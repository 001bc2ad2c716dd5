// toArrowBatches({ reuseMemory: true }) receives each message into the memory of one the reader has
// finished with. Every value read in the loop must still be the server's: checksums over every column
// kind whose bytes lie in that memory (int64, double, utf8 offsets and bytes, decimal, timestamp,
// validity) are compared with the server's own aggregates, and the pool must really have reused memory.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordBatch } from 'apache-arrow';
import { messageMemory } from '../../../src/connect/message-memory';
import { SparkSession } from '../../../src/connect/session';
import { sparkServers } from '../../support/servers';

const ROWS = 600_000;
const QUERY = `SELECT id, CAST(id AS DOUBLE) * 0.5 AS d, IF(id % 7 = 0, NULL, concat('s', id)) AS s,
  CAST(id / 4 AS DECIMAL(18, 2)) AS dec, timestamp_micros(id * 1000003) AS ts
FROM range(0, ${ROWS}, 1, 4)`;

interface Sums { rows: number; id: bigint; d: number; nonNullS: number; sBytes: number; decUnscaled: bigint; tsMicros: bigint }

/** Reads every column's buffers of one batch straight from memory (no value objects). */
function add(sums: Sums, batch: RecordBatch): void {
  const [id, d, s, dec, ts] = batch.data.children;
  sums.rows += batch.numRows;
  for (const v of id!.values as BigInt64Array) sums.id += v;
  for (const v of d!.values as Float64Array) sums.d += v;
  sums.nonNullS += s!.length - s!.nullCount;
  const offsets = s!.valueOffsets as Int32Array;
  sums.sBytes += offsets[s!.offset + s!.length]! - offsets[s!.offset]!;
  // decimal128: little-endian 16 bytes per value; these are small and non-negative, so the low 8 say it all.
  const words = dec!.values as Uint32Array;
  const low = new BigInt64Array(words.buffer, words.byteOffset, words.length / 2);
  for (let i = 0; i < dec!.length; i++) if (dec!.getValid(i)) sums.decUnscaled += low[2 * i]!;
  for (const v of ts!.values as BigInt64Array) sums.tsMicros += v;
}

for (const server of sparkServers()) {
  void describe(`reuseMemory on ${server.name}`, () => {
    let spark: SparkSession;
    before(async () => { spark = await SparkSession.connect(server.remote); });
    after(async () => { await spark.stop(); });

    void test("every value read inside the loop is the server's, and memory was reused", async () => {
      const [expected] = await (await spark.sql(`SELECT count(*) AS n, sum(id) AS id, sum(d) AS d, count(s) AS s,
        sum(length(s)) AS sb, CAST(sum(dec) * 100 AS BIGINT) AS dec, sum(unix_micros(ts)) AS ts FROM (${QUERY})`)).collect();
      const sums: Sums = { rows: 0, id: 0n, d: 0, nonNullS: 0, sBytes: 0, decUnscaled: 0n, tsMicros: 0n };
      const reusedBefore = messageMemory.stats.reused;
      let batches = 0;
      for await (const batch of (await spark.sql(QUERY)).toArrowBatches({ reuseMemory: true })) {
        // Let the network deliver more messages while this batch is held: memory released too early
        // would be written over before the reads below.
        await new Promise((r) => setTimeout(r, 2));
        add(sums, batch);
        batches++;
      }
      const e = expected!.asDict();
      assert.equal(sums.rows, ROWS);
      assert.equal(sums.id, BigInt(e.id as bigint));
      assert.equal(sums.d, Number(e.d));
      assert.equal(sums.nonNullS, Number(e.s));
      assert.equal(sums.sBytes, Number(e.sb));
      assert.equal(sums.decUnscaled, BigInt(e.dec as bigint));
      assert.equal(sums.tsMicros, BigInt(e.ts as bigint));
      const reused = messageMemory.stats.reused - reusedBefore;
      assert.ok(batches > 4 && reused >= batches / 2, `${reused} of ${batches} messages were received into reused memory`);
    });

    void test('without reuseMemory nothing is reused, and the kept batches still read the same', async () => {
      messageMemory.trim(); // what the test before released could be taken (safely) by this stream too
      const reusedBefore = messageMemory.stats.reused;
      const kept: RecordBatch[] = [];
      for await (const batch of (await spark.sql(QUERY)).toArrowBatches()) kept.push(batch);
      assert.equal(messageMemory.stats.reused, reusedBefore);
      const sums: Sums = { rows: 0, id: 0n, d: 0, nonNullS: 0, sBytes: 0, decUnscaled: 0n, tsMicros: 0n };
      for (const b of kept) add(sums, b);
      assert.equal(sums.rows, ROWS);
      assert.equal(sums.id, BigInt(ROWS) * BigInt(ROWS - 1) / 2n);
    });
  });
}
