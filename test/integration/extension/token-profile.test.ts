// A token profile against the token-protected server, end to end through the command layer: the
// token pasted in an sc:// string goes to the secret store only; connecting, running and failing
// with a wrong token never put it in settings, the output log (including gRPC's own log lines) or a
// message.
import { buildStack, fake, rowsOf } from './stack';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeConnectFailure } from '../../../src/engine/error-report';
import { runStatements } from '../../../src/engine/query-runner';
import { routeGrpcLogs } from '../../../src/connect/grpc-logging';
import { profileFromConnectionString } from '../../../src/profiles/import';
import { splitStatements } from '../../../src/sql/split';
import { tokenServer, type TokenServer } from '../../support/servers';

void describe('token profile (Spark 4 token server)', () => {
  const st = buildStack();
  let ts: TokenServer;
  let wrong = '';
  const messages: string[] = [];

  before(() => {
    const found = tokenServer();
    assert.ok(found, 'no token server (SPARK_TOKEN_REMOTE / SPARK_TOKEN_FILE)');
    ts = found;
    wrong = `${ts.token.slice(0, -6)}c0ffee`;
    // As the extension does on first connect, at the most talkative level.
    routeGrpcLogs(st.log, 'debug');
  });
  after(async () => {
    await st.sessions.dispose();
  });

  void test('pasted sc:// string with a token: saved without it, connects, runs', async () => {
    const imported = profileFromConnectionString(`${ts.remote}/;token=${encodeURIComponent(ts.token)};user_id=tok-it`, 'tok');
    assert.equal(imported.secrets.token, ts.token);
    await st.profiles.save(imported.profile, imported.secrets);
    const session = await st.sessions.connect('tok');
    assert.equal(st.sessions.state('tok').kind, 'connected');
    const outcome = await runStatements(
      { profile: 'tok', session, statements: splitStatements('SELECT 40 + 2 AS answer').map((statement) => ({ statement })), title: 't' },
      { presenter: st.presenter, operations: st.operations, logger: st.log }, new AbortController().signal,
    );
    assert.equal(outcome.status, 'succeeded');
    assert.deepEqual(rowsOf(st.presenter.results[0]), [{ answer: 42 }]);
    assert.deepEqual(await st.profiles.getSecrets('tok'), { token: ts.token, headers: {} });
  });

  void test('a wrong token: the profile shows an auth error that does not contain it', async () => {
    const imported = profileFromConnectionString(`${ts.remote}/;token=${wrong}`, 'tok-wrong');
    imported.profile.retry.maxRetries = 0;
    await st.profiles.save(imported.profile, imported.secrets);
    let error: unknown;
    await st.sessions.connect('tok-wrong').catch((e: unknown) => { error = e; });
    assert.ok(error, 'connecting must fail');
    const state = st.sessions.state('tok-wrong');
    assert.equal(state.kind, 'error');
    const shown = describeConnectFailure(error);
    assert.match(shown, /^Authentication failed/);
    messages.push(shown, state.kind === 'error' ? state.message : '', error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));
  });

  void test('neither token is in settings, the log or any message', () => {
    const settingsText = st.settings.writes.join('\n');
    assert.match(settingsText, /"name":"tok"/, 'the profiles were written to settings');
    const log = fake.outputLines.join('\n');
    assert.ok(fake.outputLines.length > 3 && log.includes("Connected to 'tok'"), 'the log has content to search');
    for (const secret of [ts.token, wrong]) {
      assert.ok(!settingsText.includes(secret), 'token in settings');
      assert.ok(!log.includes(secret), 'token in the output log');
      for (const m of messages) assert.ok(!m.includes(secret), `token in a message: ${m.slice(0, 80)}`);
      assert.ok(!JSON.stringify(st.memento.values.get('sparkConnect.history') ?? []).includes(secret), 'token in history');
    }
  });
});
