// The notebook API pieces of the 'vscode' fake (controllers, cell executions, outputs, workspace trust),
// added to fake-vscode.ts's module before the code under test loads (import this right after it).
import './fake-vscode';
import { createRequire } from 'node:module';

/** What the notebook controller did: its execute handler, and each cell execution it created. */
export const notebookFake: {
  trusted: boolean;
  handler: ((cells: unknown[], notebook: unknown) => Promise<void>) | undefined;
  executions: FakeExecution[];
} = { trusted: true, handler: undefined, executions: [] };

const vscode = createRequire(__filename)('vscode') as Record<string, unknown>;

class NotebookCellOutputItem {
  constructor(readonly data: Uint8Array, readonly mime: string) {}
  static error(e: { name?: string; message: string }) {
    return new NotebookCellOutputItem(new TextEncoder().encode(JSON.stringify({ name: e.name ?? 'Error', message: e.message })), 'application/vnd.code.notebook.error');
  }
  static stdout(text: string) {
    return new NotebookCellOutputItem(new TextEncoder().encode(text), 'application/vnd.code.notebook.stdout');
  }
  static stderr(text: string) {
    return new NotebookCellOutputItem(new TextEncoder().encode(text), 'application/vnd.code.notebook.stderr');
  }
}
class NotebookCellOutput {
  constructor(readonly items: NotebookCellOutputItem[]) {}
}

export interface FakeExecution {
  executionOrder?: number;
  outputs: NotebookCellOutput[];
  ended?: boolean | undefined;
  endedAt?: number;
}

Object.assign(vscode, {
  NotebookCellOutput, NotebookCellOutputItem,
  notebooks: {
    createNotebookController: () => {
      const controller = {
        supportedLanguages: [] as string[], supportsExecutionOrder: false, description: '', detail: '',
        set executeHandler(h: typeof notebookFake.handler) { notebookFake.handler = h; },
        createNotebookCellExecution: () => {
          const rec: FakeExecution = { outputs: [] };
          notebookFake.executions.push(rec);
          return {
            token: { onCancellationRequested: () => ({ dispose: () => undefined }) },
            set executionOrder(n: number) { rec.executionOrder = n; },
            start: () => undefined,
            clearOutput: async () => { rec.outputs = []; },
            replaceOutput: async (o: NotebookCellOutput[]) => { rec.outputs = [...o]; },
            appendOutput: async (o: NotebookCellOutput) => { rec.outputs.push(o); },
            replaceOutputItems: async () => undefined,
            end: (ok: boolean | undefined, at?: number) => { rec.ended = ok; if (at !== undefined) rec.endedAt = at; },
          };
        },
        dispose: () => undefined,
      };
      return controller;
    },
    // Row paging (rows-messaging.ts): a channel that never receives a message here.
    createRendererMessaging: () => ({
      onDidReceiveMessage: () => ({ dispose: () => undefined }),
      postMessage: async () => true,
    }),
  },
});
const workspace = vscode['workspace'] as object;
Object.defineProperty(workspace, 'isTrusted', { get: () => notebookFake.trusted, configurable: true });
Object.assign(workspace, {
  onDidCloseNotebookDocument: () => ({ dispose: () => undefined }),
  asRelativePath: (u: { path: string }) => u.path,
});

