import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, TokenKind } from '../../../src/sql/lexer';

function kinds(text: string): Array<[TokenKind, string]> {
  return tokenize(text).map((t) => [t.kind, text.slice(t.start, t.end)]);
}

test('single- and double-quoted strings honour backslash escapes', () => {
  assert.deepEqual(kinds(String.raw`'a\';b' ; "c\";d"`), [
    ['string', String.raw`'a\';b'`],
    ['semicolon', ';'],
    ['string', String.raw`"c\";d"`],
  ]);
});

test('a doubled quote continues the string', () => {
  assert.deepEqual(kinds(`'it''s;' x`), [['string', `'it''s;'`], ['word', 'x']]);
});

test('raw strings end at the first matching quote, with no escapes', () => {
  assert.deepEqual(kinds(String.raw`R'a\' ; r"b\"`), [
    ['string', String.raw`R'a\'`],
    ['semicolon', ';'],
    ['string', String.raw`r"b\"`],
  ]);
});

test('an R inside a longer word does not start a raw string', () => {
  // xR'a\'b' is the word xR followed by a normal string with an escaped quote.
  assert.deepEqual(kinds(String.raw`xR'a\'b'`), [['word', 'xR'], ['string', String.raw`'a\'b'`]]);
});

test('backquoted identifiers use doubled backticks and no backslash escapes', () => {
  assert.deepEqual(kinds('`a``;b` `c\\`'), [['quoted-identifier', '`a``;b`'], ['quoted-identifier', '`c\\`']]);
});

test('line comments end at the newline unless a backslash continues them', () => {
  const text = 'SELECT 1 -- c \\\n , 2\n;';
  assert.deepEqual(kinds(text), [
    ['word', 'SELECT'],
    ['word', '1'],
    ['line-comment', '-- c \\\n , 2'],
    ['semicolon', ';'],
  ]);
});

test('line comments stop at a carriage return too', () => {
  assert.deepEqual(kinds('-- x\r\ny'), [['line-comment', '-- x'], ['word', 'y']]);
});

test('block comments nest', () => {
  assert.deepEqual(kinds('/* a /* b; */ c; */ x'), [['block-comment', '/* a /* b; */ c; */'], ['word', 'x']]);
});

test('a hint is its own token, not a comment', () => {
  assert.deepEqual(kinds('SELECT /*+ REPARTITION(2) */ 1'), [
    ['word', 'SELECT'],
    ['hint', '/*+ REPARTITION(2) */'],
    ['word', '1'],
  ]);
});

test('unterminated strings and comments run to the end and are flagged', () => {
  for (const [text, kind] of [["'abc", 'string'], ['/* abc', 'block-comment'], ['`abc', 'quoted-identifier']] as const) {
    const tokens = tokenize(text);
    assert.equal(tokens.length, 1, text);
    assert.equal(tokens[0].kind, kind);
    assert.equal(tokens[0].end, text.length);
    assert.equal(tokens[0].unterminated, true);
  }
});

test('colons, double colons and question marks are separate tokens', () => {
  assert.deepEqual(kinds('a::int, :p, ?'), [
    ['word', 'a'],
    ['double-colon', '::'],
    ['word', 'int'],
    ['punct', ','],
    ['colon', ':'],
    ['word', 'p'],
    ['punct', ','],
    ['question', '?'],
  ]);
});

test('scheme://path identifiers keep their ? and = characters', () => {
  assert.deepEqual(kinds('SELECT * FROM parquet.`x` JOIN file://tmp/a?b=1 ?'), [
    ['word', 'SELECT'],
    ['punct', '*'],
    ['word', 'FROM'],
    ['word', 'parquet'],
    ['punct', '.'],
    ['quoted-identifier', '`x`'],
    ['word', 'JOIN'],
    ['word', 'file://tmp/a?b=1'],
    ['question', '?'],
  ]);
});

test('unicode letters are word characters and surrogate pairs stay whole', () => {
  assert.deepEqual(kinds('SELECT größe, 😀'), [['word', 'SELECT'], ['word', 'größe'], ['punct', ','], ['punct', '😀']]);
});

test('dollar-quoted strings are one token and end at the exact repeat of their tag', () => {
  const sql = "SELECT $$a; 'b -- c$$, $tag$x $$ $TAG$ $t$ ;$tag$ ;";
  const ks = kinds(sql);
  assert.deepEqual(ks.map(([k]) => k), ['word', 'string', 'punct', 'string', 'semicolon']);
  assert.equal(ks[1][1], "$$a; 'b -- c$$");
  assert.equal(ks[3][1], '$tag$x $$ $TAG$ $t$ ;$tag$');
});

test('a $ that does not open a tag is punctuation, and tags are letters only', () => {
  assert.deepEqual(kinds('SELECT $1, a$b').map(([k]) => k), ['word', 'punct', 'word', 'punct', 'word', 'punct', 'word']);
  assert.deepEqual(kinds('a$_b$').map(([k]) => k), ['word', 'punct', 'word', 'punct']);
});

test('an unterminated dollar-quoted string runs to the end and is flagged', () => {
  const tokens = tokenize('SELECT $x$ abc; $$');
  assert.equal(tokens.length, 2);
  assert.equal(tokens[1].unterminated, true);
  assert.equal(tokens[1].end, 'SELECT $x$ abc; $$'.length);
});
