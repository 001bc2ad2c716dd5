import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { OutputClosedError, streamSink } from '../../../../src/cli/output/sink';

test('write resolves at once while the stream has room', async () => {
  const out = new PassThrough({ highWaterMark: 1024 });
  const sink = streamSink(out);
  let resolved = false;
  await sink.write('small').then(() => {
    resolved = true;
  });
  assert.equal(resolved, true);
  assert.equal(out.read()?.toString(), 'small');
});

test('write waits for drain when the stream is full (backpressure)', async () => {
  const out = new PassThrough({ highWaterMark: 4 });
  const sink = streamSink(out);
  let resolved = false;
  const pending = sink.write('more than four bytes').then(() => {
    resolved = true;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(resolved, false, 'must not resolve before the reader drains the stream');
  out.resume(); // the reader consumes: 'drain' follows
  await pending;
  assert.equal(resolved, true);
});

test('a closed pipe (EPIPE) turns into OutputClosedError, on this write or the next', async () => {
  const broken = new Writable({
    highWaterMark: 1,
    write(_chunk, _enc, cb) {
      const err = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      cb(err);
    },
  });
  const sink = streamSink(broken);
  const first = sink.write('x').then(() => 'ok', (e: unknown) => e);
  const outcome = await first;
  const second = await sink.write('y').then(() => 'ok', (e: unknown) => e);
  assert.ok(outcome instanceof OutputClosedError || second instanceof OutputClosedError, `got ${String(outcome)} / ${String(second)}`);
  assert.ok(second instanceof OutputClosedError);
});
