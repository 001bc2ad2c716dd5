import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainStatement, runStatements } from '../../../src/engine/query-runner';
import { OperationsModel } from '../../../src/engine/operations-model';
import { SparkConnectError } from '../../../src/connect/errors';
import { splitStatements } from '../../../src/sql/split';
import { FakeSession, MemoryMemento, RecordingLogger, RecordingPresenter, batch, schema } from '../../support/fakes/fakes';

function setup(script: FakeSession['script']) {
  const session = new FakeSession('s', '4.3.0', script);
  const presenter = new RecordingPresenter();
  const operations = new OperationsModel(new MemoryMemento(), () => 50);
  const logger = new RecordingLogger();
  return { session, presenter, operations, logger, deps: { presenter, operations, logger } };
}

const prepared = (sql: string) => splitStatements(sql).map((statement) => ({ statement }));

test('statements run in order; each result opens its own view and streams its batches', async () => {
  const { session, presenter, operations, deps } = setup((sql) => (sql.startsWith('SELECT') ? [schema('a'), batch(2), batch(3)] : [schema(), batch(0)]));
  const doc = 'CREATE TABLE t (a INT);\nSELECT a FROM t;\nSELECT 1';
  const seen: number[] = [];
  const outcome = await runStatements({ profile: 'p', session, statements: prepared(doc), title: 'f.sql' }, deps, new AbortController().signal, {
    onStatement: (i) => seen.push(i),
  });
  assert.deepEqual(outcome, { status: 'succeeded', completed: 3, totalRows: 10 });
  assert.deepEqual(session.executed.map((e) => e.sql), ['CREATE TABLE t (a INT)', 'SELECT a FROM t', 'SELECT 1']);
  assert.deepEqual(seen, [0, 1, 2]);
  // The DDL has no columns, so no result view; the two queries have one each.
  assert.deepEqual(presenter.results.map((r) => [r.info.statementIndex, r.batches, r.completed?.rowCount]), [[1, [2, 3], 5], [2, [2, 3], 5]]);
  assert.equal(presenter.results[0].info.statementCount, 3);
  assert.equal(presenter.results[0].columns?.[0].name, 'a');
  assert.deepEqual(operations.history().map((h) => h.status), ['succeeded', 'succeeded', 'succeeded']);
});

test('an empty SELECT still opens a view with its columns', async () => {
  const { session, presenter, deps } = setup(() => [schema('x', 'y'), batch(0)]);
  await runStatements({ profile: 'p', session, statements: prepared('SELECT * FROM empty'), title: 't' }, deps, new AbortController().signal);
  assert.equal(presenter.results.length, 1);
  assert.deepEqual(presenter.results[0].batches, [0]);
  assert.equal(presenter.results[0].completed?.rowCount, 0);
});

test('rows before a schema are held, then delivered', async () => {
  const { session, presenter, deps } = setup(() => [batch(0), batch(4)]);
  await runStatements({ profile: 'p', session, statements: prepared('SELECT 1'), title: 't' }, deps, new AbortController().signal);
  assert.deepEqual(presenter.results[0].batches, [0, 4]);
});

test('the run stops at the first failure and reports the exact document range', async () => {
  const err = new SparkConnectError('[TABLE_OR_VIEW_NOT_FOUND] The table or view `nosuchtable` cannot be found. SQLSTATE: 42P01', {
    reason: 'analysis', errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01',
    queryContext: [{ contextType: 'sql', startIndex: 14, stopIndex: 24, fragment: 'nosuchtable' }],
  });
  const { session, operations, logger, deps } = setup((sql) => (sql.includes('nosuchtable') ? err : [schema('a'), batch(1)]));
  const doc = 'SELECT 1;\nSELECT 1 FROM nosuchtable;\nSELECT 3';
  const outcome = await runStatements({ profile: 'p', session, statements: prepared(doc), title: 't' }, deps, new AbortController().signal);
  assert.equal(outcome.status, 'failed');
  if (outcome.status !== 'failed') return;
  assert.equal(outcome.completed, 1);
  assert.equal(session.executed.length, 2, 'the third statement never ran');
  assert.ok(outcome.range);
  assert.equal(doc.slice(outcome.range.start, outcome.range.end), 'nosuchtable');
  assert.equal(outcome.failure.message, 'The table or view `nosuchtable` cannot be found. (TABLE_OR_VIEW_NOT_FOUND, SQLSTATE 42P01)');
  assert.equal(operations.history()[0].status, 'failed');
  assert.ok(logger.lines.some((l) => l.startsWith('error') && l.includes('TABLE_OR_VIEW_NOT_FOUND')));
});

