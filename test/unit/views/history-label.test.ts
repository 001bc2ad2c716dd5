// History labels: the time (with the day when it is not today), the profile, and the whole statement on one
// line without comments, cut with an ellipsis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyLabel, historyTime, statementSummary } from '../../../src/views/history-label';

test('the statement on one line: every line, comments dropped, strings kept', () => {
  assert.equal(statementSummary('-- monthly report\nSELECT a,\n       b  -- the b\nFROM t /* big */ WHERE s = \'-- not a comment\''),
    "SELECT a, b FROM t WHERE s = '-- not a comment'");
  const long = `SELECT ${'x, '.repeat(60)}y FROM t`;
  const cut = statementSummary(long);
  assert.ok(cut.length <= 80 && cut.length >= 78, String(cut.length));
  assert.ok(cut.endsWith('\u2026'));
  assert.equal(statementSummary('-- only a comment'), '-- only a comment');
});

test('the time: seconds today, the day before that', () => {
  const now = new Date(2026, 11, 6, 15, 0, 0).getTime();
  assert.equal(historyTime(new Date(2026, 11, 6, 9, 5, 7).getTime(), now), '09:05:07');
  assert.equal(historyTime(new Date(2026, 11, 5, 23, 59, 1).getTime(), now), 'Dec 5 23:59');
  assert.equal(historyTime(new Date(2025, 0, 2, 8, 0, 0).getTime(), now), 'Jan 2 2025 08:00');
  assert.equal(historyLabel({ sql: 'SELECT\n  1', profile: 'local', startedAt: new Date(2026, 11, 6, 14, 1, 2).getTime() }, now),
    '14:01:02 \u00b7 local \u00b7 SELECT 1');
});
