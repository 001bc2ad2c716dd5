// Ctrl/Cmd+Enter, Run File and the CodeLens commands in a .py editor against the real Spark 4 server,
// through the registered command table (fake vscode for editors, diagnostics, progress), with the
// production engine and runner. About 5 s on an idle machine.
import { buildStack, fake, rowsOf, type Stack } from './stack';
import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { registerCommands } from '../../../src/commands/register';
import type { Services } from '../../../src/commands/services';
import { ExtensionSettings } from '../../../src/views/settings';
import { profileFromConnectionString } from '../../../src/profiles/import';
import { SqlDiagnostics } from '../../../src/views/diagnostics';
import { PySparkDiagnostics } from '../../../src/views/pyspark-diagnostics';
import { PythonFiles } from '../../../src/views/python-files';
import type { PlanRequest } from '../../../src/engine/result-sink';
import { fakeEditor } from '../../support/fakes/fake-editor';
import { spark4 } from '../../support/servers';

const PATH = '/work/job.py';
const FILE = [
  'from pyspark.sql import SparkSession, functions as F', // 1
  'spark = SparkSession.builder.getOrCreate()', // 2
  'people = spark.createDataFrame([("ann", 31), ("bob", 25), ("cy", 40)], ["name", "age"])', // 3
  'people.show()', // 4
  'adults = people.filter(F.col("age") > 30)', // 5
  'print("unrelated")', // 6
  'adults.select("name", (F.col("age") + 1).alias("next")).orderBy("name").show()', // 7
  '',
].join('\n');

function command(id: string): (...args: unknown[]) => Promise<unknown> {
  const h = fake.handlers.get(id);
  assert.ok(h, `${id} is registered`);
  return async (...args) => h(...args);
}

