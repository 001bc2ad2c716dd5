// The CLI's cells over the shared formatter, on Arrow data built here: values where a float would lose
// digits (64-bit extremes, decimal(38, 18)), timestamps in a zone with an offset, NaN, NULLs. The JSON
// writer must print them exactly, as number tokens of valid JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Decimal, Float64, Int64, Table, TimestampMicrosecond, makeData, makeVector, vectorFromArray, type RecordBatch,
} from 'apache-arrow';
import { arrowCells } from '../../../../src/cli/output/arrow-cells';
import { CsvWriter } from '../../../../src/cli/output/csv-writer';
import { JsonLinesWriter } from '../../../../src/cli/output/json-writer';
import { StringSink } from '../../../../src/cli/output/sink';
import { TableWriter } from '../../../../src/cli/output/table-writer';
import type { ResultWriter } from '../../../../src/cli/output/writer';

/** Little-endian 32-bit words of a 128-bit two's-complement integer. */
function words128(values: bigint[]): Uint32Array {
  const out = new Uint32Array(values.length * 4);
  values.forEach((v, row) => {
    let u = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++) {
      out[row * 4 + w] = Number(u & 0xffffffffn);
      u >>= 32n;
    }
  });
  return out;
}

const DEC = -12345678901234567890123456789012345678n; // decimal(38, 18): -12345678901234567890.123456789012345678

function sample(): RecordBatch {
  const big = vectorFromArray([9223372036854775807n, -9223372036854775808n, null], new Int64());
  const dec = makeVector(makeData({ type: new Decimal(18, 38, 128), length: 3, nullCount: 0, data: words128([DEC, 1n, 0n]) }));
  const ts = makeVector(makeData({
    type: new TimestampMicrosecond('America/Los_Angeles'), length: 3, nullCount: 0,
    data: new BigInt64Array([1700000000123456n, 0n, -1n]),
  }));
  const dbl = vectorFromArray([Number.NaN, 0.1, -Infinity], new Float64());
  const table = new Table({ big, dec, ts, dbl });
  assert.equal(table.batches.length, 1);
  return table.batches[0];
}

async function render(writer: ResultWriter, batch: RecordBatch): Promise<void> {
  await writer.start(batch.schema);
  await writer.batch(batch);
  await writer.end();
}

const ctx = { timeZone: 'America/Los_Angeles' };

test('JSON lines keep every digit of int64 and decimal(38,18), as JSON numbers', async () => {
  const sink = new StringSink();
  await render(new JsonLinesWriter(sink, arrowCells, ctx), sample());
  const lines = sink.text().trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /"big":9223372036854775807,/);
  assert.match(lines[1], /"big":-9223372036854775808,/);
  assert.match(lines[2], /"big":null,/);
  assert.match(lines[0], /"dec":-12345678901234567890\.123456789012345678,/);
  assert.match(lines[1], /"dec":0\.000000000000000001,/);
  assert.match(lines[2], /"dec":0\.000000000000000000,/);
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line);
});

test('JSON: timestamps are ISO-8601 in the session zone with their offset; NaN and infinities are strings', async () => {
  const sink = new StringSink();
  await render(new JsonLinesWriter(sink, arrowCells, ctx), sample());
  const rows = sink.text().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(rows[0].ts, '2023-11-14T14:13:20.123456-08:00');
  assert.equal(rows[1].ts, '1969-12-31T16:00:00-08:00');
  assert.equal(rows[2].ts, '1969-12-31T15:59:59.999999-08:00');
  assert.equal(rows[0].dbl, 'NaN');
  assert.equal(rows[1].dbl, 0.1);
  assert.equal(rows[2].dbl, '-Infinity');
});

test('table and CSV show the same exact text as the grid, NULL as NULL / empty field', async () => {
  const table = new StringSink();
  await render(new TableWriter(table, arrowCells, ctx), sample());
  assert.match(table.text(), /\| *9223372036854775807\|-12345678901234567890\.123456789012345678\|2023-11-14 14:13:20\.123456\| *NaN\|/);
  assert.match(table.text(), /\| *NULL\|/);
  const csv = new StringSink();
  await render(new CsvWriter(csv, arrowCells, ctx), sample());
  const lines = csv.text().split('\r\n');
  assert.equal(lines[0], 'big,dec,ts,dbl');
  assert.equal(lines[1], '9223372036854775807,-12345678901234567890.123456789012345678,2023-11-14 14:13:20.123456,NaN');
  assert.equal(lines[3], ',0.000000000000000000,1969-12-31 15:59:59.999999,-Infinity');
});
