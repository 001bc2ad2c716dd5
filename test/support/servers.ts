// Where the integration tests find their real Spark Connect servers and PySpark reference clients.
// scripts/test-all.sh exports the addresses of the servers it starts; without them the defaults are the
// hand-started development servers (15002, 15035) and the pythons installed under .cache/.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SparkServer {
  /** Stable name for test titles: 'spark4' or 'spark35'. */
  readonly name: string;
  readonly version: '4' | '3.5';
  /** Connection string without credentials, e.g. sc://localhost:15002. */
  readonly remote: string;
  /** The PySpark reference client's python for this server's version. */
  readonly python: string;
}

export interface TokenServer {
  /** Connection string without the token. */
  readonly remote: string;
  readonly token: string;
}

/** The repository root, found from this file so it holds for both tsx (test/) and compiled (out/test/) runs. */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'spark-env.sh'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no project root above ${__dirname}`);
    dir = up;
  }
}

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

export function spark4(): SparkServer {
  return {
    name: 'spark4',
    version: '4',
    remote: env('SPARK_REMOTE') ?? 'sc://localhost:15002',
    python: env('SPARK4_PYTHON') ?? join(projectRoot(), '.cache', 'spark-4.3.0', 'bin', 'python'),
  };
}

export function spark35(): SparkServer {
  return {
    name: 'spark35',
    version: '3.5',
    remote: env('SPARK35_REMOTE') ?? 'sc://localhost:15035',
    python: env('SPARK35_PYTHON') ?? join(projectRoot(), '.cache', 'spark-3.5.7', 'bin', 'python'),
  };
}

/** Both supported server versions, for tests that run the same checks against each. */
export function sparkServers(): SparkServer[] {
  return [spark4(), spark35()];
}

/**
 * The token-protected server, when one is available: from SPARK_TOKEN_REMOTE + SPARK_TOKEN_FILE (set by
 * test-all.sh), else the one `scripts/spark-server.sh start spark4-token` left running (its pid file
 * exists only while it runs). Undefined otherwise, so callers can say why a test cannot run.
 */
export function tokenServer(): TokenServer | undefined {
  const runDir = join(projectRoot(), '.cache', 'run');
  const file = env('SPARK_TOKEN_FILE') ?? join(runDir, 'spark4-token.token');
  let remote = env('SPARK_TOKEN_REMOTE');
  if (remote === undefined && existsSync(join(runDir, 'spark4-token.pid'))) {
    remote = `sc://localhost:${env('SPARK4_TOKEN_PORT') ?? '15112'}`;
  }
  if (remote === undefined || !existsSync(file)) return undefined;
  const token = readFileSync(file, 'utf8').trim();
  return token === '' ? undefined : { remote, token };
}

export interface PysparkOptions {
  /** Connection string to use instead of server.remote (a TLS proxy, a token, ...). */
  remote?: string;
  /** Extra environment, e.g. GRPC_DEFAULT_SSL_ROOTS_FILE_PATH for a test CA. */
  env?: Record<string, string>;
  /** PySpark retries unreachable servers for minutes; this bounds the whole run. Default 120 s. */
  timeoutMs?: number;
}

const MARKER = '__PYSPARK_JSON__';

// Runs the user's snippet with `spark` (a Connect session) in scope and prints `result` as one marked
// JSON line, so warnings PySpark prints to stdout cannot be mistaken for the answer. Values JSON
// cannot hold natively become strings (dates ISO, decimals exact, bytes hex); Rows become objects.
const PRELUDE = String.raw`
import datetime, decimal, json, os, sys
from pyspark.sql import SparkSession, Row
spark = SparkSession.builder.remote(os.environ["PYSPARK_TEST_REMOTE"]).getOrCreate()
def _plain(v):
    if isinstance(v, Row):
        return {k: _plain(x) for k, x in v.asDict(recursive=False).items()}
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, (datetime.date, datetime.datetime, datetime.time)):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return v.total_seconds()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    return v
ns = {"spark": spark, "result": None}
try:
    exec(compile(sys.stdin.read(), "<snippet>", "exec"), ns)
    print("${MARKER}" + json.dumps(_plain(ns["result"])), flush=True)
finally:
    spark.stop()
`;

/** Removes the indentation common to all non-blank lines, so snippets can be written inline in tests. */
export function dedent(code: string): string {
  const lines = code.replace(/^\n+/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n') + '\n';
}

/**
 * Runs Python code in the reference PySpark client connected to `server` and returns its `result`
 * variable as parsed JSON. The snippet sees `spark`; it must assign `result`.
 *   await pysparkJson(spark4(), `result = spark.sql("select 1 as x").collect()[0].x`)  // 1
 */
export function pysparkJson<T = unknown>(server: SparkServer, pythonCode: string, options: PysparkOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise<T>((resolve, reject) => {
    const child = spawn(server.python, ['-c', PRELUDE], {
      env: { ...process.env, ...options.env, PYSPARK_TEST_REMOTE: options.remote ?? server.remote },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
      if (code === 0 && line !== undefined) {
        resolve(JSON.parse(line.slice(MARKER.length)) as T);
        return;
      }
      const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs} ms` : `exited with ${code ?? signal}`;
      // The Python exception line first: PySpark follows it with a long JVM stack trace.
      const lines = stderr.split('\n');
      const exception = lines.filter((l) => /^[\w.]+(Exception|Error)\b.*:/.test(l)).pop() ?? '';
      reject(new Error(`PySpark (${server.name}) ${why}: ${exception}\n${lines.slice(-20).join('\n')}`));
    });
    child.stdin.end(dedent(pythonCode));
  });
}
