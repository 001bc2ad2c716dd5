// The elements of the Operations view.
import type { HistoryEntry, RunningOperation } from '../engine/operations-model';

export type OperationsNode =
  | { type: 'group'; which: 'running' | 'history' }
  | { type: 'running'; op: RunningOperation }
  | { type: 'history'; entry: HistoryEntry };

export function runningOf(arg: unknown): RunningOperation | undefined {
  const n = arg as Partial<OperationsNode> | undefined;
  return n?.type === 'running' ? (n as { op: RunningOperation }).op : undefined;
}

export function historyOf(arg: unknown): HistoryEntry | undefined {
  const n = arg as Partial<OperationsNode> | undefined;
  return n?.type === 'history' ? (n as { entry: HistoryEntry }).entry : undefined;
}
