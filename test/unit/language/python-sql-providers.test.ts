// The providers for SQL inside spark.sql("...") in Python, on the fake vscode with the real language
// service and an in-memory catalog: completion, hover and signature help answer at the caret inside
// the string (through escapes and implicit concatenation) and nowhere else; syntax squiggles land
// where the SQL was written.
import { fake, fireDocumentEvent, type FakeDiagnostic, type FakeProvider } from '../../support/fakes/fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PythonSqlDiagnostics } from '../../../src/language/python-sql-diagnostics';
import { PythonSqlRegions, registerPythonSql } from '../../../src/language/python-sql-providers';
import type { SqlLanguageClient } from '../../../src/language/sql-language-client';
import { CatalogCache, createSqlLanguageService } from '../../../src/sql-language/sql-language-service';
import * as serviceModule from '../../../src/sql-language/sql-language-service';
import { FakeDocument } from '../../support/fakes/fake-editor';
import { fakeCatalog } from '../sql-language/fake-catalog';
import { SparkConnectError } from '../../../src/connect/errors';
import type { EngineSession } from '../../../src/engine/engine';

function fakeClient(): SqlLanguageClient {
  const service = createSqlLanguageService();
  const catalog = new CatalogCache(fakeCatalog());
  const client = { load: async () => ({ service, mod: serviceModule }), catalog: async () => catalog, invalidate: () => undefined };
  return client as unknown as SqlLanguageClient;
}

type Doc = FakeDocument & { version: number; isClosed: boolean };
const pyDoc = (text: string, path = '/w/job.py'): Doc => Object.assign(new FakeDocument(text, 'python', path), { version: 1, isClosed: false });
const caret = (doc: Doc, text: string, marker: string) => doc.positionAt(text.indexOf(marker) + marker.length);

function provider(kind: FakeProvider['kind']): FakeProvider['provider'] {
  const p = fake.providers.find((x) => x.kind === kind);
  assert.ok(p, `${kind} provider registered`);
  return p.provider;
}

const call = <T>(p: FakeProvider['provider'], method: string, ...args: unknown[]): Promise<T> =>
  (p[method] as unknown as (...a: unknown[]) => Promise<T>)(...args);

test('completion, hover and signature help answer inside spark.sql strings, through escapes and concatenation', async () => {
  const registration = registerPythonSql(fakeClient());
  try {
    const text = 'df = spark.sql(\n    "SELECT substr(\\"x\\", 1, " \n    "upper(name)) FROM sales.orders o WHERE o.")\nprint(substr)\n';
    const doc = pyDoc(text);
    // Signature help: in the first piece, after the escaped "x" and two commas: substr's third argument.
    const help = await call<{ signatures: Array<{ label: string }>; activeParameter: number } | undefined>(provider('signatureHelp'), 'provideSignatureHelp', doc, caret(doc, text, '1, '));
    assert.ok(help);
    assert.equal(help.signatures[0].label, 'substr(str, pos[, len])');
    assert.equal(help.activeParameter, 2);
    assert.deepEqual(fake.providers.find((x) => x.kind === 'signatureHelp')?.triggers, ['(', ',']);
    // Hover on upper(...) in the second piece: the server's docs, over the word where it is written.
    const hover = await call<{ contents: { value: string }; range: { start: { line: number; character: number } } } | undefined>(
      provider('hover'), 'provideHover', doc, caret(doc, text, '"upp'));
    assert.ok(hover);
    assert.match(hover.contents.value, /upper\(str\)/);
    assert.deepEqual(hover.range.start, doc.positionAt(text.indexOf('upper')));
    // Completion after "o." at the end of the second piece: the columns of sales.orders.
    const items = await call<Array<{ label: string }>>(provider('completion'), 'provideCompletionItems', doc, caret(doc, text, 'WHERE o.'));
    assert.ok(items.some((i) => i.label === 'amount'), JSON.stringify(items.map((i) => i.label)));
    // Outside the strings (Python code, or between the pieces): nothing, so Pylance answers alone.
    assert.equal(await call(provider('hover'), 'provideHover', doc, caret(doc, text, 'print(sub')), undefined);
    assert.equal(await call(provider('completion'), 'provideCompletionItems', doc, caret(doc, text, '1, " \n  ')), undefined);
    assert.equal(await call(provider('signatureHelp'), 'provideSignatureHelp', pyDoc('substr(a, '), { line: 0, character: 10 }), undefined);
  } finally {
    registration.dispose();
  }
});

