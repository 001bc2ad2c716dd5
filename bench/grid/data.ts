// Synthetic Spark-shaped results for the grid benchmark: 20 mixed columns (the types Spark sends, with
// NULLs, NaN, int64 beyond 2^53, decimal(38,18), tz-aware and naive timestamps, strings of several
// lengths, arrays), cut into batches that are each a complete IPC stream, as Spark Connect sends them.

import {
  Bool, DateDay, Decimal, Duration, Field, Float32, Float64, Int8, Int16, Int32, Int64, List, RecordBatch, Schema, Struct,
  Table, TimeUnit, Timestamp, Utf8, makeData, tableToIPC, type Data, type DataType,
} from 'apache-arrow';

const CITIES = ['Amsterdam', 'Berlin', 'Chennai', 'Dakar', 'Edmonton', 'Fukuoka', 'Glasgow', 'Hanoi', 'Istanbul', 'Jakarta'];

function nulls(n: number, every: number, offset = 0): { bitmap: Uint8Array; count: number } {
  const bitmap = new Uint8Array((n + 7) >> 3).fill(0xff);
  let count = 0;
  for (let i = offset % every; i < n; i += every) {
    bitmap[i >> 3] &= ~(1 << (i & 7));
    count++;
  }
  return { bitmap, count };
}

function utf8(strings: (string | null)[]): Data<Utf8> {
  const enc = new TextEncoder();
  const parts = strings.map((s) => (s === null ? new Uint8Array(0) : enc.encode(s)));
  const offsets = new Int32Array(strings.length + 1);
  let total = 0;
  parts.forEach((p, i) => {
    total += p.byteLength;
    offsets[i + 1] = total;
  });
  const values = new Uint8Array(total);
  parts.forEach((p, i) => values.set(p, offsets[i]));
  const bitmap = new Uint8Array((strings.length + 7) >> 3).fill(0xff);
  let nullCount = 0;
  strings.forEach((s, i) => {
    if (s === null) {
      bitmap[i >> 3] &= ~(1 << (i & 7));
      nullCount++;
    }
  });
  return makeData({ type: new Utf8(), length: strings.length, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data: values });
}

/** Rows [start, start + n) of the benchmark result, as one IPC stream. */
export function benchBatch(start: number, n: number): Uint8Array {
  const cols: [string, DataType, Data][] = [];
  const add = (name: string, data: Data) => cols.push([name, data.type, data]);
  const seq = <T>(f: (i: number) => T): T[] => Array.from({ length: n }, (_, k) => f(start + k));

  add('id', makeData({ type: new Int64(), length: n, data: BigInt64Array.from({ length: n }, (_, k) => BigInt(start + k)) }));
  add('qty', makeData({ type: new Int32(), length: n, data: Int32Array.from(seq((i) => (i * 7919) % 100_000)) }));
  const qn = nulls(n, 13, start);
  add('qty_nullable', makeData({ type: new Int32(), length: n, nullCount: qn.count, nullBitmap: qn.bitmap,
    data: Int32Array.from(seq((i) => i % 1000)) }));
  add('small', makeData({ type: new Int16(), length: n, data: Int16Array.from(seq((i) => (i % 65536) - 32768)) }));
  add('tiny', makeData({ type: new Int8(), length: n, data: Int8Array.from(seq((i) => (i % 256) - 128)) }));
  add('big', makeData({ type: new Int64(), length: n,
    data: BigInt64Array.from({ length: n }, (_, k) => 9_007_199_254_740_993n + BigInt(start + k) * 1_000_003n) }));
  add('price', makeData({ type: new Float64(), length: n, data: Float64Array.from(seq((i) => ((i * 37) % 100_000) / 100)) }));
  add('ratio', makeData({ type: new Float64(), length: n, data: Float64Array.from(seq((i) => (i % 97 === 0 ? NaN : Math.sin(i)))) }));
  add('score', makeData({ type: new Float32(), length: n, data: Float32Array.from(seq((i) => (i % 1000) / 7)) }));
  const dec = new Uint32Array(4 * n);
  for (let k = 0; k < n; k++) {
    // Unscaled (start+k) * 10^18 + 123456789, negative for odd rows: words written two's complement.
    let v = BigInt(start + k) * 10n ** 18n + 123_456_789n;
    if ((start + k) % 2) v = -v;
    let u = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++) {
      dec[4 * k + w] = Number(u & 0xffffffffn);
      u >>= 32n;
    }
  }
  add('amount', makeData({ type: new Decimal(18, 38, 128), length: n, data: dec }));
  add('user', utf8(seq((i) => `user_${i % 50_000}`)));
  add('city', utf8(seq((i) => CITIES[i % CITIES.length])));
  add('comment', utf8(seq((i) => (i % 11 === 0 ? null : `Order ${i} shipped via route ${i % 977}, note: ${'x'.repeat(i % 40)}`))));
  add('tag', utf8(seq((i) => (i % 5 === 0 ? null : `t${i % 17}`))));
  add('active', makeData({ type: new Bool(), length: n,
    data: Uint8Array.from({ length: (n + 7) >> 3 }, (_, b) => (start / 8 + b) % 256) }));
  add('day', makeData({ type: new DateDay(), length: n, data: Int32Array.from(seq((i) => 18_000 + (i % 3000))) }));
  add('created', makeData({ type: new Timestamp(TimeUnit.MICROSECOND, 'America/Los_Angeles'), length: n,
    data: BigInt64Array.from({ length: n }, (_, k) => 1_700_000_000_000_000n + BigInt(start + k) * 1_234_567n) }));
  add('local_time', makeData({ type: new Timestamp(TimeUnit.MICROSECOND), length: n,
    data: BigInt64Array.from({ length: n }, (_, k) => -86_400_000_000n + BigInt(start + k) * 999_999n) }));
  const lens = seq((i) => i % 4);
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) offsets[k + 1] = offsets[k] + lens[k];
  const items = makeData({ type: new Int32(), length: offsets[n], data: Int32Array.from({ length: offsets[n] }, (_, j) => j % 100) });
  add('codes', makeData({ type: new List(new Field('element', new Int32(), true)), length: n, valueOffsets: offsets, child: items }));
  add('wait', makeData({ type: new Duration(TimeUnit.MICROSECOND), length: n,
    data: BigInt64Array.from({ length: n }, (_, k) => BigInt(((start + k) % 100_000) * 1_000_003)) }));

  const fields = cols.map(([name, type]) => new Field(name, type, true));
  const struct = makeData({ type: new Struct(fields), length: n, children: cols.map(([, , d]) => d) });
  const batch = new RecordBatch(new Schema(fields), struct);
  return tableToIPC(new Table([batch]), 'stream');
}
