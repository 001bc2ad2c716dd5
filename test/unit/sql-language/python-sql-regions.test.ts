import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlDiagnostic } from '../../../src/sql-language/diagnostic';
import { findSqlRegions, regionAt, regionDiagnostics, SqlRegionScanner, toSourceOffset, toSourceRange, toSqlOffset } from '../../../src/sql-language/python-sql-regions';

test('spark.sql("...") literals are regions; other calls, variables and bytes are not', () => {
  const src = [
    'df = spark.sql("SELECT * FROM t WHERE a = \'x\'")',
    'q = sql("SELECT 1")',
    'spark.sql(query)',
    'spark.sql(b"SELECT 2")',
    'self.spark.sql(\'\'\'',
    'SELECT o.id',
    'FROM orders o\'\'\', args={"p": 1})',
  ].join('\n');
  const regions = findSqlRegions(src);
  assert.deepEqual(regions.map((r) => r.text), ["SELECT * FROM t WHERE a = 'x'", '\nSELECT o.id\nFROM orders o']);
  // Offsets map each SQL character to its place in the Python source.
  const [a, b] = regions;
  assert.equal(src[toSourceOffset(a, a.text.indexOf('FROM'))], 'F');
  assert.equal(toSqlOffset(b, src.indexOf('o.id') + 2), b.text.indexOf('o.id') + 2);
  assert.equal(regionAt(regions, src.indexOf('orders')), b);
  assert.equal(regionAt(regions, src.indexOf('args')), undefined);
});

test('escapes are decoded and mapped back; raw strings keep backslashes; f-string holes become a name', () => {
  const src = 'spark.sql("SELECT \\"a\\"\\n, \\u0062 FROM t")\nspark.sql(r"SELECT \'\\d\' AS re")\nspark.sql(f"SELECT {col} FROM {{t}}")';
  const [esc, raw, fmt] = findSqlRegions(src);
  assert.equal(esc.text, 'SELECT "a"\n, b FROM t');
  assert.equal(src.slice(toSourceOffset(esc, esc.text.indexOf('b')), toSourceOffset(esc, esc.text.indexOf('b')) + 6), '\\u0062');
  assert.equal(src[toSourceOffset(esc, esc.text.indexOf('FROM'))], 'F');
  assert.equal(raw.text, "SELECT '\\d' AS re");
  assert.equal(fmt.text, 'SELECT expr FROM {t}');
});

/** Every SQL character decodes from the source range it maps to (holes stand for their whole {...}). */
function assertMapsBack(src: string, region: ReturnType<typeof findSqlRegions>[number]): void {
  assert.equal(region.offsets.length, region.text.length + 1);
  assert.equal(region.ends.length, region.text.length);
  for (let i = 0; i < region.text.length; i++) {
    const written = src.slice(region.offsets[i], region.ends[i]);
    const inHole = region.holes.some((h) => i >= h.start && i < h.end);
    if (inHole) assert.match(written, /^\{.*\}$/s, `hole at ${i}`);
    else if (written === '{{' || written === '}}') assert.equal(written[0], region.text[i]);
    else if (written.length > 1) assert.equal(JSON.parse(`"${written.replace(/^\\x(..)/, '\\u00$1').replace(/^\\'/, "'")}"`), region.text[i], `escape ${written} at ${i}`);
    else assert.equal(written, region.text[i], `char ${i}`);
    if (i > 0) assert.ok(region.offsets[i] >= region.offsets[i - 1], 'offsets never go back');
  }
}

test('offset mapping: every character of escapes, raw and triple-quoted strings maps to where it was written', () => {
  const src = [
    'spark.sql("SELECT \'a\\tb\', \\"q\\" AS \\x41, \\u00e9 FROM t\\n WHERE x = 1")',
    "spark.sql(r'SELECT \\d')",
    'spark.sql("""',
    '  SELECT id,',
    '         name  -- a "comment"',
    '  FROM people""")',
    "spark.sql(u'''SELECT 'it''s' ''')",
  ].join('\n');
  const regions = findSqlRegions(src);
  assert.equal(regions.length, 4);
  for (const r of regions) assertMapsBack(src, r);
  const [esc, raw, triple] = regions;
  assert.equal(esc.text, "SELECT 'a\tb', \"q\" AS A, \u00e9 FROM t\n WHERE x = 1");
  // "\x41" is one SQL character written as four.
  const a = esc.text.indexOf(' A,') + 1;
  assert.deepEqual(toSourceRange(esc, a, a + 1), { start: src.indexOf('\\x41'), end: src.indexOf('\\x41') + 4 });
  assert.equal(raw.text, 'SELECT \\d');
  assert.equal(triple.text, '\n  SELECT id,\n         name  -- a "comment"\n  FROM people');
  assert.equal(src.slice(toSourceOffset(triple, triple.text.indexOf('people'))).slice(0, 6), 'people');
});

