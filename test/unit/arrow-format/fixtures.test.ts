// Formats every cell of the real Spark results (4.3.0 and 3.5.7, captured by capture.py) and checks it
// against PySpark's str() of the collected value or Spark's own CAST(... AS STRING), whichever is the
// reference for that type (see the comment on each case).

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RecordBatchReader, type Data, type RecordBatch } from 'apache-arrow';
import { batchFields } from '../../../src/arrow-format/chunks';
import { createCellFormatter, type CellFormatter } from '../../../src/arrow-format/formatter';
import { jsonText, type JsonValue } from '../../../src/arrow-format/json-value';
import { formatDouble, formatFloat32 } from '../../../src/arrow-format/numbers';
import type { TreeNode } from '../../../src/arrow-format/renderer';
import { loadFixture, sparkVersions, type ExpectedColumn, type PyValue } from '../../fixtures/arrow/load';

function readBatches(streams: Uint8Array[]): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (const s of streams) for (const b of RecordBatchReader.from(s)) out.push(b);
  return out;
}

const PY_FLOAT: Record<string, string> = { nan: 'NaN', inf: 'Infinity', '-inf': '-Infinity' };

/** The JSON value our formatter must produce for a tagged PySpark value. */
function expectedJson(v: PyValue, floatBits: 32 | 64 = 64): JsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => expectedJson(x, floatBits));
  if ('date' in v) return v.date;
  if ('int' in v) return { kind: 'number', text: v.int };
  if ('decimal' in v) return { kind: 'number', text: v.decimal };
  if ('float' in v) {
    if (PY_FLOAT[v.float]) return PY_FLOAT[v.float];
    const x = Number(v.float);
    return { kind: 'number', text: floatBits === 32 ? formatFloat32(Math.fround(x)) : formatDouble(x) };
  }
  if ('struct' in v) return { kind: 'object', entries: v.struct.map(([k, x]) => [k, expectedJson(x)] as const) };
  if ('map' in v) {
    return { kind: 'object', entries: v.map.map(([k, x]) => [typeof k === 'string' ? k : JSON.stringify(k), expectedJson(x)] as const) };
  }
  throw new Error(`no expected JSON for ${JSON.stringify(v)}`);
}

function pyTimestampIso(s: string): string {
  return s.replace(' ', 'T');
}

interface Case {
  f: CellFormatter;
  d: Data;
  col: ExpectedColumn;
}

