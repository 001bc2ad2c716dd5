// Runs the spark-connect CLI as a child process, the way a user's shell does: the compiled
// out/src/cli.js when the tests run compiled, src/cli.ts through tsx when they run from source.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../support/servers';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliRunOptions {
  /** Environment on top of a copy of ours without SPARK_REMOTE (tests pass --remote explicitly). */
  env?: Record<string, string>;
  stdin?: string;
  /** Send SIGINT once stdout or stderr matches this, or after this many ms. */
  interruptWhen?: RegExp | number;
  /** Stop reading stdout (close our end of the pipe) once this many characters arrived, as `| head` does. */
  closeStdoutAfter?: number;
  /** Kill the child (and fail) after this long; default 60 s. */
  timeoutMs?: number;
}

function cliCommand(): string[] {
  if (__filename.endsWith('.ts')) return ['--import', 'tsx', join(projectRoot(), 'src', 'cli.ts')];
  return [join(__dirname, '..', '..', '..', 'src', 'cli.js')];
}

export function runCli(args: string[], opts: CliRunOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (opts.env?.SPARK_REMOTE === undefined) delete env.SPARK_REMOTE;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliCommand(), ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], cwd: projectRoot() });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const interrupt = (): void => {
      if (interrupted) return;
      interrupted = true;
      child.kill('SIGINT');
    };
    const check = (): void => {
      if (opts.interruptWhen instanceof RegExp && (opts.interruptWhen.test(stdout) || opts.interruptWhen.test(stderr))) interrupt();
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      check();
      if (opts.closeStdoutAfter !== undefined && stdout.length >= opts.closeStdoutAfter) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; check(); });
    const timers: NodeJS.Timeout[] = [];
    if (typeof opts.interruptWhen === 'number') timers.push(setTimeout(interrupt, opts.interruptWhen));
    const limit = opts.timeoutMs ?? 60_000;
    timers.push(setTimeout(() => child.kill('SIGKILL'), limit));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      if (signal === 'SIGKILL') {
        reject(new Error(`spark-connect ${args.join(' ')} did not end within ${limit} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
        return;
      }
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}
