// "Start Local Spark" for real: the controller finds PySpark through the pythonPath setting, starts a
// private Spark Connect server (java run directly, no shell) on a port of 156xx with a 1g driver,
// streams its log to its own output channel, saves a "local" profile pointing at it with the
// server's token in SecretStorage and connects; "Stop" disconnects and ends the server.
// Privacy is checked from outside: a call without the token is refused (UNAUTHENTICATED), and the
// kernel's socket table shows every port the server's JVM listens on (Connect, UI, driver, block
// manager) bound to a loopback address. Costs one Spark start (~20-40 s).
import { buildStack, fake, rowsOf } from './stack';
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { LOCAL_PROFILE_NAME, LocalSparkController } from '../../../src/commands/local-spark-commands';
import { runStatements } from '../../../src/engine/query-runner';
import { ExtensionSettings } from '../../../src/views/settings';
import { SparkConnectClient } from '../../../src/connect/client';
import { SparkConnectError } from '../../../src/connect/errors';
import { isPortFree } from '../../../src/local-spark/local-server';
import { splitStatements } from '../../../src/sql/split';
import { spark4 } from '../../support/servers';

// The first free port from here is used (the controller looks further when one is taken).
const FIRST_PORT = 15_650;
const FIRST_UI_PORT = 15_680;

interface Listener {
  address: string;
  port: number;
}

/** An address of /proc/net/tcp{,6}: 32-bit words in host (little-endian) byte order, then the port. */
function decodeProcAddress(hex: string): Listener {
  const [addr, port] = hex.split(':');
  const bytes: number[] = [];
  for (let w = 0; w < addr.length; w += 8) {
    const word = addr.slice(w, w + 8);
    for (let b = 6; b >= 0; b -= 2) bytes.push(parseInt(word.slice(b, b + 2), 16));
  }
  const address = bytes.length === 4
    ? bytes.join('.')
    : Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16)).join(':');
  return { address, port: parseInt(port, 16) };
}

/** The TCP sockets a process listens on, from the kernel's tables and the process's descriptors. */
function listenersOf(pid: number): Listener[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const out: Listener[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // Columns: sl local rem st tx:rx tr:when retrnsmt uid timeout inode; st 0A is LISTEN.
      if (f.length > 9 && f[3] === '0A' && inodes.has(f[9])) out.push(decodeProcAddress(f[1]));
    }
  }
  return out;
}

function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '0:0:0:0:0:0:0:1' || /^0:0:0:0:0:ffff:7f/.test(address);
}

