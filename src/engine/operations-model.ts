// Running operations and the history of past runs. History is stored in a Memento (VS Code's
// globalState in the extension), capped in entries and in statement length, and redacted: a SQL
// statement may carry a secret (SET ...password=...), and history outlives the session.
import { redactSecrets } from '../connect/redact';
import { redactSql } from '../log/redact-sql';
import { Emitter } from './emitter';

/** 'pyspark': a PySpark run or one of its DataFrames; its text is Python, never re-run as SQL. */
export type OperationKind = 'query' | 'explain' | 'pyspark';
export type OperationStatus = 'succeeded' | 'failed' | 'cancelled';

export interface RunningOperation {
  /** Local id, unique in this window. */
  id: string;
  kind: OperationKind;
  profile: string;
  sql: string;
  startedAt: number;
  /** Server operation id, once known. */
  operationId?: string;
}

export interface HistoryEntry {
  id: string;
  kind: OperationKind;
  profile: string;
  sql: string;
  startedAt: number;
  durationMs: number;
  status: OperationStatus;
  rows?: number;
  /** One-line error, for failed runs. */
  error?: string;
}

/** The part of vscode.Memento that history needs. */
export interface HistoryMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const HISTORY_KEY = 'sparkConnect.history';
export const MAX_STORED_SQL_LENGTH = 20_000;

export interface OperationHandle {
  readonly id: string;
  setOperationId(operationId: string): void;
  /** Ends the operation and records it in history. */
  finish(result: { status: OperationStatus; rows?: number; error?: string }): void;
}

interface Running extends RunningOperation {
  cancel: () => void;
}

export class OperationsModel {
  private readonly runningOps = new Map<string, Running>();
  private entries: HistoryEntry[];
  private seq = 0;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: HistoryMemento,
    private readonly maxHistory: () => number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = sanitize(memento.get<unknown>(HISTORY_KEY));
  }

  running(): RunningOperation[] {
    return [...this.runningOps.values()].map(({ cancel: _cancel, ...op }) => op);
  }

  history(): HistoryEntry[] {
    return [...this.entries];
  }

  start(op: { kind: OperationKind; profile: string; sql: string; cancel: () => void }): OperationHandle {
    const id = `op-${++this.seq}-${this.now()}`;
    const running: Running = { id, kind: op.kind, profile: op.profile, sql: op.sql, startedAt: this.now(), cancel: op.cancel };
    this.runningOps.set(id, running);
    this.changed.fire();
    let finished = false;
    return {
      id,
      setOperationId: (operationId) => {
        running.operationId = operationId;
        this.changed.fire();
      },
      finish: (result) => {
        if (finished) return;
        finished = true;
        this.runningOps.delete(id);
        this.record({
          id,
          kind: running.kind,
          profile: running.profile,
          sql: running.sql,
          startedAt: running.startedAt,
          durationMs: this.now() - running.startedAt,
          status: result.status,
          ...(result.rows !== undefined ? { rows: result.rows } : {}),
          ...(result.error !== undefined ? { error: result.error } : {}),
        });
      },
    };
  }

  /** Asks a running operation to stop; true if it was running. */
  cancel(id: string): boolean {
    const op = this.runningOps.get(id);
    if (!op) return false;
    op.cancel();
    return true;
  }

  cancelAll(profile?: string): number {
    let n = 0;
    for (const op of [...this.runningOps.values()]) {
      if (profile === undefined || op.profile === profile) {
        op.cancel();
        n++;
      }
    }
    return n;
  }

  async clearHistory(): Promise<void> {
    this.entries = [];
    this.changed.fire();
    await this.memento.update(HISTORY_KEY, []);
  }

  private record(entry: HistoryEntry): void {
    const stored: HistoryEntry = {
      ...entry,
      sql: redactSql(entry.sql.length > MAX_STORED_SQL_LENGTH ? `${entry.sql.slice(0, MAX_STORED_SQL_LENGTH)}\n-- (truncated)` : entry.sql),
      ...(entry.error !== undefined ? { error: redactSecrets(entry.error) } : {}),
    };
    this.entries = [stored, ...this.entries].slice(0, Math.max(0, this.maxHistory()));
    this.changed.fire();
    // History is a convenience: a failed write must not fail the run that produced it.
    Promise.resolve(this.memento.update(HISTORY_KEY, this.entries)).catch(() => undefined);
  }
}

function sanitize(raw: unknown): HistoryEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((e): e is HistoryEntry =>
    typeof e === 'object' && e !== null
    && typeof (e as HistoryEntry).id === 'string'
    && typeof (e as HistoryEntry).sql === 'string'
    && typeof (e as HistoryEntry).profile === 'string'
    && typeof (e as HistoryEntry).startedAt === 'number'
    && typeof (e as HistoryEntry).durationMs === 'number'
    && ['succeeded', 'failed', 'cancelled'].includes((e as HistoryEntry).status));
}
