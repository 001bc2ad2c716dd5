// A minimal stand-in for the 'vscode' module, installed into Node's module resolution so that
// extension modules can be loaded and their registration checked without VS Code. It records what
// the code asks of VS Code; it implements what registration, the guarded command path and the editor
// run commands (a text editor, diagnostics, progress with cancel, settings, input boxes) use.
import Module from 'node:module';

export interface FakeVscode {
  registered: string[];
  handlers: Map<string, (...args: unknown[]) => unknown>;
  warnings: Array<{ message: string; items: string[] }>;
  errors: Array<{ message: string; items: string[] }>;
  infos: string[];
  /** What showWarningMessage answers next (undefined = dismissed). */
  nextWarningAnswer: string | undefined;
  /** Every line written to any output channel, as "<channel> <level> <text>". */
  outputLines: string[];
  /** The editor window.activeTextEditor returns (see fake-editor.ts). */
  activeEditor: unknown;
  /** Diagnostics by document URI string, as the code last set them. */
  diagnostics: Map<string, FakeDiagnostic[]>;
  /** Titles of withProgress calls, and the messages they reported. */
  progressTitles: string[];
  progressMessages: string[];
  /** Presses Cancel on the newest cancellable progress notification. */
  cancelProgress: (() => void) | undefined;
  statusMessages: string[];
  /** Settings by full key ("sparkConnect.sql.parameters"). */
  config: Record<string, unknown>;
  /** What the next showInputBox calls answer, in order (undefined = dismissed). */
  inputAnswers: Array<string | undefined>;
  inputTitles: string[];
  clipboard: string;
  /** Documents opened with workspace.openTextDocument({ content, language }). */
  openedDocuments: Array<{ content: string; language?: string }>;
  statusBarItems: FakeStatusBarItem[];
  /** commands.executeCommand calls, as [id, ...args]. */
  executedCommands: unknown[][];
  /** Language feature providers registered with languages.registerXProvider, in order. */
  providers: FakeProvider[];
}

export interface FakeProvider {
  kind: 'completion' | 'hover' | 'signatureHelp';
  selector: unknown;
  provider: Record<string, (...args: never[]) => unknown>;
  triggers: string[];
}

export interface FakeStatusBarItem {
  id: string;
  text: string;
  tooltip?: string;
  command?: string;
  name?: string;
  backgroundColor?: unknown;
  visible: boolean;
  show(): void;
  hide(): void;
  dispose(): void;
}

export interface FakeDiagnostic {
  range: Range;
  message: string;
  severity: number;
  source?: string;
  code?: string | number;
}

export const fake: FakeVscode = {
  registered: [],
  handlers: new Map(),
  warnings: [],
  errors: [],
  infos: [],
  nextWarningAnswer: undefined,
  outputLines: [],
  activeEditor: undefined,
  diagnostics: new Map(),
  progressTitles: [],
  progressMessages: [],
  cancelProgress: undefined,
  statusMessages: [],
  config: {},
  inputAnswers: [],
  inputTitles: [],
  clipboard: '',
  openedDocuments: [],
  statusBarItems: [],
  executedCommands: [],
  providers: [],
};

class EventEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  readonly event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return new Disposable(() => { this.listeners = this.listeners.filter((l) => l !== listener); });
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class ThemeIcon {
  constructor(readonly id: string, readonly color?: ThemeColor) {}
}