test('parse errors point at the position from the message', async () => {
  const err = new SparkConnectError("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)", { reason: 'analysis', errorClass: 'PARSE_SYNTAX_ERROR', sqlState: '42601' });
  const { session, deps } = setup(() => err);
  const doc = '\n\n  SELEC 1';
  const outcome = await runStatements({ profile: 'p', session, statements: prepared(doc), title: 't' }, deps, new AbortController().signal);
  assert.equal(outcome.status === 'failed' && outcome.range && doc.slice(outcome.range.start, outcome.range.end), 'SELEC');
});

test('cancel interrupts the running operation on the server and skips the rest', async () => {
  const { session, presenter, operations, deps } = setup((sql) => (sql === 'SELECT slow' ? 'hang' : [schema('a'), batch(1)]));
  const ctl = new AbortController();
  const run = runStatements({ profile: 'p', session, statements: prepared('SELECT slow; SELECT after'), title: 't' }, deps, ctl.signal, {
    onStatement: () => setTimeout(() => ctl.abort(), 5),
  });
  const outcome = await run;
  assert.deepEqual(outcome, { status: 'cancelled', completed: 0 });
  assert.deepEqual(session.interrupted, ['op-1']);
  assert.equal(session.executed.length, 1);
  assert.equal(presenter.results.length, 0);
  assert.equal(operations.history()[0].status, 'cancelled');
});

test('cancelling from the operations view interrupts too', async () => {
  const { session, operations, deps } = setup(() => 'hang');
  const run = runStatements({ profile: 'p', session, statements: prepared('SELECT slow'), title: 't' }, deps, new AbortController().signal);
  await new Promise((r) => setTimeout(r, 5));
  const [op] = operations.running();
  assert.equal(op.operationId, 'op-1');
  operations.cancel(op.id);
  const outcome = await run;
  assert.equal(outcome.status, 'cancelled');
  assert.deepEqual(session.interrupted, ['op-1']);
});

test('parameters travel as arguments next to the unchanged text', async () => {
  const { session, deps } = setup(() => [schema('a'), batch(1)]);
  const [statement] = splitStatements('SELECT :x');
  await runStatements({ profile: 'p', session, statements: [{ statement, args: { kind: 'named', values: { x: { type: 'int', value: 5 } } } }], title: 't' }, deps, new AbortController().signal);
  assert.deepEqual(session.executed[0], { sql: 'SELECT :x', args: { kind: 'named', values: { x: { type: 'int', value: 5 } } }, operationId: 'op-1' });
});

test('explain is tracked as an operation and can be cancelled', async () => {
  const { session, operations } = setup(() => []);
  const [statement] = splitStatements('SELECT 1');
  const text = await explainStatement('p', session, { statement }, 'formatted', operations, new AbortController().signal);
  assert.match(text, /formatted/);
  assert.equal(operations.history()[0].kind, 'explain');

  const [slow] = splitStatements('SELECT HANG');
  const pending = explainStatement('p', session, { statement: slow }, 'simple', operations, new AbortController().signal);
  await new Promise((r) => setTimeout(r, 2));
  operations.cancel(operations.running()[0].id);
  await assert.rejects(pending);
  assert.equal(operations.history()[0].status, 'cancelled');
});

// ---------------------------------------------------------------- row limit, metrics, controls

import type { ExecuteSqlOptions, ResultColumn, ResultEvent, SqlExecution } from '../../../src/engine/engine';
import type { ControlledResultSetInfo } from '../../../src/engine/query-runner';
import type { ResultSink, ResultSummary, ResultsPresenter } from '../../../src/engine/result-sink';

