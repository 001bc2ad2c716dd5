import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainStatement, runStatements } from '../../../src/commands/query-runner';
import { OperationsModel } from '../../../src/commands/operations-model';
import { SparkConnectError } from '../../../src/connect/errors';
import { splitStatements } from '../../../src/sql/split';
import { FakeSession, MemoryMemento, RecordingLogger, RecordingPresenter, batch, schema } from './fakes';

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
