import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements } from '../../../src/sql/split';

const texts = (sql: string) => splitStatements(sql).map((s) => s.text);

test('splits on semicolons and trims whitespace and outer comments', () => {
  const sql = '-- first\nSELECT 1;\n\n/* second */ SELECT 2 -- trailing\n;  SELECT 3';
  assert.deepEqual(texts(sql), ['SELECT 1', 'SELECT 2', 'SELECT 3']);
});

test('offsets point at the statement text in the document', () => {
  const sql = '  SELECT 1 ;\nSELECT 2';
  const [a, b] = splitStatements(sql);
  assert.equal(sql.slice(a.start, a.end), 'SELECT 1');
  assert.equal(a.terminatorEnd, sql.indexOf(';') + 1);
  assert.equal(sql.slice(b.start, b.end), 'SELECT 2');
  assert.equal(b.terminatorEnd, b.end);
  assert.deepEqual([a.index, b.index], [0, 1]);
});

test('a base offset shifts every offset (selection inside a document)', () => {
  const [s] = splitStatements(' SELECT 1;', 100);
  assert.equal(s.start, 101);
  assert.equal(s.end, 109);
  assert.equal(s.terminatorEnd, 110);
});

test('semicolons inside strings, identifiers and comments do not split', () => {
  const sql = `SELECT 'a;b', "c;d", \`e;f\`, 'g\\';h' /* ; */ -- ;\n FROM t; SELECT 2`;
  const out = texts(sql);
  assert.equal(out.length, 2);
  assert.ok(out[0].endsWith('FROM t'));
});

test('nested block comments hide semicolons', () => {
  assert.deepEqual(texts('SELECT 1 /* a /* ; */ ; */ + 1; SELECT 2'), ['SELECT 1 /* a /* ; */ ; */ + 1', 'SELECT 2']);
});

test('a comment continued by backslash-newline hides the next line', () => {
  // The comment swallows "; SELECT 2", so the first statement ends at the next real ';'.
  const sql = 'SELECT 1 -- x \\\n; SELECT 2\n; SELECT 3';
  const out = splitStatements(sql);
  assert.deepEqual(out.map((s) => s.text), ['SELECT 1', 'SELECT 3']);
  assert.equal(out[0].terminatorEnd, sql.lastIndexOf(';') + 1);
});

test('empty statements and comment-only text produce nothing', () => {
  assert.deepEqual(texts(';;  ; -- only a comment\n/* and another */'), []);
  assert.deepEqual(texts(''), []);
});

test('a simple SQL script stays whole', () => {
  const sql = 'BEGIN SELECT 1; SELECT 2; END; SELECT 3';
  const out = splitStatements(sql);
  assert.deepEqual(out.map((s) => s.text), ['BEGIN SELECT 1; SELECT 2; END', 'SELECT 3']);
  assert.deepEqual(out.map((s) => s.isScript), [true, false]);
});

// This script runs on Spark 4.3 (checked with PySpark); it exercises every block kind.
const SCRIPT = `BEGIN
  DECLARE total INT DEFAULT 0;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN SELECT 'handled'; END;
  outer_lbl: BEGIN
    inner_loop: LOOP
      SET total = total + 1;
      IF total > 2 THEN LEAVE inner_loop; END IF;
    END LOOP inner_loop;
  END outer_lbl;
  REPEAT SET total = total + 1; UNTIL total > 5 END REPEAT;
  CASE total WHEN 6 THEN SELECT 'six'; ELSE SELECT 'other'; END CASE;
  FOR r AS SELECT id FROM range(2) DO SET total = total + r.id; END FOR;
  IF total > 100 THEN SELECT 'x'; ELSEIF total > 1 THEN BEGIN SELECT total; END; END IF;
  SELECT CASE WHEN total > 2 THEN 'big' ELSE 'small' END AS size;
END`;

test('a script with nested blocks, labels, handlers, loops and CASE stays whole', () => {
  const sql = `SELECT 0;\n${SCRIPT};\nSELECT 9;`;
  const out = splitStatements(sql);
  assert.deepEqual(out.map((s) => s.text), ['SELECT 0', SCRIPT, 'SELECT 9']);
  assert.equal(out[1].isScript, true);
});

test('an end label after the script belongs to it', () => {
  assert.deepEqual(texts('BEGIN SELECT 1; END lbl; SELECT 2'), ['BEGIN SELECT 1; END lbl', 'SELECT 2']);
});

test('keywords are case-insensitive', () => {
  assert.deepEqual(texts('begin if x then select 1; end if; end; select 2'), ['begin if x then select 1; end if; end', 'select 2']);
});

test('BEGIN used as a column name does not start a block', () => {
  assert.deepEqual(texts('SELECT begin FROM t; SELECT 2'), ['SELECT begin FROM t', 'SELECT 2']);
  const script = 'BEGIN SELECT begin FROM t; SELECT 1; END';
  assert.deepEqual(texts(`${script}; SELECT 2`), [script, 'SELECT 2']);
});

test('CASE expressions inside a script close with a bare END', () => {
  const script = 'BEGIN SELECT CASE WHEN a THEN CASE WHEN b THEN 1 END END FROM t; SELECT 2; END';
  assert.deepEqual(texts(`${script}; SELECT 3`), [script, 'SELECT 3']);
});

