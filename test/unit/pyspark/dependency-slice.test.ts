import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PythonFile, describeLines } from '../../../src/pyspark/dependency-slice';

const FILE = [
  'from pyspark.sql import SparkSession, functions as F', // 1
  'spark = SparkSession.builder.getOrCreate()', // 2
  'df = spark.read.csv("x.csv", header=True)', // 3
  'df.show()', // 4
  'other = spark.range(3)', // 5
  'df = df.filter(F.col("a") > 1)', // 6
  'n = df.count()', // 7
  'df.createOrReplaceTempView("people")', // 8
  'x = 1; other.show(); y = 2', // 9
  'for c in df.columns:', // 10
  '    df = df.withColumn(c, F.trim(c))', // 11
  'res = spark.sql("SELECT * FROM people").limit(n)', // 12
  'res.show()', // 13
  'df.select("a").show()', // 14
  '', // 15
].join('\n');

const at = (text: string, needle: string): number => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i;
};

test('the slice of a statement takes exactly the earlier statements it depends on, transitively', () => {
  const f = new PythonFile(FILE);
  const slice = f.sliceAt(at(FILE, 'res.show'))!;
  // res <- spark, n, view people; n <- df (line 6, which needs line 3's df); the view <- df.
  // The for loop (line 10) binds df after the view was made, so it is not needed; neither are the shows.
  assert.deepEqual(slice.dependencies.map((d) => d.line), [1, 2, 3, 6, 7, 8, 12]);
  assert.deepEqual(slice.usedLines, [{ from: 1, to: 3 }, { from: 6, to: 8 }, { from: 12, to: 13 }]);
  assert.equal(describeLines(slice.usedLines), '1\u20133, 6\u20138, 12\u201313');
  assert.deepEqual(slice.rerunsActions.map((d) => d.line), [7, 8]);
  assert.doesNotMatch(slice.source, /df\.show|other/);
});

test('the source keeps every piece on its document line, so the runner\'s positions are the document\'s', () => {
  const f = new PythonFile(FILE);
  const slice = f.sliceAt(at(FILE, 'res.show'))!;
  const lines = slice.source.split('\n');
  assert.equal(lines[5], 'df = df.filter(F.col("a") > 1)');
  assert.equal(lines[12], 'res.show()');
  assert.equal(lines[3], '');
  assert.equal(slice.source.slice(slice.targetOffset).trim(), 'res.show()');
  const inSource = slice.source.indexOf('limit(n)');
  assert.equal(slice.toDocumentOffset(inSource), at(FILE, 'limit(n)'));
});

test('a rebinding inside a loop does not hide the binding before it', () => {
  const f = new PythonFile(FILE);
  const slice = f.sliceAt(at(FILE, 'df.select("a")'))!;
  // df at line 14 may come from the loop (10-11) or, for an empty loop, from line 6, which needs line 3.
  assert.deepEqual(slice.dependencies.map((d) => d.line), [1, 2, 3, 6, 10]);
  assert.ok(slice.source.includes('    df = df.withColumn(c, F.trim(c))'));
});

test('a statement that only performs an action is never part of a slice', () => {
  const src = 'df = spark.range(5)\ndf.show()\nprint(df)\ndf.write.parquet("/tmp/x")\ndf.count()\n';
  const f = new PythonFile(src);
  const slice = f.sliceAt(at(src, 'df.count'))!;
  assert.deepEqual(slice.dependencies.map((d) => d.line), [1]);
  assert.deepEqual(f.statements.map((s) => s.action?.kind), [undefined, 'display', 'text', 'write', 'value']);
});

test('parts of a line with several statements are sliced one by one', () => {
  const f = new PythonFile(FILE);
  const slice = f.sliceAt(at(FILE, 'y = 2'))!;
  assert.equal(slice.source.trim(), 'y = 2');
  assert.equal(slice.source.split('\n')[8], 'y = 2');
  const both = new PythonFile('a = 1; b = a + 1; print(b)\n');
  const s2 = both.sliceAt(both.text.indexOf('print'))!;
  assert.equal(s2.source.trim(), 'a = 1; b = a + 1; print(b)');
  const skip = new PythonFile('a = 1; a.show(); b = a\nb\n');
  assert.equal(skip.sliceAt(skip.text.indexOf('b\n'))!.source.trim(), 'a = 1; b = a\nb');
});