class LimitPresenter implements ResultsPresenter {
  readonly opened: Array<{ info: ControlledResultSetInfo; summary?: ResultSummary; failed?: { cancelled: boolean }; rows: number }> = [];
  constructor(readonly rowLimit: number) {}
  open(info: ControlledResultSetInfo, _columns: ResultColumn[] | undefined): ResultSink {
    const r: (typeof this.opened)[number] = { info, rows: 0 };
    this.opened.push(r);
    return {
      addBatch: (_d, n) => { r.rows += n; },
      complete: (s) => { r.summary = s; },
      fail: (s) => { r.failed = { cancelled: s.cancelled }; },
    };
  }
}

/** Records the options executeSql received. */
function withOptions(session: ReturnType<typeof setup>['session']): Array<{ rowLimit?: number }> {
  const seen: Array<{ rowLimit?: number }> = [];
  const inner = session.executeSql.bind(session);
  session.executeSql = (sql, args, options): SqlExecution => {
    seen.push({ rowLimit: (options as ExecuteSqlOptions | undefined)?.rowLimit });
    return inner(sql, args, options);
  };
  return seen;
}

test('the presenter\'s row limit goes to the server; limited and metrics reach the summary; explain is offered', async () => {
  const metricsEvent: ResultEvent = { kind: 'metrics', metrics: [{ name: 'CollectLimit', planId: 7, parent: 7, executionMetrics: { numOutputRows: { name: 'number of output rows', value: 11, metricType: 'sum' } } }] };
  const { session, operations, logger } = setup(() => [schema('a'), batch(6), batch(4), { kind: 'limited', rowLimit: 10 }, metricsEvent]);
  const seen = withOptions(session);
  const presenter = new LimitPresenter(10);
  const outcome = await runStatements({ profile: 'p', session, statements: prepared('SELECT * FROM big'), title: 't' },
    { presenter, operations, logger }, new AbortController().signal);
  assert.deepEqual(outcome, { status: 'succeeded', completed: 1, totalRows: 10 });
  assert.deepEqual(seen, [{ rowLimit: 10 }]);
  const r = presenter.opened[0];
  assert.equal(r.summary?.limited, true);
  assert.equal(r.summary?.rowCount, 10);
  assert.equal(r.summary?.metrics?.[0].name, 'CollectLimit');
  assert.equal(r.summary?.metrics?.[0].executionMetrics.numOutputRows.value, 11);
  assert.equal(r.info.rowLimit, 10);
  assert.match(await r.info.explain!('formatted'), /Physical Plan \(formatted\)[\s\S]*SELECT \* FROM big/);
});

test('a result that fits the limit is not marked limited; RunRequest.rowLimit overrides the presenter', async () => {
  const { session, operations, logger } = setup(() => [schema('a'), batch(3)]);
  const seen = withOptions(session);
  const presenter = new LimitPresenter(10);
  await runStatements({ profile: 'p', session, statements: prepared('SELECT 1'), title: 't', rowLimit: 0 },
    { presenter, operations, logger }, new AbortController().signal);
  assert.deepEqual(seen, [{ rowLimit: 0 }]);
  assert.equal(presenter.opened[0].summary?.limited, undefined);
});

test('rerun runs the same statement again with another limit into the given presenter', async () => {
  const { session, operations, logger } = setup(() => [schema('a'), batch(2)]);
  const seen = withOptions(session);
  const presenter = new LimitPresenter(5);
  await runStatements({ profile: 'p', session, statements: prepared('SELECT 1;\nSELECT 2'), title: 't' },
    { presenter, operations, logger }, new AbortController().signal);
  const target = new LimitPresenter(5);
  const again = await presenter.opened[1].info.rerun!(0, target);
  assert.equal(again.status, 'succeeded');
  assert.deepEqual(session.executed.map((e) => e.sql), ['SELECT 1', 'SELECT 2', 'SELECT 2']);
  assert.deepEqual(seen.map((s) => s.rowLimit), [5, 5, 0]);
  assert.equal(target.opened.length, 1);
  assert.equal(presenter.opened.length, 2, 'the rerun opened its result through the target, not the original presenter');
});

