// Wires the Spark SQL language service into VS Code: providers for every SQL language id, squiggles,
// and the catalog cache's invalidation (explorer refresh, DDL run from the editor). Nothing here loads
// the service itself: that happens on the first completion, hover or diagnostic.
import * as vscode from 'vscode';
import type { EngineSession } from '../engine/engine';
import type { OperationsModel } from '../engine/operations-model';
import { mayChangeCatalog } from './ddl-detect';
import { SqlDiagnosticsController, type ServerDiagnosticsMode } from './sql-diagnostics-controller';
import { SQL_LANGUAGE_IDS } from './sql-language-ids';
import { SqlLanguageClient } from './sql-language-client';
import { sqlCompletionProvider, sqlHoverProvider, sqlSignatureHelpProvider } from './sql-providers';
import { registerPythonSql } from './python-sql-providers';

export interface SqlLanguageDeps {
  activeSession: () => EngineSession | undefined;
  operations: Pick<OperationsModel, 'onDidChange' | 'history'>;
  /** Fires when the explorer is refreshed (or connections change). */
  onExplorerRefresh: vscode.Event<unknown>;
  serverDiagnostics: () => ServerDiagnosticsMode;
  /** Where a problem of the language service itself is told (the grammar's worker could not start). */
  logger?: { warn(message: string): void };
}

export function registerSqlLanguage(deps: SqlLanguageDeps): vscode.Disposable {
  const client = new SqlLanguageClient(deps.activeSession, (reason) => deps.logger?.warn(`Spark SQL: the grammar runs on the extension host's thread (${reason}); a slow parse may delay typing.`));
  const selector: vscode.DocumentSelector = SQL_LANGUAGE_IDS.map((language) => ({ language }));
  let lastSeen = deps.operations.history()[0]?.id;
  const diagnostics = new SqlDiagnosticsController(client, deps.activeSession, deps.serverDiagnostics);
  return vscode.Disposable.from(
    client,
    vscode.languages.registerCompletionItemProvider(selector, sqlCompletionProvider(client), '.'),
    vscode.languages.registerHoverProvider(selector, sqlHoverProvider(client)),
    vscode.languages.registerSignatureHelpProvider(selector, sqlSignatureHelpProvider(client), '(', ','),
    diagnostics,
    registerPythonSql(client, { activeSession: deps.activeSession, mode: deps.serverDiagnostics }),
    deps.onExplorerRefresh(() => {
      client.invalidate();
      // A connection may have changed: syntax is keyed to the server's version.
      diagnostics.recheckAll();
    }),
    deps.operations.onDidChange(() => {
      // Every statement run since the last look (a file run adds several).
      const history = deps.operations.history();
      const fresh = [];
      for (const h of history) {
        if (h.id === lastSeen) break;
        fresh.push(h);
      }
      if (fresh.length === 0) return;
      lastSeen = history[0].id;
      if (fresh.some((h) => mayChangeCatalog(h.sql))) client.invalidate();
    }),
  );
}
