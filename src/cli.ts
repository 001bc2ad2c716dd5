// `spark-connect`: the process edge of the CLI. The only file here that touches process.*: it wires
// stdout (with backpressure), stderr, files and stdin, and Ctrl+C into runCli.
//
// Ctrl+C: the first one aborts the shared signal, which interrupts the running server operation and
// releases the session before exit (code 130); a second one exits at once.
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runCli } from './cli/main';
import { ExitCode } from './cli/exit-codes';
import { streamSink } from './cli/output/sink';
import { SparkConnectError } from './connect/errors';

/** The version in package.json, found by walking up from this file (src/, out/src/ or dist/). */
function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'spark-connect-vscode' && pkg.version) return pkg.version;
    } catch {
      // not here; keep walking up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

async function readText(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes next to the target, then renames: an interrupted run never leaves half a notebook behind. */
async function writeText(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    process.stderr.write('Interrupting (press Ctrl+C again to quit at once)...\n');
    controller.abort(new SparkConnectError('Interrupted by Ctrl+C.', { reason: 'cancelled', errorClass: 'OPERATION_CANCELED' }));
  });
  const code = await runCli(process.argv.slice(2), process.env, {
    stdout: streamSink(process.stdout),
    stderr: (text) => process.stderr.write(text),
    readText,
    writeText,
    signal: controller.signal,
    version: packageVersion(),
  });
  // Let stdout flush before exiting; process.exit() would cut off piped output.
  process.exitCode = code;
  // Normally nothing is left and the process ends by itself; should a gRPC timer linger after the
  // session was released, do not keep the user waiting (unref: this timer alone keeps nothing alive).
  setTimeout(() => process.exit(code), code === ExitCode.interrupted ? 100 : 2_000).unref();
}

void main();