test('cancel from the result view interrupts the operation and ends the run as cancelled', async () => {
  const { session, operations, logger } = setup((sql) => (sql.includes('slow') ? 'hang' : [schema('a'), batch(1)]));
  // Open the view as soon as the statement starts, the way the first schema would.
  const presenter = new LimitPresenter(0);
  const run = runStatements({ profile: 'p', session, statements: prepared('SELECT 1;\nSELECT slow;\nSELECT 3'), title: 't' },
    { presenter, operations, logger }, new AbortController().signal);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(presenter.opened.length, 1);
  // The hanging statement has no view yet; cancel it through the operations entry, as the grid's controls would.
  assert.ok(operations.cancel(operations.running()[0].id));
  const outcome = await run;
  assert.equal(outcome.status, 'cancelled');
  assert.deepEqual(session.interrupted, ['op-2']);
  assert.deepEqual(session.executed.map((e) => e.sql), ['SELECT 1', 'SELECT slow'], 'the run stopped');
});

// ---------------------------------------------------------------- the engine side of the limit

import { limitedSqlPlan, resultEvents } from '../../../src/engine/connect-engine';
import type { ExecuteEvent } from '../../../src/connect/execution';
import { ipcRowCount } from '../../../src/arrow-format/ipc-truncate';
import { loadFixture } from '../../fixtures/arrow/load';

test('queries are wrapped in Limit(limit + 1) on the server plan; commands and "no limit" are not', () => {
  const q = limitedSqlPlan('SELECT * FROM range(1000000)', undefined, 10_000);
  assert.equal(q.applied, 10_000);
  assert.equal(q.plan.root?.limit?.limit, 10_001);
  assert.equal(q.plan.root?.limit?.input?.sql?.query, 'SELECT * FROM range(1000000)');
  for (const sql of ['INSERT INTO t SELECT 1', 'CREATE TABLE t AS SELECT 1', 'SHOW TABLES', 'SET x = 1']) {
    const c = limitedSqlPlan(sql, undefined, 10);
    assert.equal(c.applied, 0, sql);
    assert.equal(c.plan.root?.sql?.query, sql);
  }
  assert.equal(limitedSqlPlan('SELECT 1', undefined, 0).plan.root?.sql?.query, 'SELECT 1');
});

test('the extra row is cut from the bytes, "limited" is announced, metrics are converted', async () => {
  const fx = loadFixture('4.3.0', 'multi-batch'); // 5000 rows in 6 batches
  const counts = fx.batches.map(ipcRowCount);
  async function* events(): AsyncGenerator<ExecuteEvent> {
    for (let k = 0; k < fx.batches.length; k++) yield { kind: 'arrow', rowCount: counts[k], data: fx.batches[k] };
    yield { kind: 'metrics', metrics: { metrics: [{ name: 'Range', planId: 3, parent: 3, executionMetrics: { numOutputRows: { name: 'rows', value: 5000, metricType: 'sum' } } }] } };
  }
  const limit = counts[0] + 7; // ends inside the second batch
  const out: ResultEvent[] = [];
  for await (const e of resultEvents(events(), limit)) out.push(e);
  const arrows = out.filter((e): e is Extract<ResultEvent, { kind: 'arrow' }> => e.kind === 'arrow');
  assert.deepEqual(arrows.map((a) => a.rowCount), [counts[0], 7]);
  assert.deepEqual(arrows.map((a) => ipcRowCount(a.data)), [counts[0], 7]);
  assert.deepEqual(out.map((e) => e.kind), ['schema', 'arrow', 'arrow', 'limited', 'metrics']);
  const m = out.find((e) => e.kind === 'metrics');
  assert.equal(m?.kind === 'metrics' ? m.metrics[0].executionMetrics.numOutputRows.value : -1, 5000);

  const unlimited: ResultEvent[] = [];
  for await (const e of resultEvents(events(), 0)) unlimited.push(e);
  assert.equal(unlimited.filter((e) => e.kind === 'arrow').length, fx.batches.length);
  assert.ok(!unlimited.some((e) => e.kind === 'limited'));
});

test('a query\'s view opens when its schema arrives, before any rows (live clock and Cancel while it computes)', async () => {
  const { session, operations, logger } = setup(() => 'hang');
  // The fake's 'hang' yields nothing; wrap it so the schema comes first, as Spark sends it.
  const inner = session.executeSql.bind(session);
  session.executeSql = (sql, args, options): SqlExecution => {
    const ex = inner(sql, args, options);
    return {
      operationId: ex.operationId,
      cancel: () => ex.cancel(),
      async *[Symbol.asyncIterator]() {
        yield schema('a');
        yield* ex;
      },
    };
  };
  const presenter = new LimitPresenter(0);
  const run = runStatements({ profile: 'p', session, statements: prepared('SELECT slow'), title: 't' },
    { presenter, operations, logger }, new AbortController().signal);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(presenter.opened.length, 1, 'the view is open while the query runs');
  presenter.opened[0].info.cancel!();
  const outcome = await run;
  assert.equal(outcome.status, 'cancelled');
  assert.deepEqual(session.interrupted, ['op-1']);
  assert.deepEqual(presenter.opened[0].failed, { cancelled: true });
});

