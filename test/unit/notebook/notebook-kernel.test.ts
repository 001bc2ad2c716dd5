import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Int32, Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import { SparkConnectError } from '../../../src/connect/errors';
import { OperationsModel } from '../../../src/engine/operations-model';
import type { ResultEvent } from '../../../src/engine/engine';
import { ERROR_MIME, STDOUT_MIME, type CellOutputData } from '../../../src/notebook/cell-outputs';
import { NotebookKernel } from '../../../src/notebook/notebook-kernel';
import { RESULT_MIME, parseNotebookResult } from '../../../src/protocol/notebook-output';
import type { PySparkOutput, SessionPlumbing } from '../../../src/pyspark/run-api';
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

  it('a running SQL cell shows Spark\'s progress from the stream and removes it at the end', async () => {
    const h = kernel(() => [
      { kind: 'progress', stages: 2, doneStages: 0, totalTasks: 6, doneTasks: 0, runningTasks: 2 },
      { kind: 'progress', stages: 2, doneStages: 1, totalTasks: 6, doneTasks: 4, runningTasks: 2 },
      ...rows([1]),
    ]);
    assert.equal(await h.k.runCell({ source: 'SELECT 1', language: 'sql', title: 'nb' }, h.sink, new AbortController().signal), 'succeeded');
    assert.equal(h.progress[0], 'stage 1 of 2 · 0 of 6 tasks done · 2 running');
    assert.equal(h.progress.at(-1), undefined, 'the progress line is gone when the cell ends');
    assert.equal(h.outputs.length, 1, 'progress never becomes a kept output');
  });

  it('a server without progress (Spark 3.5) shows none and still succeeds', async () => {
    const h = kernel(() => rows([1]));
    assert.equal(await h.k.runCell({ source: 'SELECT 1', language: 'sql', title: 'nb' }, h.sink, new AbortController().signal), 'succeeded');
    assert.deepEqual(h.progress.filter((p) => p !== undefined), []);
  });

  it('says how many statements ran without a result set', async () => {
    const h = kernel(() => []);
    await h.k.runCell({ source: 'SET a=1; CREATE TABLE x(a INT)', language: 'sql', title: 'nb' }, h.sink, new AbortController().signal);
    assert.equal(h.outputs.length, 1);
    assert.match(text(h.outputs[0].items[0].data), /2 statements ran without a result set/);
  });
});

