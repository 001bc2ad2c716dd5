// Running and explaining PySpark code from .py editors: Ctrl/Cmd+Enter runs the selection, or the
// top-level statement at the cursor with the earlier statements it depends on (a dependency slice,
// src/pyspark/dependency-slice.ts); Run File runs the whole file; the CodeLens runs or explains one
// statement. The work is done by the engine (src/engine/pyspark-run.ts); this file is the VS Code glue:
// editor text, progress with Cancel, the lines used, squiggles and notifications.
import * as vscode from 'vscode';
import { targetEditor, titleOf } from './target-editor';
import { explainPySparkCode, runPySparkCode, type PySparkRunOutcome, type PySparkTextOutput } from '../engine/pyspark-run';
import type { DependencySlice, PythonFile } from '../pyspark/dependency-slice';
import { looksLikePySpark } from '../pyspark/looks-like-pyspark';
import type { PySparkDiagnostics } from '../views/pyspark-diagnostics';
import type { PythonFiles } from '../views/python-files';
import type { Handler } from './command-ids';
import type { Services } from './services';

type Scope = 'selection' | 'file' | { start: number; end: number };

/** What is sent to the runner, and how its positions map back into the document. */
interface Prepared {
  source: string;
  targetOffset: number;
  toDocumentOffset(offset: number): number;
  /** "lines 1–3, 7" for the status message; undefined for a whole file. */
  lines?: string;
  rerunsActions?: string;
}

