import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/sql/line-index';
import { splitStatements } from '../../../src/sql/split';
import { statementAt, statementsForSelection } from '../../../src/sql/statement-at';

test('LineIndex maps offsets to lines and characters and back', () => {
  const text = 'ab\ncde\r\n\nf';
  const idx = new LineIndex(text);
  assert.equal(idx.lineCount, 4);
  assert.deepEqual(idx.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(idx.positionAt(2), { line: 0, character: 2 });
  assert.deepEqual(idx.positionAt(3), { line: 1, character: 0 });
  assert.deepEqual(idx.positionAt(text.indexOf('f')), { line: 3, character: 0 });
  assert.deepEqual(idx.positionAt(999), { line: 3, character: 1 });
  for (let o = 0; o <= text.length; o++) {
    const p = idx.positionAt(o);
    // Offsets on a "\r" of "\r\n" map back to the line end before it; every other offset round-trips.
    if (text[o - 1] === '\r') continue;
    assert.equal(idx.offsetAt(p), o, `offset ${o}`);
  }
});

test('LineIndex clamps characters past the end of a CRLF line to before the CR', () => {
  const text = 'abc\r\nd';
  const idx = new LineIndex(text);
  assert.equal(idx.offsetAt({ line: 0, character: 99 }), 3);
  assert.equal(idx.offsetAt({ line: 5, character: 0 }), text.length);
});

const DOC = 'SELECT 1;  \nSELECT 2;\n\n\n\nSELECT 3\n;\n-- c\nSELECT 4';

function at(offset: number): string | undefined {
  return statementAt(DOC, splitStatements(DOC), offset)?.text;
}

test('statement at cursor: inside a statement, on its semicolon, and just after it', () => {
  assert.equal(at(0), 'SELECT 1');
  assert.equal(at(DOC.indexOf('1')), 'SELECT 1');
  assert.equal(at(DOC.indexOf(';')), 'SELECT 1');
  assert.equal(at(DOC.indexOf(';') + 1), 'SELECT 1');
  assert.equal(at(DOC.indexOf(';') + 3), 'SELECT 1', 'trailing spaces on the same line');
});

test('statement at cursor: the terminator on its own line belongs to the statement', () => {
  assert.equal(at(DOC.indexOf('\n;') + 1), 'SELECT 3');
});

test('statement at cursor: blank lines go to the adjacent statement, the middle of a wide gap to none', () => {
  const firstBlank = DOC.indexOf('\n\n') + 1;
  assert.equal(at(firstBlank), 'SELECT 2', 'right below a statement');
  assert.equal(at(firstBlank + 1), undefined, 'blank lines above and below');
  assert.equal(at(firstBlank + 2), 'SELECT 3', 'right above a statement');
});

test('statement at cursor: a comment line directly above belongs to the next statement', () => {
  assert.equal(at(DOC.indexOf('-- c') + 2), 'SELECT 4');
});

test('statement at cursor: after the last statement, the last one', () => {
  const text = 'SELECT 1;\n\n\n';
  assert.equal(statementAt(text, splitStatements(text), text.length)?.text, 'SELECT 1');
});

test('selection: selected text is split on its own, offsets in document terms', () => {
  const text = 'xx SELECT 1; SELECT 2; SELECT 3';
  const from = text.indexOf('SELECT 1');
  const to = text.indexOf('SELECT 3') - 1;
  const out = statementsForSelection(text, from, to);
  assert.deepEqual(out.map((s) => s.text), ['SELECT 1', 'SELECT 2']);
  assert.equal(text.slice(out[1].start, out[1].end), 'SELECT 2');
});

test('selection: an empty selection yields the statement at the cursor', () => {
  const text = 'SELECT 1; SELECT 2';
  assert.deepEqual(statementsForSelection(text, 12, 12).map((s) => s.text), ['SELECT 2']);
  assert.deepEqual(statementsForSelection('\n\n\n', 1, 1), []);
});