describe('NotebookKernel Python cells', () => {
  class FakePySparkError extends Error {
    constructor(message: string, readonly phase: 'parse' | 'evaluate' | 'unsupported', readonly construct: string,
      readonly span: { from: number; to: number; line: number; column: number }) {
      super(message);
      this.name = 'PySparkError';
    }
  }

  function pyKernel(run: (source: string, names: Map<string, unknown>, plumbing?: SessionPlumbing) => PySparkOutput[] | Error) {
    const session = new FakeSession('s', '4.3.0', () => rows([1, 2]));
    const sources: string[] = [];
    const limits: Array<number | undefined> = [];
    const events: string[] = [];
    const pyspark = {
      run: async (source: string, options?: { names?: Map<string, unknown>; onOutput?: (o: PySparkOutput) => Promise<void>; plumbing?: SessionPlumbing }) => {
        sources.push(source);
        const r = run(source, options?.names ?? new Map(), options?.plumbing);
        if (r instanceof Error) throw r;
        // As the runner does: each output is handed over as its action runs.
        for (const o of r) await options?.onOutput?.(o);
        return r;
      },
      executeDataFrame: (_df: unknown, options?: { rowLimit?: number; signal?: AbortSignal }) => {
        limits.push(options?.rowLimit);
        events.push('execute');
        return session.executeSql('SELECT df', undefined, options);
      },
      explainDataFrame: async () => '== Physical Plan ==',
    };
    Object.assign(session, { pyspark });
    const k = new NotebookKernel({
      session: async () => ({ profile: 'local', session, remote: 'sc://localhost:15002' }),
      endSession: async () => { events.push('end session'); },
      operations: new OperationsModel(new MemoryMemento(), () => 50),
      logger: new RecordingLogger(),
    });
    const outputs: CellOutputData[] = [];
    const sink = { append: (o: CellOutputData) => outputs.push(o), progress: () => undefined };
    const cell = (source: string, n: number, language = 'python') => k.runCell({ source, language, title: `nb, cell ${n}` }, sink, new AbortController().signal);
    return { k, sources, limits, outputs, cell, events };
  }
  const span = { from: 0, to: 1, line: 1, column: 1 };

  it('keeps the names a cell binds for the next cells, and runs DataFrame results with the inline row limit', async () => {
    const h = pyKernel((source, names) => {
      if (source.startsWith('df =')) {
        names.set('df', { plan: 'range' });
        return [];
      }
      assert.ok(names.has('df'), 'the second cell sees df');
      return [{ kind: 'dataframe', df: names.get('df') as never, how: 'expression', span }];
    });
    assert.equal(await h.cell('df = spark.range(2)', 1), 'succeeded');
    assert.equal(await h.cell('df', 2), 'succeeded');
    assert.deepEqual(h.limits, [NotebookKernel.ROW_LIMIT]);
    assert.equal(parseNotebookResult(JSON.parse(text(h.outputs[0].items[0].data)))?.rowCount, 2);
  });

  it('show(n) asks for n rows; values and printed text become text outputs', async () => {
    const h = pyKernel(() => [
      { kind: 'dataframe', df: {} as never, how: 'show', span, show: { n: 5, truncate: true, vertical: false } },
      { kind: 'value', value: 3, text: '3', span },
      { kind: 'text', text: 'hello', span },
    ]);
    await h.cell('df.show(5)\ndf.count()\nprint("hello")', 1);
    assert.deepEqual(h.limits, [5]);
    assert.deepEqual(h.outputs.map((o) => o.items[0].mime), [RESULT_MIME, 'text/plain', STDOUT_MIME]);
  });

  it('an unsupported construct is an error output at its line and column in the cell', async () => {
    const h = pyKernel(() => new FakePySparkError('Python UDFs cannot run here', 'unsupported', 'udf', { from: 20, to: 23, line: 2, column: 5 }));
    assert.equal(await h.cell('x = 1\nf = udf(lambda x: x)', 1), 'failed');
    const e = JSON.parse(text(h.outputs[0].items[0].data)) as { name: string; stack: string };
    assert.equal(e.name, 'UNSUPPORTED_PYSPARK');
    assert.match(e.stack, /at cell line 2, column 5 \(udf\)/);
  });

  it('an SQL cell naming {df} runs as spark.sql(q, df=df) through the runner', async () => {
    const h = pyKernel((source, names) => {
      if (source.startsWith('df =')) {
        names.set('df', {});
        return [];
      }
      return [{ kind: 'dataframe', df: {} as never, how: 'expression', span }];
    });
    await h.cell('df = spark.range(3)', 1);
    await h.cell('%%sql\nSELECT * FROM {df} WHERE id > 0', 2);
    assert.equal(h.sources[1], 'spark.sql("SELECT * FROM {df} WHERE id > 0", df=df)');
  });

  it('a lost server session forgets the names and names the cells to run again', async () => {
    let lost = false;
    const h = pyKernel((_source, names) => {
      if (lost) return new SparkConnectError('[INVALID_HANDLE.SESSION_NOT_FOUND] gone', { reason: 'analysis', errorClass: 'INVALID_HANDLE.SESSION_NOT_FOUND' });
      names.set('df', {});
      return [];
    });
    await h.cell('df = spark.range(3)', 1);
    lost = true;
    assert.equal(await h.cell('df.count()', 2), 'failed');
    assert.equal(h.k.names.size, 0);
    assert.match(text(h.outputs.at(-1)!.items[0].data), /Run these cells again: nb, cell 1/);
  });

  it('spark.stop() ends the server session after the cell\'s outputs ran; its DataFrames then fail clearly, values stay', async () => {
    const dfValue = { relation: { range: {} }, session: {} };
    const h = pyKernel((source, names, plumbing) => {
      if (source.startsWith('df =')) {
        names.set('df', dfValue);
        names.set('n', 3n);
        return [];
      }
      if (source.includes('spark.stop()')) {
        assert.equal(plumbing?.runsOn, "profile 'local' (sc://localhost:15002)");
        assert.equal(plumbing?.remote, 'sc://localhost:15002');
        void plumbing?.stop();
        return [{ kind: 'dataframe', df: dfValue as never, how: 'show', span, show: { n: 20, truncate: true, vertical: false } }];
      }
      if (!names.has('df')) return new FakePySparkError("name 'df' is not defined", 'evaluate', 'df', span);
      return [];
    });
    await h.cell('df = spark.range(3)\nn = 3', 1);
    assert.equal(await h.cell('df.show()\nspark.stop()', 2), 'succeeded');
    assert.deepEqual(h.events, ['execute', 'end session'], 'the show ran on the session before it ended');
    assert.equal(h.k.names.has('df'), false, 'the DataFrame bound to the ended session is forgotten');
    assert.equal(h.k.names.get('n'), 3n, 'plain values stay');
    assert.equal(await h.cell('df.count()', 3), 'failed');
    const e = JSON.parse(text(h.outputs.at(-1)!.items[0].data)) as { name: string; message: string };
    assert.equal(e.name, 'STALE_SESSION');
    assert.match(e.message, /'df' was bound to the server session spark\.stop\(\) ended; run the cells that define it again/);
    assert.equal(await h.cell('%%sql\nSELECT * FROM {df}', 4), 'failed', 'an SQL cell naming it fails the same way, sending nothing');
    assert.equal(h.sources.length, 3);
    assert.equal(await h.cell('df = spark.range(3)', 5), 'succeeded', 'defining it again works');
    assert.equal(await h.cell('df.count()', 6), 'succeeded');
  });

  it('reset() (Restart) forgets every name, also the stale ones', async () => {
    const h = pyKernel((source, names) => {
      if (source.startsWith('df =')) names.set('df', {});
      else if (!names.has('df')) return new FakePySparkError("name 'df' is not defined", 'evaluate', 'df', span);
      return [];
    });
    await h.cell('df = spark.range(3)', 1);
    h.k.reset();
    assert.equal(h.k.names.size, 0);
    assert.equal(await h.cell('df.count()', 2), 'failed');
    assert.equal((JSON.parse(text(h.outputs.at(-1)!.items[0].data)) as { name: string }).name, 'PYSPARK_ERROR');
  });
});

