import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCell } from '../../../src/notebook/cell-source';

describe('classifyCell', () => {
  it('runs a sql cell as SQL', () => {
    assert.deepEqual(classifyCell('SELECT 1', 'sql'), { kind: 'sql', text: 'SELECT 1', offset: 0, skipped: [] });
  });

  it('treats a python cell starting with %%sql as SQL, with the body offset', () => {
    const src = '%%sql\nSELECT *\nFROM t';
    const c = classifyCell(src, 'python');
    assert.equal(c.kind, 'sql');
    if (c.kind !== 'sql') return;
    assert.equal(c.text, 'SELECT *\nFROM t');
    assert.equal(src.slice(c.offset), c.text);
  });

  it('blanks shell lines and line magics to spaces, keeping every other offset', () => {
    const src = '!pip install pyspark\n%matplotlib inline\ndf = spark.range(3)\ndf.show()';
    const c = classifyCell(src, 'python');
    assert.equal(c.kind, 'python');
    if (c.kind !== 'python') return;
    assert.equal(c.text.length, src.length);
    assert.equal(c.text.indexOf('df = spark'), src.indexOf('df = spark'));
    assert.deepEqual(c.skipped.map((s) => s.line), [1, 2]);
    assert.match(c.skipped[0].note, /shell/);
    assert.match(c.skipped[1].note, /%matplotlib/);
    assert.equal(c.timed, false);
  });

  it('does not mistake a continuation line or a modulo expression for a magic', () => {
    const src = 'x = 7 \\\n  % 3\ny = x % 2';
    const c = classifyCell(src, 'python');
    assert.equal(c.kind, 'python');
    if (c.kind === 'python') assert.equal(c.skipped.length, 0);
  });

  it('runs the body of %%time and asks for the wall time', () => {
    const c = classifyCell('%%time\ndf.count()', 'python');
    assert.equal(c.kind, 'python');
    if (c.kind !== 'python') return;
    assert.equal(c.timed, true);
    assert.equal(c.text.trim(), 'df.count()');
  });

  it('skips cells of magics it cannot run, with a note naming the magic', () => {
    const c = classifyCell('%%bash\nls -l', 'python');
    assert.equal(c.kind, 'skip');
    if (c.kind === 'skip') assert.match(c.note, /%%bash/);
  });

  it('skips a cell of only shell lines instead of running an empty cell', () => {
    const c = classifyCell('! pip install pandas\n%pip install numpy', 'python');
    assert.equal(c.kind, 'skip');
    if (c.kind === 'skip') assert.equal(c.skipped.length, 2);
  });
});
