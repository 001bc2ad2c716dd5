import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DetectDeps, detectSpark } from '../../../src/local-spark/detect';
import { LocalSparkServer, findFreePort, isPortFree } from '../../../src/local-spark/local-server';
import { READY_LINE, buildServerCommand, serverEnvironment } from '../../../src/local-spark/server-command';

function fakeDeps(files: Record<string, string[] | true>, env: Record<string, string> = {}, programs: Record<string, string> = {}): DetectDeps & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    env,
    platform: 'linux',
    isFile: async (p) => files[p] === true,
    readdir: async (p) => {
      const v = files[p];
      if (Array.isArray(v)) return v;
      throw new Error('ENOENT');
    },
    run: async (cmd, args) => {
      ran.push(cmd);
      const out = programs[`${cmd} ${args[0]}`];
      if (out === undefined) throw new Error('not found');
      return out;
    },
  };
}

const JAVA = { 'java -version': '' };

test('SPARK_HOME with a Connect jar is found, with its versions', async () => {
  const deps = fakeDeps({ '/spark/bin/spark-submit': true, '/spark/jars': ['spark-core_2.13-4.1.1.jar', 'spark-connect_2.13-4.1.1.jar'] }, { SPARK_HOME: '/spark' }, JAVA);
  const r = await detectSpark(deps);
  assert.ok(r.ok);
  assert.deepEqual(r.install, { sparkHome: '/spark', source: 'SPARK_HOME', connectJar: '/spark/jars/spark-connect_2.13-4.1.1.jar', scalaVersion: '2.13', version: '4.1.1' });
  assert.equal(r.java, 'java');
});

test('the setting wins over SPARK_HOME; a home without spark-submit is skipped', async () => {
  const deps = fakeDeps({ '/mine/bin/spark-submit': true, '/mine/jars': ['spark-core_2.12-3.5.7.jar'] }, { SPARK_HOME: '/broken' }, JAVA);
  const r = await detectSpark(deps, { sparkHome: '/mine' });
  assert.ok(r.ok);
  assert.equal(r.install.sparkHome, '/mine');
  assert.equal(r.install.connectJar, undefined);
  assert.equal(r.install.version, '3.5.7');
});

test('PySpark in the active virtualenv is found by asking its python', async () => {
  const site = '/venv/lib/python3.11/site-packages/pyspark';
  const deps = fakeDeps({ [`${site}/bin/spark-submit`]: true, [`${site}/jars`]: ['spark-connect_2.13-4.3.0.jar'] }, { VIRTUAL_ENV: '/venv' }, {
    ...JAVA,
    '/venv/bin/python -c': `${site}\n4.3.0\n`,
  });
  const r = await detectSpark(deps);
  assert.ok(r.ok);
  assert.equal(r.install.source, 'python');
  assert.equal(r.install.sparkHome, site);
  assert.equal(deps.ran[0], '/venv/bin/python');
});

test('nothing found: a clear reason and the list of places tried', async () => {
  const r = await detectSpark(fakeDeps({}, { SPARK_HOME: '/nope' }));
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.reason, /pip install/);
  assert.ok(r.tried.some((t) => t.includes('/nope')));
  assert.ok(r.tried.some((t) => t.includes('python3')));
});

test('no Java: says so', async () => {
  const r = await detectSpark(fakeDeps({ '/s/bin/spark-submit': true }, { SPARK_HOME: '/s' }));
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.reason, /Java/);
});

test('JAVA_HOME is used when it has a java', async () => {
  const r = await detectSpark(fakeDeps({ '/s/bin/spark-submit': true, '/jdk/bin/java': true }, { SPARK_HOME: '/s', JAVA_HOME: '/jdk' }));
  assert.equal(r.ok && r.java, '/jdk/bin/java');
});

test('the server command: 4.x binds to loopback and uses the bundled jar', () => {
  const cmd = buildServerCommand({ sparkHome: '/s', source: 'SPARK_HOME', version: '4.3.0', scalaVersion: '2.13', connectJar: '/s/jars/x.jar' },
    { port: 15010, uiPort: 4050, driverMemory: '2g', conf: { 'spark.sql.shuffle.partitions': '4' } }, 'linux');
  assert.equal(cmd.command, '/s/bin/spark-submit');
  assert.deepEqual(cmd.args.slice(0, 8), ['--class', 'org.apache.spark.sql.connect.service.SparkConnectServer', '--name', 'Spark Connect (VS Code)', '--master', 'local[*]', '--driver-memory', '2g']);
  const confs = cmd.args.filter((_, i) => cmd.args[i - 1] === '--conf');
  assert.deepEqual(confs, ['spark.connect.grpc.binding.port=15010', 'spark.connect.grpc.binding.address=127.0.0.1', 'spark.ui.port=4050', 'spark.sql.shuffle.partitions=4']);
  assert.equal(cmd.args[cmd.args.length - 1], 'spark-internal');
  assert.equal(cmd.env.SPARK_HOME, '/s');
});

test('the server command: 3.5 without a jar fetches the Connect package; no UI port disables the UI', () => {
  const cmd = buildServerCommand({ sparkHome: '/s', source: 'python', version: '3.5.7', scalaVersion: '2.12' }, { port: 1, driverMemory: '1g', conf: {} }, 'win32');
  assert.equal(cmd.command, path.join('/s', 'bin', 'spark-submit.cmd'));
  assert.ok(cmd.args.includes('spark.jars.packages=org.apache.spark:spark-connect_2.12:3.5.7'));
  assert.ok(cmd.args.includes('spark.ui.enabled=false'));
  assert.equal(cmd.args.some((a) => a.includes('binding.address')), false);
});

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
    await new Promise((r) => setTimeout(r, 200));
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

test('the server does not inherit SPARK_REMOTE, which would make spark-submit refuse to start it', () => {
  const env = serverEnvironment({ PATH: '/bin', SPARK_REMOTE: 'sc://prod:15002', SPARK_CONNECT_MODE_ENABLED: '1', HOME: undefined }, { SPARK_HOME: '/spark' });
  assert.deepEqual(env, { PATH: '/bin', SPARK_HOME: '/spark' });
});
