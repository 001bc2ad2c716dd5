import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDialect, spark } from 'sql-formatter';
import { formatStatement } from '../../../src/sql-format/format-statement';
import { DEFAULT_FORMAT_OPTIONS, type SqlFormatOptions } from '../../../src/sql-format/options';
import { compareTokens } from '../../../src/sql-format/token-check';
import { SPARK4_STATEMENTS } from './spark4-corpus';

const OPTIONS: readonly SqlFormatOptions[] = [
  DEFAULT_FORMAT_OPTIONS,
  { ...DEFAULT_FORMAT_OPTIONS, keywordCase: 'upper', tabWidth: 4 },
  { ...DEFAULT_FORMAT_OPTIONS, keywordCase: 'lower', useTabs: true },
];

function formatted(sql: string, options: SqlFormatOptions = DEFAULT_FORMAT_OPTIONS): string {
  const r = formatStatement(sql, options);
  assert.equal(r.kind, 'formatted', `kept: ${r.kind === 'kept' ? r.reason : ''}\n${sql}`);
  return r.kind === 'formatted' ? r.text : '';
}

test(`every corpus statement (${SPARK4_STATEMENTS.length}) formats, keeps its tokens and is stable, in every keyword case`, () => {
  assert.ok(SPARK4_STATEMENTS.length >= 120);
  for (const options of OPTIONS) {
    for (const sql of SPARK4_STATEMENTS) {
      const once = formatted(sql, options);
      assert.equal(compareTokens(sql, once), undefined, `${sql}\n=>\n${once}`);
      assert.equal(formatted(once, options), once, `not idempotent (${options.keywordCase}):\n${once}`);
    }
  }
});

test('Spark 4 operators survive exactly: |>, =>, ::, :param, ?, ${var}, variant paths', () => {
  const out = formatted("SELECT a::INT, v:a.b, v:['x'][0]::STRING, f(x => 1), ${v} FROM t |> WHERE a = :p AND b = ? |> SELECT a");
  for (const piece of ['a::INT', 'v:a.b', "v:['x'][0]::STRING", 'f(x => 1)', '${v}', ':p', '?']) assert.ok(out.includes(piece), `${piece} in\n${out}`);
  assert.doesNotMatch(out, /\| >|= >|: :/);
  // Each pipe step starts its own line.
  assert.deepEqual(out.split('\n').filter((l) => l.includes('|>')).map((l) => l.trimStart().slice(0, 2)), ['|>', '|>']);
});

test('spacing the author chose around :: and before ( is kept', () => {
  assert.match(formatted('SELECT a :: INT FROM t'), /a :: INT/);
  assert.match(formatted('SELECT my_udf(a), IDENTIFIER(:c) FROM t'), /my_udf\(a\),\n\s+IDENTIFIER\(:c\)/);
});

test('comments are kept, nested block comments whole', () => {
  const out = formatted('SELECT 1 /* a /* nested */ comment */ + 2 -- trailing');
  assert.ok(out.includes('/* a /* nested */ comment */'));
  assert.ok(out.endsWith('-- trailing'));
});

test('strings keep both escapes and doubled quotes', () => {
  const out = formatted("SELECT 'it''s', 'a\\'b', 'a' 'b'");
  assert.ok(out.includes("'it''s'") && out.includes("'a\\'b'") && out.includes("'a' 'b'"), out);
});

test('keyword case changes keywords only, never names', () => {
  const out = formatted('select coalesce(a, b), greatest(x, y), size(arr) from t where a in (1)', { ...DEFAULT_FORMAT_OPTIONS, keywordCase: 'upper' });
  assert.match(out, /^SELECT/);
  assert.match(out, /coalesce\(a, b\)/);
  assert.match(out, /greatest\(x, y\)/);
  assert.match(out, /WHERE\n\s+a IN \(1\)/);
});

test('SET, RESET, ADD and LIST statements are kept as written, without a refusal', () => {
  for (const sql of ['set spark.sql.x = true  value', 'RESET spark.sql.x', 'ADD JAR /tmp/a b.jar', 'LIST FILES']) {
    const r = formatStatement(sql, DEFAULT_FORMAT_OPTIONS);
    assert.equal(r.kind, 'kept', sql);
    assert.equal(r.kind === 'kept' && r.refused, false);
  }
});

test('the check refuses output that would change a token, and says which', () => {
  // sql-formatter's stock spark dialect splits the pipe operator: the check catches it.
  const stock = (text: string): string => formatDialect(text, { dialect: spark });
  const r = formatStatement('SELECT a FROM t |> WHERE a > 1', DEFAULT_FORMAT_OPTIONS, '\n', stock);
  assert.equal(r.kind, 'kept');
  assert.ok(r.kind === 'kept' && r.refused);
  assert.match(r.kind === 'kept' ? r.reason : '', /`\|>` would become `\|`/);
  assert.equal(r.kind === 'kept' ? r.offset : -1, 'SELECT a FROM t '.length);
  // A formatter that loses a token, or adds one.
  const lost = formatStatement('SELECT 1.0D', DEFAULT_FORMAT_OPTIONS, '\n', () => 'SELECT 1. 0D');
  assert.match(lost.kind === 'kept' ? lost.reason : '', /`1\.0D` would become `1\.`/);
  const added = formatStatement('SELECT a', DEFAULT_FORMAT_OPTIONS, '\n', () => 'SELECT a;');
  assert.match(added.kind === 'kept' ? added.reason : '', /would be added/);
  const renamed = formatStatement('SELECT Col', DEFAULT_FORMAT_OPTIONS, '\n', () => 'SELECT COL');
  assert.match(renamed.kind === 'kept' ? renamed.reason : '', /`Col` would become `COL`/);
});

test('a formatter error or an unclosed string is a refusal with a reason', () => {
  const thrown = formatStatement('SELECT 1', DEFAULT_FORMAT_OPTIONS, '\n', () => {
    throw new Error('Parse error: Unexpected "x"\nmore');
  });
  assert.ok(thrown.kind === 'kept' && thrown.refused);
  assert.match(thrown.kind === 'kept' ? thrown.reason : '', /cannot read it \(Parse error: Unexpected "x"\)$/);
  const open = formatStatement("SELECT 'abc", DEFAULT_FORMAT_OPTIONS);
  assert.ok(open.kind === 'kept' && open.refused && open.offset === 7, JSON.stringify(open));
});

test('CRLF documents get CRLF line breaks', () => {
  const r = formatStatement('SELECT a, b FROM t', DEFAULT_FORMAT_OPTIONS, '\r\n');
  assert.ok(r.kind === 'formatted' && r.text.includes('\r\n') && !/[^\r]\n/.test(r.text));
});
