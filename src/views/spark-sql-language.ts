// sparkConnect.sql.useSparkSqlLanguage: open .sql files in the Spark SQL mode.
//
// Of the ways to do it, this is the least forceful one that works: when the setting is on, a .sql
// document that VS Code opened in its built-in 'sql' mode is switched to 'sparksql' with
// setTextDocumentLanguage. Nothing is written to the user's settings (files.associations would outlive
// the setting and override other extensions' choices for good); a file that a user or another extension
// associated with some other language is not 'sql' and is left alone; a document the user switches back
// to 'sql' by hand stays 'sql' (each document is switched once per window); turning the setting off
// switches the documents it changed back.
import * as vscode from 'vscode';
import { SPARK_SQL_LANGUAGE_ID, switchesToSparkSql } from '../sql/language-ids';
import type { Logger } from '../connect/logger';
import type { ExtensionSettings } from './settings';

export function registerSparkSqlLanguageSwitch(settings: ExtensionSettings, log: Logger): vscode.Disposable {
  // Documents switched by us: never switched twice, and switched back when the setting goes off.
  const switched = new Set<string>();
  const consider = (doc: vscode.TextDocument): void => {
    if (!settings.useSparkSqlLanguage || !switchesToSparkSql(doc.languageId, doc.uri.path)) return;
    const key = doc.uri.toString();
    if (switched.has(key)) return;
    switched.add(key);
    log.debug(`sql.useSparkSqlLanguage: opening ${doc.uri.path} in the Spark SQL mode`);
    void vscode.languages.setTextDocumentLanguage(doc, SPARK_SQL_LANGUAGE_ID).then(undefined, (err: unknown) => {
      switched.delete(key);
      log.warn(`Could not open ${doc.uri.path} in the Spark SQL mode: ${err instanceof Error ? err.message : String(err)}`);
    });
  };
  vscode.workspace.textDocuments.forEach(consider);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!settings.affects(e, 'sql.useSparkSqlLanguage')) return;
      log.debug(`sql.useSparkSqlLanguage is now ${settings.useSparkSqlLanguage}`);
      if (settings.useSparkSqlLanguage) {
        vscode.workspace.textDocuments.forEach(consider);
        return;
      }
      for (const doc of vscode.workspace.textDocuments) {
        if (switched.has(doc.uri.toString()) && doc.languageId === SPARK_SQL_LANGUAGE_ID) void vscode.languages.setTextDocumentLanguage(doc, 'sql');
      }
      switched.clear();
    }),
  );
}
