// The server process: ready line, log streaming, stopping the process group, early exits, timeouts,
// secrets kept out of the log, and the free-port search. The process is a shell script standing in
// for the JVM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalSparkServer, findFreePort, isPortFree } from '../../../src/local-spark/local-server';
import { READY_LINE } from '../../../src/local-spark/server-command';
import { until } from '../../support/until';

// A stand-in for spark-submit: prints some log, then the ready line, then runs until stopped.
function fakeSubmit(dir: string, body: string): string {
  const file = path.join(dir, 'fake-submit.sh');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

test('the server process: ready on the ready line, log streamed, stop ends the process group', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sc-local-'));
  try {
    // A child of the script keeps running like the JVM that spark-submit starts.
    const script = fakeSubmit(dir, `echo "starting $1"\nsleep 30 &\necho "INFO ${READY_LINE} at localhost/127.0.0.1:15010"\nwait`);
    const server = new LocalSparkServer({ startTimeoutMs: 10_000, stopTimeoutMs: 5_000 });
    const lines: string[] = [];
    const states: string[] = [];
    server.onLog((l) => lines.push(l));
    server.onState((s) => states.push(s));
    await server.start({ command: script, args: ['--class'], env: {} });
    assert.equal(server.state, 'running');
    assert.equal(lines[0], 'starting --class');
    const pid = server.pid!;
    await server.stop();
    assert.equal(server.state, 'stopped');
    assert.deepEqual(states, ['starting', 'running', 'stopping', 'stopped']);
    // Children orphaned by the signal may take a moment to be reaped.
    const groupAlive = () => {
      try {
        process.kill(-pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 40 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(groupAlive(), false, 'the whole process group is gone');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the server process: an early exit rejects with the end of the log', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sc-local-'));
  try {
    const script = fakeSubmit(dir, 'echo "Error: JAVA_HOME is not set" >&2\nexit 1');
    const server = new LocalSparkServer({ startTimeoutMs: 10_000 });
    await assert.rejects(server.start({ command: script, args: [], env: {} }), (err: Error & { logTail?: string[] }) => {
      assert.match(err.message, /exited before it was ready \(exit code 1\)/);
      assert.deepEqual(err.logTail, ['Error: JAVA_HOME is not set']);
      return true;
    });
    assert.equal(server.state, 'stopped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the server process: a start that never gets ready times out and is stopped', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sc-local-'));
  try {
    const script = fakeSubmit(dir, 'echo waiting\nsleep 30');
    const server = new LocalSparkServer({ startTimeoutMs: 300, stopTimeoutMs: 2_000 });
    await assert.rejects(server.start({ command: script, args: [], env: {} }), /did not start within/);
    // The stop is under way when start() rejects; the process's exit comes a moment later (after the
    // SIGTERM, or the SIGKILL 2 s on), on a loaded machine later than any short fixed sleep.
    await until('the timed-out server to stop', () => server.state === 'stopped', 10_000);
    assert.equal(server.state, 'stopped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('free ports: the first free one from the start', async () => {
  const taken = new Set([15002, 15003]);
  assert.equal(await findFreePort(15002, 10, async (p) => !taken.has(p)), 15004);
  assert.equal(await findFreePort(15002, 2, async (p) => !taken.has(p)), undefined);
  // And the real check sees a port that is in use.
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  assert.equal(await isPortFree(port), false);
  await new Promise<void>((r) => srv.close(() => r()));
});

test('the server log never shows the token: it is replaced in every line and in the tail an error carries', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sc-local-'));
  const token = 'tok-Zq9_x-0123456789abcdef';
  try {
    // A server that echoes its environment's token, on stdout and stderr, then dies.
    const script = fakeSubmit(dir, 'echo "conf token=$SPARK_CONNECT_AUTHENTICATE_TOKEN"\necho "again:${SPARK_CONNECT_AUTHENTICATE_TOKEN}!" >&2\nexit 3');
    const server = new LocalSparkServer({ startTimeoutMs: 10_000 });
    const lines: string[] = [];
    server.onLog((l) => lines.push(l));
    await assert.rejects(server.start({ command: script, args: [], env: { SPARK_CONNECT_AUTHENTICATE_TOKEN: token }, secrets: [token] }), (err: Error & { logTail?: string[] }) => {
      assert.ok(!JSON.stringify(err.logTail).includes(token), 'not in the error tail');
      return true;
    });
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => !l.includes(token)), lines.join('\n'));
    assert.ok(lines.includes('conf token=***'), lines.join('\n'));
    assert.ok(lines.includes('again:***!'), lines.join('\n'));
    assert.ok(server.logTail().every((l) => !l.includes(token)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
