// The objects command handlers work with, built once by the composition root (extension.ts).
import type * as vscode from 'vscode';
import type { OutputLog } from '../log/output-log';
import type { ProfileRepository } from '../profiles/profile-repository';
import type { ConnectionsTreeProvider } from '../views/connections-tree';
import type { SqlDiagnostics } from '../views/diagnostics';
import type { PlanPresenter, ResultsPresenter } from '../engine/result-sink';
import type { SparkEngine } from '../engine/engine';
import type { LocalSparkController } from './local-spark-commands';
import type { OperationsModel } from '../engine/operations-model';
import type { SessionManager } from '../engine/session-manager';
import type { ExtensionSettings } from '../views/settings';
import type { SparkNotebookController } from '../views/notebook/kernel-controller';
import type { PythonFiles } from '../views/python-files';
import type { PySparkDiagnostics } from '../views/pyspark-diagnostics';

export interface Services {
  context: vscode.ExtensionContext;
  log: OutputLog;
  settings: ExtensionSettings;
  profiles: ProfileRepository;
  engine: SparkEngine;
  sessions: SessionManager;
  operations: OperationsModel;
  results: ResultsPresenter;
  plans: PlanPresenter;
  diagnostics: SqlDiagnostics;
  connections: ConnectionsTreeProvider;
  localSpark: LocalSparkController;
  /** Parsed Python documents, shared by the PySpark CodeLens and run commands. */
  pythonFiles: PythonFiles;
  pysparkDiagnostics: PySparkDiagnostics;
  notebooks: SparkNotebookController;
}