test('implicit concatenation is one region of several pieces; the gaps between them are not SQL', () => {
  const src = 'df = spark.sql(\n    "SELECT a, "\n    f"b FROM {name} "\n    r\'WHERE c = "\\d"\'\n)';
  const [r] = findSqlRegions(src);
  assert.equal(r.text, 'SELECT a, b FROM expr WHERE c = "\\d"');
  assert.equal(r.pieces.length, 3);
  assertMapsBack(src, r);
  assert.deepEqual(r.holes, [{ start: r.text.indexOf('expr'), end: r.text.indexOf('expr') + 4 }]);
  // Inside a piece: a region; between the pieces (the indentation, the quotes): none.
  assert.equal(regionAt([r], src.indexOf('b FROM')), r);
  assert.equal(regionAt([r], src.indexOf('    f"')), undefined);
  // The caret after "FROM " in the second piece is the SQL offset after "FROM ".
  assert.equal(toSqlOffset(r, src.indexOf('{name}')), r.text.indexOf('expr'));
  // A hole maps back to its whole {...}.
  const h = r.holes[0];
  assert.equal(src.slice(...Object.values(toSourceRange(r, h.start, h.end)) as [number, number]), '{name}');
  // Parenthesised concatenation too.
  assert.equal(findSqlRegions('spark.sql(("SELECT 1 "\n "AS x"))')[0].text, 'SELECT 1 AS x');
});

test('str.format placeholders: {df} is a hole when spark.sql gets keyword arguments, text otherwise', () => {
  const src = 'spark.sql("SELECT * FROM {df} WHERE a = \'{{x}}\'", df=df)\nspark.sql("SELECT \'{a}\'", args={"p": 1})';
  const [withKw, withArgs] = findSqlRegions(src);
  assert.equal(withKw.text, "SELECT * FROM expr WHERE a = '{x}'");
  assert.equal(withKw.holes.length, 1);
  assertMapsBack(src, withKw);
  assert.equal(withArgs.text, "SELECT '{a}'");
  assert.equal(withArgs.holes.length, 0);
});

test('diagnostics map back to the source; a statement with a placeholder is left to the server', () => {
  const src = 'spark.sql("SELECT \\"a\\" FROM\\n\\tt WHERE")\nspark.sql(f"SELECT {c} FROM t WHERE")';
  const [plain, fmt] = findSqlRegions(src);
  const at = (r: typeof plain, word: string) => ({ start: r.text.indexOf(word), end: r.text.indexOf(word) + word.length });
  const diag = (r: typeof plain, word: string): SqlDiagnostic => ({ ...at(r, word), severity: 'error', message: 'x', code: 'PARSE_SYNTAX_ERROR', origin: 'local' });
  const whole = (r: typeof plain) => [{ start: 0, end: r.text.length }];
  const [d] = regionDiagnostics(plain, [diag(plain, 't WHERE')], whole(plain));
  assert.equal(src.slice(d.start, d.end), 't WHERE');
  const [q] = regionDiagnostics(plain, [diag(plain, '"a"')], whole(plain));
  assert.equal(src.slice(q.start, q.end), '\\"a\\"');
  // At the end of the text: the closing quote is marked.
  const [eof] = regionDiagnostics(plain, [{ ...diag(plain, 'x'), start: plain.text.length, end: plain.text.length }], whole(plain));
  assert.equal(src.slice(eof.start, eof.end), '"');
  assert.deepEqual(regionDiagnostics(fmt, [diag(fmt, 'WHERE')], whole(fmt)), []);
  // The server's word stays even there.
  assert.equal(regionDiagnostics(fmt, [{ ...diag(fmt, 'WHERE'), origin: 'server' }], whole(fmt)).length, 1);
});

test('the incremental scanner finds the same regions as a fresh parse, edit after edit', () => {
  const scanner = new SqlRegionScanner();
  // Large enough for lezer to reuse parts of the previous tree.
  const filler = Array.from({ length: 300 }, (_, i) => `def f${i}(a):\n    return spark.sql("SELECT ${i}")\n`).join('');
  let src = `a = 1\ndf = spark.sql("SELECT 1")\n${filler}`;
  const edits: Array<(s: string) => string> = [
    (s) => s.replace('SELECT 1', 'SELECT 1 FROM t'),
    (s) => `x = spark.sql(f"SELECT {c} "\n  "FROM u")\n${s}`,
    (s) => s.replace('spark.sql("SELECT 1 FROM t")', 'spark.sql(q)'),
    (s) => s.replace('def f150(a):\n    return spark.sql("SELECT 150")\n', ''),
    (s) => s.replace('def f10(a):', 'def f10(a):\n    """a docstring with spark.sql("no") in it"""'),
    (s) => s.replace('"FROM u"', '"FROM u WHERE \\"k\\""'),
    (s) => `${s}z = spark.sql("""\nSELECT 2\n""")\n`,
  ];
  assert.deepEqual(scanner.regions(src), findSqlRegions(src));
  for (const edit of edits) {
    src = edit(src);
    assert.deepEqual(scanner.regions(src), findSqlRegions(src), src);
  }
  const texts = scanner.regions(src).map((r) => r.text);
  assert.deepEqual([texts[0], texts[texts.length - 1], texts.length], ['SELECT expr FROM u WHERE "k"', '\nSELECT 2\n', 301]);
});
