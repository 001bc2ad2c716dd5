// Composition root: builds the services, registers views and commands, and nothing else.
import * as vscode from 'vscode';
import { LazyEngine, connectEngineLoader } from './engine/lazy-engine';
import { LocalSparkController } from './commands/local-spark-commands';
import { connectProfile } from './commands/connection-commands';
import { OperationsModel } from './engine/operations-model';
import { profileResolver } from './engine/profile-resolver';
import { registerCommands } from './commands/register';
import type { Services } from './commands/services';
import { SessionManager } from './engine/session-manager';
import { ExtensionSettings } from './views/settings';
import { createOutputLog } from './log/output-log';
import { profileFromEnvironment } from './profiles/import';
import { ProfileRepository } from './profiles/profile-repository';
import { VsCodeProfileSettingsStore, VsCodeSecretStore } from './profiles/vscode-profile-store';
import { ConnectionsTreeProvider } from './views/connections-tree';
import { SqlDiagnostics } from './views/diagnostics';
import { GridResultsPresenter } from './views/results/grid-results-presenter';
import { OperationsTreeProvider } from './views/operations-tree';
import { planPanelFactory } from './views/plan/plan-panel';
import { PanelPlanPresenter } from './views/plan/plan-presenter';
import { registerPlanRestore, rerunAsHistoryExplain } from './views/plan/plan-restore';
import { SqlCodeLensProvider } from './views/sql-codelens';
import { registerStatusBar } from './views/status-bar';
import { registerContextKeys } from './views/context-keys';
import { SparkNotebookController } from './views/notebook/kernel-controller';
import { sqlDocumentSelector } from './sql/language-ids';
import { registerSqlFormatting } from './views/sql-formatting';
import { registerSparkSqlLanguageSwitch } from './views/spark-sql-language';
import { registerSqlNameReferences } from './views/sql-name-references';
import { PythonFiles } from './views/python-files';
import { PySparkDiagnostics } from './views/pyspark-diagnostics';
import { PySparkCodeLensProvider } from './views/pyspark-codelens';
import { registerPySparkContext } from './views/pyspark-context';
import { registerSessionLossNotice } from './views/session-loss';
import { openWalkthroughOnFirstRun, registerWalkthroughTick } from './views/walkthrough';
import { registerSqlLanguage } from './language/register-sql-language';
import { registerResultRestore, rerunAsHistoryRun } from './views/results/result-restore';

let services: Services | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = createOutputLog('Spark Connect');
  context.subscriptions.push(log);
  try {
    const settings = new ExtensionSettings();
    const settingsStore = new VsCodeProfileSettingsStore();
    // SPARK_REMOTE is read once, at activation, like the environment it comes from.
    const env = profileFromEnvironment(process.env);
    if (env.kind === 'invalid') log.warn(env.message);
    const profiles = new ProfileRepository(settingsStore, new VsCodeSecretStore(context.secrets), () => (env.kind === 'profile' ? [env.imported] : []));
    context.subscriptions.push(settingsStore.onDidChange(() => profiles.notifyChanged()));

    const clientType = `vscode/${vscode.version} ${context.extension.packageJSON.name as string}/${context.extension.packageJSON.version as string}`;
    // The client (grpc-js, protobuf) loads on first connect; grpc-js's own diagnostics go to our log then.
    const engine = new LazyEngine(connectEngineLoader(log, clientType));
    const sessions = new SessionManager(engine, profileResolver(profiles, log, () => settings.streamTransport), log, Date.now, context.workspaceState);
    const operations = new OperationsModel(context.globalState, () => settings.historyMaxEntries);
    const results = new GridResultsPresenter({ extensionUri: context.extensionUri, logger: log, showPlan: (request) => s.plans.show(request),
      rerun: rerunAsHistoryRun(() => sessions.activeProfile) });
    const diagnostics = new SqlDiagnostics();
    const connections = new ConnectionsTreeProvider(profiles, sessions);
    const planDeps = { extensionUri: context.extensionUri, logger: log, rerun: rerunAsHistoryExplain(() => sessions.activeProfile) };
    const s: Services = {
      context, log, settings, profiles, engine, sessions, operations, results,
      plans: new PanelPlanPresenter(planPanelFactory(planDeps)), diagnostics, connections,
      localSpark: new LocalSparkController(profiles, sessions, settings, log, (name) => connectProfile(s, name)),
      pythonFiles: new PythonFiles(), pysparkDiagnostics: new PySparkDiagnostics(),
      notebooks: new SparkNotebookController({ sessions, operations, log, settings }),
    };
    services = s;

    const operationsTree = new OperationsTreeProvider(operations);
    const codeLens = new SqlCodeLensProvider(settings);
    context.subscriptions.push(
      results, diagnostics, connections, operationsTree, codeLens, s.localSpark,
      vscode.window.registerTreeDataProvider('sparkConnect.connections', connections),
      vscode.window.registerTreeDataProvider('sparkConnect.operations', operationsTree),
      vscode.languages.registerCodeLensProvider(sqlDocumentSelector(), codeLens),
      registerStatusBar(sessions),
      registerCommands(s),
      registerContextKeys(context, profiles, sessions),
      registerWalkthroughTick(profiles),
      s.notebooks,
      registerSqlFormatting(settings),
      registerSparkSqlLanguageSwitch(settings, log),
      registerSqlNameReferences(),
      registerSqlLanguage({
        activeSession: () => (sessions.activeProfile ? sessions.session(sessions.activeProfile) : undefined),
        operations, onExplorerRefresh: connections.onDidChangeTreeData, serverDiagnostics: () => settings.sqlServerDiagnostics,
        logger: log,
      }),
    );
    const pysparkLens = new PySparkCodeLensProvider(settings, s.pythonFiles);
    context.subscriptions.push(
      s.pysparkDiagnostics, pysparkLens,
      vscode.languages.registerCodeLensProvider({ language: 'python' }, pysparkLens),
      vscode.workspace.onDidCloseTextDocument((d) => s.pythonFiles.forget(d)),
      registerPySparkContext(),
      registerSessionLossNotice(sessions, () => log.show()),
      registerPlanRestore(planDeps),
      registerResultRestore(results, log),
    );
    openWalkthroughOnFirstRun(context);
  } catch (err) {
    log.error(`Activation failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Spark Connect could not start: {0}', err instanceof Error ? err.message : String(err)));
    throw err;
  }
}

export async function deactivate(): Promise<void> {
  const s = services;
  services = undefined;
  if (!s) return;
  // Release server sessions and stop a local server this window started.
  await Promise.allSettled([s.sessions.dispose(), s.localSpark.shutdown()]);
}
