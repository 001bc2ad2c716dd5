// Edge cases of the scalar text rules, beyond what the captured fixtures hold. Expected strings come from
// Python's repr() (doubles), numpy.float32's shortest digits (floats) and Spark's interval/decimal rules.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { civilFromDays, daysFromCivil, formatDays, formatWallClock, splitTicks, zoneOffsets } from '../../../src/arrow-format/datetime';
import { formatDayTime, formatYearMonth, parseIntervalFields } from '../../../src/arrow-format/intervals';
import { jsonNumber, jsonObject, jsonPretty, jsonText } from '../../../src/arrow-format/json-value';
import { formatDouble, formatFloat32, formatUnscaled, halfToNumber, readWordsSigned } from '../../../src/arrow-format/numbers';
import { uniqueColumnKeys, ChunkIndex } from '../../../src/arrow-format/chunks';

void describe('doubles print like Python repr()', () => {
  const cases: [number, string][] = [
    [1e16, '1e+16'], [1e15, '1000000000000000.0'], [123456789.125, '123456789.125'], [0.0001, '0.0001'],
    [0.00001, '1e-05'], [1.5e-7, '1.5e-07'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'], [0.1 + 0.2, '0.30000000000000004'], [-2.5, '-2.5'], [1e22, '1e+22'],
    [123e-20, '1.23e-18'], [9007199254740993, '9007199254740992.0'], [-0, '-0.0'], [0, '0.0'], [100, '100.0'],
    [1234.5678, '1234.5678'], [2 ** -30, '9.313225746154785e-10'], [1 / 3, '0.3333333333333333'],
    [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
  ];
  for (const [x, want] of cases) void it(`${want}`, () => assert.equal(formatDouble(x), want));
});

void describe('floats print their shortest float32 digits', () => {
  const cases: [number, string][] = [
    [0.1, '0.1'], [3.4028235e38, '3.4028235e+38'], [1.4e-45, '1e-45'], [16777217, '16777216.0'], [1e-5, '1e-05'],
    [1 / 3, '0.33333334'], [123456.789, '123456.79'], [1e-4, '0.0001'], [-0, '-0.0'], [NaN, 'NaN'],
  ];
  for (const [x, want] of cases) void it(`${want}`, () => assert.equal(formatFloat32(Math.fround(x)), want));
  void it('half floats decode from their bits', () => {
    assert.equal(halfToNumber(0x3c00), 1);
    assert.equal(halfToNumber(0xc000), -2);
    assert.equal(halfToNumber(0x0001), 2 ** -24);
    assert.ok(Number.isNaN(halfToNumber(0x7e00)));
    assert.equal(halfToNumber(0xfc00), -Infinity);
  });
});

/** Little-endian 32-bit words of a two's-complement integer, as arrow-js hands out Decimal128. */
function words(v: bigint, n = 4): Uint32Array {
  const out = new Uint32Array(n);
  let x = BigInt.asUintN(32 * n, v);
  for (let k = 0; k < n; k++) {
    out[k] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
  return out;
}

void describe('decimals are exact at full precision and scale', () => {
  const max38 = 10n ** 38n - 1n;
  const cases: [bigint, number, string][] = [
    [max38, 0, '99999999999999999999999999999999999999'],
    [-max38, 0, '-99999999999999999999999999999999999999'],
    [-max38, 18, '-99999999999999999999.999999999999999999'],
    [max38, 38, '0.99999999999999999999999999999999999999'],
    [-1n, 38, '-0.00000000000000000000000000000000000001'],
    [-1n, 18, '-0.000000000000000001'], [0n, 2, '0.00'], [0n, 0, '0'], [-1n, 0, '-1'],
    [-12345n, 5, '-0.12345'], [12345n, 5, '0.12345'], [(1n << 53n) + 1n, 0, '9007199254740993'],
    [-(1n << 53n), 0, '-9007199254740992'], [-(1n << 53n) - 1n, 0, '-9007199254740993'],
    [(1n << 64n), 0, '18446744073709551616'], [-(1n << 127n), 0, '-170141183460469231731687303715884105728'],
    [(1n << 127n) - 1n, 3, '170141183460469231731687303715884105.727'], [-(1n << 32n), 0, '-4294967296'],
    [-(1n << 32n) + 1n, 1, '-429496729.5'],
  ];
  for (const [v, scale, want] of cases) {
    void it(`${want}`, () => assert.equal(formatUnscaled(readWordsSigned(words(v), 0, 4), scale), want));
  }
  void it('reads the right row from a packed buffer', () => {
    const buf = new Uint32Array(12);
    buf.set(words(7n), 0);
    buf.set(words(-3n), 4);
    buf.set(words(max38), 8);
    assert.equal(readWordsSigned(buf, 4, 4), -3n);
    assert.equal(readWordsSigned(buf, 8, 4), max38);
  });
  void it('Decimal256 words work the same way', () => {
    const v = -(10n ** 70n) + 1n;
    assert.equal(readWordsSigned(words(v, 8), 0, 8), v);
  });
  void it('negative scales append zeros', () => assert.equal(formatUnscaled(12n, -3), '12000'));
});

void describe('ANSI intervals print as Spark CAST(... AS STRING)', () => {
  const h = 3_600_000_000n;
  void it('day-time, every start/end pair', () => {
    const v = 93784000005n; // 1 day 02:03:04.000005
    assert.equal(formatDayTime(v), "INTERVAL '1 02:03:04.000005' DAY TO SECOND");
    assert.equal(formatDayTime(v, { start: 'DAY', end: 'HOUR' }), "INTERVAL '1 02' DAY TO HOUR");
    assert.equal(formatDayTime(v, { start: 'DAY', end: 'MINUTE' }), "INTERVAL '1 02:03' DAY TO MINUTE");
    assert.equal(formatDayTime(v, { start: 'DAY', end: 'DAY' }), "INTERVAL '1' DAY");
    assert.equal(formatDayTime(100n * h, { start: 'HOUR', end: 'HOUR' }), "INTERVAL '100' HOUR");
    assert.equal(formatDayTime(-h, { start: 'HOUR', end: 'HOUR' }), "INTERVAL '-01' HOUR");
    assert.equal(formatDayTime(v, { start: 'HOUR', end: 'SECOND' }), "INTERVAL '26:03:04.000005' HOUR TO SECOND");
    assert.equal(formatDayTime(v, { start: 'MINUTE', end: 'SECOND' }), "INTERVAL '1563:04.000005' MINUTE TO SECOND");
    assert.equal(formatDayTime(5_500_000n, { start: 'SECOND', end: 'SECOND' }), "INTERVAL '05.5' SECOND");
    assert.equal(formatDayTime(-1n, { start: 'SECOND', end: 'SECOND' }), "INTERVAL '-00.000001' SECOND");
    assert.equal(formatDayTime(0n), "INTERVAL '0 00:00:00' DAY TO SECOND");
  });
  void it('the extremes of a long', () => {
    assert.equal(formatDayTime((1n << 63n) - 1n), "INTERVAL '106751991 04:00:54.775807' DAY TO SECOND");
    assert.equal(formatDayTime(-(1n << 63n)), "INTERVAL '-106751991 04:00:54.775808' DAY TO SECOND");
    assert.equal(formatDayTime(-(1n << 63n), { start: 'SECOND', end: 'SECOND' }), "INTERVAL '-9223372036854.775808' SECOND");
  });
  void it('year-month', () => {
    assert.equal(formatYearMonth(14), "INTERVAL '1-2' YEAR TO MONTH");
    assert.equal(formatYearMonth(-1), "INTERVAL '-0-1' YEAR TO MONTH");
    assert.equal(formatYearMonth(-14, { start: 'MONTH', end: 'MONTH' }), "INTERVAL '-14' MONTH");
    assert.equal(formatYearMonth(-36, { start: 'YEAR', end: 'YEAR' }), "INTERVAL '-3' YEAR");
    assert.equal(formatYearMonth(-2147483648), "INTERVAL '-178956970-8' YEAR TO MONTH");
  });
  void it('reads fields from Spark type strings', () => {
    assert.deepEqual(parseIntervalFields('interval hour to minute'), { family: 'dt', fields: { start: 'HOUR', end: 'MINUTE' } });
    assert.deepEqual(parseIntervalFields('interval month'), { family: 'ym', fields: { start: 'MONTH', end: 'MONTH' } });
    assert.equal(parseIntervalFields('int'), undefined);
  });
});

void describe('calendar and time zones', () => {
  void it('civil dates round-trip over the whole Spark range', () => {
    for (const days of [-719162, -1, 0, 1, 19782, 2932896, -719528, 100000000]) {
      const c = civilFromDays(days);
      assert.equal(daysFromCivil(c.year, c.month, c.day), days);
    }
    assert.equal(formatDays(-719162), '0001-01-01');
    assert.equal(formatDays(2932896), '9999-12-31');
    assert.equal(formatDays(-719163), '0000-12-31');
    assert.equal(formatDays(2932897), '+10000-01-01');
    assert.equal(formatDays(19782), '2024-02-29');
  });
  void it('splits negative micros without float rounding', () => {
    assert.deepEqual(splitTicks(-1n, 1_000_000n), { seconds: -1, frac: 999999 });
    const { seconds, frac } = splitTicks(-1n, 1_000_000n);
    assert.equal(formatWallClock(seconds, frac, 6), '1969-12-31 23:59:59.999999');
    assert.equal(formatWallClock(0, 0, 6), '1970-01-01 00:00:00');
    assert.equal(formatWallClock(0, 500, 9, 'T'), '1970-01-01T00:00:00.000000500');
  });
  void it('offsets follow DST, historical local mean time, and fixed-offset names', () => {
    const la = zoneOffsets('America/Los_Angeles');
    assert.equal(la.offsetAt(Date.UTC(2024, 6, 1) / 1000), -7 * 3600);
    assert.equal(la.offsetAt(Date.UTC(2024, 0, 1) / 1000), -8 * 3600);
    // 2024-03-10 10:00 UTC is 03:00 PDT, one second earlier is 01:59:59 PST.
    assert.equal(la.offsetAt(Date.UTC(2024, 2, 10, 10) / 1000), -7 * 3600);
    assert.equal(la.offsetAt(Date.UTC(2024, 2, 10, 10) / 1000 - 1), -8 * 3600);
    assert.equal(la.offsetAt(Date.UTC(1850, 0, 1) / 1000), -(7 * 3600 + 52 * 60 + 58));
    assert.equal(zoneOffsets('+05:30').offsetAt(0), 19800);
    assert.equal(zoneOffsets('GMT-8').offsetAt(0), -28800);
    assert.equal(zoneOffsets('UTC').offsetAt(1e9), 0);
    assert.match(zoneOffsets('Not/AZone').name, /unknown zone/);
  });
});

void describe('exact JSON text', () => {
  void it('writes numbers verbatim and keeps repeated keys in order', () => {
    const v = jsonObject([['a', jsonNumber('9223372036854775807')], ['a', [null, true, 'x"y']], ['d', jsonNumber('-0.000000000000000001')]]);
    assert.equal(jsonText(v), '{"a":9223372036854775807,"a":[null,true,"x\\"y"],"d":-0.000000000000000001}');
    assert.equal(jsonPretty(jsonObject([['k', [jsonNumber('1')]]])), '{\n  "k": [\n    1\n  ]\n}');
    assert.equal(jsonText('</script>\n'), '"</script>\\n"');
  });
});

void describe('row addressing and column keys', () => {
  void it('finds the chunk of a row by binary search', () => {
    const ix = new ChunkIndex();
    [1000, 1000, 500, 0, 7].forEach((n) => ix.push(n));
    assert.equal(ix.rowCount, 2507);
    assert.equal(ix.chunkOf(0), 0);
    assert.equal(ix.chunkOf(999), 0);
    assert.equal(ix.chunkOf(1000), 1);
    assert.equal(ix.chunkOf(2499), 2);
    assert.equal(ix.chunkOf(2500), 4);
    assert.equal(ix.chunkOf(5), 0);
    assert.equal(ix.start(4), 2500);
  });
  void it('keeps duplicate column names apart', () => {
    assert.deepEqual(uniqueColumnKeys(['a', 'b', 'a', 'a_2', 'a']), ['a', 'b', 'a_3', 'a_2', 'a_4']);
  });
});
