import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PyDict, PyList, PyTuple } from '../../../src/pyspark/values';
import { rejects, valueOf } from './helpers';

void test('literals of every kind: big ints, floats, raw/bytes/triple-quoted strings, implicit concatenation', async () => {
  const src = [
    'a = 10**30',
    'b = 0x1F + 0o17 + 0b11 + 1_000',
    'c = 1.5e-3',
    "d = r'\\d+' + \"x\\ty\"",
    'e = b"\\x00ab"',
    'f = """tri',
    'ple""" \'cat\'',
    'g = (None, True, False)',
  ].join('\n');
  assert.equal(await valueOf(src, 'a'), 10n ** 30n);
  assert.equal(await valueOf(src, 'b'), 31n + 15n + 3n + 1000n);
  assert.equal(await valueOf(src, 'c'), 0.0015);
  assert.equal(await valueOf(src, 'd'), '\\d+x\ty');
  assert.deepEqual([...(await valueOf(src, 'e') as Uint8Array)], [0, 97, 98]);
  assert.equal(await valueOf(src, 'f'), 'tri\npplecat'.replace('pp', 'p'));
  assert.deepEqual((await valueOf(src, 'g') as PyTuple).items, [null, true, false]);
});

void test('f-strings format their expressions with conversions and specs', async () => {
  const src = 'x = 3\nname = "ab"\ns = f"{x:03d}|{x / 2:.2f}|{name!r}|{{lit}}|{x=}|{name:>4}"';
  assert.equal(await valueOf(src, 's'), "003|1.50|'ab'|{lit}|x=3|  ab");
});

void test('a complex literal is refused at its position', async () => {
  await rejects('x = 1\ny = 2 + 3j', 'unsupported', 2, 9, /complex/);
});

void test('assignment forms: chained, tuple unpacking (nested), augmented', async () => {
  const src = 'a = b = 1\n(c, d), e = (2, 3), 4\nf, *_ = [5]\ng = 1\ng += 2\ng *= 10\nl = [1]\nl += [2]';
  assert.equal(await valueOf(src, 'a'), 1n);
  assert.equal(await valueOf(src, 'b'), 1n);
  assert.equal(await valueOf(src, 'd'), 3n);
  assert.equal(await valueOf(src, 'e'), 4n);
  assert.equal(await valueOf(src, 'g'), 30n);
  assert.deepEqual((await valueOf(src, 'l') as PyList).items, [1n, 2n]);
});

void test('operators follow Python: precedence, true and floor division, chained comparison, and/or values', async () => {
  const src = 'a = 2 + 3 * 4 ** 2\nb = 7 / 2\nc = -7 // 2\nd = -7 % 3\ne = 1 < 2 < 3\nf = 0 or "x"\ng = not 1 and 2\nh = "ab" * 2\ni = 3 in [1, 3]\nj = "b" not in "abc"';
  assert.equal(await valueOf(src, 'a'), 50n);
  assert.equal(await valueOf(src, 'b'), 3.5);
  assert.equal(await valueOf(src, 'c'), -4n);
  assert.equal(await valueOf(src, 'd'), 2n);
  assert.equal(await valueOf(src, 'e'), true);
  assert.equal(await valueOf(src, 'f'), 'x');
  assert.equal(await valueOf(src, 'g'), false);
  assert.equal(await valueOf(src, 'h'), 'abab');
  assert.equal(await valueOf(src, 'i'), true);
  assert.equal(await valueOf(src, 'j'), false);
});

void test('containers, subscripts and slices, comprehensions, dict methods', async () => {
  const src = [
    'l = [x * 2 for x in range(5) if x % 2 == 0]',
    'd = {k: v for k, v in zip("abc", [1, 2, 3])}',
    's = "hello"[1:4] + "hello"[::-1][0]',
    'n = [[i, j] for i in range(2) for j in range(2)][-1]',
    'keys = sorted(d.keys(), reverse=True)',
    'm = {**d, "z": 0}.get("z")',
  ].join('\n');
  assert.deepEqual((await valueOf(src, 'l') as PyList).items, [0n, 4n, 8n]);
  assert.deepEqual((await valueOf(src, 'd') as PyDict).pairs(), [['a', 1n], ['b', 2n], ['c', 3n]]);
  assert.equal(await valueOf(src, 's'), 'ello');
  assert.deepEqual((await valueOf(src, 'n') as PyList).items, [1n, 1n]);
  assert.deepEqual((await valueOf(src, 'keys') as PyList).items, ['c', 'b', 'a']);
  assert.equal(await valueOf(src, 'm'), 0n);
});

void test('def with defaults, *args and **kwargs; for/else, break, continue; if/elif/else', async () => {
  const src = [
    'def f(a, b=10, *rest, **kw):',
    '    return a + b + len(rest) + len(kw)',
    'x = f(1)',
    'y = f(1, 2, 3, 4, k=5)',
    'total = 0',
    'for i in range(10):',
    '    if i == 2:',
    '        continue',
    '    elif i > 4:',
    '        break',
    '    else:',
    '        total += i',
  ].join('\n');
  assert.equal(await valueOf(src, 'x'), 11n);
  assert.equal(await valueOf(src, 'y'), 6n);
  assert.equal(await valueOf(src, 'total'), 0n + 1n + 3n + 4n);
});

