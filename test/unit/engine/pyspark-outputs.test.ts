import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Int64, Table, vectorFromArray } from 'apache-arrow';
import { ConnectPySpark } from '../../../src/engine/connect-pyspark';
import type { ExecuteSqlOptions, SqlExecution } from '../../../src/engine/engine';
import { presentPySparkOutput, runPySparkPresenting, type PySparkOutputTarget } from '../../../src/engine/pyspark-outputs';
import { runPySpark } from '../../../src/pyspark/run';
import { arrowEvent, fakeSession } from '../connect/api-helpers';

const countEvent = (n: bigint) => arrowEvent(new Table({ 'count(1)': vectorFromArray([n], new Int64()) }));

/**
 * The real runner on an in-process session whose server is a fake: every ExecutePlan (the runner's own
 * count(), the caller's execution of a shown DataFrame) and every output shown goes into one log.
 */
function harness(counts: bigint[]) {
  const log: string[] = [];
  const { spark, client } = fakeSession({ executions: counts.map((n) => [countEvent(n)]) });
  const execute = client.execute.bind(client);
  client.execute = (plan, opts) => {
    log.push('ExecutePlan count()');
    return execute(plan, opts);
  };
  const executeDataFrame = (_plan: unknown, applied: number, _options: ExecuteSqlOptions): SqlExecution => {
    log.push(`ExecutePlan DataFrame (limit ${applied})`);
    return { operationId: 'df', cancel: async () => undefined, async *[Symbol.asyncIterator]() { /* no rows */ } };
  };
  const py = new ConnectPySpark(spark, client, executeDataFrame, runPySpark);
  const target: PySparkOutputTarget = {
    dataFrame: async (out, rowLimit) => {
      for await (const _ of py.executeDataFrame(out.df, rowLimit === undefined ? {} : { rowLimit })) { /* drained */ }
      log.push(`grid line ${out.span.line}`);
    },
    explain: async (out) => { log.push(`plan line ${out.span.line}`); },
    text: (out) => { log.push(`${out.kind} ${out.text}`); },
  };
  return { py, target, log };
}

void test('outputs appear, and DataFrames execute, in the order of the code: print, show, count, show interleaved', async () => {
  const { py, target, log } = harness([3n, 2n]);
  const source = [
    'df = spark.range(3)',
    'print("first")',
    'df.show()',
    'print(df.count())',
    'df.filter("id > 0").show(1)',
    'df.filter("id > 0").count()',
    'display(df)',
  ].join('\n');
  const outputs = await runPySparkPresenting(py, source, {}, target, 1000);
  assert.deepEqual(log, [
    'text first',
    'ExecutePlan DataFrame (limit 20)', 'grid line 3',
    'ExecutePlan count()', 'text 3',
    'ExecutePlan DataFrame (limit 1)', 'grid line 5',
    'ExecutePlan count()', 'value 2',
    'ExecutePlan DataFrame (limit 1000)', 'grid line 7',
  ]);
  assert.deepEqual(outputs.map((o) => o.kind), ['text', 'dataframe', 'text', 'dataframe', 'value', 'dataframe'], 'the run still returns every output');
});

void test('a loop whose statement waits for an action value shows its outputs in order too', async () => {
  const { py, target, log } = harness([2n]);
  const source = [
    'df = spark.range(2)',
    'if df.count() > 1:',
    '    df.show(5)',
    '    print("after show")',
    'print("end")',
  ].join('\n');
  await runPySparkPresenting(py, source, {}, target, undefined);
  assert.deepEqual(log, ['ExecutePlan count()', 'ExecutePlan DataFrame (limit 5)', 'grid line 3', 'text after show', 'text end']);
});

void test('the mapping: show(n) keeps its n, display and bare DataFrames take the front end\'s limit, writes and values are text', async () => {
  const seen: Array<[string, unknown]> = [];
  const target: PySparkOutputTarget = {
    dataFrame: async (_out, rowLimit) => { seen.push(['dataFrame', rowLimit]); },
    explain: async (out) => { seen.push(['explain', out.mode]); },
    text: (out) => { seen.push([out.kind, out.text]); },
  };
  const span = { from: 0, to: 1, line: 1, column: 1 };
  const df = {} as never;
  await presentPySparkOutput({ kind: 'dataframe', df, how: 'show', span, show: { n: 7, truncate: true, vertical: false } }, target, 100);
  await presentPySparkOutput({ kind: 'dataframe', df, how: 'display', span }, target, 100);
  await presentPySparkOutput({ kind: 'dataframe', df, how: 'expression', span }, target, undefined);
  await presentPySparkOutput({ kind: 'explain', df, mode: 'formatted', span }, target, 100);
  await presentPySparkOutput({ kind: 'write', description: 'wrote table t', span }, target, 100);
  await presentPySparkOutput({ kind: 'value', value: 3, text: '3', span }, target, 100);
  await presentPySparkOutput({ kind: 'text', text: 'hi', span }, target, 100);
  assert.deepEqual(seen, [['dataFrame', 7], ['dataFrame', 100], ['dataFrame', undefined], ['explain', 'formatted'], ['write', 'wrote table t'], ['value', '3'], ['text', 'hi']]);
});