void describe('local Spark from the extension (PySpark 4 install)', { skip: process.platform !== 'linux' ? 'reads /proc' : false }, () => {
  const st = buildStack();
  let controller: LocalSparkController | undefined;
  after(async () => {
    await st.sessions.dispose();
    await controller?.shutdown();
  });

  void test('a private server: token required, every port on loopback; the "local" profile carries the token; stop ends it', { timeout: 240_000 }, async () => {
    fake.config = {
      'sparkConnect.localSpark.pythonPath': spark4().python,
      'sparkConnect.localSpark.port': FIRST_PORT,
      'sparkConnect.localSpark.driverMemory': '1g',
      'sparkConnect.localSpark.conf': { 'spark.ui.port': String(FIRST_UI_PORT), 'spark.sql.shuffle.partitions': '2' },
    };
    fake.errors.length = 0;
    fake.warnings.length = 0;
    controller = new LocalSparkController(st.profiles, st.sessions, new ExtensionSettings(), st.log,
      async (name) => { await st.sessions.connect(name); return true; });
    const t0 = Date.now();
    await controller.start();
    const startMs = Date.now() - t0;
    const serverLog = () => fake.outputLines.filter((l) => l.startsWith('Spark Connect: Local Server '));
    assert.deepEqual(fake.errors, [], serverLog().slice(-15).join('\n'));
    assert.deepEqual(fake.warnings, [], 'Spark 4 can be private: no warning');
    assert.ok(controller.running);

    const entry = st.profiles.get(LOCAL_PROFILE_NAME);
    assert.ok(entry, 'a "local" profile exists');
    const port = entry.profile.port;
    assert.ok(port >= FIRST_PORT && port < FIRST_PORT + 50, `port ${port}`);
    assert.deepEqual([entry.profile.host, entry.profile.tls], ['localhost', false]);
    const uiPort = Number(/:(\d+)$/.exec(entry.profile.sparkUiUrl ?? '')?.[1]);
    assert.ok(uiPort >= FIRST_UI_PORT && uiPort < FIRST_UI_PORT + 50, `UI ${entry.profile.sparkUiUrl}`);
    const { token } = await st.profiles.getSecrets(LOCAL_PROFILE_NAME);
    assert.ok(token !== undefined && token.length >= 40, 'the profile has the server\'s token');

    // The token is in SecretStorage only: not in settings, not in any log line, not on the command line.
    assert.ok(!JSON.stringify(st.settings.read('user')).includes(token));
    assert.ok(!fake.outputLines.some((l) => l.includes(token)), 'no log line shows the token');
    assert.ok(serverLog().some((l) => l.includes('org.apache.spark.deploy.SparkSubmit') && l.includes('SPARK_CONNECT_AUTHENTICATE_TOKEN=***')), 'the command line is in the server log, the token masked');
    assert.ok(serverLog().some((l) => l.includes('Spark Connect server started')), 'the server output is streamed');
    const pid = controller.serverPid;
    assert.ok(pid !== undefined);
    assert.ok(!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(token), 'not in the process\'s argv, which every local user can read');

    // Without the token: UNAUTHENTICATED. With it: served.
    const bare = new SparkConnectClient({ host: 'localhost', port, useSsl: false, headers: {}, connectTimeoutMs: 10_000 });
    try {
      await assert.rejects(bare.sparkVersion(), (e: unknown) => {
        assert.ok(e instanceof SparkConnectError, String(e));
        assert.equal(e.grpcCode, 16, e.message);
        assert.equal(e.reason, 'auth');
        return true;
      });
    } finally {
      await bare.close();
    }
    const withToken = new SparkConnectClient({ host: 'localhost', port, token, useSsl: false, headers: {}, connectTimeoutMs: 10_000 });
    try {
      assert.match(await withToken.sparkVersion(), /^4\./);
    } finally {
      await withToken.close();
    }

    // The kernel's socket table: Connect and UI listen, and nothing of this process listens off loopback.
    const listeners = listenersOf(pid);
    const ports = listeners.map((l) => l.port);
    assert.ok(ports.includes(port), `Connect port ${port} in ${JSON.stringify(listeners)}`);
    assert.ok(ports.includes(uiPort), `UI port ${uiPort} in ${JSON.stringify(listeners)}`);
    assert.deepEqual(listeners.filter((l) => !isLoopback(l.address)), [], JSON.stringify(listeners));

    // The extension's own connection works (it uses the stored token).
    assert.equal(st.sessions.state(LOCAL_PROFILE_NAME).kind, 'connected');
    const session = st.sessions.session(LOCAL_PROFILE_NAME);
    assert.ok(session);
    const outcome = await runStatements({ profile: LOCAL_PROFILE_NAME, session, statements: splitStatements('SELECT version() AS v').map((statement) => ({ statement })), title: 't' },
      { presenter: st.presenter, operations: st.operations, logger: st.log }, new AbortController().signal);
    assert.equal(outcome.status, 'succeeded');
    assert.match(String(rowsOf(st.presenter.results.at(-1)!)[0].v), /^4\./);

    const t1 = Date.now();
    await controller.stop();
    const stopMs = Date.now() - t1;
    assert.equal(controller.running, false);
    assert.equal(st.sessions.state(LOCAL_PROFILE_NAME).kind, 'disconnected');
    let free = false;
    for (let i = 0; i < 50 && !(free = await isPortFree(port)); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(free, 'the server released its port');
    // The profile stays, ready for the next start; the dead token is gone.
    assert.ok(st.profiles.get(LOCAL_PROFILE_NAME));
    assert.equal((await st.profiles.getSecrets(LOCAL_PROFILE_NAME)).token, undefined);
    console.log(`local Spark start to ready and connected: ${startMs} ms, stop: ${stopMs} ms; listeners: ${JSON.stringify(listeners)}`);
  });
});
