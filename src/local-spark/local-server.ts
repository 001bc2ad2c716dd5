// A local Spark Connect server process that this window started: spawn (no shell, see
// windows-command-line.ts), stream its log with its secrets removed, wait until it accepts
// connections, stop it. The server runs in its own process group and stopping signals the whole
// group, so that anything the JVM started goes with it.
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { REDACTED } from '../connect/redact';
import { READY_LINE, ServerCommand, serverEnvironment } from './server-command';
import { spawnPlan } from './windows-command-line';

export type LocalServerState = 'stopped' | 'starting' | 'running' | 'stopping';

export interface LocalServerOptions {
  /** How long to wait for the ready line. */
  startTimeoutMs?: number;
  /** How long to wait after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
  /** Last log lines kept for error messages. */
  tailLines?: number;
}

export class LocalServerError extends Error {
  constructor(message: string, readonly logTail: string[]) {
    super(message);
    this.name = 'LocalServerError';
  }
}

export class LocalSparkServer {
  private child: ChildProcess | undefined;
  private stateValue: LocalServerState = 'stopped';
  private readonly tail: string[] = [];
  private readonly logListeners = new Set<(line: string) => void>();
  private readonly stateListeners = new Set<(state: LocalServerState) => void>();
  private exited: Promise<void> = Promise.resolve();
  private secrets: string[] = [];

  constructor(private readonly options: LocalServerOptions = {}) {}

  get state(): LocalServerState {
    return this.stateValue;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  onLog(listener: (line: string) => void): { dispose(): void } {
    this.logListeners.add(listener);
    return { dispose: () => this.logListeners.delete(listener) };
  }

  onState(listener: (state: LocalServerState) => void): { dispose(): void } {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  /** Starts the server and resolves when it is ready; rejects with the end of its log otherwise. */
  async start(cmd: Pick<ServerCommand, 'command' | 'args' | 'env'> & Partial<Pick<ServerCommand, 'secrets'>>, signal?: AbortSignal): Promise<void> {
    if (this.stateValue !== 'stopped') throw new LocalServerError('The local Spark server is already running.', []);
    this.tail.length = 0;
    // Longest first, so that a secret containing another is removed whole.
    this.secrets = (cmd.secrets ?? []).filter((s) => s !== '').sort((a, b) => b.length - a.length);
    const plan = spawnPlan(cmd.command, cmd.args, process.platform);
    this.setState('starting');
    const child = spawn(plan.file, plan.args, {
      argv0: plan.argv0,
      windowsVerbatimArguments: plan.windowsVerbatimArguments,
      env: serverEnvironment(process.env, cmd.env),
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      shell: false,
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
      this.setState('stopped');
    });

    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      const timeoutMs = this.options.startTimeoutMs ?? 180_000;
      const timer = setTimeout(() => {
        finish(new LocalServerError(`The local Spark server did not start within ${Math.round(timeoutMs / 1000)} s.`, [...this.tail]));
        void this.stop();
      }, timeoutMs);
      const onAbort = () => {
        finish(new LocalServerError('Starting the local Spark server was cancelled.', [...this.tail]));
        void this.stop();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const onLine = (line: string) => {
        if (line.includes(READY_LINE)) {
          this.setState('running');
          finish();
        }
      };
      this.pipeLines(child, onLine);
      child.once('error', (err) => finish(new LocalServerError(`Could not run ${cmd.command}: ${err.message}`, [...this.tail])));
      child.once('exit', (code, sig) => {
        finish(new LocalServerError(`The local Spark server exited before it was ready (${sig ?? `exit code ${code}`}).`, [...this.tail]));
      });
    });
  }

  /** Stops the server (its whole process group); resolves when it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.setState('stopping');
    this.signal(child, 'SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => {
      const t = setTimeout(() => resolve('timeout'), this.options.stopTimeoutMs ?? 15_000);
      t.unref?.();
    });
    if ((await Promise.race([this.exited.then(() => 'exited' as const), timeout])) === 'timeout') {
      this.signal(child, 'SIGKILL');
      await this.exited;
    }
  }

  logTail(): string[] {
    return [...this.tail];
  }

  private signal(child: ChildProcess, sig: NodeJS.Signals): void {
    try {
      if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // Already gone.
    }
  }

  private pipeLines(child: ChildProcess, onLine: (line: string) => void): void {
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          this.emitLine(line);
          onLine(line);
        }
      });
      stream?.on('end', () => {
        if (buffer.length > 0) {
          this.emitLine(buffer);
          onLine(buffer);
          buffer = '';
        }
      });
    }
  }

  private emitLine(raw: string): void {
    let line = raw;
    for (const secret of this.secrets) if (line.includes(secret)) line = line.split(secret).join(REDACTED);
    this.tail.push(line);
    const max = this.options.tailLines ?? 40;
    if (this.tail.length > max) this.tail.splice(0, this.tail.length - max);
    for (const l of [...this.logListeners]) l(line);
  }

  private setState(state: LocalServerState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    for (const l of [...this.stateListeners]) l(state);
  }
}

/** True when nothing listens on 127.0.0.1:port. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port from `start` on (at most `span` tries). */
export async function findFreePort(start: number, span = 50, isFree: (port: number) => Promise<boolean> = isPortFree): Promise<number | undefined> {
  for (let port = start; port < start + span && port <= 65535; port++) {
    if (await isFree(port)) return port;
  }
  return undefined;
}
