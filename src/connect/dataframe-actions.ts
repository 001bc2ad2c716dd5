// DataFrame actions: each runs the plan (ExecutePlan) or asks about it (AnalyzePlan) and turns the
// answer into JavaScript values. Kept apart from dataframe.ts so the plan building reads on its own.
import { RecordBatch, Table } from 'apache-arrow';
import { spark } from './generated/spark-connect';
import type { DataFrame } from './dataframe';
import type { ExplainMode } from './explain-mode';
import { EXPLAIN_MODE_PROTO } from './explain-mode-proto';
import { StructType } from './data-types';
import { dataTypeFromProto } from './data-type-proto';
import { IpcBatch, collectResult, ipcBatches as ipcOf, recordBatches } from './arrow-result';
import { IpcDecoder } from './arrow-ipc-decoder';
import { batchToRows, tableToRows, valueGetter } from './arrow-rows';
import { unresolvedFunction } from './column';
import { Row } from './row';
import { ActionOptions, type ArrowBatchOptions } from './session-core';
import type { AnalyzeBody, CallOptions } from './client';

/** The session's AnalyzePlan for a DataFrame (see SessionCore.analyze), else the client's. */
function analyzeOf(df: DataFrame): (body: AnalyzeBody, opts?: CallOptions) => Promise<spark.connect.AnalyzePlanResponse.$Properties> {
  const session = df.session;
  return session.analyze ? (body, opts) => session.analyze!(body, opts) : (body, opts) => session.client.analyze(body, opts);
}

export async function toArrow(df: DataFrame, opts?: ActionOptions): Promise<Table> {
  return (await collectResult(df.stream(opts))).table;
}

export async function collect(df: DataFrame, opts?: ActionOptions): Promise<Row[]> {
  return tableToRows(await toArrow(df, opts));
}

export function arrowBatches(df: DataFrame, opts?: ArrowBatchOptions): AsyncGenerator<RecordBatch> {
  return recordBatches(df.stream({ signal: opts?.signal }), { reuseMemory: opts?.reuseMemory });
}

export function ipcBatches(df: DataFrame, opts?: ActionOptions): AsyncGenerator<IpcBatch> {
  return ipcOf(df.stream(opts));
}

export async function* localIterator(df: DataFrame, opts?: ActionOptions): AsyncGenerator<Row> {
  const decoder = new IpcDecoder();
  for await (const b of ipcOf(df.stream(opts))) {
    for (const batch of decoder.decode(b.data)) yield* batchToRows(batch);
  }
}

/** The first cell of a one-row result (count, show string, catalog answers). */
export async function scalar(df: DataFrame, opts?: ActionOptions): Promise<unknown> {
  const table = await toArrow(df, opts);
  const batch = table.batches.find((b) => b.numRows > 0);
  if (!batch) return null;
  return valueGetter(batch.data.children[0]!)(0);
}

export async function count(df: DataFrame, opts?: ActionOptions): Promise<number> {
  // PySpark counts with groupBy().agg(count(lit(1))) and reads the single value back.
  const counted = df.derive({
    aggregate: {
      input: df.relation,
      groupType: spark.connect.Aggregate.GroupType.GROUP_TYPE_GROUPBY,
      groupingExpressions: [],
      aggregateExpressions: [unresolvedFunction('count', [{ literal: { integer: 1 } }])],
    },
  });
  return Number(await scalar(counted, opts));
}

function truncateWidth(truncate: boolean | number): number {
  // PySpark: True means 20 characters, False (0) means no truncation, a number is the width.
  if (truncate === true) return 20;
  if (truncate === false) return 0;
  return Math.trunc(truncate);
}

export async function showString(df: DataFrame, n: number, truncate: boolean | number, vertical: boolean,
  opts?: ActionOptions): Promise<string> {
  const shown = df.derive({
    showString: { input: df.relation, numRows: n, truncate: truncateWidth(truncate), vertical },
  });
  return String(await scalar(shown, opts) ?? '');
}

export async function show(df: DataFrame, n: number, truncate: boolean | number, vertical: boolean,
  writer: ((text: string) => void) | undefined, opts?: ActionOptions): Promise<string> {
  const text = await showString(df, n, truncate, vertical, opts);
  emit(df, text, writer);
  return text;
}

