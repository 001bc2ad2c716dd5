// A stand-in for the 'vscode' module, good enough to load the built dist/extension.js and call
// activate() outside VS Code: the activation benchmark (run.mjs, measure.cjs) and the package tests use
// it. The APIs activation calls are implemented for real where their results are used (events,
// configuration defaults, output channel, command registry); any other member is an inert stub that
// accepts any call, so that new registrations in activate() do not break the measurement.
'use strict';
const Module = require('node:module');
const path = require('node:path');

/** A value that answers every property, call and `new` with another such value. */
function inert(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined; // not a thenable: `await x` must not hang
      if (key === Symbol.toPrimitive) return () => `<${name}>`;
      if (key === Symbol.iterator) return undefined;
      if (key === 'dispose') return () => undefined;
      if (typeof key === 'symbol') return undefined;
      return inert(`${name}.${key}`);
    },
    set: () => true,
    apply: () => inert(`${name}()`),
    construct: () => inert(`new ${name}`),
  });
}

/** `obj` with inert members for anything it does not define. */
function withFallback(name, obj) {
  return new Proxy(obj, {
    get(t, key) {
      if (key in t || typeof key === 'symbol' || key === 'then') return t[key];
      return inert(`${name}.${String(key)}`);
    },
  });
}

class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((i) => i && typeof i.dispose === 'function' && i.dispose()));
  }
  dispose() {
    if (this.fn) this.fn();
    this.fn = undefined;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener, thisArg, disposables) => {
      const l = thisArg ? listener.bind(thisArg) : listener;
      this.listeners.add(l);
      const d = new Disposable(() => this.listeners.delete(l));
      if (Array.isArray(disposables)) disposables.push(d);
      return d;
    };
  }
  fire(value) {
    for (const l of [...this.listeners]) l(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

const noEvent = () => new Disposable();

class Uri {
  constructor(scheme, fsPath) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
  }
  static file(p) {
    return new Uri('file', p);
  }
  static parse(s) {
    return new Uri(s.split(':')[0], s);
  }
  static joinPath(base, ...parts) {
    return new Uri(base.scheme, path.join(base.fsPath, ...parts));
  }
  with() {
    return this;
  }
  toString() {
    return `${this.scheme}://${this.fsPath}`;
  }
}

function format(message, ...args) {
  const values = args.length === 1 && args[0] !== null && typeof args[0] === 'object' ? args[0] : args;
  return String(message).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

/**
 * Builds a fresh stub and routes require('vscode') to it. Returns what activation did with it.
 * @returns {{ vscode: object, registeredCommands: string[], commandHandlers: Map<string, Function>, logLines: string[], errorsShown: string[], uninstall(): void }}
 */
function installVscodeStub() {
  const registeredCommands = [];
  const commandHandlers = new Map();
  const logLines = [];
  const errorsShown = [];
  const log = (level) => (message, ...args) => logLines.push(`${level} ${format(message, ...args)}`);
  const outputChannel = (name) => withFallback(`OutputChannel(${name})`, {
    name, logLevel: 2, onDidChangeLogLevel: noEvent,
    trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'),
    append: (s) => logLines.push(s), appendLine: (s) => logLines.push(s), replace() {}, clear() {}, show() {}, hide() {}, dispose() {},
  });
  const configuration = () => withFallback('WorkspaceConfiguration', {
    get: (_key, defaultValue) => defaultValue, has: () => false, inspect: () => undefined, update: async () => undefined,
  });
  const statusBarItem = () => withFallback('StatusBarItem', { show() {}, hide() {}, dispose() {} });
  const vscode = withFallback('vscode', {
    version: '1.95.0',
    Disposable, EventEmitter, Uri,
    l10n: withFallback('l10n', { t: format, bundle: undefined, uri: undefined }),
    env: withFallback('env', { language: 'en', appName: 'stub', uiKind: 1, remoteName: undefined }),
    commands: withFallback('commands', {
      registerCommand(id, handler) {
        registeredCommands.push(id);
        commandHandlers.set(id, handler);
        return new Disposable(() => commandHandlers.delete(id));
      },
      registerTextEditorCommand(id) {
        registeredCommands.push(id);
        return new Disposable();
      },
      executeCommand: async (id, ...args) => commandHandlers.get(id)?.(...args),
      getCommands: async () => [...registeredCommands],
    }),
    window: withFallback('window', {
      createOutputChannel: outputChannel,
      createStatusBarItem: statusBarItem,
      registerTreeDataProvider: () => new Disposable(),
      registerWebviewPanelSerializer: () => new Disposable(),
      showErrorMessage: async (message) => {
        errorsShown.push(message);
        return undefined;
      },
      showWarningMessage: async () => undefined,
      showInformationMessage: async () => undefined,
      setStatusBarMessage: () => new Disposable(),
      withProgress: async (_options, task) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: noEvent }),
      activeTextEditor: undefined,
      visibleTextEditors: [],
      onDidChangeActiveTextEditor: noEvent,
      onDidChangeVisibleTextEditors: noEvent,
      onDidChangeTextEditorSelection: noEvent,
      onDidChangeActiveColorTheme: noEvent,
    }),
    workspace: withFallback('workspace', {
      getConfiguration: configuration,
      onDidChangeConfiguration: noEvent,
      onDidOpenTextDocument: noEvent,
      onDidCloseTextDocument: noEvent,
      onDidChangeTextDocument: noEvent,
      onDidSaveTextDocument: noEvent,
      onDidChangeWorkspaceFolders: noEvent,
      onDidCloseNotebookDocument: noEvent,
      workspaceFolders: undefined,
      workspaceFile: undefined,
      textDocuments: [],
      isTrusted: true,
    }),
    notebooks: withFallback('notebooks', {
      createNotebookController: (id, notebookType, label) => withFallback('NotebookController', {
        id, notebookType, label, dispose() {}, onDidChangeSelectedNotebooks: noEvent,
      }),
      createRendererMessaging: () => withFallback('NotebookRendererMessaging', { onDidReceiveMessage: noEvent, postMessage: async () => true }),
    }),
    languages: withFallback('languages', {
      registerCodeLensProvider: () => new Disposable(),
      registerHoverProvider: () => new Disposable(),
      registerCompletionItemProvider: () => new Disposable(),
      createDiagnosticCollection: (name) => withFallback('DiagnosticCollection', { name, set() {}, delete() {}, clear() {}, dispose() {} }),
    }),
    StatusBarAlignment: { Left: 1, Right: 2 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
  });

  const originalLoad = Module._load;
  Module._load = function load(request, ...rest) {
    if (request === 'vscode') return vscode;
    return originalLoad.call(this, request, ...rest);
  };
  return {
    vscode, registeredCommands, commandHandlers, logLines, errorsShown,
    uninstall() {
      Module._load = originalLoad;
    },
  };
}

/** An ExtensionContext for the extension in `root` (its package.json is the real one). */
function fakeExtensionContext(root) {
  const memento = () => {
    const values = new Map();
    return {
      get: (k, d) => (values.has(k) ? values.get(k) : d),
      update: async (k, v) => void values.set(k, v),
      keys: () => [...values.keys()],
      setKeysForSync() {},
    };
  };
  const packageJSON = require(path.join(root, 'package.json'));
  const uri = Uri.file(root);
  return withFallback('ExtensionContext', {
    subscriptions: [],
    extensionUri: uri,
    extensionPath: root,
    extensionMode: 1,
    asAbsolutePath: (p) => path.join(root, p),
    globalState: memento(),
    workspaceState: memento(),
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: noEvent },
    storageUri: undefined,
    globalStorageUri: Uri.file(path.join(root, '.stub-storage')),
    logUri: Uri.file(path.join(root, '.stub-logs')),
    extension: { id: `${packageJSON.publisher}.${packageJSON.name}`, packageJSON, extensionUri: uri, extensionPath: root },
  });
}

module.exports = { installVscodeStub, fakeExtensionContext };
