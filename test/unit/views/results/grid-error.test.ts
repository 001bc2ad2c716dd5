// The results grid's error banner gets the failure's class, SQLSTATE, reason and details.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { gridError } from '../../../../src/views/results/grid-error';

test('a server error keeps its class, SQLSTATE, reason and details', () => {
  assert.deepEqual(gridError({ message: 'Division by zero.', cancelled: false, rowCount: 5, reason: 'runtime', errorClass: 'DIVIDE_BY_ZERO', sqlState: '22012', detail: 'd' }),
    { reason: 'runtime', message: 'Division by zero.', errorClass: 'DIVIDE_BY_ZERO', sqlState: '22012', detail: 'd' });
  assert.equal(gridError({ message: 'm', cancelled: false, rowCount: 0, reason: 'analysis' }).reason, 'analysis');
  assert.equal(gridError({ message: 'm', cancelled: false, rowCount: 0, reason: 'unavailable' }).reason, 'unavailable');
});

test('reasons the grid has no word for map to runtime or internal; cancelled wins and drops details', () => {
  assert.equal(gridError({ message: 'm', cancelled: false, rowCount: 0, reason: 'protocol' }).reason, 'internal');
  assert.equal(gridError({ message: 'm', cancelled: false, rowCount: 0, reason: 'config' }).reason, 'internal');
  assert.equal(gridError({ message: 'm', cancelled: false, rowCount: 0, reason: 'unknown' }).reason, 'runtime');
  assert.equal(gridError({ message: 'm', cancelled: false, rowCount: 0 }).reason, 'runtime');
  assert.deepEqual(gridError({ message: 'Cancelled.', cancelled: true, rowCount: 3, reason: 'runtime', detail: 'x' }), { reason: 'cancelled', message: 'Cancelled.' });
});
