// VS Code's own .ipynb serializer (the built-in `ipynb` extension that ships inside code-server), loaded
// in plain Node with a minimal stand-in for the `vscode` module, so unit tests can save a notebook and
// read it back exactly as the editor does, without a window or a server. Only what the serializer
// touches is provided; anything else it reaches for is a no-op.
import Module from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './servers';

export class NotebookCellOutputItem {
  constructor(readonly data: Uint8Array, readonly mime: string) {}
  static text(value: string, mime = 'text/plain'): NotebookCellOutputItem {
    return new NotebookCellOutputItem(new TextEncoder().encode(value), mime);
  }
  // The factories below do what VS Code's own do (vscode.d.ts: NotebookCellOutputItem).
  static json(value: unknown, mime = 'text/x-json'): NotebookCellOutputItem {
    return NotebookCellOutputItem.text(JSON.stringify(value, undefined, '\t'), mime);
  }
  static stdout(value: string): NotebookCellOutputItem {
    return NotebookCellOutputItem.text(value, 'application/vnd.code.notebook.stdout');
  }
  static stderr(value: string): NotebookCellOutputItem {
    return NotebookCellOutputItem.text(value, 'application/vnd.code.notebook.stderr');
  }
  static error(err: { name?: string; message?: string; stack?: string }): NotebookCellOutputItem {
    return NotebookCellOutputItem.text(JSON.stringify({ name: err.name, message: err.message, stack: err.stack }), 'application/vnd.code.notebook.error');
  }
}
export class NotebookCellOutput {
  constructor(readonly items: NotebookCellOutputItem[], readonly metadata?: Record<string, unknown>) {}
}
export class NotebookCellData {
  outputs?: NotebookCellOutput[];
  metadata?: Record<string, unknown>;
  executionSummary?: { executionOrder?: number; success?: boolean };
  constructor(readonly kind: number, readonly value: string, readonly languageId: string) {}
}
export class NotebookData {
  metadata?: Record<string, unknown>;
  constructor(readonly cells: NotebookCellData[]) {}
}

export interface IpynbSerializer {
  serializeNotebook(data: NotebookData, token: { isCancellationRequested: boolean }): Promise<Uint8Array>;
  deserializeNotebook(content: Uint8Array, token: { isCancellationRequested: boolean }): Promise<NotebookData>;
  dispose?(): void;
}

/** The ipynb extension's folder inside the cached code-server, or undefined when it is not installed. */
export function ipynbExtensionDir(): string | undefined {
  const roots = [process.env.CODE_SERVER_DIR, process.env.SPARK_CACHE_DIR && join(process.env.SPARK_CACHE_DIR, 'code-server'),
    join(projectRoot(), '.cache', 'code-server')].filter((d): d is string => !!d);
  return roots.map((r) => join(r, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'ipynb'))
    .find((d) => existsSync(join(d, 'dist', 'ipynbMain.node.js')));
}

const disposable = { dispose(): void { /* nothing to release */ } };

/** A function that accepts anything and whose properties are such functions: the serializer's unused API. */
function anything(): unknown {
  return new Proxy(() => disposable, { get: (_t, p) => (p === 'then' ? undefined : anything()) });
}

function loose<T extends object>(obj: T): T {
  return new Proxy(obj, { get: (t, p) => (p in t ? (t as Record<string | symbol, unknown>)[p] : anything()) });
}

// The bundle keeps the `vscode` object it required first (Node caches modules), so the stand-in is one
// object per process and each activation reports through this mutable slot.
const current: { serializer?: IpynbSerializer; experimental: boolean } = { experimental: true };
let standIn: Record<string, unknown> | undefined;

function vscodeStandIn(): Record<string, unknown> {
  standIn ??= {
    NotebookCellKind: { Markup: 1, Code: 2 }, NotebookCellOutputItem, NotebookCellOutput, NotebookCellData, NotebookData,
    workspace: loose({
      registerNotebookSerializer: (type: string, s: IpynbSerializer) => {
        if (type === 'jupyter-notebook') current.serializer = s;
        return disposable;
      },
      getConfiguration: () => loose({ get: (key: string, dflt: unknown) => (key === 'experimental.serialization' ? current.experimental : dflt) }),
      notebookDocuments: [],
    }),
    extensions: loose({ getExtension: () => undefined }),
    Uri: loose({ joinPath: (base: { fsPath: string }, ...parts: string[]) => ({ fsPath: join(base.fsPath, ...parts) }) }),
    Disposable: class { static from(): unknown { return disposable; } dispose(): void { /* nothing */ } },
    EventEmitter: class { event = () => disposable; fire(): void { /* nothing */ } dispose(): void { /* nothing */ } },
    DocumentDropOrPasteEditKind: { Empty: { append: () => ({}) }, Text: {} },
    languages: loose({}), commands: loose({}), window: loose({}), l10n: loose({ t: (s: string) => s }),
    NotebookEdit: loose({}), CodeActionKind: {}, TextDocumentSaveReason: {}, DiagnosticSeverity: {},
    CancellationError: class extends Error {},
    Range: class {}, CodeLens: class {}, WorkspaceEdit: class {}, Diagnostic: class {}, SnippetString: class {},
    DocumentPasteEdit: class {}, DocumentDropEdit: class {}, CodeAction: class {},
  };
  return standIn;
}

/** Activates the ipynb extension; `experimental` picks VS Code's worker-thread save path (its default). */
export function loadIpynbSerializer(extensionDir: string, experimental = true): IpynbSerializer {
  current.serializer = undefined;
  current.experimental = experimental;
  const vscode = vscodeStandIn();
  // The bundle does require('vscode'); answer it with the stand-in while it loads.
  const mod = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : original.call(this, request, ...rest);
  };
  try {
    const ext = require(join(extensionDir, 'dist', 'ipynbMain.node.js')) as { activate(ctx: unknown): unknown };
    ext.activate(loose({ subscriptions: [], extensionUri: { fsPath: extensionDir }, extensionMode: 1 }));
  } finally {
    mod._load = original;
  }
  if (!current.serializer) throw new Error('the ipynb extension did not register a serializer for jupyter-notebook');
  return current.serializer;
}