void test('str methods and format', async () => {
  const src = 'a = " A,b ".strip().lower().split(",")\nb = "-".join(["x", "y"])\nc = "{}-{name}".format(1, name="n")';
  assert.deepEqual((await valueOf(src, 'a') as PyList).items, ['a', 'b']);
  assert.equal(await valueOf(src, 'b'), 'x-y');
  assert.equal(await valueOf(src, 'c'), '1-n');
});

void test('an undefined name is an evaluation error at its position', async () => {
  await rejects('x = 1\ny = x + zzz', 'evaluate', 2, 9, /'zzz' is not defined/);
});

void test('a syntax error is a parse error at its line and column', async () => {
  await rejects('x = 1\ny = (2 +\n', 'parse', 3, 1);
  await rejects('df = spark.range(3)\ndf.select("id"))', 'parse', 2, 16);
});

void test('printf-style % formatting of str', async () => {
  const src = 's = "%s has %d rows (%.1f%%) %5s|%-3s|" % ("t", 42, 12.345, "r", "l")\nd = "%(a)s-%(b)03d" % {"a": "x", "b": 7}';
  assert.equal(await valueOf(src, 's'), 't has 42 rows (12.3%)     r|l  |');
  assert.equal(await valueOf(src, 'd'), 'x-007');
});

void test('print shows types as PySpark reprs them', async () => {
  const { evaluate } = await import('./helpers');
  const ev = await evaluate('from pyspark.sql.types import *\ns = StructType([StructField("a", ArrayType(IntegerType()), True), StructField("m", MapType(StringType(), DecimalType(10, 2)), False)])\nt = repr(s)');
  assert.equal(ev.globals.get('t'), "StructType([StructField('a', ArrayType(IntegerType(), True), True), StructField('m', MapType(StringType(), DecimalType(10,2), True), False)])");
});

void test('def with keyword-only parameters after a bare *: bound by keyword, defaults kept, extra positionals refused', async () => {
  const src = [
    'def f(a, b=10, *, label="big", flag):',
    '    return (a, b, label, flag)',
    'x = f(1, flag=True)',
    'y = f(1, 2, label="x", flag=False)',
  ].join('\n');
  assert.deepEqual((await valueOf(src, 'x') as PyTuple).items, [1n, 10n, 'big', true]);
  assert.deepEqual((await valueOf(src, 'y') as PyTuple).items, [1n, 2n, 'x', false]);
  await rejects('def f(a, *, k=1):\n    return a\nz = f(1, 2)', 'evaluate', 3, 5, /takes 1 positional arguments but 2 were given/);
  await rejects('def f(a, *, k):\n    return a\nz = f(1)', 'evaluate', 3, 5, /missing required argument: 'k'/);
});

void test('while loops over known values: condition, break, continue, else; past the bound an error at the loop', async () => {
  const src = [
    'i = 0',
    'seen = []',
    'while i < 6:',
    '    i += 1',
    '    if i == 2:',
    '        continue',
    '    if i == 5:',
    '        break',
    '    seen.append(i)',
    'else:',
    '    seen.append(-1)',
    'j = 0',
    'while j < 3:',
    '    j += 1',
    'else:',
    '    j = j * 10',
  ].join('\n');
  assert.deepEqual((await valueOf(src, 'seen') as PyList).items, [1n, 3n, 4n]);
  assert.equal(await valueOf(src, 'j'), 30n);
  await rejects('x = 1\nwhile True:\n    x += 1', 'evaluate', 2, 1, /while loop still running after 10000 iterations/);
});

void test('bytearray and bytes build binary values (from bytes, ints, a utf-8 str or a length)', async () => {
  const src = 'a = bytearray(b"\\x00\\xffab")\nb = bytes([1, 2, 255])\nc = bytearray("é", "utf-8")\nd = bytes(3)\ne = bytearray()';
  assert.deepEqual([...(await valueOf(src, 'a') as Uint8Array)], [0, 255, 97, 98]);
  assert.deepEqual([...(await valueOf(src, 'b') as Uint8Array)], [1, 2, 255]);
  assert.deepEqual([...(await valueOf(src, 'c') as Uint8Array)], [0xc3, 0xa9]);
  assert.deepEqual([...(await valueOf(src, 'd') as Uint8Array)], [0, 0, 0]);
  assert.deepEqual([...(await valueOf(src, 'e') as Uint8Array)], []);
  await rejects('x = bytes([256])', 'evaluate', 1, 5, /range\(0, 256\)/);
});

void test('\\N{name} escapes: Greek and ASCII letters by their Unicode names; a name outside the table is refused, not kept as text', async () => {
  const src = 's = "\\N{GREEK SMALL LETTER ALPHA}\\N{greek capital letter omega}\\N{GREEK SMALL LETTER FINAL SIGMA}\\N{LATIN SMALL LETTER Q}\\N{DIGIT SEVEN}\\N{EM DASH}"\nf = f"{1}\\N{GREEK SMALL LETTER LAMDA}"';
  assert.equal(await valueOf(src, 's'), 'αΩςq7—');
  assert.equal(await valueOf(src, 'f'), '1λ');
  await rejects('x = 1\ns = "a\\N{SNOWMAN}"', 'unsupported', 2, 5, /\\N\{SNOWMAN\} names a character outside/);
  await rejects('s = "\\N{GREEK CAPITAL LETTER FINAL SIGMA}"', 'unsupported', 1, 5, /outside/);
});