test('names: imports, unpacking, augmented and subscript assignment, def, lambda, comprehension, keyword arguments', () => {
  const src = [
    'import pyspark.sql.functions as G',
    'import os.path',
    'from pyspark.sql.types import *',
    'a, (b, c) = 1, (2, 3)',
    'd = {}',
    'd["k"] = a',
    'b += c',
    'def helper(x, y=b):',
    '    z = x + w',
    '    return z',
    'f = lambda p: p + q',
    'ys = [k for k in zs if k]',
    'r = df.join(o, on="k", how="left")',
    '',
  ].join('\n');
  const s = new PythonFile(src).statements;
  assert.deepEqual([...s[0].binds], ['G']);
  assert.deepEqual([...s[1].binds], ['os']);
  assert.deepEqual([...s[2].binds], ['*']);
  assert.deepEqual([...s[3].binds].sort(), ['a', 'b', 'c']);
  assert.deepEqual([...s[5].binds], ['d']);
  assert.deepEqual([...s[5].kills], [], 'd["k"] = ... changes d, it does not replace it');
  assert.ok(s[5].uses.has('d') && s[5].uses.has('a'));
  assert.ok(s[6].uses.has('b') && s[6].binds.has('b') && !s[6].kills.has('b'));
  assert.deepEqual([...s[7].binds], ['helper']);
  const helperUses = [...s[7].uses].filter((u) => !u.startsWith('view:'));
  assert.deepEqual(helperUses.sort(), ['b', 'w'], 'parameters and the body\'s own names are local');
  assert.deepEqual([...s[8].uses].filter((u) => !u.startsWith('view:')), ['q']);
  assert.deepEqual([...s[9].uses].filter((u) => !u.startsWith('view:')), ['zs']);
  const joinUses = [...s[10].uses].filter((u) => !u.startsWith('view:')).sort();
  assert.deepEqual(joinUses, ['df', 'o'], 'on= and how= are keyword names, not reads');
});

test('a star import is taken whenever something is still needed', () => {
  const src = 'from pyspark.sql.functions import *\nimport os\ndf = spark.range(3).select(col("id"))\ndf.show()\n';
  const f = new PythonFile(src);
  assert.deepEqual(f.sliceAt(at(src, 'df.show'))!.dependencies.map((d) => d.line), [1, 3]);
});

test('a temp view made by spark.sql is found by the query that names it', () => {
  const src = 'spark.sql("CREATE OR REPLACE TEMP VIEW v AS SELECT 1 AS a")\nspark.sql("CREATE TABLE t (a INT)")\nspark.table("V").show()\n';
  const f = new PythonFile(src);
  assert.deepEqual(f.sliceAt(at(src, 'spark.table'))!.dependencies.map((d) => d.line), [1]);
});

test('a selection runs exactly the selected text, dedented, with what it depends on', () => {
  const src = 'df = spark.range(10)\nif True:\n    out = df.filter("id > 2")\n    out.show()\n';
  const f = new PythonFile(src);
  const from = at(src, 'out = df');
  const slice = f.sliceOfSelection(from, src.length)!;
  assert.equal(slice.source, 'df = spark.range(10)\n\nout = df.filter("id > 2")\nout.show()\n');
  assert.deepEqual(slice.usedLines, [{ from: 1, to: 1 }, { from: 3, to: 4 }]);
  // Columns moved left by the dedent map back to the document.
  assert.equal(slice.toDocumentOffset(slice.source.indexOf('out.show')), at(src, 'out.show'));
  // A selection inside a statement: the expression alone, with the statements above it.
  const mid = new PythonFile('x = spark.range(3)\ny = x.filter("id > 0").count()\n');
  const start = mid.text.indexOf('x.filter');
  const sel = mid.sliceOfSelection(start, mid.text.indexOf('.count'))!;
  assert.equal(sel.source, 'x = spark.range(3)\nx.filter("id > 0")\n');
  assert.equal(sel.toDocumentOffset(sel.targetOffset), start);
});