class MarkdownString {
  supportThemeIcons = false;
  constructor(public value = '') {}
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
  appendText(text: string): this {
    this.value += text;
    return this;
  }
  appendCodeblock(code: string, language = ''): this {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

class TreeItem {
  id?: string;
  description?: string;
  tooltip?: unknown;
  iconPath?: unknown;
  contextValue?: string;
  command?: unknown;
  constructor(readonly label: string, readonly collapsibleState = 0) {}
}

class CodeLens {
  constructor(readonly range: unknown, readonly command?: { title: string; command: string; arguments?: unknown[] }) {}
}

class Hover {
  constructor(readonly contents: MarkdownString, readonly range?: Range) {}
}

class SignatureInformation {
  parameters: ParameterInformation[] = [];
  constructor(readonly label: string, readonly documentation?: string) {}
}

class ParameterInformation {
  constructor(readonly label: string) {}
}

class SignatureHelp {
  signatures: SignatureInformation[] = [];
  activeSignature = 0;
  activeParameter = 0;
}

class CompletionItem {
  range?: Range;
  sortText?: string;
  detail?: string;
  documentation?: unknown;
  insertText?: unknown;
  constructor(readonly label: string, readonly kind?: number) {}
}

class SnippetString {
  constructor(readonly value: string) {}
}

/** Registers a language feature provider the way languages.registerXProvider does, recording it. */
function registerProvider(kind: FakeProvider['kind']) {
  return (selector: unknown, provider: FakeProvider['provider'], ...triggers: string[]) => {
    const entry: FakeProvider = { kind, selector, provider, triggers };
    fake.providers.push(entry);
    return new Disposable(() => void fake.providers.splice(fake.providers.indexOf(entry), 1));
  };
}

// Text document events; tests fire them with fireDocumentEvent.
const documentListeners = {
  open: [] as Array<(d: unknown) => void>, change: [] as Array<(e: unknown) => void>, close: [] as Array<(d: unknown) => void>,
  save: [] as Array<(d: unknown) => void>,
};

function onDocument(kind: keyof typeof documentListeners) {
  return (listener: (e: unknown) => void) => {
    documentListeners[kind].push(listener);
    return new Disposable(() => void documentListeners[kind].splice(documentListeners[kind].indexOf(listener), 1));
  };
}

/** Tells the listeners that a document was opened, changed (the event's document), saved or closed. */
export function fireDocumentEvent(kind: keyof typeof documentListeners, document: unknown): void {
  for (const l of [...documentListeners[kind]]) l(kind === 'change' ? { document, contentChanges: [] } : document);
}

const configListeners: Array<(e: { affectsConfiguration(key: string): boolean }) => void> = [];

/** Changes settings and tells listeners, as VS Code does when the user edits settings. */
export function setConfig(values: Record<string, unknown>): void {
  Object.assign(fake.config, values);
  const keys = Object.keys(values);
  const event = { affectsConfiguration: (key: string) => keys.some((k) => k === key || k.startsWith(`${key}.`)) };
  for (const l of [...configListeners]) l(event);
}

export class Uri {
  constructor(readonly scheme: string, readonly path: string) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(text: string): Uri {
    const m = /^([a-z][\w+.-]*):(?:\/\/)?(.*)$/i.exec(text);
    return m ? new Uri(m[1], m[2]) : new Uri('file', text);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class Position {
  constructor(readonly line: number, readonly character: number) {}
}

export class Range {
  constructor(readonly start: Position, readonly end: Position) {}
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

class Diagnostic implements FakeDiagnostic {
  source?: string;
  code?: string | number;
  constructor(readonly range: Range, readonly message: string, readonly severity: number) {}
}

/** An output channel (plain or LogOutputChannel) that records what is written to it. */
function outputChannel(name: string) {
  const write = (level: string) => (text: string) => void fake.outputLines.push(`${name} ${level} ${text}`);
  return {
    name,
    trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'),
    append: write('append'), appendLine: write('line'),
    show: () => undefined, hide: () => undefined, clear: () => undefined, dispose: () => undefined,
  };
}

class Disposable {
  constructor(private readonly fn: () => void) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

function format(message: string, ...args: unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));
}

const vscodeFake = {
  Disposable,
  Uri,
  Position,
  Range,
  Selection: Range,
  EventEmitter,
  ThemeColor,
  ThemeIcon,
  MarkdownString,
  TreeItem,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  CodeLens,
  StatusBarAlignment: { Left: 1, Right: 2 },
  env: {
    clipboard: { writeText: async (text: string) => { fake.clipboard = text; } },
  },
  Diagnostic,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  Hover,
  SignatureHelp,
  SignatureInformation,
  ParameterInformation,
  CompletionItem,
  CompletionItemKind: { Keyword: 13, Folder: 18, Module: 8, Struct: 21, Interface: 7, Field: 4, Function: 2, Variable: 5, Snippet: 14 },
  SnippetString,
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  languages: {
    createDiagnosticCollection: () => ({
      set: (uri: Uri, diagnostics: FakeDiagnostic[]) => void fake.diagnostics.set(uri.toString(), diagnostics),
      delete: (uri: Uri) => void fake.diagnostics.delete(uri.toString()),
      dispose: () => undefined,
    }),
    /** Changes the document's languageId, as VS Code does (it also closes and reopens it there). */
    setTextDocumentLanguage: async (document: { languageId: string }, languageId: string) => {
      document.languageId = languageId;
      return document;
    },
    registerCompletionItemProvider: registerProvider('completion'),
    registerHoverProvider: registerProvider('hover'),
    registerSignatureHelpProvider: registerProvider('signatureHelp'),
  },
  workspace: {
    textDocuments: [] as unknown[],
    onDidOpenTextDocument: onDocument('open'),
    onDidChangeTextDocument: onDocument('change'),
    onDidSaveTextDocument: onDocument('save'),
    onDidCloseTextDocument: onDocument('close'),
    getConfiguration: (section: string) => ({
      get: <T>(key: string, fallback?: T): T | undefined => (fake.config[`${section}.${key}`] as T | undefined) ?? fallback,
    }),
    onDidChangeConfiguration: (listener: (e: { affectsConfiguration(key: string): boolean }) => void) => {
      configListeners.push(listener);
      return new Disposable(() => configListeners.splice(configListeners.indexOf(listener), 1));
    },
    openTextDocument: async (init: { content: string; language?: string }) => {
      fake.openedDocuments.push(init);
      return init;
    },
  },
  l10n: { t: format },
  commands: {
    registerCommand(id: string, handler: (...args: unknown[]) => unknown) {
      fake.registered.push(id);
      fake.handlers.set(id, handler);
      return new Disposable(() => fake.handlers.delete(id));
    },
    executeCommand: async (...args: unknown[]) => {
      fake.executedCommands.push(args);
      return undefined;
    },
  },
  window: {
    createOutputChannel: (name: string) => outputChannel(name),
    showWarningMessage: async (message: string, ...items: unknown[]) => {
      fake.warnings.push({ message, items: items.filter((i): i is string => typeof i === 'string') });
      return fake.nextWarningAnswer;
    },
    showErrorMessage: async (message: string, ...items: unknown[]) => {
      fake.errors.push({ message, items: items.filter((i): i is string => typeof i === 'string') });
      return undefined;
    },
    showInformationMessage: async (message: string) => {
      fake.infos.push(message);
      return undefined;
    },
    get activeTextEditor() {
      return fake.activeEditor;
    },
    visibleTextEditors: [],
    withProgress: async <T>(options: { title?: string; cancellable?: boolean }, task: (progress: { report(v: { message?: string }): void }, token: unknown) => Promise<T>): Promise<T> => {
      fake.progressTitles.push(options.title ?? '');
      const listeners: Array<() => void> = [];
      const token = {
        isCancellationRequested: false,
        onCancellationRequested: (l: () => void) => {
          listeners.push(l);
          return new Disposable(() => undefined);
        },
      };
      if (options.cancellable) {
        fake.cancelProgress = () => {
          token.isCancellationRequested = true;
          for (const l of listeners) l();
        };
      }
      return task({ report: (v) => { if (v.message !== undefined) fake.progressMessages.push(v.message); } }, token);
    },
    showTextDocument: async (doc: unknown) => doc,
    createStatusBarItem: (id: string) => {
      const item: FakeStatusBarItem = {
        id, text: '', visible: false,
        show: () => { item.visible = true; },
        hide: () => { item.visible = false; },
        dispose: () => { fake.statusBarItems.splice(fake.statusBarItems.indexOf(item), 1); },
      };
      fake.statusBarItems.push(item);
      return item;
    },
    setStatusBarMessage: (text: string) => {
      fake.statusMessages.push(text);
      return new Disposable(() => undefined);
    },
    showInputBox: async (options: { title?: string }) => {
      fake.inputTitles.push(options.title ?? '');
      return fake.inputAnswers.shift();
    },
  },
};

const FAKE_ID = 'vscode-fake-for-tests';
const M = Module as unknown as {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
};
const original = M._resolveFilename;
M._resolveFilename = function resolve(this: unknown, request: string, ...rest: unknown[]): string {
  if (request === 'vscode') return FAKE_ID;
  return original.call(this, request, ...rest);
};
const mod = new Module(FAKE_ID);
mod.exports = vscodeFake;
mod.loaded = true;
require.cache[FAKE_ID] = mod;
