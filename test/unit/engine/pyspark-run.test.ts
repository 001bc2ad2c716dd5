import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparkConnectError } from '../../../src/connect/errors';
import { OperationsModel } from '../../../src/engine/operations-model';
import { explainPySparkCode, runPySparkCode, type PySparkTextOutput } from '../../../src/engine/pyspark-run';
import type { PySparkEngineOptions, PySparkSession } from '../../../src/engine/pyspark-session';
import type { ExecuteSqlOptions, ResultEvent, SqlExecution } from '../../../src/engine/engine';
import type { PlanRequest } from '../../../src/engine/result-sink';
import type { PySparkOutput, SourceSpan } from '../../../src/pyspark/run-api';
import { FakeSession, MemoryMemento, RecordingLogger, RecordingPresenter, batch, schema } from '../../support/fakes/fakes';

const span = (source: string, text: string): SourceSpan => {
  const from = source.indexOf(text);
  assert.ok(from >= 0, text);
  return { from, to: from + text.length, line: source.slice(0, from).split('\n').length, column: 1 };
};

class PySparkError extends Error {
  constructor(readonly phase: 'unsupported', readonly construct: string, message: string, readonly span: SourceSpan) {
    super(message);
    this.name = 'PySparkError';
  }
}

/** A PySparkSession whose runner returns `outputs` (or throws), recording what it was asked. */
class FakePySpark implements PySparkSession {
  runs: Array<{ source: string; options?: PySparkEngineOptions }> = [];
  executed: Array<{ df: unknown; options?: ExecuteSqlOptions }> = [];
  explained: Array<{ df: unknown; mode: string }> = [];
  /** What errorSpan answers for errors run() throws. */
  spans = new Map<unknown, SourceSpan>();
  errorSpan(error: unknown): SourceSpan | undefined {
    return this.spans.get(error);
  }
  constructor(private readonly outputs: PySparkOutput[] | Error, private readonly events: ResultEvent[] | Error = [schema('id'), batch(3)]) {}
  async run(source: string, options?: PySparkEngineOptions): Promise<PySparkOutput[]> {
    this.runs.push({ source, options });
    if (this.outputs instanceof Error) throw this.outputs;
    // As the runner does: each output is handed over as its action runs.
    for (const o of this.outputs) await options?.onOutput?.(o);
    return this.outputs;
  }
  executeDataFrame(df: never, options?: ExecuteSqlOptions): SqlExecution {
    this.executed.push({ df, options });
    const events = this.events;
    return {
      operationId: `df-op-${this.executed.length}`,
      cancel: async () => undefined,
      async *[Symbol.asyncIterator]() {
        if (events instanceof Error) throw events;
        yield* events;
      },
    };
  }
  async explainDataFrame(df: never, mode: string): Promise<string> {
    this.explained.push({ df, mode });
    return '== Physical Plan ==\nRange';
  }
}

function setup(py: FakePySpark) {
  const session = Object.assign(new FakeSession(), { pyspark: py });
  const presenter = new RecordingPresenter();
  const operations = new OperationsModel(new MemoryMemento(), () => 50);
  const printed: PySparkTextOutput[] = [];
  const plans: PlanRequest[] = [];
  const deps = { presenter, operations, logger: new RecordingLogger(), print: (o: PySparkTextOutput) => printed.push(o), plans: { show: (r: PlanRequest) => { plans.push(r); } } };
  return { session, presenter, operations, printed, plans, deps };
}

const DF_A = { name: 'a' } as never;
const DF_B = { name: 'b' } as never;

test('outputs go where SQL results go: DataFrames to the grid, values and text printed, in order', async () => {
  const source = 'df = spark.range(3)\nprint(df.count())\ndf.show(2)\ndisplay(df)\ndf.write.saveAsTable("t")\n';
  const py = new FakePySpark([
    { kind: 'text', text: '3', span: span(source, 'print(df.count())') },
    { kind: 'dataframe', df: DF_A, how: 'show', span: span(source, 'df.show(2)'), show: { n: 2, truncate: true, vertical: false } },
    { kind: 'dataframe', df: DF_B, how: 'display', span: span(source, 'display(df)') },
    { kind: 'write', description: 'wrote table t', span: span(source, 'df.write.saveAsTable("t")') },
  ]);
  const { session, presenter, operations, printed, deps } = setup(py);
  const outcome = await runPySparkCode({ profile: 'p', session, source, title: 'f.py', fileName: 'f.py', rowLimit: 1000 }, deps, new AbortController().signal);
  assert.deepEqual(outcome, { status: 'succeeded', outputs: 4, dataFrames: 2, totalRows: 6 });
  assert.equal(py.runs[0].options?.fileName, 'f.py');
  // show(2) keeps PySpark's row count as the grid's limit; display() takes the grid's.
  assert.deepEqual(py.executed.map((e) => [e.df, e.options?.rowLimit]), [[DF_A, 2], [DF_B, 1000]]);
  assert.deepEqual(presenter.results.map((r) => [r.info.sql, r.info.title, r.completed?.rowCount]), [['df.show(2)', 'f.py', 3], ['display(df)', 'f.py', 3]]);
  assert.deepEqual(printed.map((p) => [p.kind, p.text]), [['text', '3'], ['write', 'wrote table t']]);
  // Every operation is marked as PySpark, so history never re-runs its Python as SQL.
  assert.deepEqual(operations.history().map((h) => h.kind), ['pyspark', 'pyspark', 'pyspark']);
  // The grid's "explain" on a PySpark result explains the DataFrame.
  await presenter.results[0].info.explain?.('simple');
  assert.deepEqual(py.explained, [{ df: DF_A, mode: 'simple' }]);
});

