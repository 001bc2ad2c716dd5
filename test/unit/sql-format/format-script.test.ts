import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSqlDocument } from '../../../src/sql-format/format-document';
import { formatScript } from '../../../src/sql-format/format-script';
import { DEFAULT_FORMAT_OPTIONS, type SqlFormatOptions } from '../../../src/sql-format/options';
import { compareTokens } from '../../../src/sql-format/token-check';
import { SPARK4_SCRIPTS } from './spark4-corpus';

const OPTIONS: readonly SqlFormatOptions[] = [
  DEFAULT_FORMAT_OPTIONS,
  { ...DEFAULT_FORMAT_OPTIONS, keywordCase: 'upper', tabWidth: 4 },
  { ...DEFAULT_FORMAT_OPTIONS, keywordCase: 'lower', useTabs: true },
];

function formatted(sql: string, options: SqlFormatOptions = DEFAULT_FORMAT_OPTIONS, eol = '\n'): string {
  const r = formatScript(sql, options, eol);
  assert.equal(r.kind, 'formatted', `kept: ${r.kind === 'kept' ? r.reason : ''}\n${sql}`);
  return r.kind === 'formatted' ? r.text : '';
}

test(`every corpus script (${SPARK4_SCRIPTS.length}) formats, keeps its tokens and comments, and is stable, in every keyword case`, () => {
  for (const options of OPTIONS) {
    for (const sql of SPARK4_SCRIPTS) {
      const once = formatted(sql, options);
      assert.equal(compareTokens(sql, once), undefined, `${sql}\n=>\n${once}`);
      assert.equal(formatted(once, options), once, `not idempotent (${options.keywordCase}):\n${once}`);
    }
  }
});

test('a script is indented by block: one statement per line, each block one level in', () => {
  const out = formatted('BEGIN DECLARE x INT DEFAULT 1; lbl: WHILE x < 3 DO SET x = x + 1; IF x = 2 THEN LEAVE lbl; ELSEIF x>5 THEN ITERATE lbl; ELSE SELECT x; END IF; END WHILE lbl; END');
  assert.equal(out, [
    'BEGIN',
    '  DECLARE x INT DEFAULT 1;',
    '  lbl: WHILE x < 3 DO',
    '    SET x = x + 1;',
    '    IF x = 2 THEN',
    '      LEAVE lbl;',
    '    ELSEIF x>5 THEN',
    '      ITERATE lbl;',
    '    ELSE',
    '      SELECT',
    '        x;',
    '    END IF;',
    '  END WHILE lbl;',
    'END',
  ].join('\n'));
});

test('REPEAT/UNTIL, LOOP, FOR, CASE statements and handlers with blocks', () => {
  const out = formatted("BEGIN REPEAT SET c = c - 1; UNTIL c <= 0 END REPEAT; l: LOOP LEAVE l; END LOOP l; FOR r AS SELECT id FROM t DO SELECT r.id; END FOR; CASE c WHEN 1 THEN SELECT 'one'; ELSE SELECT 'many'; END CASE; DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN SELECT 'oops'; END; END");
  assert.equal(out, [
    'BEGIN',
    '  REPEAT',
    '    SET c = c - 1;',
    '  UNTIL c <= 0',
    '  END REPEAT;',
    '  l: LOOP',
    '    LEAVE l;',
    '  END LOOP l;',
    '  FOR r AS SELECT id FROM t DO',
    '    SELECT',
    '      r.id;',
    '  END FOR;',
    '  CASE c',
    '    WHEN 1 THEN',
    '      SELECT',
    "        'one';",
    '    ELSE',
    '      SELECT',
    "        'many';",
    '  END CASE;',
    '  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN',
    '    SELECT',
    "      'oops';",
    '  END;',
    'END',
  ].join('\n'));
});

test('keyword case applies to the script keywords, never to labels or names; tabs and tab width are the editor\'s', () => {
  const sql = 'Begin lbl: While x < 1 Do Set x = 1; End While lbl; End';
  assert.equal(formatted(sql, { ...DEFAULT_FORMAT_OPTIONS, keywordCase: 'upper', tabWidth: 4 }), 'BEGIN\n    lbl: WHILE x < 1 DO\n        Set x = 1;\n    END WHILE lbl;\nEND');
  assert.equal(formatted(sql, { ...DEFAULT_FORMAT_OPTIONS, keywordCase: 'lower', useTabs: true }), 'begin\n\tlbl: while x < 1 do\n\t\tSet x = 1;\n\tend while lbl;\nend');
});

test('comments stay where they were; $$ bodies and multi-line strings are not re-indented', () => {
  const body = '$$\ndef f(x):\n    return x  ;\n$$';
  const sql = `BEGIN -- header\n  /* own line */\n  SELECT 'a\n b' AS s; -- trailing\n\n\n  CREATE TEMPORARY FUNCTION f(x INT) RETURNS INT LANGUAGE PYTHON AS ${body};\nEND`;
  const out = formatted(sql);
  assert.ok(out.startsWith('BEGIN -- header\n  /* own line */\n  SELECT\n'), out);
  assert.ok(out.includes("'a\n b' AS s; -- trailing\n\n  CREATE"), out);
  assert.ok(out.includes(body), out);
});

test('CRLF scripts get CRLF line breaks only', () => {
  const out = formatted('BEGIN\r\n  IF a THEN SELECT 1; END IF;\r\nEND', DEFAULT_FORMAT_OPTIONS, '\r\n');
  assert.equal(out, 'BEGIN\r\n  IF a THEN\r\n    SELECT\r\n      1;\r\n  END IF;\r\nEND');
});

test('a script whose blocks do not close, or a statement without its ";", is kept as written with the reason', () => {
  for (const [sql, reason] of [
    ['BEGIN SELECT 1; IF a THEN SELECT 2; END', /IF expected|expected/],
    ['BEGIN SELECT 1 END', /';' expected/],
    ['BEGIN WHILE a DO SELECT 1; END IF; END', /WHILE expected/],
  ] as const) {
    const r = formatScript(sql, DEFAULT_FORMAT_OPTIONS);
    assert.equal(r.kind, 'kept', sql);
    assert.ok(r.kind === 'kept' && r.refused);
    assert.match(r.kind === 'kept' ? r.reason : '', reason);
  }
});

test('in a document, scripts are formatted beside statements and the ";" after END stays', () => {
  const r = formatSqlDocument('select 1;\nbegin if a then select 2; end if; end;\nselect 3;\n', DEFAULT_FORMAT_OPTIONS);
  assert.equal(r.text, 'select\n  1;\n\nbegin\n  if a then\n    select\n      2;\n  end if;\nend;\n\nselect\n  3;\n');
  assert.deepEqual(r.kept, []);
});
