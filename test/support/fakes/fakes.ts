// Fakes for the extension's pure models: an engine whose sessions answer from scripts.
import type { EngineSession, ExecuteSqlOptions, ResultEvent, SparkEngine, SqlExecution, TableInfo, ColumnInfo } from '../../../src/engine/engine';
import type { ExplainMode } from '../../../src/connect/explain-mode';
import type { ProfileClientOptions } from '../../../src/profiles/connection-options';
import type { SqlArguments } from '../../../src/sql/parameter-values';
import type { ResultFailure, ResultSink, ResultsPresenter, ResultSetInfo } from '../../../src/engine/result-sink';
import type { Logger } from '../../../src/connect/logger';
import type { ResultColumn } from '../../../src/engine/engine';

export type Script = (sql: string, args: SqlArguments | undefined) => Array<ResultEvent | Error> | Error | 'hang';

export interface ExecutedCall {
  sql: string;
  args: SqlArguments | undefined;
  operationId: string;
}

export class FakeSession implements EngineSession {
  readonly executed: ExecutedCall[] = [];
  /** The options of each executeSql call, in order (kept apart so `executed` compares simply). */
  readonly executeOptions: ExecuteSqlOptions[] = [];
  readonly interrupted: string[] = [];
  closed = 0;
  private seq = 0;
  catalogs: string[] = ['spark_catalog'];
  databases: Record<string, string[][]> = { spark_catalog: [['default']] };
  tables: Record<string, TableInfo[]> = {};
  columns: Record<string, ColumnInfo[]> = {};
  listCalls: string[] = [];

  constructor(
    readonly sessionId = 'sess-1',
    readonly sparkVersion = '4.3.0',
    public script: Script = () => [],
  ) {}

  executeSql(sql: string, args: SqlArguments | undefined, options?: ExecuteSqlOptions): SqlExecution {
    const operationId = `op-${++this.seq}`;
    this.executed.push({ sql, args, operationId });
    this.executeOptions.push(options ?? {});
    const outcome = this.script(sql, args);
    const session = this;
    let cancelled = false;
    let wake: (() => void) | undefined;
    return {
      operationId,
      async cancel() {
        cancelled = true;
        session.interrupted.push(operationId);
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        if (outcome instanceof Error) throw outcome;
        if (outcome === 'hang') {
          await new Promise<void>((resolve) => {
            wake = resolve;
            options?.signal?.addEventListener('abort', () => resolve(), { once: true });
          });
          if (cancelled || options?.signal?.aborted) {
            const { SparkConnectError } = await import('../../../src/connect/errors');
            throw new SparkConnectError('Operation was interrupted.', { reason: 'cancelled', errorClass: 'OPERATION_CANCELED' });
          }
          return;
        }
        for (const e of outcome) {
          if (e instanceof Error) throw e; // fails mid-stream, after what came before
          yield e;
        }
      },
    };
  }

  explainCalls: Array<{ sql: string; mode: ExplainMode }> = [];
  async explainSql(sql: string, _args: SqlArguments | undefined, mode: ExplainMode, signal?: AbortSignal): Promise<string> {
    this.explainCalls.push({ sql, mode });
    if (sql.includes('HANG')) {
      await new Promise<void>((_resolve, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), { once: true }));
    }
    return `== Physical Plan (${mode}) ==\n${sql}`;
  }

  pings = 0;
  async ping(): Promise<void> {
    this.pings++;
  }

  async listCatalogs(): Promise<string[]> {
    this.listCalls.push('catalogs');
    return this.catalogs;
  }

  async listDatabases(catalog: string): Promise<string[][]> {
    this.listCalls.push(`databases:${catalog}`);
    return this.databases[catalog] ?? [];
  }

  async listTables(catalog: string, database: readonly string[], signal?: AbortSignal): Promise<TableInfo[]> {
    this.listCalls.push(`tables:${catalog}.${database.join('.')}`);
    if (this.blockTables) {
      await new Promise<void>((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }
    return this.tables[`${catalog}.${database.join('.')}`] ?? [];
  }
  blockTables = false;

  async listColumns(nameParts: readonly string[]): Promise<ColumnInfo[]> {
    this.listCalls.push(`columns:${nameParts.join('.')}`);
    return this.columns[nameParts.join('.')] ?? [];
  }

  async interrupt(operationId: string): Promise<void> {
    this.interrupted.push(operationId);
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

export class FakeEngine implements SparkEngine {
  readonly connects: ProfileClientOptions[] = [];
  sessions: FakeSession[] = [];
  fail: Error | undefined;
  /** When set, connect waits for this promise. */
  gate: Promise<void> | undefined;

  async connect(options: ProfileClientOptions, signal?: AbortSignal): Promise<EngineSession> {
    this.connects.push(options);
    if (this.gate) await this.gate;
    if (signal?.aborted) throw new Error('aborted');
    if (this.fail) throw this.fail;
    const s = new FakeSession(`sess-${this.connects.length}`);
    this.sessions.push(s);
    return s;
  }
}

export interface RecordedResult {
  info: ResultSetInfo;
  columns: ResultColumn[] | undefined;
  batches: number[];
  completed?: { rowCount: number };
  failed?: ResultFailure;
}

export class RecordingPresenter implements ResultsPresenter {
  readonly results: RecordedResult[] = [];
  open(info: ResultSetInfo, columns: ResultColumn[] | undefined): ResultSink {
    const r: RecordedResult = { info, columns, batches: [] };
    this.results.push(r);
    return {
      addBatch: (_data, rowCount) => r.batches.push(rowCount),
      complete: (s) => { r.completed = { rowCount: s.rowCount }; },
      fail: (s) => { r.failed = s; },
    };
  }
}

export class MemoryMemento {
  readonly values = new Map<string, unknown>();
  updates = 0;
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.updates++;
    this.values.set(key, JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))));
  }
}

export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  trace(m: string) { this.lines.push(`trace ${m}`); }
  debug(m: string) { this.lines.push(`debug ${m}`); }
  info(m: string) { this.lines.push(`info ${m}`); }
  warn(m: string) { this.lines.push(`warn ${m}`); }
  error(m: string) { this.lines.push(`error ${m}`); }
}

export const schema = (...names: string[]): ResultEvent => ({ kind: 'schema', columns: names.map((name) => ({ name, type: 'int', nullable: true })) });
export const batch = (rowCount: number): ResultEvent => ({ kind: 'arrow', rowCount, data: new Uint8Array([rowCount]) });
