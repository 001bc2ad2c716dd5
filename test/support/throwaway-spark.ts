// A Spark 4 Connect server of a test's own, for faults the shared servers must never see (kill -9 in
// the middle of a query). Small (1g driver), on a free port from 15200-15299, its state in a temporary
// directory; started in its own process group so that killing it reaches the JVM and nothing else.
// Costs about 15-20 s of start-up on the 2-core machines, so tests share one per file at most.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spark4 } from './servers';

export interface ThrowawaySpark {
  /** sc://localhost:<port> */
  readonly remote: string;
  readonly port: number;
  /** The JVM's pid (spark-submit execs down to java). */
  readonly pid: number;
  /** The server's log so far, for failure messages. */
  log(): string;
  /** SIGKILL to the whole process group: the server dies without closing anything. Resolves once gone. */
  kill9(): Promise<void>;
  /** Stops it if still running and deletes its directory. Idempotent. */
  stop(): Promise<void>;
}

const READY = 'Spark Connect server started at';

/** SPARK_HOME of the Spark 4 PySpark venv (the pip package's pyspark directory holds bin/spark-submit). */
export function spark4Home(): string {
  const venv = dirname(dirname(spark4().python));
  const lib = join(venv, 'lib');
  for (const py of existsSync(lib) ? readdirSync(lib) : []) {
    const home = join(lib, py, 'site-packages', 'pyspark');
    if (existsSync(join(home, 'bin', 'spark-submit'))) return home;
  }
  throw new Error(`no Spark 4 installation under ${venv} (run scripts/install-spark.sh)`);
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface ThrowawayOptions {
  /** First port to try (default 15200 + a pid-derived offset, so parallel runs rarely collide). */
  firstPort?: number;
  driverMemory?: string;
  startTimeoutMs?: number;
}

/** Starts a throwaway Spark 4 Connect server and waits until it accepts connections. */
export async function startThrowawaySpark(options: ThrowawayOptions = {}): Promise<ThrowawaySpark> {
  const home = spark4Home();
  const first = options.firstPort ?? 15200 + (process.pid % 50) * 2;
  for (let i = 0; i < 100; i++) {
    const port = 15200 + ((first - 15200 + i) % 100);
    if (await portTaken(port)) continue;
    const started = await tryStart(home, port, options);
    if (started !== 'port-taken') return started;
  }
  throw new Error('no free port in 15200-15299 for a throwaway Spark server');
}

async function tryStart(home: string, port: number, options: ThrowawayOptions): Promise<ThrowawaySpark | 'port-taken'> {
  const dir = mkdtempSync(join(tmpdir(), 'spark-throwaway-'));
  for (const d of ['local', 'warehouse', 'derby', 'tmp']) mkdirSync(join(dir, d));
  const env: NodeJS.ProcessEnv = { ...process.env, SPARK_HOME: home, SPARK_LOCAL_IP: '127.0.0.1', PYSPARK_PYTHON: spark4().python };
  // spark-submit would take the suite's client settings as its own.
  for (const k of ['SPARK_REMOTE', 'SPARK_CONNECT_MODE_ENABLED', 'SPARK_API_MODE', 'SPARK_CONNECT_AUTHENTICATE_TOKEN']) delete env[k];
  const child = spawn(join(home, 'bin', 'spark-submit'), [
    '--master', 'local[2]', '--driver-memory', options.driverMemory ?? '1g', '--name', 'spark-connect-throwaway',
    '--conf', `spark.connect.grpc.binding.port=${port}`,
    '--conf', 'spark.ui.enabled=false',
    '--conf', `spark.local.dir=${join(dir, 'local')}`,
    '--conf', `spark.sql.warehouse.dir=${join(dir, 'warehouse')}`,
    '--conf', 'spark.driver.bindAddress=127.0.0.1', '--conf', 'spark.driver.host=127.0.0.1',
    '--driver-java-options', `-Dderby.system.home=${join(dir, 'derby')} -Djava.io.tmpdir=${join(dir, 'tmp')}`,
    '--class', 'org.apache.spark.sql.connect.service.SparkConnectServer', 'spark-internal',
  ], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (d: Buffer): void => { log += d.toString(); };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const gone = exited(child);
  const group = child.pid!;
  const signalGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-group, sig);
    } catch {
      // already gone
    }
  };
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup('SIGTERM');
        const t = setTimeout(() => signalGroup('SIGKILL'), 10_000);
        await gone;
        clearTimeout(t);
      }
      signalGroup('SIGKILL'); // stray Python workers of the group
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
  let dead = false;
  void gone.then(() => { dead = true; });
  while (!log.includes(READY)) {
    if (dead) {
      await stop();
      if (/Address already in use|BindException/.test(log)) return 'port-taken';
      throw new Error(`throwaway Spark exited before becoming ready:\n${log.split('\n').slice(-30).join('\n')}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`throwaway Spark not ready within ${options.startTimeoutMs ?? 180_000} ms:\n${log.split('\n').slice(-30).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    remote: `sc://localhost:${port}`,
    port,
    pid: group,
    log: () => log,
    kill9: async () => {
      signalGroup('SIGKILL');
      await gone;
    },
    stop,
  };
}

/** For diagnostics: the JVM's command line contains the port (the process really is our server). */
export function isOurServer(pid: number, port: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`spark.connect.grpc.binding.port=${port}`);
  } catch {
    return false;
  }
}
