// Execution progress for work that runs deep inside a caller's code (the PySpark runner's count(),
// collect(), a SQL command): the caller opens a scope with a listener, and every execution this
// session starts inside that async scope reports its ExecutionProgress to it. Outside a scope nothing
// is wrapped, so other executions pay nothing.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { spark } from './generated/spark-connect';
import type { ExecutionLike } from './session-core';

/** Spark 4's ExecutionProgress summed over its stages. */
export interface ProgressSummary {
  stages: number;
  doneStages: number;
  totalTasks: number;
  doneTasks: number;
  runningTasks: number;
}

export type ProgressListener = (progress: ProgressSummary) => void;

const scope = new AsyncLocalStorage<ProgressListener>();

/** Runs `fn`; executions started inside it (at any depth of awaits) report progress to `listener`. */
export function withProgressListener<T>(listener: ProgressListener, fn: () => Promise<T>): Promise<T> {
  return scope.run(listener, fn);
}

export function currentProgressListener(): ProgressListener | undefined {
  return scope.getStore();
}

const num = (v: number | { toString(): string } | null | undefined): number =>
  (v === null || v === undefined ? 0 : typeof v === 'number' ? v : Number(v.toString()));

export function summarizeProgress(p: spark.connect.ExecutePlanResponse.ExecutionProgress.$Properties): ProgressSummary {
  const stages = p.stages ?? [];
  return {
    stages: stages.length,
    doneStages: stages.filter((s) => s.done).length,
    totalTasks: stages.reduce((n, s) => n + num(s.numTasks), 0),
    doneTasks: stages.reduce((n, s) => n + num(s.numCompletedTasks), 0),
    runningTasks: num(p.numInflightTasks),
  };
}

/** The same execution, its progress events also told to `listener` (a listener that throws is ignored). */
export function tapProgress(execution: ExecutionLike, listener: ProgressListener): ExecutionLike {
  async function* events() {
    for await (const e of execution) {
      if (e.kind === 'progress') {
        try {
          listener(summarizeProgress(e.progress));
        } catch {
          // Progress is a courtesy: it never fails the execution.
        }
      }
      yield e;
    }
  }
  return { operationId: execution.operationId, cancel: () => execution.cancel(), [Symbol.asyncIterator]: () => events() };
}
