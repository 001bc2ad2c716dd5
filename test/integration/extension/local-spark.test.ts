// "Start Local Spark" for real: the controller finds PySpark through the pythonPath setting, starts a
// Spark Connect server on a port of the tests' own range (15200-15299) with a small driver, streams
// its log to its own output channel, saves a "local" profile pointing at it and connects; "Stop"
// disconnects and ends the server.
import { buildStack, fake, rowsOf } from './stack';
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LOCAL_PROFILE_NAME, LocalSparkController } from '../../../src/commands/local-spark-commands';
import { runStatements } from '../../../src/engine/query-runner';
import { ExtensionSettings } from '../../../src/commands/settings';
import { isPortFree } from '../../../src/local-spark/local-server';
import { splitStatements } from '../../../src/sql/split';
import { spark4 } from '../../support/servers';

// The first free port from here is used (the controller looks further when one is taken).
const FIRST_PORT = 15_250;

void describe('local Spark from the extension (PySpark 4 install)', () => {
  const st = buildStack();
  let controller: LocalSparkController | undefined;
  after(async () => {
    await st.sessions.dispose();
    await controller?.shutdown();
  });

  void test('start: log channel, "local" profile, connected; stop: disconnected and the port is free again', { timeout: 180_000 }, async () => {
    fake.config = {
      'sparkConnect.localSpark.pythonPath': spark4().python,
      'sparkConnect.localSpark.port': FIRST_PORT,
      'sparkConnect.localSpark.driverMemory': '1g',
      'sparkConnect.localSpark.conf': { 'spark.ui.enabled': 'false' },
    };
    fake.errors.length = 0;
    controller = new LocalSparkController(st.profiles, st.sessions, new ExtensionSettings(), st.log,
      async (name) => { await st.sessions.connect(name); return true; });
    await controller.start();
    assert.deepEqual(fake.errors, [], fake.outputLines.filter((l) => l.startsWith('Spark Connect: Local Server ')).slice(-15).join('\n'));
    assert.ok(controller.running);

    const entry = st.profiles.get(LOCAL_PROFILE_NAME);
    assert.ok(entry, 'a "local" profile exists');
    const port = entry.profile.port;
    assert.ok(port >= FIRST_PORT && port < FIRST_PORT + 50, `port ${port}`);
    assert.deepEqual([entry.profile.host, entry.profile.tls], ['localhost', false]);
    assert.equal(st.sessions.state(LOCAL_PROFILE_NAME).kind, 'connected');
    const serverLog = fake.outputLines.filter((l) => l.startsWith('Spark Connect: Local Server '));
    assert.ok(serverLog.some((l) => l.includes('spark-submit')), 'the command line is in the server log');
    assert.ok(serverLog.some((l) => l.includes('Spark Connect server started')), 'the server output is streamed');

    const session = st.sessions.session(LOCAL_PROFILE_NAME);
    assert.ok(session);
    const outcome = await runStatements({ profile: LOCAL_PROFILE_NAME, session, statements: splitStatements('SELECT version() AS v').map((statement) => ({ statement })), title: 't' },
      { presenter: st.presenter, operations: st.operations, logger: st.log }, new AbortController().signal);
    assert.equal(outcome.status, 'succeeded');
    assert.match(String(rowsOf(st.presenter.results.at(-1)!)[0].v), /^4\./);

    await controller.stop();
    assert.equal(controller.running, false);
    assert.equal(st.sessions.state(LOCAL_PROFILE_NAME).kind, 'disconnected');
    let free = false;
    for (let i = 0; i < 50 && !(free = await isPortFree(port)); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(free, 'the server released its port');
    // The profile stays, ready for the next start.
    assert.ok(st.profiles.get(LOCAL_PROFILE_NAME));
  });
});