test('the statement at the cursor: inside it, at its end, or the nearest above a blank line', () => {
  const src = 'a = 1\n\nb = (\n  a + 1\n)\n\n# note\n';
  const f = new PythonFile(src);
  assert.equal(f.statementAt(at(src, 'a + 1'))!.line, 3);
  assert.equal(f.statementAt(src.indexOf('a = 1') + 5)!.line, 1);
  assert.equal(f.statementAt(at(src, '# note'))!.line, 3);
  assert.equal(f.statementAt(0)!.line, 1);
  assert.equal(new PythonFile('\n\n').sliceAt(0), undefined);
});

test('count() on grouped data is a transformation, on a DataFrame an action', () => {
  const src = 'c = df.groupBy("a").count()\nn = df.count()\ndf.groupBy("a").count()\n';
  const s = new PythonFile(src).statements;
  assert.equal(s[0].runsAction, false);
  assert.equal(s[1].runsAction, true);
  assert.deepEqual(s[2].action, { kind: 'display', name: 'expression' });
});

test('a new version of a document re-parses from the previous one and gives the same answer as a fresh parse', () => {
  const before = new PythonFile(FILE);
  const text = FILE.replace('res.show()', 'res.show(5)\nres2 = res.limit(1)');
  const after = new PythonFile(text, before);
  const fresh = new PythonFile(text);
  const strip = (f: PythonFile) => f.statements.map((s) => ({ ...s, binds: [...s.binds], kills: [...s.kills], uses: [...s.uses] }));
  assert.deepEqual(strip(after), strip(fresh));
  assert.equal(after.statements.length, before.statements.length + 1);
  assert.equal(after.sliceAt(text.indexOf('res2'))!.source, fresh.sliceAt(text.indexOf('res2'))!.source);
});

test('Explain on a statement evaluates the DataFrame its action acts on, never the action', () => {
  const src = [
    'df = spark.range(10)',
    'df.groupBy("id").count().show(5)',
    'display(df.limit(2))',
    'df.write.mode("overwrite").parquet("/tmp/x")',
    'df.filter("id > 1")',
    'print(df.count())',
    'df.count()',
    '',
  ].join('\n');
  const f = new PythonFile(src);
  const text = (i: number) => {
    const r = f.explainRangeOf(f.statements[i]);
    return r && src.slice(r.from, r.to);
  };
  assert.equal(text(1), 'df.groupBy("id").count()');
  assert.equal(text(2), 'df.limit(2)');
  assert.equal(text(3), 'df');
  assert.equal(text(4), 'df.filter("id > 1")');
  assert.equal(text(5), undefined);
  assert.equal(text(6), 'df');
  const s = f.explainSliceOf(f.statements[1].from, f.statements[1].to)!;
  assert.equal(s.source, 'df = spark.range(10)\ndf.groupBy("id").count()\n');
});

test('a loop\'s own target read in its body is not a use of an earlier binding of that name', () => {
  const src = 'for c in ["a"]:\n    x = c\ny = spark.range(1)\nfor c in ["b"]:\n    y = y.withColumn(c, F.lit(c))\ny.show()\n';
  const f = new PythonFile(src);
  // The second loop reads its own c: the first loop (which binds c) is not needed.
  assert.deepEqual(f.sliceAt(src.indexOf('y.show'))!.dependencies.map((d) => d.line), [3, 4]);
  assert.ok(!f.statements[2].uses.has('c'));
});

test('an in-place change of a list (rows.append) is part of the slice of code that reads the list', () => {
  const src = 'rows = [(1,)]\nrows.append((2,))\nprint(rows)\ndf = spark.createDataFrame(rows, ["a"])\ndf.show()\n';
  const f = new PythonFile(src);
  assert.deepEqual(f.sliceAt(src.indexOf('df.show'))!.dependencies.map((d) => d.line), [1, 2, 4]);
});