test('a CASE expression at top level does not swallow the next statement', () => {
  assert.deepEqual(texts('SELECT CASE WHEN a THEN 1 END FROM t; SELECT 2'), ['SELECT CASE WHEN a THEN 1 END FROM t', 'SELECT 2']);
});

test('directly nested BEGIN blocks', () => {
  const script = 'BEGIN BEGIN SELECT 1; END; BEGIN SELECT 2; END; END';
  assert.deepEqual(texts(`${script}; SELECT 3`), [script, 'SELECT 3']);
});

test('WHILE ... DO BEGIN ... END; END WHILE', () => {
  const script = 'BEGIN WHILE x < 3 DO BEGIN SET x = x + 1; END; END WHILE; END';
  assert.deepEqual(texts(`${script}; SELECT 3`), [script, 'SELECT 3']);
});

test('comments between END and its kind are skipped', () => {
  const script = 'BEGIN IF a THEN SELECT 1; END /* c */ IF; SELECT 2; END';
  assert.deepEqual(texts(`${script}; SELECT 3`), [script, 'SELECT 3']);
});

test('an unfinished script runs to the end of the text', () => {
  const sql = 'SELECT 1; BEGIN SELECT 2; IF x THEN SELECT 3;';
  assert.deepEqual(texts(sql), ['SELECT 1', 'BEGIN SELECT 2; IF x THEN SELECT 3;']);
});

test('strings with BEGIN or END inside a script do not move the depth', () => {
  const script = "BEGIN SELECT 'END'; SELECT `begin`; END";
  assert.deepEqual(texts(`${script}; SELECT 3`), [script, 'SELECT 3']);
});

test('a labelled script at top level stays whole', () => {
  assert.deepEqual(texts('lbl: BEGIN SELECT 1; END lbl; SELECT 2'), ['lbl: BEGIN SELECT 1; END lbl', 'SELECT 2']);
});

test('CRLF documents keep exact offsets', () => {
  const sql = 'SELECT 1;\r\nSELECT\r\n  2;\r\n';
  const out = splitStatements(sql);
  assert.deepEqual(out.map((s) => sql.slice(s.start, s.end)), ['SELECT 1', 'SELECT\r\n  2']);
});

// Checked on Spark 4.3 with PySpark: this script runs and returns one row. Before the fix, "s.end" closed
// the script early and "e.case" opened a CASE block that swallowed the statements after the script.
const QUALIFIED_SCRIPT = `BEGIN
  DECLARE n INT DEFAULT 0;
  SET n = (SELECT s.end + e.case + t.begin FROM (SELECT 1 AS \`end\`) s, (SELECT 2 AS \`case\`) e, (SELECT 3 AS \`begin\`) t);
  IF n > 0 THEN SET n = n + 1; END IF;
  SELECT n, s.end FROM (SELECT n AS \`end\`) AS s;
END`;

test('qualified names like s.end, e.case and t.begin do not open or close script blocks', () => {
  const out = splitStatements(`${QUALIFIED_SCRIPT};\nSELECT 2;`);
  assert.deepEqual(out.map((s) => s.text), [QUALIFIED_SCRIPT, 'SELECT 2']);
  assert.deepEqual(out.map((s) => s.isScript), [true, false]);
});

test('a keyword before "." is a qualifier, not a block keyword', () => {
  const script = 'BEGIN SELECT end.x, case.y, begin.z FROM t AS end, u AS case, v AS begin; SELECT 1; END';
  assert.deepEqual(texts(`${script}; SELECT 2`), [script, 'SELECT 2']);
});

test('END and CASE after AS are aliases inside a script', () => {
  const script = 'BEGIN SELECT 1 AS end; SELECT 2 AS case; END';
  assert.deepEqual(texts(`${script}; SELECT 3`), [script, 'SELECT 3']);
});

test('a top-level statement with begin.x does not start a script', () => {
  assert.deepEqual(texts('SELECT begin.x FROM t AS begin; SELECT 2'), ['SELECT begin.x FROM t AS begin', 'SELECT 2']);
});

test('$$ and $tag$ bodies keep their semicolons', () => {
  const view = 'CREATE VIEW v WITH METRICS LANGUAGE YAML AS $$\nsource: t; -- x\nexpr: \'a;b\'\n$$';
  const tagged = 'CREATE VIEW w WITH METRICS LANGUAGE YAML AS $yaml$\nsource: t; $$ ; $YAML$\n$yaml$';
  assert.deepEqual(texts(`${view};\n${tagged};\nSELECT 1`), [view, tagged, 'SELECT 1']);
});

test('a $$ body inside a script does not open or close blocks', () => {
  const script = 'BEGIN SELECT 1; EXECUTE IMMEDIATE $$ END; BEGIN CASE $$; SELECT 2; END';
  assert.deepEqual(texts(`${script}; SELECT 3`), [script, 'SELECT 3']);
});

test('END in a list of names (column aliases "t(begin, end)") does not close a script', () => {
  const script = 'BEGIN\n  SELECT * FROM VALUES (1, 2) AS t(begin, end);\n  SELECT 1;\nEND';
  assert.deepEqual(texts(`${script};\nSELECT 2`), [script, 'SELECT 2']);
  const first = 'BEGIN SELECT * FROM VALUES (1) AS t(end); END';
  assert.deepEqual(texts(`${first}; SELECT 3`), [first, 'SELECT 3']);
});