test('a statement that fails after its result opened hands the grid the error class, SQLSTATE and details', async () => {
  const err = new SparkConnectError('[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. SQLSTATE: 22012', {
    reason: 'runtime', errorClass: 'DIVIDE_BY_ZERO', sqlState: '22012',
  });
  const { session, presenter, deps } = setup(() => [schema('q'), batch(5), err]);
  const outcome = await runStatements({ profile: 'p', session, statements: prepared('SELECT 10 / (id - 5) AS q FROM range(10)'), title: 't' },
    deps, new AbortController().signal);
  assert.equal(outcome.status, 'failed');
  const failed = presenter.results[0].failed;
  assert.ok(failed);
  assert.deepEqual([failed.cancelled, failed.rowCount, failed.reason, failed.errorClass, failed.sqlState], [false, 5, 'runtime', 'DIVIDE_BY_ZERO', '22012']);
  // The class and SQLSTATE are shown on their own line, so the message does not repeat them.
  assert.equal(failed.message, 'Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead.');
  assert.match(failed.detail ?? '', /error class: DIVIDE_BY_ZERO[\s\S]*SQLSTATE: 22012/);
});

test('stop() (a memory budget) interrupts the statement on the server, which ends cut short, and the run goes on', async () => {
  const { session, operations, logger } = setup(() => [schema('a'), batch(1)]);
  const inner = session.executeSql.bind(session);
  // The first statement streams one batch and then waits, as a large result does, until it is interrupted.
  session.executeSql = (sql, args, options): SqlExecution => {
    if (!sql.includes('huge')) return inner(sql, args, options);
    let interrupted: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { interrupted = resolve; });
    return {
      operationId: 'op-huge',
      cancel: async () => { session.interrupted.push('op-huge'); interrupted(); },
      async *[Symbol.asyncIterator]() {
        yield schema('a');
        yield batch(5);
        await gate;
        throw new SparkConnectError('Operation was interrupted.', { reason: 'cancelled', errorClass: 'OPERATION_CANCELED' });
      },
    };
  };
  const presenter = new LimitPresenter(0);
  const written: number[] = [];
  const open = presenter.open.bind(presenter);
  presenter.open = (info, columns) => {
    const sink = open(info, columns);
    return {
      ...sink,
      addBatch: (d, n) => {
        sink.addBatch(d, n);
        written.push(n);
        if (info.sql.includes('huge')) info.stop?.();
      },
    };
  };
  const outcome = await runStatements({ profile: 'p', session, statements: prepared('SELECT * FROM huge;\nSELECT 2'), title: 't' },
    { presenter, operations, logger }, new AbortController().signal);
  assert.deepEqual(outcome, { status: 'succeeded', completed: 2, totalRows: 6 });
  assert.deepEqual(session.interrupted, ['op-huge']);
  assert.equal(presenter.opened[0].summary?.limited, true, 'the stopped statement completes as cut short');
  assert.equal(presenter.opened[0].failed, undefined);
  assert.equal(presenter.opened[1].summary?.rowCount, 1, 'the next statement still ran');
  assert.deepEqual(operations.history().map((h) => h.status), ['succeeded', 'succeeded']);
  assert.deepEqual(written, [5, 1]);
});

