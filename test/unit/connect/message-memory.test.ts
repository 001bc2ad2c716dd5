import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageMemoryPool } from '../../../src/connect/message-memory';

const KB = 1024;

void test('acquire gives exactly the bytes asked for, at the start of an ArrayBuffer of its own', () => {
  const pool = new MessageMemoryPool();
  const a = pool.acquire(100 * KB + 3);
  const b = pool.acquire(100 * KB + 3);
  assert.equal(a.length, 100 * KB + 3);
  assert.equal(a.byteOffset, 0);
  assert.notEqual(a.buffer, b.buffer);
  assert.deepEqual(pool.stats, { allocated: 2, reused: 0, freeBuffers: 0, freeBytes: 0 });
});

void test('a released buffer is handed out again for a message of similar size', () => {
  const pool = new MessageMemoryPool();
  const a = pool.acquire(700 * KB);
  pool.release(a.buffer);
  assert.equal(pool.stats.freeBuffers, 1);
  const b = pool.acquire(650 * KB);
  assert.equal(b.buffer, a.buffer, 'the same memory');
  assert.equal(b.length, 650 * KB);
  assert.deepEqual(pool.stats, { allocated: 1, reused: 1, freeBuffers: 0, freeBytes: 0 });
});

void test('a small message does not take a buffer more than twice its size; a large one does not fit a small buffer', () => {
  const pool = new MessageMemoryPool();
  const big = pool.acquire(4096 * KB);
  const small = pool.acquire(100 * KB);
  pool.release(big.buffer);
  pool.release(small.buffer);
  assert.notEqual(pool.acquire(200 * KB).buffer, big.buffer, '200 KB must not hold a 4 MB buffer');
  assert.notEqual(pool.acquire(300 * KB).buffer, small.buffer, '300 KB does not fit in ~128 KB');
  assert.equal(pool.acquire(3000 * KB).buffer, big.buffer);
  assert.equal(pool.acquire(80 * KB).buffer, small.buffer);
});

void test('the best fit wins among several free buffers', () => {
  const pool = new MessageMemoryPool();
  const sizes = [900, 600, 700].map((k) => pool.acquire(k * KB));
  for (const b of sizes) pool.release(b.buffer);
  assert.equal(pool.acquire(550 * KB).buffer, sizes[1]!.buffer);
  assert.equal(pool.acquire(650 * KB).buffer, sizes[2]!.buffer);
});

void test('only buffers it handed out, and only once each, come back', () => {
  const pool = new MessageMemoryPool();
  pool.release(new ArrayBuffer(128 * KB));
  pool.release(Buffer.allocUnsafeSlow(128 * KB).buffer);
  pool.release(undefined);
  assert.equal(pool.stats.freeBuffers, 0, 'foreign memory is ignored');
  const a = pool.acquire(128 * KB);
  pool.release(a.buffer);
  pool.release(a.buffer);
  assert.equal(pool.stats.freeBuffers, 1, 'a second release is ignored');
  const b = pool.acquire(128 * KB);
  const c = pool.acquire(128 * KB);
  assert.equal(b.buffer, a.buffer);
  assert.notEqual(c.buffer, a.buffer, 'never handed out twice at once');
});

void test('no more than maxFreeBytes are kept for reuse', () => {
  const pool = new MessageMemoryPool(1024 * KB);
  const bufs = [1, 2, 3].map(() => pool.acquire(400 * KB));
  for (const b of bufs) pool.release(b.buffer);
  assert.equal(pool.stats.freeBuffers, 2);
  assert.ok(pool.stats.freeBytes <= 1024 * KB);
});

void test('kept buffers go back to the collector after idleMs without a release, or on trim()', async () => {
  const pool = new MessageMemoryPool(32 * 1024 * KB, 30);
  pool.release(pool.acquire(100 * KB).buffer);
  assert.equal(pool.stats.freeBuffers, 1);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(pool.stats.freeBuffers, 0);
  pool.release(pool.acquire(100 * KB).buffer);
  pool.trim();
  assert.deepEqual({ ...pool.stats, allocated: 0 }, { allocated: 0, reused: 0, freeBuffers: 0, freeBytes: 0 });
});
