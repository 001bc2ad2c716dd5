import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../support/servers';
import { splitStatements } from '../../../src/sql/split';
import { resplit, StatementCache, statementForCaret } from '../../../src/sql-language/statement-cache';
import { seededRandom } from '../../support/seeded-random';

const corpus = readFileSync(join(projectRoot(), 'test', 'fixtures', 'sql-language', 'valid-spark4.sql'), 'utf8').slice(0, 6000);

test('re-splitting after an edit gives exactly what a full split gives (random edits, quotes, comments, ";")', () => {
  const random = seededRandom(18);
  const pieces = ['a', ' ', '\n', ';', "'", '"', '`', '/*', '*/', '--', 'BEGIN ', ' END', 'x;y', '(', ')'];
  let text = corpus;
  let statements = splitStatements(text);
  for (let i = 0; i < 400; i++) {
    const at = Math.floor(random() * (text.length + 1));
    const next = random() < 0.3 && at < text.length
      ? text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3))
      : text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
    const incremental = resplit(text, statements, next);
    assert.deepEqual(incremental, splitStatements(next), `edit ${i} at ${at}`);
    text = next;
    statements = incremental;
  }
});

test('the statement being typed at the caret includes what follows its last token on the same run', () => {
  const cache = new StatementCache();
  const text = 'SELECT 1;\nSELECT * FROM ';
  assert.equal(statementForCaret(text, cache, text.length).text, 'SELECT * FROM ');
  const after = 'SELECT 1; ';
  assert.equal(statementForCaret(after, cache, after.length).text, '');
});
