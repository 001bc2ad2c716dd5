import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromArrays, type Field, type RecordBatch } from 'apache-arrow';
import { escapeForTerminal } from '../../../../src/cli/output/terminal-escape';
import { StringSink } from '../../../../src/cli/output/sink';
import { TableWriter } from '../../../../src/cli/output/table-writer';
import { displayWidth } from '../../../../src/cli/output/text-width';
import type { CellsFactory } from '../../../../src/cli/output/writer';

const HOSTILE = [
  'a\x1b[2Jb', // CSI: clear the screen
  '\x1b]0;title\x07', // OSC: set the window title, ended by BEL
  'over\rwrite', // CR: back to the start of the row
  'c1\u009b31m', // C1 CSI
  'tab\tnl\nend',
];

test('escapeForTerminal shows every control character as a visible escape', () => {
  assert.deepEqual(HOSTILE.map(escapeForTerminal), [
    'a\\x1b[2Jb',
    '\\x1b]0;title\\x07',
    'over\\rwrite',
    'c1\\x9b31m',
    'tab\\tnl\\nend',
  ]);
  assert.equal(escapeForTerminal('\0\x7f\x85\u2028\u202e\u2066'), '\\x00\\x7f\\x85\\u2028\\u202e\\u2066');
});

test('escapeForTerminal leaves ordinary text, backslashes and non-Latin scripts alone', () => {
  for (const s of ['plain', 'C:\\temp\\x1b', '日本語', 'e\u0301', 'emoji \u{1f600}', 'שלום', '']) {
    assert.equal(escapeForTerminal(s), s);
  }
});

const textCells: CellsFactory = (_field: Field, batch: RecordBatch, i: number) => {
  const col = batch.getChildAt(i)!;
  return {
    text: (r) => {
      const v: unknown = col.get(r);
      return v === null || v === undefined ? null : String(v);
    },
    json: () => 'null',
  };
};

test('the table writer prints no control character from values or column names, and stays aligned', async () => {
  const [batch] = tableFromArrays({ 'col\x1b[1m': HOSTILE }).batches;
  const sink = new StringSink();
  const writer = new TableWriter(sink, textCells, { timeZone: 'UTC' });
  await writer.start(batch.schema);
  await writer.batch(batch);
  await writer.end();
  const out = sink.text();
  // Only the writer's own line feeds remain.
  assert.doesNotMatch(out.replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f]/);
  const lines = out.trimEnd().split('\n');
  // The widest cell is the escaped OSC sequence, 16 characters.
  const row = (text: string): string => `|${text.padEnd(16)}|`;
  assert.equal(lines[1], row('col\\x1b[1m'));
  assert.deepEqual(lines.slice(3, 8), [
    row('a\\x1b[2Jb'),
    row('\\x1b]0;title\\x07'),
    row('over\\rwrite'),
    row('c1\\x9b31m'),
    row('tab\\tnl\\nend'),
  ]);
  const widths = lines.map(displayWidth);
  assert.ok(widths.every((w) => w === widths[0]), out);
});
