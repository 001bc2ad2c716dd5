// The PySpark "Run | Explain" CodeLens on the fake vscode: on top-level statements that end in an
// action only, Run alone above print(), none in Python files that are not PySpark, off by setting.
import { fake, setConfig } from '../../support/fakes/fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExtensionSettings } from '../../../src/views/settings';
import { PySparkCodeLensProvider } from '../../../src/views/pyspark-codelens';
import { PythonFiles } from '../../../src/views/python-files';
import { FakeDocument } from '../../support/fakes/fake-editor';

type Lens = { command: { command: string; arguments: [unknown, number, number] } };

test('PySpark CodeLens: Run and Explain on statements ending in an action, Run alone on print()', async () => {
  fake.config = {};
  const lenses = new PySparkCodeLensProvider(new ExtensionSettings(), new PythonFiles());
  const text = [
    'from pyspark.sql import functions as F',
    'df = spark.range(5)',
    'df.filter(F.col("id") > 1).show()',
    'print(df.count())',
    'n = df.count()',
    'df',
    '',
  ].join('\n');
  const doc = new FakeDocument(text, 'python', '/w/a.py');
  const got = (await lenses.provideCodeLenses(doc as never)).map((l) => {
    const c = (l as unknown as Lens).command;
    return [c.command, text.slice(c.arguments[1], c.arguments[2])];
  });
  assert.deepEqual(got, [
    ['sparkConnect.pyspark.runStatement', 'df.filter(F.col("id") > 1).show()'],
    ['sparkConnect.pyspark.explainStatement', 'df.filter(F.col("id") > 1).show()'],
    ['sparkConnect.pyspark.runStatement', 'print(df.count())'],
    ['sparkConnect.pyspark.runStatement', 'df'],
    ['sparkConnect.pyspark.explainStatement', 'df'],
  ]);
  assert.deepEqual(await lenses.provideCodeLenses(new FakeDocument('import os\nos.getcwd()\n', 'python', '/w/b.py') as never), []);
  setConfig({ 'sparkConnect.codeLens.enabled': false });
  assert.deepEqual(await lenses.provideCodeLenses(doc as never), []);
  setConfig({ 'sparkConnect.codeLens.enabled': true });
  lenses.dispose();
});

test('PySpark CodeLens: none in a notebook cell (cells run through the kernel)', async () => {
  fake.config = {};
  const lenses = new PySparkCodeLensProvider(new ExtensionSettings(), new PythonFiles());
  const text = 'from pyspark.sql import functions as F\nspark.range(3).show()\n';
  assert.equal((await lenses.provideCodeLenses(new FakeDocument(text, 'python', '/w/a.py') as never)).length, 2);
  const cell = Object.assign(new FakeDocument(text, 'python', '/w/n.ipynb'), { uri: { scheme: 'vscode-notebook-cell', path: '/w/n.ipynb' } });
  assert.deepEqual(await lenses.provideCodeLenses(cell as never), []);
  lenses.dispose();
});
