import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration } from '../../../src/views/format';

test('durations read naturally at every scale', () => {
  assert.equal(formatDuration(-5), '0 ms');
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(4250), '4.3 s');
  assert.equal(formatDuration(12_900), '12 s');
  assert.equal(formatDuration(185_000), '3 min 5 s');
});