function emit(df: DataFrame, text: string, writer: ((text: string) => void) | undefined): void {
  const out = writer ?? df.session.output;
  out?.(text);
}

export function schema(df: DataFrame, opts?: ActionOptions): Promise<StructType> {
  if (!df.schemaPromise) {
    const p = analyzeOf(df)({ schema: { plan: df.toPlan() } }, opts).then((r) => {
      const t = dataTypeFromProto(r.schema?.schema);
      if (!(t instanceof StructType)) throw new Error(`Expected a struct schema, got ${t.simpleString()}`);
      return t;
    });
    // A failed or aborted request is not remembered; the next call asks again.
    p.catch(() => { if (df.schemaPromise === p) delete df.schemaPromise; });
    df.schemaPromise = p;
  }
  return df.schemaPromise;
}

export async function explain(df: DataFrame, extended: boolean | ExplainMode | undefined, mode: ExplainMode | undefined,
  opts?: ActionOptions): Promise<string> {
  if (extended !== undefined && mode !== undefined) throw new TypeError('explain: give either extended or mode, not both');
  const m: ExplainMode = mode ?? (typeof extended === 'string' ? extended : extended ? 'extended' : 'simple');
  const explainMode = EXPLAIN_MODE_PROTO[m];
  if (explainMode === undefined) throw new TypeError(`Unknown explain mode '${String(m)}'`);
  const r = await analyzeOf(df)({ explain: { plan: df.toPlan(), explainMode } }, opts);
  return r.explain?.explainString ?? '';
}

export async function treeString(df: DataFrame, level: number | undefined, opts?: ActionOptions): Promise<string> {
  const body: spark.connect.AnalyzePlanRequest.ITreeString = { plan: df.toPlan() };
  if (level !== undefined && level > 0) body.level = level;
  const r = await analyzeOf(df)({ treeString: body }, opts);
  return r.treeString?.treeString ?? '';
}

export async function printSchema(df: DataFrame, level: number | undefined, writer: ((text: string) => void) | undefined,
  opts?: ActionOptions): Promise<string> {
  const text = await treeString(df, level, opts);
  emit(df, text, writer);
  return text;
}

export async function isLocal(df: DataFrame, opts?: ActionOptions): Promise<boolean> {
  return (await analyzeOf(df)({ isLocal: { plan: df.toPlan() } }, opts)).isLocal?.isLocal ?? false;
}

export async function isStreaming(df: DataFrame, opts?: ActionOptions): Promise<boolean> {
  return (await analyzeOf(df)({ isStreaming: { plan: df.toPlan() } }, opts)).isStreaming?.isStreaming ?? false;
}

export async function inputFiles(df: DataFrame, opts?: ActionOptions): Promise<string[]> {
  return (await analyzeOf(df)({ inputFiles: { plan: df.toPlan() } }, opts)).inputFiles?.files ?? [];
}

export async function sameSemantics(df: DataFrame, other: DataFrame, opts?: ActionOptions): Promise<boolean> {
  const r = await analyzeOf(df)({ sameSemantics: { targetPlan: df.toPlan(), otherPlan: other.toPlan() } }, opts);
  return r.sameSemantics?.result ?? false;
}

export async function semanticHash(df: DataFrame, opts?: ActionOptions): Promise<number> {
  return (await analyzeOf(df)({ semanticHash: { plan: df.toPlan() } }, opts)).semanticHash?.result ?? 0;
}

export async function persist(df: DataFrame, opts?: ActionOptions): Promise<void> {
  await analyzeOf(df)({ persist: { relation: df.relation } }, opts);
}

export async function unpersist(df: DataFrame, blocking: boolean, opts?: ActionOptions): Promise<void> {
  await analyzeOf(df)({ unpersist: { relation: df.relation, blocking } }, opts);
}

/** Runs a command plan to completion, ignoring its (empty) result. */
export async function runCommand(df: Pick<DataFrame, 'session'>, command: spark.connect.ICommand,
  opts?: ActionOptions): Promise<void> {
  for await (const e of df.session.execute({ command }, opts)) void e;
}

export function createView(df: DataFrame, name: string, isGlobal: boolean, replace: boolean,
  opts?: ActionOptions): Promise<void> {
  return runCommand(df, { createDataframeView: { input: df.relation, name, isGlobal, replace } }, opts);
}