void describe('PySpark editor commands on spark4', () => {
  const st: Stack = buildStack();
  const plans: PlanRequest[] = [];
  let registration: { dispose(): void };

  before(async () => {
    const imported = profileFromConnectionString(spark4().remote, 'py');
    await st.profiles.save(imported.profile, imported.secrets);
    const s = {
      log: st.log, settings: new ExtensionSettings(), profiles: st.profiles, engine: st.engine, sessions: st.sessions,
      operations: st.operations, results: st.presenter, plans: { show: (r: PlanRequest) => void plans.push(r) },
      diagnostics: new SqlDiagnostics(), connections: {}, localSpark: {}, context: {},
      pythonFiles: new PythonFiles(), pysparkDiagnostics: new PySparkDiagnostics(),
    } as unknown as Services;
    registration = registerCommands(s);
    await command('sparkConnect.connection.connect')('py');
  });
  after(async () => {
    registration.dispose();
    await st.sessions.dispose();
  });
  beforeEach(() => {
    fake.errors.length = 0;
    fake.statusMessages.length = 0;
    fake.outputLines.length = 0;
    fake.executedCommands.length = 0;
  });

  void test('Ctrl+Enter at a statement runs it with its dependency slice, says which lines, and shows the grid', async () => {
    const n = st.presenter.results.length;
    fake.activeEditor = fakeEditor(FILE, FILE.indexOf('adults.select'), undefined, 'python', PATH);
    await command('sparkConnect.pyspark.run')({ fromKey: true });
    assert.deepEqual(fake.errors, []);
    const results = st.presenter.results.slice(n);
    // Python ints are LongType, as in PySpark. Only line 7's show: the earlier people.show() and print() are not run again.
    assert.equal(results.length, 1);
    assert.deepEqual(rowsOf(results[0]), [{ name: 'ann', next: 32n }, { name: 'cy', next: 41n }]);
    assert.ok(!fake.outputLines.some((l) => l.includes('unrelated')), 'print() on line 6 is not part of the slice');
    assert.match(fake.statusMessages.at(-1) ?? '', /ran lines 1\u20133, 5, 7 on py/);
    assert.equal(st.operations.history()[0].kind, 'pyspark');
  });

  void test('a selection runs exactly the selected code; Run File runs every action', async () => {
    const n = st.presenter.results.length;
    const from = FILE.indexOf('print(');
    fake.activeEditor = fakeEditor(FILE, from, FILE.indexOf('\n', from), 'python', PATH);
    await command('sparkConnect.pyspark.run')();
    assert.equal(st.presenter.results.length, n, 'print shows no grid');
    assert.ok(fake.outputLines.some((l) => l.includes('job.py:6 unrelated')), fake.outputLines.join('\n'));
    fake.activeEditor = fakeEditor(FILE, 0, 0, 'python', PATH);
    await command('sparkConnect.pyspark.runFile')();
    assert.deepEqual(st.presenter.results.slice(n).map((r) => r.completed?.rowCount), [3, 2]);
  });

  void test('an unsupported construct is a squiggle at its position and nothing runs; the next good run clears it', async () => {
    const bad = 'from pyspark.sql.functions import udf\ndf = spark.range(3)\ndf.show()\nplus = udf(lambda v: v + 1)\n';
    const n = st.presenter.results.length;
    fake.activeEditor = fakeEditor(bad, 0, 0, 'python', PATH);
    await command('sparkConnect.pyspark.runFile')();
    assert.equal(st.presenter.results.length, n, 'nothing ran: the whole file is evaluated first');
    const marks = fake.diagnostics.get(`file://${PATH}`) ?? [];
    assert.equal(marks.length, 1);
    assert.deepEqual([marks[0].range.start.line, marks[0].range.start.character], [3, 7]);
    assert.equal(marks[0].source, 'PySpark');
    assert.match(fake.errors[0]?.message ?? '', /Line 4, column 8/);
    fake.activeEditor = fakeEditor(FILE, FILE.indexOf('people.show'), undefined, 'python', PATH);
    await command('sparkConnect.pyspark.run')();
    assert.equal(fake.diagnostics.get(`file://${PATH}`), undefined);
  });

  void test('a server error is shown with class and SQLSTATE and marked at the failing action', async () => {
    const src = 'x = 1\nspark.table("no_such_table_pyedit").show()\n';
    fake.activeEditor = fakeEditor(src, src.indexOf('spark.table'), undefined, 'python', PATH);
    await command('sparkConnect.pyspark.run')();
    assert.match(fake.errors[0]?.message ?? '', /TABLE_OR_VIEW_NOT_FOUND/);
    const marks = fake.diagnostics.get(`file://${PATH}`) ?? [];
    assert.equal(marks[0]?.code, 'TABLE_OR_VIEW_NOT_FOUND');
    assert.equal(marks[0]?.range.start.line, 1);
  });

  void test('an error in SQL text inside spark.sql is marked at its place in the string', async () => {
    const src = 'x = 1\ndf = spark.sql("SELECT id, no_such_col FROM range(2)")\ndf.show()\n';
    fake.activeEditor = fakeEditor(src, src.indexOf('df.show'), undefined, 'python', PATH);
    await command('sparkConnect.pyspark.run')();
    assert.match(fake.errors[0]?.message ?? '', /UNRESOLVED_COLUMN/);
    const mark = (fake.diagnostics.get(`file://${PATH}`) ?? [])[0];
    assert.deepEqual([mark?.range.start.line, mark?.range.start.character, mark?.range.end.character], [1, 27, 38]);
  });

  void test('Explain on a statement explains its DataFrame without running it', async () => {
    const n = st.presenter.results.length;
    const at = FILE.indexOf('adults.select');
    fake.activeEditor = fakeEditor(FILE, 0, 0, 'python', PATH);
    await command('sparkConnect.pyspark.explainStatement')(undefined, at, FILE.indexOf('\n', at));
    assert.equal(st.presenter.results.length, n);
    assert.match(plans.at(-1)?.text ?? '', /Physical Plan/);
    assert.match(plans.at(-1)?.text ?? '', /Sort/);
  });

  void test('Ctrl+Enter in a Python file that is not PySpark gives the key back to the editor', async () => {
    fake.activeEditor = fakeEditor('import os\nprint(os.getcwd())\n', 0, 0, 'python', '/work/plain.py');
    await command('sparkConnect.pyspark.run')({ fromKey: true });
    assert.deepEqual(fake.executedCommands, [['editor.action.insertLineAfter']]);
    assert.deepEqual(fake.errors, []);
  });
});