test('syntax squiggles land on the Python source, and placeholders are left to the server', async () => {
  const text = [
    'a = spark.sql("SELECT \\"id\\"\\n  FROM FROM t")',
    'b = spark.sql(f"SELECT {col} FROM FROM t")',
    'c = spark.sql("SELECT {col} FROM FROM t", col=a)',
    'd = spark.sql(',
    '    "SELECT a "',
    '    "FROM t WHERE )")',
  ].join('\n');
  const doc = pyDoc(text, '/w/squiggles.py');
  const diagnostics = new PythonSqlDiagnostics(fakeClient(), new PythonSqlRegions(), 0);
  try {
    fireDocumentEvent('open', doc);
    const got = await waitFor(() => fake.diagnostics.get(doc.uri.toString()));
    const marked = got.map((d: FakeDiagnostic) => [d.range.start.line, text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.source]);
    assert.deepEqual(marked, [[0, 'FROM', 'Spark SQL'], [5, ')', 'Spark SQL']]);
    // Not a Python document: nothing.
    fireDocumentEvent('open', Object.assign(new FakeDocument('spark.sql("SELEC")', 'sql', '/w/x.sql'), { version: 1 }));
    fireDocumentEvent('close', doc);
    assert.equal(fake.diagnostics.get(doc.uri.toString()), undefined);
  } finally {
    diagnostics.dispose();
  }
});

test('on save the server analyzes the queries of spark.sql strings (not those with a placeholder), and its word replaces the grammar\'s', async () => {
  const text = [
    'a = spark.sql("SELECT \\"idd\\" FROM t")',
    'b = spark.sql("SELECT x FROM {t}", t=a)',
  ].join('\n');
  const doc = pyDoc(text, '/w/server.py');
  const sent: string[] = [];
  const session = {
    sessionId: 's1', sparkVersion: '4.3.0',
    validateQuery: async (sql: string) => {
      sent.push(sql);
      // The server names the column where it stands in the SQL text ("idd" after SELECT).
      if (sql.includes('"idd"')) {
        throw new SparkConnectError('[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column `idd` cannot be resolved.', {
          reason: 'analysis', errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION',
          queryContext: [{ contextType: 'sql', startIndex: 7, stopIndex: 11, fragment: '"idd"' }],
        });
      }
    },
  } as unknown as EngineSession;
  let mode: 'off' | 'onSave' = 'onSave';
  const diagnostics = new PythonSqlDiagnostics(fakeClient(), new PythonSqlRegions(), 0, { activeSession: () => session, mode: () => mode });
  try {
    fireDocumentEvent('open', doc);
    await waitFor(() => fake.diagnostics.get(doc.uri.toString()));
    fireDocumentEvent('save', doc);
    const got = await waitFor(() => {
      const d = fake.diagnostics.get(doc.uri.toString());
      return d && d.some((x: FakeDiagnostic) => x.source === 'Spark') ? d : undefined;
    });
    const server = got.filter((x: FakeDiagnostic) => x.source === 'Spark');
    assert.equal(server.length, 1);
    assert.equal(server[0].range.start.line, 0);
    // The squiggle covers "idd" with its escaped quotes, as written in the Python source.
    assert.equal(text.split('\n')[0].slice(server[0].range.start.character, server[0].range.end.character), '\\"idd\\"');
    assert.equal(server[0].code, 'UNRESOLVED_COLUMN.WITH_SUGGESTION');
    assert.ok(sent.some((q) => q.includes('"idd"')), 'the first string was analyzed');
    assert.ok(!sent.some((q) => q.includes('SELECT x')), `the statement with a placeholder was not sent: ${JSON.stringify(sent)}`);
    // With the setting off, a save sends nothing.
    mode = 'off';
    const before = sent.length;
    fireDocumentEvent('save', doc);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(sent.length, before);
  } finally {
    diagnostics.dispose();
  }
});

async function waitFor<T>(get: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
