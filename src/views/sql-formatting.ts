// Format Document / Format Selection for SQL documents. The formatter (sql-formatter and its grammar,
// src/sql-format/) loads on the first format, never at activation. Statements it keeps as written
// because formatting would change them are reported once per format, with their line and reason.
import * as vscode from 'vscode';
import type { DocumentFormat, KeptStatement, OffsetEdit } from '../sql-format/format-document';
import type { SqlFormatOptions } from '../sql-format/options';
import { sqlDocumentSelector } from '../sql/language-ids';
import type { ExtensionSettings } from './settings';

type FormatModule = typeof import('../sql-format/format-document');

let loaded: Promise<FormatModule> | undefined;
function formatModule(): Promise<FormatModule> {
  // esbuild.mjs turns this import() into dist/format-document.js, loaded on first use.
  loaded ??= import('../sql-format/format-document');
  return loaded;
}

export function registerSqlFormatting(settings: ExtensionSettings): vscode.Disposable {
  const options = (editor: vscode.FormattingOptions): SqlFormatOptions => ({
    ...settings.sqlFormat,
    tabWidth: editor.tabSize,
    useTabs: !editor.insertSpaces,
  });
  const provider: vscode.DocumentFormattingEditProvider & vscode.DocumentRangeFormattingEditProvider = {
    async provideDocumentFormattingEdits(document, editorOptions, token) {
      const m = await formatModule();
      const text = document.getText();
      const abort = new AbortController();
      const cancelled = token.onCancellationRequested(() => abort.abort());
      const r: DocumentFormat | undefined = await m.formatSqlDocumentAsync(text, options(editorOptions), abort.signal).finally(() => cancelled.dispose());
      // Cancelled (the user typed on, or closed the file): no edits, and no stale warnings.
      if (r === undefined || token.isCancellationRequested) return [];
      report(document, r.kept);
      if (!r.changed) return [];
      return [vscode.TextEdit.replace(new vscode.Range(document.positionAt(0), document.positionAt(text.length)), r.text)];
    },
    async provideDocumentRangeFormattingEdits(document, range, editorOptions) {
      const m = await formatModule();
      const r = m.formatSqlRange(document.getText(), document.offsetAt(range.start), document.offsetAt(range.end), options(editorOptions));
      report(document, r.kept);
      return r.edits.map((e: OffsetEdit) => vscode.TextEdit.replace(new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText));
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerDocumentFormattingEditProvider(sqlDocumentSelector(), provider),
    vscode.languages.registerDocumentRangeFormattingEditProvider(sqlDocumentSelector(), provider),
  );
}

/** Tells the user which statements were kept as written because formatting would have changed them. */
function report(document: vscode.TextDocument, kept: KeptStatement[]): void {
  const refused = kept.filter((k) => k.refused);
  if (refused.length === 0) return;
  const first = refused[0];
  const where = `${vscode.workspace.asRelativePath(document.uri)}:${first.line}:${first.column}`;
  const message = refused.length === 1
    ? vscode.l10n.t('Spark SQL: one statement was left as written ({0}): {1}', where, first.reason)
    : vscode.l10n.t('Spark SQL: {0} statements were left as written; the first ({1}): {2}', refused.length, where, first.reason);
  void vscode.window.showWarningMessage(message);
}
