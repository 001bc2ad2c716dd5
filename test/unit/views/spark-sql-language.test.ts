// sparkConnect.sql.useSparkSqlLanguage on the fake vscode: a .sql file opened in VS Code's own 'sql'
// mode is switched to 'sparksql' while the setting is on (at open, and for the files already open when
// it is turned on), other languages and untitled buffers are left alone, and turning it off switches
// back only what it switched.
import { fake, fireDocumentEvent, setConfig } from '../../support/fakes/fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ExtensionSettings } from '../../../src/views/settings';
import { registerSparkSqlLanguageSwitch } from '../../../src/views/spark-sql-language';
import { FakeDocument } from '../../support/fakes/fake-editor';
import { noopLogger } from '../../../src/connect/logger';

const settle = () => new Promise((r) => setImmediate(r));

test('the Spark SQL language setting switches .sql files opened as plain SQL, and switches them back', async () => {
  fake.config = {};
  const before = new FakeDocument('SELECT 1', 'sql', '/w/before.sql');
  const other = new FakeDocument('SELECT 1', 'mysql', '/w/mine.sql');
  const docs = vscode.workspace.textDocuments as unknown as FakeDocument[];
  docs.push(before, other);
  const registration = registerSparkSqlLanguageSwitch(new ExtensionSettings(), noopLogger);
  try {
    await settle();
    assert.equal(before.languageId, 'sql', 'off by default');
    // Turned on: the open .sql file switches; a file another extension gave its own language does not.
    setConfig({ 'sparkConnect.sql.useSparkSqlLanguage': true });
    await settle();
    assert.equal(before.languageId, 'sparksql');
    assert.equal(other.languageId, 'mysql');
    // Opened while on.
    const opened = new FakeDocument('SELECT 2', 'sql', '/w/opened.SQL');
    docs.push(opened);
    fireDocumentEvent('open', opened);
    await settle();
    assert.equal(opened.languageId, 'sparksql');
    // Turned off: both go back to 'sql'.
    setConfig({ 'sparkConnect.sql.useSparkSqlLanguage': false });
    await settle();
    assert.deepEqual([before.languageId, opened.languageId, other.languageId], ['sql', 'sql', 'mysql']);
  } finally {
    registration.dispose();
    docs.length = 0;
    fake.config = {};
  }
});