function lineList(slice: DependencySlice): string {
  return slice.usedLines.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}\u2013${r.to}`)).join(', ');
}

function fromSlice(slice: DependencySlice): Prepared {
  const reruns = slice.rerunsActions.map((s) => s.line).join(', ');
  return {
    source: slice.source, targetOffset: slice.targetOffset, toDocumentOffset: slice.toDocumentOffset,
    lines: lineList(slice), ...(reruns ? { rerunsActions: reruns } : {}),
  };
}

function prepare(file: PythonFile, editor: vscode.TextEditor, scope: Scope): Prepared | undefined {
  const doc = editor.document;
  if (scope === 'file') return { source: file.text, targetOffset: 0, toDocumentOffset: (o) => o };
  if (scope === 'selection') {
    const sel = editor.selection;
    const slice = sel.isEmpty ? file.sliceAt(doc.offsetAt(sel.start)) : file.sliceOfSelection(doc.offsetAt(sel.start), doc.offsetAt(sel.end));
    return slice && fromSlice(slice);
  }
  const slice = file.sliceOfStatement(scope.start, scope.end);
  return slice && fromSlice(slice);
}

export class PySparkRunCommands {
  private output: vscode.OutputChannel | undefined;

  constructor(private readonly s: Services, private readonly files: PythonFiles, private readonly diagnostics: PySparkDiagnostics) {}

  /**
   * `fromKey`: pressed as Ctrl/Cmd(+Shift)+Enter, which package.json binds in every Python editor (no
   * context key narrows it: the extension activates as a Python file opens, and a key pressed in that
   * moment must not be lost). In a Python file that is not PySpark code the key then does what it does
   * without us: insert a line below (above with Shift).
   */
  async run(scope: Scope, uri?: unknown, fromKey = false): Promise<void> {
    const editor = await targetEditor(uri);
    if (fromKey && editor?.document.languageId === 'python' && !looksLikePySpark(editor.document.getText())) {
      await vscode.commands.executeCommand(scope === 'file' ? 'editor.action.insertLineBefore' : 'editor.action.insertLineAfter');
      return;
    }
    if (!editor || editor.document.languageId !== 'python') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a Python file with PySpark code to run it on Spark.'));
      return;
    }
    const document = editor.document;
    const prepared = prepare(await this.files.get(document), editor, scope);
    if (!prepared || prepared.source.trim() === '') {
      void vscode.window.showInformationMessage(scope === 'file'
        ? vscode.l10n.t('The file has no code to run.')
        : vscode.l10n.t('No Python statement at the cursor. Place the cursor in a statement or select the code to run.'));
      return;
    }
    const { profile, session } = this.s.sessions.requireActiveSession();
    this.diagnostics.clear(document.uri);
    const title = titleOf(document);
    const what = prepared.lines !== undefined ? vscode.l10n.t('lines {0}', prepared.lines) : title;
    this.s.log.info(`[${profile}] PySpark: running ${title} ${what}${prepared.rerunsActions ? ` (runs the actions on lines ${prepared.rerunsActions} again: later code needs their values)` : ''}`);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Spark ({0}): PySpark {1}', profile, what), cancellable: true },
      async (_progress, token) => {
        const ctl = new AbortController();
        const sub = token.onCancellationRequested(() => ctl.abort());
        try {
          return await runPySparkCode(
            { profile, session, source: prepared.source, targetOffset: prepared.targetOffset, title, fileName: document.uri.fsPath || title },
            { presenter: this.s.results, plans: this.s.plans, operations: this.s.operations, logger: this.s.log, print: (o) => this.print(title, o) },
            ctl.signal,
          );
        } finally {
          sub.dispose();
        }
      },
    );
    await this.report(outcome, document, prepared, profile, what);
  }

  async explain(range: { start: number; end: number }, uri?: unknown): Promise<void> {
    const editor = await targetEditor(uri);
    if (!editor || editor.document.languageId !== 'python') return;
    const document = editor.document;
    const slice = (await this.files.get(document)).explainSliceOf(range.start, range.end);
    if (!slice) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This statement has no DataFrame to explain.'));
      return;
    }
    const prepared = fromSlice(slice);
    const { profile, session } = this.s.sessions.requireActiveSession();
    this.diagnostics.clear(document.uri);
    const title = titleOf(document);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Spark ({0}): explaining', profile), cancellable: true },
      async (_progress, token) => {
        const ctl = new AbortController();
        const sub = token.onCancellationRequested(() => ctl.abort());
        try {
          return await explainPySparkCode(
            { profile, session, source: prepared.source, targetOffset: prepared.targetOffset, title, explainMode: this.s.settings.explainMode },
            { presenter: this.s.results, plans: this.s.plans, operations: this.s.operations, logger: this.s.log, print: (o) => this.print(title, o) },
            ctl.signal,
          );
        } finally {
          sub.dispose();
        }
      },
    );
    await this.report(outcome, document, prepared, profile, undefined);
  }

  /** Values, printed text and writes go to the PySpark output channel, each with its line. */
  private print(title: string, o: PySparkTextOutput): void {
    this.output ??= vscode.window.createOutputChannel('Spark Connect: PySpark');
    const line = o.span.line;
    const prefix = o.kind === 'write' ? vscode.l10n.t('wrote') : o.kind === 'value' ? '=' : '';
    this.output.appendLine(`${title}:${line}${prefix ? ` ${prefix}` : ''} ${o.text}`.trimEnd());
    this.output.show(true);
  }

  private async report(outcome: PySparkRunOutcome, document: vscode.TextDocument, prepared: Prepared, profile: string, what: string | undefined): Promise<void> {
    if (outcome.status === 'succeeded') {
      const ran = what ?? titleOf(document);
      const reruns = prepared.rerunsActions ? ` ${vscode.l10n.t('(ran the actions on lines {0} again for their values)', prepared.rerunsActions)}` : '';
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Spark: ran {0} on {1}', ran, profile) + reruns, 8000);
      return;
    }
    if (outcome.status === 'cancelled') {
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(circle-slash) Spark: cancelled'), 5000);
      return;
    }
    if (outcome.status === 'refused') {
      const e = outcome.error;
      const from = prepared.toDocumentOffset(e.span.from);
      const to = prepared.toDocumentOffset(e.span.to);
      this.diagnostics.refused(document, from, to, e.message, e.phase, e.construct);
      const at = document.positionAt(from);
      await this.showFailure(vscode.l10n.t('Line {0}, column {1}: {2}', at.line + 1, at.character + 1, e.message));
      return;
    }
    this.s.sessions.reportFailure(profile, outcome.error);
    const span = outcome.span;
    if (span) this.diagnostics.failed(document, prepared.toDocumentOffset(span.from), prepared.toDocumentOffset(span.to), outcome.failure);
    await this.showFailure(outcome.failure.message);
  }

  private async showFailure(message: string): Promise<void> {
    const logs = vscode.l10n.t('Show Logs');
    if ((await vscode.window.showErrorMessage(vscode.l10n.t('Spark: {0}', message), logs)) === logs) this.s.log.show();
  }
}

/** The args package.json's keybindings pass, so a key press can be told from a menu or palette run. */
function isFromKey(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { fromKey?: unknown }).fromKey === true;
}

function range(start: unknown, end: unknown): { start: number; end: number } | undefined {
  return typeof start === 'number' && typeof end === 'number' ? { start, end } : undefined;
}

export function pysparkCommands(runner: PySparkRunCommands) {
  return {
    'sparkConnect.pyspark.run': ((arg?: unknown) => runner.run('selection', undefined, isFromKey(arg))) as Handler,
    'sparkConnect.pyspark.runFile': ((arg?: unknown) => runner.run('file', isFromKey(arg) ? undefined : arg, isFromKey(arg))) as Handler,
    'sparkConnect.pyspark.runStatement': ((uri?: unknown, start?: unknown, end?: unknown) => runner.run(range(start, end) ?? 'selection', uri)) as Handler,
    'sparkConnect.pyspark.explainStatement': ((uri?: unknown, start?: unknown, end?: unknown) => {
      const r = range(start, end);
      return r ? runner.explain(r, uri) : undefined;
    }) as Handler,
  };
}