function checkColumn({ f, d, col }: Case): void {
  const values = col.values!;
  assert.equal(d.length, values.length, `${col.name}: row count`);
  for (let r = 0; r < values.length; r++) {
    const exp = values[r];
    const where = `${col.name} (${col.sparkType}) row ${r}`;
    const text = f.text(d, r);
    const isNull = exp.spark === null && (exp.py === undefined || exp.py === null);
    assert.equal(f.isNull(d, r), isNull, `${where}: null-ness`);
    if (isNull) {
      assert.equal(text, 'NULL', where);
      assert.equal(f.json(d, r), null, where);
      assert.equal(f.tree(d, r).isNull, true, where);
      continue;
    }
    const t = col.sparkType;
    if (/^(tinyint|smallint|int|bigint|string|date)$/.test(t) || t.startsWith('decimal')) {
      // Exact in both references, except that PySpark's str(Decimal) and Spark 3.5's CAST switch to
      // scientific notation for small values (1E-18); the plain digits are compared then.
      if (!t.startsWith('decimal')) {
        assert.equal(text, exp.spark, where);
        assert.equal(text, exp.str, `${where} vs PySpark`);
      } else {
        assert.equal(text, (exp.py as { decimal: string }).decimal, `${where} vs PySpark Decimal`);
        if (!exp.spark!.includes('E')) assert.equal(text, exp.spark, where);
      }
      assert.deepEqual(f.json(d, r), expectedJson(exp.py!), where);
    } else if (t === 'double') {
      // Python repr digits, Spark's spelling for NaN and the infinities.
      assert.equal(text, PY_FLOAT[exp.str!] ?? exp.str, where);
    } else if (t === 'float') {
      // Shortest float32 digits (Spark shows 0.1; PySpark widens to 0.10000000149011612).
      const digits = (s: string) => s.replace(/[eE].*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
      if (PY_FLOAT[exp.str!]) {
        assert.equal(text, PY_FLOAT[exp.str!], where);
      } else {
        assert.equal(Math.fround(Number(text)), Math.fround(Number(exp.str)), where);
        // Never more digits than Spark (JDK 17 prints 1.4E-45 where 1e-45 already round-trips).
        assert.ok(digits(text).length <= digits(exp.spark!).length, `${where} digits ${text} vs Spark ${exp.spark}`);
      }
    } else if (t === 'boolean') {
      assert.equal(text, exp.spark, where);
    } else if (t === 'binary') {
      assert.equal(text, '[' + (exp.spark!.match(/../g) ?? []).join(' ') + ']', where);
    } else if (t === 'timestamp' || t === 'timestamp_ntz') {
      // PySpark collects naive datetimes in the process zone, which capture.py set to the session zone.
      assert.equal(text, exp.str, where);
      const iso = f.json(d, r) as string;
      assert.ok(iso.startsWith(pyTimestampIso(exp.str!)), `${where}: JSON ${iso}`);
      if (t === 'timestamp') assert.match(iso, /[+-]\d\d:\d\d$/, `${where}: JSON has an offset`);
      else assert.doesNotMatch(iso, /[+-]\d\d:\d\d$/, `${where}: JSON has no offset`);
    } else if (t.startsWith('interval')) {
      assert.equal(text, exp.spark, where);
    } else if (t.startsWith('time')) {
      assert.equal(text, exp.str, where);
    } else if (t === 'variant') {
      assert.equal(text, exp.str, `${where} vs PySpark toJson()`);
      assert.equal(jsonText(f.json(d, r)), exp.str, where);
    } else if (/^(array|map|struct)/.test(t)) {
      assert.deepEqual(f.json(d, r), expectedJson(exp.py!, /^struct<.*double/.test(t) ? 64 : 64), where);
      assert.equal(text.includes('\n'), false, `${where}: one line`);
      const tree = f.tree(d, r);
      assert.ok(tree.children, `${where}: tree has children`);
    } else {
      assert.fail(`${where}: no reference rule for ${t}`);
    }
  }
}

for (const version of sparkVersions()) {
  void describe(`arrow-format over Spark ${version} all-types`, () => {
    const fx = loadFixture(version, 'all-types');
    const batches = readBatches(fx.batches);
    const batch = batches[0];
    const tz = fx.expected.sessionTimeZone;

    void it('has one batch with every captured column, duplicates kept apart by position', () => {
      assert.equal(batches.length, 1);
      assert.equal(batch.numCols, fx.expected.columns.length + 1);
      const fields = batchFields(batch);
      const dups = fields.filter((x) => x.name === 'dup').map((x) => String(x.type));
      assert.deepEqual(dups, ['Int32', 'Utf8']);
      // The arrow-js pitfall batchFields() avoids: RecordBatch.schema merges same-named fields.
      assert.deepEqual(batch.schema.fields.filter((x) => x.name === 'dup').map((x) => String(x.type)), ['Utf8', 'Utf8']);
    });

    fx.expected.columns.forEach((col, c) => {
      void it(`formats ${col.name} (${col.sparkType})`, () => {
        const field = batchFields(batch)[c + 1];
        assert.equal(field.name, col.name);
        const f = createCellFormatter(field, { sparkType: col.sparkType, timeZone: tz });
        checkColumn({ f, d: batch.data.children[c + 1], col });
      });
    });

    void it('derives Spark type names from Arrow alone (the host may not send a schema)', () => {
      fx.expected.columns.forEach((col, c) => {
        const f = createCellFormatter(batchFields(batch)[c + 1]);
        const expectedName = col.sparkType.replace(/^interval (hour|second|day|minute).*$/, 'interval day to second')
          .replace(/^interval (year|month)$/, 'interval year to month');
        assert.equal(f.sparkType, expectedName, col.name);
      });
    });
  });
}

void describe('specific renderings of the 4.3.0 fixture', () => {
  const fx = loadFixture('4.3.0', 'all-types');
  const batch = readBatches(fx.batches)[0];
  const cell = (name: string, row: number, sparkType?: string): { text: string; tree: TreeNode; json: string } => {
    const c = batchFields(batch).findIndex((x) => x.name === name);
    const f = createCellFormatter(batchFields(batch)[c], { sparkType });
    const d = batch.data.children[c];
    return { text: f.text(d, row), tree: f.tree(d, row), json: jsonText(f.json(d, row)) };
  };

  void it('quotes strings inside nested values and keeps them on one line', () => {
    assert.equal(cell('c_arr_str', 0).text, '["a", null, "x,y"]');
    assert.equal(cell('c_arr_str', 1).text, '["line\\nbreak", "</script>"]');
    assert.equal(cell('c_map', 0).text, '{"a": 1, "b": null}');
    assert.equal(cell('c_struct', 0).text, '{"a": 1, "b": "x", "c": [1.5, NaN]}');
  });

  void it('renders struct-in-array-in-map with exact int64 and decimal', () => {
    const c = cell('c_nested', 0);
    assert.equal(c.text, '{"k": [{"x": 9223372036854775807, "y": {"z": [-1.500000000000000000, null]}}]}');
    assert.equal(c.json, '{"k":[{"x":9223372036854775807,"y":{"z":[-1.500000000000000000,null]}}]}');
    const k = c.tree.children![0];
    assert.equal(k.label, 'k');
    assert.equal(k.children![0].label, '[0]');
    assert.equal(k.children![0].children![0].label, 'x');
    assert.equal(k.children![0].children![0].text, '9223372036854775807');
    assert.equal(k.children![0].children![1].children![0].children![1].isNull, true);
  });

  void it('tells an empty array and map from NULL', () => {
    assert.equal(cell('c_arr', 1).text, '[]');
    assert.equal(cell('c_map', 1).text, '{}');
    assert.equal(cell('c_arr', 2).text, 'NULL');
    assert.equal(cell('c_arr', 2).tree.isNull, true);
  });

  void it('keeps the string "null" apart from NULL', () => {
    const c = batchFields(batch).findIndex((x) => x.name === 'c_string');
    const f = createCellFormatter(batchFields(batch)[c]);
    const d = batch.data.children[c];
    assert.equal(f.text(d, 5), 'null');
    assert.equal(f.isNull(d, 5), false);
    assert.equal(f.isNull(d, 6), true);
    assert.equal(f.json(d, 5), 'null');
    assert.equal(f.json(d, 6), null);
  });

  void it('encodes binary as base64 in JSON and as Spark hex in text', () => {
    assert.equal(cell('c_binary', 1).text, '[00 FF 10]');
    assert.equal(cell('c_binary', 1).json, '"AP8Q"');
    assert.equal(cell('c_binary', 0).text, '[]');
  });

  void it('writes NaN and infinities as JSON strings and finite doubles as numbers', () => {
    assert.equal(cell('c_double', 0).json, '"NaN"');
    assert.equal(cell('c_double', 3).json, '1e+16');
    assert.equal(JSON.parse(cell('c_double', 3).json), 1e16);
  });

  void it('renders a variant object as a tree and a variant scalar without children', () => {
    const obj = cell('c_variant', 0).tree;
    assert.deepEqual(obj.children!.map((n) => n.label), ['a', 'b', 'c', 'd']);
    assert.equal(obj.children![3].children![0].text, '"</script>"');
    assert.equal(cell('c_variant', 1).tree.children, undefined);
    assert.equal(cell('c_variant', 4).text, 'null');
  });

  void it('uses the interval fields from the Spark type string and defaults to DAY TO SECOND without it', () => {
    assert.equal(cell('c_dt_hm', 0, 'interval hour to minute').text, "INTERVAL '01:02' HOUR TO MINUTE");
    assert.equal(cell('c_dt_hm', 0).text, "INTERVAL '0 01:02:00' DAY TO SECOND");
    assert.equal(cell('c_ym_m', 2, 'interval month').text, "INTERVAL '-14' MONTH");
    assert.equal(cell('c_ym_m', 2).text, "INTERVAL '-1-2' YEAR TO MONTH");
  });
});

for (const version of sparkVersions()) {
  void describe(`Spark ${version} batch shapes`, () => {
    void it('multi-batch: every arrow_batch is its own IPC stream and rows continue across them', () => {
      const fx = loadFixture(version, 'multi-batch');
      assert.equal(fx.batches.length, fx.expected.batches);
      assert.ok(fx.batches.length > 1);
      const batches = readBatches(fx.batches);
      const total = batches.reduce((s, b) => s + b.numRows, 0);
      assert.equal(total, fx.expected.rows);
      const ids = new Set<string>();
      for (const b of batches) {
        const f = createCellFormatter(b.schema.fields[0]);
        const d = b.getChildAt(0)!.data[0];
        for (let i = 0; i < d.length; i++) ids.add(f.text(d, i));
      }
      assert.equal(ids.size, 5000);
      assert.ok(ids.has('4999'));
    });

    void it('empty: a schema with zero rows', () => {
      const fx = loadFixture(version, 'empty');
      const batches = readBatches(fx.batches);
      assert.equal(batches.reduce((s, b) => s + b.numRows, 0), 0);
      const reader = RecordBatchReader.from(fx.batches[0]);
      reader.open();
      assert.deepEqual(reader.schema.fields.map((x) => x.name), ['a', 'b']);
    });
  });
}