test('the runner is told where the code of a dependency slice starts (it runs no action before it)', async () => {
  const source = 'df = spark.range(3)\ndf.count()\n';
  const py = new FakePySpark([{ kind: 'value', value: 3, text: '3', span: span(source, 'df.count()') }]);
  const { session, presenter, printed, deps } = setup(py);
  const targetOffset = source.indexOf('df.count()');
  await runPySparkCode({ profile: 'p', session, source, title: 't', targetOffset }, deps, new AbortController().signal);
  assert.equal(py.runs[0].options?.skipActionsBefore, targetOffset);
  assert.equal(presenter.results.length, 0);
  assert.deepEqual(printed.map((p) => p.text), ['3']);
});

test('a construct the runner refuses comes back with its position and nothing is executed', async () => {
  const source = 'f = udf(lambda x: x)\n';
  const err = new PySparkError('unsupported', 'udf', 'Python UDFs cannot run without Python', span(source, 'udf'));
  const py = new FakePySpark(err);
  const { session, presenter, operations, deps } = setup(py);
  const outcome = await runPySparkCode({ profile: 'p', session, source, title: 't' }, deps, new AbortController().signal);
  assert.equal(outcome.status, 'refused');
  if (outcome.status === 'refused') assert.deepEqual(outcome.error.span, span(source, 'udf'));
  assert.equal(py.executed.length + presenter.results.length, 0);
  assert.equal(operations.history()[0].status, 'failed');
});

test('a server error while the runner runs its actions is a failure with the error class', async () => {
  const err = new SparkConnectError('[TABLE_OR_VIEW_NOT_FOUND] The table `t` cannot be found. SQLSTATE: 42P01', { reason: 'analysis', errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01' });
  const py = new FakePySpark(err);
  const source = 'spark.table("t").count()';
  py.spans.set(err, span(source, 'spark.table("t")'));
  const { session, deps } = setup(py);
  const outcome = await runPySparkCode({ profile: 'p', session, source, title: 't' }, deps, new AbortController().signal);
  assert.equal(outcome.status, 'failed');
  if (outcome.status === 'failed') {
    assert.equal(outcome.failure.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
    assert.equal(outcome.failure.sqlState, '42P01');
    // The runner says where the error points: the squiggle goes there.
    assert.deepEqual(outcome.span, span(source, 'spark.table("t")'));
  }
});

test('a DataFrame that fails on the server fails the run at that action\'s span, the grid tab showing the error', async () => {
  const source = 'spark.table("nope").show()';
  const err = new SparkConnectError('[TABLE_OR_VIEW_NOT_FOUND] nope SQLSTATE: 42P01', { reason: 'analysis', errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01' });
  const py = new FakePySpark([{ kind: 'dataframe', df: DF_A, how: 'show', span: span(source, source) }], err);
  const { session, deps } = setup(py);
  const outcome = await runPySparkCode({ profile: 'p', session, source, title: 't' }, deps, new AbortController().signal);
  assert.equal(outcome.status, 'failed');
  if (outcome.status === 'failed') assert.deepEqual(outcome.span, span(source, source));
  // With the runner's locateError, the span is the one it points at (here: the table name in the string).
  const located = span(source, 'nope');
  const py2 = new FakePySpark([{ kind: 'dataframe', df: DF_A, how: 'show', span: span(source, source), locateError: (e) => (e === err ? located : undefined) }], err);
  const s2 = setup(py2);
  const o2 = await runPySparkCode({ profile: 'p', session: s2.session, source, title: 't' }, s2.deps, new AbortController().signal);
  assert.deepEqual(o2.status === 'failed' ? o2.span : undefined, located);
});

test('df.explain() opens the plan view without executing; Explain on a statement explains its DataFrame', async () => {
  const source = 'df = spark.range(3)\ndf.explain("extended")\n';
  const py = new FakePySpark([{ kind: 'explain', df: DF_A, mode: 'extended', span: span(source, 'df.explain("extended")') }]);
  const { session, plans, deps } = setup(py);
  await runPySparkCode({ profile: 'p', session, source, title: 't' }, deps, new AbortController().signal);
  assert.equal(py.executed.length, 0);
  assert.deepEqual(plans.map((p) => [p.mode, p.sql]), [['extended', 'df.explain("extended")']]);

  const src2 = 'df = spark.range(3)\ndf\n';
  const py2 = new FakePySpark([{ kind: 'dataframe', df: DF_B, how: 'expression', span: span(src2, 'df\n') }]);
  const s2 = setup(py2);
  const outcome = await explainPySparkCode({ profile: 'p', session: s2.session, source: src2, title: 't', explainMode: 'formatted', targetOffset: src2.indexOf('df\n') }, s2.deps, new AbortController().signal);
  assert.equal(outcome.status, 'succeeded');
  assert.equal(py2.executed.length, 0);
  assert.deepEqual(py2.explained, [{ df: DF_B, mode: 'formatted' }]);
});

test('a session without PySpark support says so', async () => {
  const { deps } = setup(new FakePySpark([]));
  await assert.rejects(runPySparkCode({ profile: 'p', session: new FakeSession(), source: 'x', title: 't' }, deps, new AbortController().signal), /cannot run PySpark/);
});
