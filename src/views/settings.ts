// Typed access to the extension's settings; the only place that calls getConfiguration for them
// (profiles have their own store in src/profiles/vscode-profile-store.ts).
import * as vscode from 'vscode';
import { DEFAULT_STREAM_TRANSPORT, STREAM_TRANSPORTS, type StreamTransportChoice } from '../connect/stream-transport';
import { EXPLAIN_MODES, type ExplainMode } from '../connect/explain-mode';

export const SECTION = 'sparkConnect';

export interface LocalSparkSettings {
  sparkHome?: string;
  pythonPath?: string;
  port: number;
  driverMemory: string;
  conf: Record<string, string>;
}

export class ExtensionSettings {
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** The most a notebook cell's result may add to the .ipynb file, in KB (sparkConnect.notebook.maxOutputKB). */
  get notebookMaxOutputKB(): number {
    const n = this.config.get<number>('notebook.maxOutputKB', 256);
    return Number.isFinite(n) && n >= 16 ? Math.min(n, 64 * 1024) : 256;
  }

  get codeLensEnabled(): boolean {
    return this.config.get<boolean>('codeLens.enabled', true);
  }

  /** Values for named parameters that should not be asked for (name -> SQL literal text). */
  get parameterValues(): Record<string, string> {
    const raw = this.config.get<unknown>('sql.parameters', {});
    if (typeof raw !== 'object' || raw === null) return {};
    return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }

  get promptForParameters(): boolean {
    return this.config.get<boolean>('sql.promptForParameters', true);
  }

  /** Formatter choices of the settings (indentation comes from the editor). */
  get sqlFormat(): { keywordCase: 'preserve' | 'upper' | 'lower'; linesBetweenStatements: number } {
    const k = this.config.get<string>('sql.format.keywordCase', 'preserve');
    const n = this.config.get<number>('sql.format.linesBetweenStatements', 1);
    return {
      keywordCase: k === 'upper' || k === 'lower' ? k : 'preserve',
      linesBetweenStatements: Number.isInteger(n) && n >= 0 ? Math.min(n, 5) : 1,
    };
  }

  /** Open .sql files that VS Code gives its own 'sql' mode in the Spark SQL mode instead. */
  get useSparkSqlLanguage(): boolean {
    return this.config.get<boolean>('sql.useSparkSqlLanguage', false);
  }

  /** When the connected server checks SQL documents (analysis only, never execution). */
  get sqlServerDiagnostics(): 'off' | 'onSave' | 'onSaveAndPause' {
    const m = this.config.get<string>('sql.serverDiagnostics', 'onSave');
    return m === 'off' || m === 'onSaveAndPause' ? m : 'onSave';
  }

  get historyMaxEntries(): number {
    const n = this.config.get<number>('history.maxEntries', 200);
    return Number.isInteger(n) && n >= 0 ? Math.min(n, 5000) : 200;
  }

  get explainMode(): ExplainMode {
    const m = this.config.get<string>('explain.mode', 'formatted');
    return (EXPLAIN_MODES as readonly string[]).includes(m) ? (m as ExplainMode) : 'formatted';
  }

  /** What carries result streams of sessions connected from now on (grpc-js unless 'direct' is chosen). */
  get streamTransport(): StreamTransportChoice {
    const t = this.config.get<string>('streamTransport', DEFAULT_STREAM_TRANSPORT);
    return STREAM_TRANSPORTS.find((known) => known === t) ?? DEFAULT_STREAM_TRANSPORT;
  }

  get localSpark(): LocalSparkSettings {
    const c = this.config;
    const conf = c.get<unknown>('localSpark.conf', {});
    const out: LocalSparkSettings = {
      port: c.get<number>('localSpark.port', 15002),
      driverMemory: c.get<string>('localSpark.driverMemory', '2g'),
      conf: typeof conf === 'object' && conf !== null
        ? Object.fromEntries(Object.entries(conf).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : {},
    };
    const sparkHome = c.get<string>('localSpark.sparkHome', '');
    const pythonPath = c.get<string>('localSpark.pythonPath', '');
    if (sparkHome) out.sparkHome = sparkHome;
    if (pythonPath) out.pythonPath = pythonPath;
    return out;
  }

  affects(e: vscode.ConfigurationChangeEvent, key: string): boolean {
    return e.affectsConfiguration(`${SECTION}.${key}`);
  }
}
