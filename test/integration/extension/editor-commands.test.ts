// The registered editor commands (Ctrl/Cmd+Enter, run file, explain, cancel) against the real Spark 4
// server, through the same command table and guard VS Code calls, with the fake vscode standing in
// for editors, notifications, progress, diagnostics and settings.
import { buildStack, fake, rowsOf, type Stack } from './stack';
import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { registerCommands } from '../../../src/commands/register';
import type { Services } from '../../../src/commands/services';
import { ExtensionSettings } from '../../../src/commands/settings';
import { profileFromConnectionString } from '../../../src/profiles/import';
import { SqlDiagnostics } from '../../../src/views/diagnostics';
import type { PlanRequest } from '../../../src/views/presenters';
import { fakeEditor } from '../../unit/extension/fake-editor';
import { spark4 } from '../../support/servers';

function command(id: string): (...args: unknown[]) => Promise<unknown> {
  const h = fake.handlers.get(id);
  assert.ok(h, `${id} is registered`);
  return async (...args) => h(...args);
}

void describe('editor commands on spark4', () => {
  const st: Stack = buildStack();
  const plans: PlanRequest[] = [];
  let registration: { dispose(): void };

  before(async () => {
    const imported = profileFromConnectionString(spark4().remote, 'editor');
    await st.profiles.save(imported.profile, imported.secrets);
    const s = {
      log: st.log, settings: new ExtensionSettings(), profiles: st.profiles, engine: st.engine, sessions: st.sessions,
      operations: st.operations, results: st.presenter, plans: { show: (r: PlanRequest) => void plans.push(r) },
      diagnostics: new SqlDiagnostics(), connections: {}, localSpark: {}, context: {},
    } as unknown as Services;
    registration = registerCommands(s);
  });
  after(async () => {
    registration.dispose();
    await st.sessions.dispose();
  });
  beforeEach(() => {
    fake.errors.length = 0;
    fake.warnings.length = 0;
    fake.statusMessages.length = 0;
    fake.config = {};
  });

  void test('without a connection: "Not connected", Connect connects and the run goes on', async () => {
    fake.activeEditor = fakeEditor('SELECT 1 AS one', 0);
    fake.nextWarningAnswer = undefined;
    await command('sparkConnect.sql.run')();
    assert.deepEqual(fake.warnings.map((w) => w.message), ['Not connected to Spark.']);
    assert.equal(st.presenter.results.length, 0, 'nothing ran');
    // Accepting "Connect…" with no active profile asks which one: the fake quick pick is not there,
    // so connect explicitly, as the Connections view would.
    await command('sparkConnect.connection.connect')('editor');
    assert.equal(st.sessions.state('editor').kind, 'connected');
    await command('sparkConnect.sql.run')();
    assert.deepEqual(rowsOf(st.presenter.results.at(-1)!), [{ one: 1 }]);
  });

  void test('Ctrl/Cmd+Enter without a selection runs only the statement at the cursor', async () => {
    const doc = 'SELECT 1 AS a;\nSELECT 2 AS b;\nSELECT 3 AS c;\n';
    const n = st.presenter.results.length;
    fake.activeEditor = fakeEditor(doc, doc.indexOf('2 AS b'));
    await command('sparkConnect.sql.run')();
    const results = st.presenter.results.slice(n);
    assert.equal(results.length, 1);
    assert.deepEqual(rowsOf(results[0]), [{ b: 2 }]);
    // A selection over two statements runs both.
    fake.activeEditor = fakeEditor(doc, doc.indexOf('SELECT 2'), doc.length);
    await command('sparkConnect.sql.run')();
    assert.deepEqual(st.presenter.results.slice(n + 1).map(rowsOf), [[{ b: 2 }], [{ c: 3 }]]);
  });

  void test('run file: the error names class and SQLSTATE, the squiggle sits on the server position, and the next run clears it', async () => {
    const bad = 'SELECT 1 AS a;\nSELECT id,\n       no_such_column\nFROM range(2);\nSELECT 3 AS c;\n';
    const editor = fakeEditor(bad, 0);
    fake.activeEditor = editor;
    await command('sparkConnect.sql.runFile')();
    assert.equal(fake.errors.length, 1);
    assert.match(fake.errors[0].message, /^Spark: Statement 2 failed: .*no_such_column.*\(UNRESOLVED_COLUMN\.WITH_SUGGESTION, SQLSTATE 42703\)$/);
    assert.deepEqual(fake.errors[0].items, ['Show Logs']);
    const diags = fake.diagnostics.get(editor.document.uri.toString());
    assert.ok(diags && diags.length === 1, 'one diagnostic');
    const d = diags[0];
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [2, 7, 2, 21]);
    assert.equal(d.code, 'UNRESOLVED_COLUMN.WITH_SUGGESTION');
    assert.equal(d.source, 'Spark');
    assert.match(d.message, /SQLSTATE 42703/);
    assert.ok(fake.outputLines.some((l) => l.includes('statement 2 failed') && l.includes('error class: UNRESOLVED_COLUMN.WITH_SUGGESTION')), 'details in the log');

    // Fixed and run again: the squiggle goes away.
    const fixed = fakeEditor(bad.replace('no_such_column', 'id * 2 AS twice'), 0);
    fake.activeEditor = fixed;
    await command('sparkConnect.sql.runFile')();
    assert.equal(fake.diagnostics.has(editor.document.uri.toString()), false);
    assert.ok(fake.statusMessages.some((m) => m.includes('3 statement(s) ran on editor')), fake.statusMessages.join(' | '));
  });

  void test('parameters: prompted values and the settings map both reach Spark as arguments', async () => {
    fake.config = { 'sparkConnect.sql.parameters': { limit: '2' } };
    fake.inputAnswers = ["Robert'); DROP TABLE students;--"];
    fake.inputTitles.length = 0;
    fake.activeEditor = fakeEditor('SELECT :who AS who, count(*) AS n FROM range(10) WHERE id < :limit', 0);
    await command('sparkConnect.sql.run')();
    assert.deepEqual(fake.inputTitles, ['Value for parameter :who'], 'only the unset one is asked for');
    assert.deepEqual(rowsOf(st.presenter.results.at(-1)!), [{ who: "Robert'); DROP TABLE students;--", n: 2n }]);
    // Dismissing the prompt runs nothing.
    const n = st.presenter.results.length;
    fake.inputAnswers = [undefined];
    await command('sparkConnect.sql.run')();
    assert.equal(st.presenter.results.length, n);
  });

  void test('Cancel on the progress notification interrupts the query', async () => {
    fake.activeEditor = fakeEditor('SELECT count(*) FROM range(0, 200000000000, 1, 2)', 0);
    fake.cancelProgress = undefined;
    const running = command('sparkConnect.sql.run')();
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(st.operations.running().length, 1);
    // Read through a function: the assignment above would otherwise narrow the type to undefined.
    const press = ((): (() => void) | undefined => fake.cancelProgress)();
    assert.ok(press, 'a cancellable progress notification is showing');
    const t0 = Date.now();
    press();
    await running;
    assert.ok(Date.now() - t0 < 8_000, `ended ${Date.now() - t0} ms after Cancel`);
    assert.equal(st.operations.history()[0].status, 'cancelled');
    assert.ok(fake.statusMessages.some((m) => m.includes('cancelled')), fake.statusMessages.join(' | '));
    assert.equal(fake.errors.length, 0, 'a cancel is not an error');
  });

  void test('explain opens the plan presenter with the statement at the cursor', async () => {
    const doc = 'SELECT 1;\nSELECT id * 2 AS d FROM range(5) WHERE id > 1;\n';
    fake.activeEditor = fakeEditor(doc, doc.indexOf('range'));
    await command('sparkConnect.sql.explain')();
    const plan = plans.at(-1);
    assert.ok(plan);
    assert.equal(plan.sql, 'SELECT id * 2 AS d FROM range(5) WHERE id > 1');
    assert.match(plan.text, /Physical Plan/);
    assert.match(plan.text, /Range \(0, 5/);
  });
});
