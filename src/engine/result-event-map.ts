// ExecuteEvents (the client's view of ExecutePlanResponses) as the engine's ResultEvents: columns from a
// schema or from an Arrow IPC stream, progress as task counts, metrics read off the executed plan.
// Shared by the one-pass reader (connect-engine.ts) and the reader that can stop and read on (kept-result.ts).
import { RecordBatchReader } from 'apache-arrow';
import { dataTypeFromProto } from '../connect/data-type-proto';
import { StructType } from '../connect/data-types';
import type { ExecuteEvent } from '../connect/execution';
import type { spark } from '../connect/generated/spark-connect';
import { readExecutionMetrics } from '../plan/metrics';
import type { ResultColumn, ResultEvent } from './engine';

export function columnsOf(schema: spark.connect.IDataType): ResultColumn[] {
  const t = dataTypeFromProto(schema);
  if (!(t instanceof StructType)) return [{ name: 'value', type: t.simpleString(), nullable: true }];
  return t.fields.map((f) => ({ name: f.name, type: f.dataType.simpleString(), nullable: f.nullable }));
}

export function columnsOfIpc(data: Uint8Array): ResultColumn[] {
  const reader = RecordBatchReader.from(data);
  reader.open();
  return reader.schema.fields.map((f) => ({ name: f.name, type: String(f.type).toLowerCase(), nullable: f.nullable }));
}

function num(v: number | { toString(): string } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v.toString());
}

/** Progress and metrics events as ResultEvents; undefined for the kinds the readers handle themselves. */
export function sideEvent(e: ExecuteEvent): ResultEvent | undefined {
  if (e.kind === 'metrics') return { kind: 'metrics', metrics: readExecutionMetrics(e.metrics) };
  if (e.kind === 'progress') {
    const stages = e.progress.stages ?? [];
    return {
      kind: 'progress',
      stages: stages.length,
      totalTasks: stages.reduce((n, s) => n + num(s.numTasks), 0),
      doneTasks: stages.reduce((n, s) => n + num(s.numCompletedTasks), 0),
      doneStages: stages.filter((s) => s.done).length,
      runningTasks: num(e.progress.numInflightTasks),
    };
  }
  return undefined;
}
