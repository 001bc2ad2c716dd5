// Running and explaining SQL from editors: the selection or the statement at the cursor
// (Ctrl/Cmd+Enter), the whole file, one statement from a CodeLens. The work is done by
// query-runner.ts; this file is the VS Code glue: editor text, progress with Cancel, parameter
// prompts, diagnostics and notifications.
import * as vscode from 'vscode';
import { targetEditor, titleOf } from './target-editor';
import { splitStatements, type SqlStatement } from '../sql/split';
import { statementsForSelection } from '../sql/statement-at';
import type { Handler } from './command-ids';
import { describeFailure } from '../engine/error-report';
import { ParameterPrompter } from './parameter-prompt';
import { errorRange, explainStatement, runStatements, type PreparedStatement } from '../engine/query-runner';
import type { Services } from './services';
import { NotConnectedError } from '../engine/session-manager';

type RunScope = 'selection' | 'file';

function firstLine(text: string, max = 60): string {
  const line = text.split('\n')[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}\u2026` : line;
}

function statementsFor(editor: vscode.TextEditor, scope: RunScope | { start: number; end: number }): SqlStatement[] {
  const doc = editor.document;
  const text = doc.getText();
  if (scope === 'file') return splitStatements(text);
  if (scope === 'selection') {
    const sel = editor.selection;
    return statementsForSelection(text, doc.offsetAt(sel.start), doc.offsetAt(sel.end));
  }
  return statementsForSelection(text, scope.start, scope.end);
}

export class SqlRunCommands {
  private readonly prompter: ParameterPrompter;

  constructor(private readonly s: Services) {
    this.prompter = new ParameterPrompter(s.settings);
  }

  async run(scope: RunScope | { start: number; end: number }, uri?: unknown): Promise<void> {
    const editor = await targetEditor(uri);
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a SQL file, or select SQL text, to run it on Spark.'));
      return;
    }
    if (editor.document.languageId === 'python') {
      // Run and Run File in a .py file (editor menu, palette) run it as PySpark code.
      if (scope === 'file') await vscode.commands.executeCommand('sparkConnect.pyspark.runFile', editor.document.uri);
      else if (scope === 'selection') await vscode.commands.executeCommand('sparkConnect.pyspark.run');
      else await vscode.commands.executeCommand('sparkConnect.pyspark.runStatement', editor.document.uri, scope.start, scope.end);
      return;
    }
    const statements = statementsFor(editor, scope);
    if (statements.length === 0) {
      void vscode.window.showInformationMessage(scope === 'file'
        ? vscode.l10n.t('The file has no SQL statements.')
        : vscode.l10n.t('No SQL statement at the cursor. Place the cursor in a statement or select the text to run.'));
      return;
    }
    // Throws NotConnectedError, which the command table turns into "Not connected — Connect…".
    const { profile, session } = this.s.sessions.requireActiveSession();
    const prepared = await this.prompter.prepare(statements);
    if (!prepared) return;
    const document = editor.document;
    this.s.diagnostics.clear(document.uri);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Spark ({0})', profile), cancellable: true },
      async (progress, token) => {
        const ctl = new AbortController();
        const sub = token.onCancellationRequested(() => ctl.abort());
        let current = '';
        try {
          return await runStatements({ profile, session, statements: prepared, title: titleOf(document), source: document.uri.toString() }, { presenter: this.s.results, operations: this.s.operations, logger: this.s.log }, ctl.signal, {
            onStatement: (i, n, st) => {
              current = n > 1 ? vscode.l10n.t('statement {0} of {1}: {2}', i + 1, n, firstLine(st.text)) : firstLine(st.text);
              progress.report({ message: current });
            },
            onProgress: (p) => progress.report({ message: p.totalTasks > 0 ? `${current} \u2014 ${vscode.l10n.t('{0} of {1} tasks', p.doneTasks, p.totalTasks)}` : current }),
          });
        } finally {
          sub.dispose();
        }
      },
    );
    if (outcome.status === 'succeeded') {
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Spark: {0} statement(s) ran on {1}', outcome.completed, profile), 5000);
    } else if (outcome.status === 'cancelled') {
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(circle-slash) Spark: cancelled after {0} statement(s)', outcome.completed), 5000);
    } else {
      this.s.sessions.reportFailure(profile, outcome.error);
      this.s.diagnostics.report(document, outcome.range, outcome.statement, outcome.failure);
      const prefix = prepared.length > 1 ? vscode.l10n.t('Statement {0} failed: ', outcome.completed + 1) : '';
      await this.showFailure(`${prefix}${outcome.failure.message}`);
    }
  }

  async explain(scope: RunScope | { start: number; end: number }, uri?: unknown): Promise<void> {
    const editor = await targetEditor(uri);
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a SQL file, or select SQL text, to explain it.'));
      return;
    }
    const statements = statementsFor(editor, scope);
    if (statements.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No SQL statement at the cursor to explain.'));
      return;
    }
    if (statements.length > 1) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The selection has {0} statements; explaining the first one.', statements.length));
    }
    const { profile } = this.s.sessions.requireActiveSession();
    const prepared = await this.prompter.prepare(statements.slice(0, 1));
    if (!prepared) return;
    const document = editor.document;
    this.s.diagnostics.clear(document.uri);
    await this.explainPrepared(profile, prepared[0], titleOf(document), document);
  }

  /** Explains SQL that is not in an editor (explorer actions, history). */
  async explainText(profile: string, sql: string, title: string): Promise<void> {
    if (!this.s.sessions.session(profile)) throw new NotConnectedError(profile);
    const statement = splitStatements(sql)[0];
    if (!statement) return;
    await this.explainPrepared(profile, { statement }, title, undefined);
  }

  private async explainPrepared(profile: string, prepared: PreparedStatement, title: string, document: vscode.TextDocument | undefined): Promise<void> {
    const session = this.s.sessions.session(profile);
    if (!session) return;
    const mode = this.s.settings.explainMode;
    let text: string;
    try {
      text = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Spark ({0}): explaining', profile), cancellable: true },
        (_p, token) => {
          const ctl = new AbortController();
          const sub = token.onCancellationRequested(() => ctl.abort());
          return explainStatement(profile, session, prepared, mode, this.s.operations, ctl.signal).finally(() => sub.dispose());
        },
      );
    } catch (err) {
      const failure = describeFailure(err);
      if (failure.cancelled) return;
      this.s.log.error(`[${profile}] explain failed:\n${failure.detail}`);
      this.s.sessions.reportFailure(profile, err);
      if (document) this.s.diagnostics.report(document, errorRange(prepared.statement, err), prepared.statement, failure);
      await this.showFailure(failure.message);
      return;
    }
    const { statement, args } = prepared;
    await this.s.plans.show({
      title, profile, sql: statement.text, mode, text,
      explain: (m, signal) => session.explainSql(statement.text, args, m, signal),
    });
  }

  /** Runs SQL that is not in an editor, e.g. from the explorer or history, and shows its results. */
  async runText(profile: string, sql: string, title: string): Promise<void> {
    const session = this.s.sessions.session(profile);
    if (!session) throw new NotConnectedError(profile);
    const statements = splitStatements(sql);
    const prepared = await this.prompter.prepare(statements);
    if (!prepared) return;
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Spark ({0})', profile), cancellable: true },
      (_p, token) => {
        const ctl = new AbortController();
        const sub = token.onCancellationRequested(() => ctl.abort());
        return runStatements({ profile, session, statements: prepared, title }, { presenter: this.s.results, operations: this.s.operations, logger: this.s.log }, ctl.signal)
          .finally(() => sub.dispose());
      },
    );
    if (outcome.status === 'failed') {
      this.s.sessions.reportFailure(profile, outcome.error);
      await this.showFailure(outcome.failure.message);
    }
  }

  cancel(): void {
    const n = this.s.operations.cancelAll(this.s.sessions.activeProfile);
    if (n === 0) void vscode.window.showInformationMessage(vscode.l10n.t('No Spark query is running.'));
  }

  private async showFailure(message: string): Promise<void> {
    const logs = vscode.l10n.t('Show Logs');
    if ((await vscode.window.showErrorMessage(vscode.l10n.t('Spark: {0}', message), logs)) === logs) this.s.log.show();
  }
}

function range(start: unknown, end: unknown): { start: number; end: number } | undefined {
  return typeof start === 'number' && typeof end === 'number' ? { start, end } : undefined;
}

export function runCommands(runner: SqlRunCommands) {
  return {
    'sparkConnect.sql.run': (() => runner.run('selection')) as Handler,
    'sparkConnect.sql.runFile': ((uri?: unknown) => runner.run('file', uri)) as Handler,
    'sparkConnect.sql.runStatement': ((uri?: unknown, start?: unknown, end?: unknown) => runner.run(range(start, end) ?? 'selection', uri)) as Handler,
    'sparkConnect.sql.explain': (() => runner.explain('selection')) as Handler,
    'sparkConnect.sql.explainStatement': ((uri?: unknown, start?: unknown, end?: unknown) => runner.explain(range(start, end) ?? 'selection', uri)) as Handler,
    'sparkConnect.sql.cancel': (() => runner.cancel()) as Handler,
  };
}
