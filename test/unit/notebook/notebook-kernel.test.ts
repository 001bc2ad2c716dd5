import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Int32, Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import { SparkConnectError } from '../../../src/connect/errors';
import { OperationsModel } from '../../../src/engine/operations-model';
import type { ResultEvent } from '../../../src/engine/engine';
import { ERROR_MIME, STDOUT_MIME, type CellOutputData } from '../../../src/notebook/cell-outputs';
import { NotebookKernel } from '../../../src/notebook/notebook-kernel';
import { RESULT_MIME, parseNotebookResult } from '../../../src/protocol/notebook-output';
import { FakeSession, MemoryMemento, RecordingLogger, type Script } from '../../support/fakes/fakes';

const ipc = (values: number[]) => tableToIPC(new Table({ n: vectorFromArray(values, new Int32()) }), 'stream');
const rows = (values: number[]): ResultEvent[] => [
  { kind: 'schema', columns: [{ name: 'n', type: 'int', nullable: false }] },
  { kind: 'arrow', rowCount: values.length, data: ipc(values) },
];

function kernel(script: Script) {
  const session = new FakeSession('s', '4.3.0', script);
  const k = new NotebookKernel({
    session: async () => ({ profile: 'local', session }),
    operations: new OperationsModel(new MemoryMemento(), () => 50),
    logger: new RecordingLogger(),
  });
  const outputs: CellOutputData[] = [];
  const progress: Array<string | undefined> = [];
  const sink = { append: (o: CellOutputData) => outputs.push(o), progress: (t: string | undefined) => progress.push(t) };
  return { k, session, outputs, progress, sink };
}

const text = (d: Uint8Array) => new TextDecoder().decode(d);
const mimes = (o: CellOutputData) => o.items.map((i) => i.mime);

describe('NotebookKernel', () => {
  it('runs an SQL cell and appends one result output per result set', async () => {
    const h = kernel((sql) => (sql.startsWith('SELECT 1') ? rows([1]) : rows([2, 3])));
    const outcome = await h.k.runCell({ source: 'SELECT 1;\nSELECT 2', language: 'sql', title: 'nb' }, h.sink, new AbortController().signal);
    assert.equal(outcome, 'succeeded');
    assert.deepEqual(h.session.executed.map((e) => e.sql), ['SELECT 1', 'SELECT 2']);
    assert.equal(h.outputs.length, 2);
    assert.deepEqual(mimes(h.outputs[1]), [RESULT_MIME, 'text/html', 'text/plain']);
    assert.equal(parseNotebookResult(JSON.parse(text(h.outputs[1].items[0].data)))?.rowCount, 2);
  });

  it('runs the body of a %%sql python cell', async () => {
    const h = kernel(() => rows([7]));
    await h.k.runCell({ source: '%%sql\nSELECT 7', language: 'python', title: 'nb' }, h.sink, new AbortController().signal);
    assert.deepEqual(h.session.executed.map((e) => e.sql), ['SELECT 7']);
  });

  it('reports a failing statement as an error output with its class, SQLSTATE and position in the cell', async () => {
    const err = new SparkConnectError('[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column `nope` cannot be resolved. SQLSTATE: 42703', {
      reason: 'analysis', errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION', sqlState: '42703',
      queryContext: [{ contextType: 'sql', startIndex: 7, stopIndex: 10, fragment: 'nope' }],
    });
    const h = kernel(() => err);
    const source = '%%sql\n-- a comment\nSELECT nope FROM t';
    const outcome = await h.k.runCell({ source, language: 'python', title: 'nb' }, h.sink, new AbortController().signal);
    assert.equal(outcome, 'failed');
    const last = h.outputs.at(-1);
    assert.ok(last);
    assert.deepEqual(mimes(last), [ERROR_MIME]);
    const e = JSON.parse(text(last.items[0].data)) as { name: string; message: string; stack: string };
    assert.equal(e.name, 'UNRESOLVED_COLUMN.WITH_SUGGESTION');
    assert.match(e.stack, /^UNRESOLVED_COLUMN.WITH_SUGGESTION: /);
    assert.match(e.stack, /SQLSTATE: 42703/);
    assert.match(e.stack, /at cell line 3, column 8/);
  });

  it('notes skipped shell lines and never fails for them', async () => {
    const h = kernel(() => rows([1]));
    const outcome = await h.k.runCell({ source: '!pip install pyspark\n%pip install x', language: 'python', title: 'nb' }, h.sink, new AbortController().signal);
    assert.equal(outcome, 'succeeded');
    assert.equal(h.outputs.length, 2);
    assert.ok(h.outputs.every((o) => mimes(o)[0] === STDOUT_MIME));
    assert.equal(h.session.executed.length, 0);
  });

  it('cancelling the cell interrupts its server operation', async () => {
    const h = kernel(() => 'hang');
    const ctl = new AbortController();
    const run = h.k.runCell({ source: 'SELECT sleep', language: 'sql', title: 'nb' }, h.sink, ctl.signal);
    await new Promise((r) => setTimeout(r, 10));
    ctl.abort();
    assert.equal(await run, 'cancelled');
    assert.deepEqual(h.session.interrupted, ['op-1']);
  });

  it('says how many statements ran without a result set', async () => {
    const h = kernel(() => []);
    await h.k.runCell({ source: 'SET a=1; CREATE TABLE x(a INT)', language: 'sql', title: 'nb' }, h.sink, new AbortController().signal);
    assert.equal(h.outputs.length, 1);
    assert.match(text(h.outputs[0].items[0].data), /2 statements ran without a result set/);
  });
});
