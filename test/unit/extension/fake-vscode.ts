// A minimal stand-in for the 'vscode' module, installed into Node's module resolution so that
// extension modules can be loaded and their registration checked without VS Code. It records what
// the code asks of VS Code; it implements only what registration and the guarded command path use.
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
}

export const fake: FakeVscode = {
  registered: [],
  handlers: new Map(),
  warnings: [],
  errors: [],
  infos: [],
  nextWarningAnswer: undefined,
  outputLines: [],
};

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
  l10n: { t: format },
  commands: {
    registerCommand(id: string, handler: (...args: unknown[]) => unknown) {
      fake.registered.push(id);
      fake.handlers.set(id, handler);
      return new Disposable(() => fake.handlers.delete(id));
    },
    executeCommand: async () => undefined,
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
      return undefined;
    },
    visibleTextEditors: [],
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