test('a statement that fails before any result still reaches the presenter, with the range it points at', async () => {
  const err = new SparkConnectError('[TABLE_OR_VIEW_NOT_FOUND] The table or view `nosuchtable` cannot be found. SQLSTATE: 42P01', {
    reason: 'analysis', errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01',
    queryContext: [{ contextType: 'sql', startIndex: 14, stopIndex: 24, fragment: 'nosuchtable' }],
  });
  const { session, presenter, deps } = setup(() => err);
  const failed: Array<{ info: import('../../../src/engine/result-sink').ResultSetInfo; failure: import('../../../src/engine/result-sink').ResultFailure }> = [];
  const withFailed = Object.assign(presenter, { failed: (info: (typeof failed)[0]['info'], failure: (typeof failed)[0]['failure']) => failed.push({ info, failure }) });
  const doc = 'SELECT 1;\nSELECT 1 FROM nosuchtable';
  const outcome = await runStatements({ profile: 'p', session, statements: prepared(doc).slice(1), title: 't', source: 'file:///w/q.sql' },
    { ...deps, presenter: withFailed }, new AbortController().signal);
  assert.equal(outcome.status, 'failed');
  assert.equal(presenter.results.length, 0, 'no result opened');
  assert.equal(failed.length, 1);
  const { info, failure } = failed[0];
  assert.equal(info.sql, 'SELECT 1 FROM nosuchtable');
  assert.equal(info.source, 'file:///w/q.sql');
  assert.equal(failure.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
  assert.equal(failure.sqlState, '42P01');
  assert.equal(failure.cancelled, false);
  assert.ok(failure.range);
  assert.equal(doc.slice(failure.range.start, failure.range.end), 'nosuchtable');
});

test('a cancelled statement without a result is not reported as a failure', async () => {
  const { session, presenter, deps } = setup(() => 'hang');
  const failed: unknown[] = [];
  const ctl = new AbortController();
  const run = runStatements({ profile: 'p', session, statements: prepared('SELECT slow'), title: 't' },
    { ...deps, presenter: Object.assign(presenter, { failed: (...a: unknown[]) => failed.push(a) }) }, ctl.signal);
  setTimeout(() => ctl.abort(), 10);
  assert.equal((await run).status, 'cancelled');
  assert.deepEqual(failed, []);
});

test('a re-run with a refinement executes with it, and keeps it for the next re-run', async () => {
  const { session, presenter, deps } = setup(() => [schema('a'), batch(2)]);
  await runStatements({ profile: 'p', session, statements: prepared('SELECT a FROM t'), title: 't', rowLimit: 5 }, deps, new AbortController().signal);
  const controls = presenter.results[0].info as import('../../../src/engine/query-runner').ControlledResultSetInfo;
  assert.equal(controls.refine, undefined);
  const refine = { sort: { column: 'a', descending: true } };
  await controls.rerun?.(5, presenter, refine);
  assert.deepEqual(session.executeOptions[1].refine, refine);
  assert.equal(session.executeOptions[1].rowLimit, 5);
  const refined = presenter.results[1].info as import('../../../src/engine/query-runner').ControlledResultSetInfo;
  assert.deepEqual(refined.refine, refine);
  await refined.rerun?.(50, presenter);
  assert.deepEqual(session.executeOptions[2].refine, refine, '"Fetch more" on a refined result keeps the refinement');
});

test('a file run opens grids only for result sets: settings and DDL report in the log', async () => {
  const { session, presenter, logger, deps } = setup((sql) => (sql.startsWith('SET') ? [schema('key', 'value'), batch(1)]
    : sql.startsWith('SELECT') ? [schema('a'), batch(2)] : [schema(), batch(0)]));
  const doc = 'SET spark.sql.shuffle.partitions = 4;\nCREATE TABLE t (a INT);\nUSE default;\nSELECT a FROM t;\nSET spark.sql.shuffle.partitions';
  const outcome = await runStatements({ profile: 'p', session, statements: prepared(doc), title: 'f.sql' }, deps, new AbortController().signal);
  assert.equal(outcome.status, 'succeeded');
  assert.deepEqual(presenter.results.map((r) => r.info.sql), ['SELECT a FROM t', 'SET spark.sql.shuffle.partitions'],
    'the query and the value lookup get grids; the setting, the DDL and USE do not');
  const lines = logger.lines.filter((l) => l.includes('succeeded'));
  assert.equal(lines.length, 5);
  assert.match(lines[0], /statement 1\/5 succeeded: no result set \(SET spark\.sql\.shuffle\.partitions = 4\)/);
  assert.match(lines[1], /statement 2\/5 succeeded: no result set \(CREATE TABLE t \(a INT\)\)/);
  assert.match(lines[3], /statement 4\/5 succeeded: 2 rows/);
});
