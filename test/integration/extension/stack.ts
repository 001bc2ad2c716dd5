// The extension's command layer as extension.ts builds it, minus VS Code's UI: the production
// ConnectEngine, SessionManager, ProfileRepository (memory stores), OperationsModel and the real log
// module writing to the fake vscode's output channel. Tests drive it as the command handlers do.
import { fake } from '../../support/fakes/fake-vscode';
import { tableFromIPC } from 'apache-arrow';
import { ConnectEngine } from '../../../src/engine/connect-engine';
import type { ResultColumn } from '../../../src/engine/engine';
import { OperationsModel } from '../../../src/engine/operations-model';
import { profileResolver } from '../../../src/engine/profile-resolver';
import { SessionManager } from '../../../src/engine/session-manager';
import { createOutputLog, type OutputLog } from '../../../src/log/output-log';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/profiles/memory-stores';
import { ProfileRepository } from '../../../src/profiles/profile-repository';
import type { ResultFailure, ResultSetInfo, ResultSink, ResultsPresenter } from '../../../src/engine/result-sink';
import { MemoryMemento } from '../../support/fakes/fakes';

export { fake };

export interface KeptResult {
  info: ResultSetInfo;
  columns: ResultColumn[] | undefined;
  batches: Uint8Array[];
  completed?: { rowCount: number };
  failed?: ResultFailure;
}

/** A presenter that keeps the Arrow bytes, so tests can read the values the server sent. */
export class KeepingPresenter implements ResultsPresenter {
  readonly results: KeptResult[] = [];
  open(info: ResultSetInfo, columns: ResultColumn[] | undefined): ResultSink {
    const r: KeptResult = { info, columns, batches: [] };
    this.results.push(r);
    return {
      addBatch: (data) => r.batches.push(data.slice()),
      complete: (s) => { r.completed = { rowCount: s.rowCount }; },
      fail: (s) => { r.failed = s; },
    };
  }
}

/** Rows of a kept result as plain objects (each batch is its own IPC stream). */
export function rowsOf(r: KeptResult): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const b of r.batches) {
    for (const row of tableFromIPC(b)) out.push(row.toJSON() as Record<string, unknown>);
  }
  return out;
}

export interface Stack {
  log: OutputLog;
  settings: MemorySettingsStore;
  secrets: MemorySecretStore;
  profiles: ProfileRepository;
  engine: ConnectEngine;
  sessions: SessionManager;
  operations: OperationsModel;
  memento: MemoryMemento;
  presenter: KeepingPresenter;
}

export function buildStack(): Stack {
  const log = createOutputLog('Spark Connect');
  const settings = new MemorySettingsStore(false);
  const secrets = new MemorySecretStore();
  const profiles = new ProfileRepository(settings, secrets);
  const engine = new ConnectEngine(log, 'vscode/test spark-connect-vscode/integration');
  const sessions = new SessionManager(engine, profileResolver(profiles), log);
  const memento = new MemoryMemento();
  const operations = new OperationsModel(memento, () => 50);
  return { log, settings, secrets, profiles, engine, sessions, operations, memento, presenter: new KeepingPresenter() };
}
