// The registered editor commands (Ctrl/Cmd+Enter, run file, explain, cancel) against the real Spark 4
// server, through the same command table and guard VS Code calls, with the fake vscode standing in
// for editors, notifications, progress, diagnostics and settings.
import { buildStack, fake, rowsOf, type Stack } from './stack';
import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { registerCommands } from '../../../src/commands/register';
import type { Services } from '../../../src/commands/services';
import { ExtensionSettings } from '../../../src/views/settings';
import { profileFromConnectionString } from '../../../src/profiles/import';
import type { HistoryEntry } from '../../../src/engine/operations-model';
import { CatalogModel, type CatalogNode } from '../../../src/views/catalog-model';
import { SqlDiagnostics } from '../../../src/views/diagnostics';
import type { PlanRequest } from '../../../src/engine/result-sink';
import { fakeEditor } from '../../support/fakes/fake-editor';
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

  void test('explorer actions on a table: select top 100, describe, show DDL, explain, copy and insert names', async () => {
    const table = `ext_it_explorer_${process.pid}`;
    const full = `spark_catalog.default.${table}`;
    fake.activeEditor = fakeEditor(`CREATE TABLE default.${table} (id INT, name STRING) USING parquet;\nINSERT INTO default.${table} VALUES (1, 'a'), (2, 'b');`, 0);
    await command('sparkConnect.sql.runFile')();
    assert.deepEqual(fake.errors, []);
    const session = st.sessions.session('editor');
    assert.ok(session);
    const model = new CatalogModel('editor', session);
    try {
      // The node exactly as the Connections view hands it to a context-menu command.
      const [cat] = (await model.roots()).filter((n) => n.kind === 'catalog' && n.catalog === 'spark_catalog');
      const db = (await model.children(cat)).find((n) => n.kind === 'database' && n.database[0] === 'default');
      assert.ok(db);
      const node = (await model.children(db)).find((n): n is Extract<CatalogNode, { kind: 'table' }> => n.kind === 'table' && n.table.name === table);
      assert.ok(node);
      const arg = { type: 'catalog', node };
      const last = () => st.presenter.results.at(-1)!;

      await command('sparkConnect.explorer.selectTop100')(arg);
      assert.equal(last().info.sql, `SELECT * FROM ${full} LIMIT 100`);
      assert.deepEqual(rowsOf(last()).sort((a, b) => Number(a.id) - Number(b.id)), [{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);

      await command('sparkConnect.explorer.describe')(arg);
      assert.ok(rowsOf(last()).some((r) => r.col_name === 'name' && r.data_type === 'string'), 'DESCRIBE lists the columns');

      await command('sparkConnect.explorer.showDdl')(arg);
      assert.match(String(rowsOf(last())[0].createtab_stmt), new RegExp(`^CREATE TABLE ${full.replace(/\./g, '\\.')}`));

      await command('sparkConnect.explorer.explain')(arg);
      assert.match(plans.at(-1)?.text ?? '', /Scan parquet/);

      await command('sparkConnect.explorer.copyName')(arg);
      assert.equal(fake.clipboard, full);

      const columns = await model.children(node);
      const editor = fakeEditor('SELECT  FROM t', 7);
      fake.activeEditor = editor;
      await command('sparkConnect.explorer.insertName')({ type: 'catalog', node: columns[1] });
      await command('sparkConnect.explorer.insertName')(arg);
      assert.deepEqual(editor.replaced.map((r) => r.text), ['name', full]);
      assert.deepEqual(fake.errors, []);
    } finally {
      model.dispose();
      fake.activeEditor = fakeEditor(`DROP TABLE IF EXISTS default.${table}`, 0);
      await command('sparkConnect.sql.run')();
    }
  });

  void test('history: a past query runs again and opens in an editor; history is stored', async () => {
    const entry = st.operations.history().find((h) => h.sql === 'SELECT 1 AS one');
    assert.ok(entry, 'the first test ran it');
    const n = st.presenter.results.length;
    await command('sparkConnect.operations.rerun')({ type: 'history', entry });
    assert.equal(st.presenter.results.length, n + 1);
    assert.deepEqual(rowsOf(st.presenter.results[n]), [{ one: 1 }]);
    assert.equal(st.operations.history()[0].sql, 'SELECT 1 AS one');
    await command('sparkConnect.operations.open')({ type: 'history', entry });
    assert.deepEqual(fake.openedDocuments.at(-1), { language: 'sql', content: 'SELECT 1 AS one' });
    const stored = st.memento.values.get('sparkConnect.history') as HistoryEntry[];
    assert.equal(stored[0].sql, 'SELECT 1 AS one');
    assert.equal(stored[0].profile, 'editor');
    assert.equal(stored[0].rows, 1);
  });
});
