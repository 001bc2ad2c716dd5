// The Spark SQL grammar (syntaxes/), tokenized with a small TextMate engine of our own
// (test/support/textmate-lite.ts): vscode-textmate is not a dependency, and these checks only need
// what our grammars use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type Grammar, type GrammarRule, TextMateLite, toRegExp } from '../../support/textmate-lite';
import { SPARK_KEYWORDS } from '../../../src/sql-format/spark-keywords';

const ROOT = path.resolve(__dirname, '../../../..');
const load = (file: string): Grammar => JSON.parse(readFileSync(path.join(ROOT, 'syntaxes', file), 'utf8')) as Grammar;
const SQL = load('sparksql.tmLanguage.json');
const PY = load('sparksql-in-python.tmLanguage.json');
// The few Python rules the injection test needs, standing in for VS Code's Python grammar.
const PYTHON: Grammar = {
  scopeName: 'source.python',
  patterns: [
    { include: 'source.python.embedded.sparksql' },
    { name: 'string.quoted.single.python', match: '"[^"]*"' },
    { name: 'comment.line.number-sign.python', match: '#.*$' },
  ],
};
const tm = new TextMateLite([SQL, PY, PYTHON]);

/** The scopes of `needle` (its first occurrence after `from`); fails when it is not one token. */
function scopes(scope: string, text: string, needle: string, from = 0): string[] {
  const lines = tm.tokenize(scope, text);
  let offset = 0;
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} not in ${text}`);
  for (const [n, line] of lines.entries()) {
    const lineStart = offset;
    let col = lineStart;
    for (const t of line) {
      if (at >= col && at < col + t.text.length) {
        assert.ok(at + needle.length <= col + t.text.length, `${needle} is split: ${JSON.stringify(line.map((x) => x.text))} (line ${n + 1})`);
        return t.scopes;
      }
      col += t.text.length;
    }
    offset += text.split('\n')[n].length + 1;
  }
  assert.fail(`${needle} not tokenized`);
}

const has = (s: string[], name: string): boolean => s.some((x) => x.split(' ').includes(name) || x === name);

function allRules(rule: GrammarRule | Grammar, out: GrammarRule[] = []): GrammarRule[] {
  const r = rule as GrammarRule & { repository?: Record<string, GrammarRule> };
  out.push(r);
  for (const p of r.patterns ?? []) allRules(p, out);
  for (const p of Object.values(r.repository ?? {})) allRules(p, out);
  return out;
}

test('every regex of both grammars compiles and every include resolves', () => {
  for (const g of [SQL, PY]) {
    for (const r of allRules(g)) {
      for (const src of [r.match, r.begin, r.end]) if (src !== undefined) assert.doesNotThrow(() => toRegExp(src.replace(/\\\d/g, 'x')), src);
      if (r.include?.startsWith('#')) assert.ok(g.repository?.[r.include.slice(1)], `${g.scopeName}: ${r.include}`);
    }
  }
});

test('every Spark keyword is highlighted as some keyword, type or constant', () => {
  for (const k of SPARK_KEYWORDS) {
    const s = scopes('source.sparksql', `${k.toLowerCase()} `, k.toLowerCase());
    assert.ok(s.some((x) => /^(keyword|storage\.type|constant\.language)\./.test(x)), `${k}: ${s.join(' ')}`);
  }
});

test('Spark 4 operators, markers and paths get their own scopes', () => {
  const sql = "SELECT a::INT, f(x => 1), v:a.b, :p, ?, ${env} FROM t |> WHERE a <=> b || c";
  const at = (needle: string): string[] => scopes('source.sparksql', sql, needle);
  assert.ok(has(at('::'), 'keyword.operator.cast.sparksql'));
  assert.ok(has(at('=>'), 'keyword.operator.named-argument.sparksql'));
  assert.ok(has(at('|>'), 'keyword.operator.pipe.sparksql'));
  assert.ok(has(at('<=>'), 'keyword.operator.comparison.sparksql'));
  assert.ok(has(at('||'), 'keyword.operator.concatenation.sparksql'));
  assert.ok(has(scopes('source.sparksql', sql, ':', sql.indexOf('v:')), 'punctuation.accessor.variant.sparksql'));
  assert.ok(has(scopes('source.sparksql', sql, 'p', sql.indexOf(':p') + 1), 'variable.parameter.named.sparksql'));
  assert.ok(has(at('?'), 'variable.parameter.positional.sparksql'));
  assert.ok(has(at('env'), 'variable.other.substitution.sparksql'));
  assert.ok(has(at('SELECT'), 'keyword.other.sparksql'));
  assert.ok(has(at('INT'), 'storage.type.sparksql'));
});

test('numbers with suffixes are one number token', () => {
  for (const n of ['1L', '1.0D', '1BD', '1.5E-3', '.5', '10Y', '2S', '0x1F', '3.14F']) {
    assert.ok(has(scopes('source.sparksql', `SELECT ${n}, x`, n), n.startsWith('0x') ? 'constant.numeric.hex.sparksql' : 'constant.numeric.sparksql'), n);
  }
  // Digits inside a name are not a number.
  assert.ok(!has(scopes('source.sparksql', 'SELECT col1', 'col1'), 'constant.numeric.sparksql'));
});

test("strings: backslash escapes, doubled quotes, raw strings, dollar quotes", () => {
  const sql = "SELECT 'it''s \\n', r'\\d+', $$ -- not a comment $$, 'after'";
  assert.ok(has(scopes('source.sparksql', sql, "''"), 'constant.character.escape.quote.sparksql'));
  assert.ok(has(scopes('source.sparksql', sql, '\\n'), 'constant.character.escape.sparksql'));
  const raw = scopes('source.sparksql', sql, '\\d');
  assert.ok(has(raw, 'string.quoted.single.raw.sparksql') && !has(raw, 'constant.character.escape.sparksql'));
  assert.ok(has(scopes('source.sparksql', sql, '-- not'), 'string.unquoted.dollar.sparksql'));
  assert.ok(has(scopes('source.sparksql', sql, 'after'), 'string.quoted.single.sparksql'));
  assert.ok(has(scopes('source.sparksql', 'SELECT `a``b` FROM t', '``'), 'constant.character.escape.backtick.sparksql'));
});

test('comments: nested block comments end at the matching */, hints are kept apart', () => {
  const sql = 'SELECT /* a /* b */ still comment */ x /*+ BROADCAST(t) */ -- line';
  assert.ok(has(scopes('source.sparksql', sql, 'still comment'), 'comment.block.sparksql'));
  assert.ok(!has(scopes('source.sparksql', sql, 'x', sql.indexOf('*/ x') + 3), 'comment.block.sparksql'));
  assert.ok(has(scopes('source.sparksql', sql, 'BROADCAST'), 'comment.block.hint.sparksql'));
  assert.ok(has(scopes('source.sparksql', sql, '-- line'), 'comment.line.double-dash.sparksql'));
  // A block comment spans lines.
  assert.ok(has(scopes('source.sparksql', '/* one\ntwo */ SELECT', 'two'), 'comment.block.sparksql'));
});

test('SQL scripting: BEGIN ... END and control flow are control keywords', () => {
  const sql = 'BEGIN DECLARE x INT; IF x > 0 THEN SELECT 1; END IF; WHILE x < 3 DO SET x = x + 1; END WHILE; END';
  for (const w of ['BEGIN', 'DECLARE', 'IF', 'THEN', 'WHILE', 'DO', 'END']) assert.ok(has(scopes('source.sparksql', sql, w), 'keyword.control.sparksql'), w);
});

test('functions: built-ins from Spark, other calls as function names', () => {
  assert.ok(has(scopes('source.sparksql', 'SELECT date_format(ts, 1)', 'date_format'), 'support.function.builtin.sparksql'));
  assert.ok(has(scopes('source.sparksql', 'SELECT my_udf(1)', 'my_udf'), 'entity.name.function.sparksql'));
  // "x IN (" stays an operator word.
  assert.ok(has(scopes('source.sparksql', 'SELECT 1 WHERE x IN (1)', 'IN'), 'keyword.operator.word.sparksql'));
});

test('SQL inside spark.sql("...") in Python is Spark SQL, other strings are not', () => {
  const py = 'df = spark.sql("SELECT a::INT FROM t |> WHERE a > 1")\nx = print("SELECT 1")';
  assert.ok(has(scopes('source.python', py, 'SELECT'), 'meta.embedded.inline.sparksql'));
  assert.ok(has(scopes('source.python', py, 'SELECT'), 'keyword.other.sparksql'));
  assert.ok(has(scopes('source.python', py, '|>'), 'keyword.operator.pipe.sparksql'));
  const other = scopes('source.python', py, 'SELECT 1');
  assert.ok(!has(other, 'meta.embedded.inline.sparksql'), other.join(' '));
  // Triple-quoted, over several lines, through a longer name.
  const multi = 'self.spark.sql("""\nSELECT *\nFROM t\n""").show()';
  assert.ok(has(scopes('source.python', multi, 'FROM'), 'keyword.other.sparksql'));
  assert.ok(!has(scopes('source.python', multi, 'show'), 'meta.embedded.inline.sparksql'));
});
