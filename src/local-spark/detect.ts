// Finding a Spark installation that can run a Spark Connect server on this machine: a configured
// Spark home, SPARK_HOME, or PySpark installed in a Python environment (whose package directory is a
// complete Spark home since 3.4: bin/spark-submit and jars/). A Spark 4.x home ships the Connect
// server jar in jars/; a 3.5 one does not, and then needs the jar from Maven (spark.jars.packages).
import * as path from 'node:path';

export interface SparkInstall {
  sparkHome: string;
  source: 'setting' | 'SPARK_HOME' | 'python';
  /** Spark version, from the Connect jar name or PySpark's version. */
  version?: string;
  /** Scala binary version (2.12, 2.13) when known. */
  scalaVersion?: string;
  /** The Spark Connect server jar inside the home, when there is one. */
  connectJar?: string;
}

export interface DetectDeps {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  isFile(p: string): Promise<boolean>;
  readdir(p: string): Promise<string[]>;
  /** Runs a program and returns its stdout; rejects when it cannot run or exits non-zero. */
  run(command: string, args: string[], timeoutMs: number): Promise<string>;
}

export interface DetectSettings {
  sparkHome?: string;
  pythonPath?: string;
}

export type DetectResult =
  | { ok: true; install: SparkInstall; java: string }
  | { ok: false; reason: string; tried: string[] };

const CONNECT_JAR = /^spark-connect_(2\.1[23])-(\d+\.\d+\.\d+.*)\.jar$/;

export function sparkSubmitPath(sparkHome: string, platform: NodeJS.Platform): string {
  return path.join(sparkHome, 'bin', platform === 'win32' ? 'spark-submit.cmd' : 'spark-submit');
}

async function inspectHome(deps: DetectDeps, sparkHome: string, source: SparkInstall['source']): Promise<SparkInstall | undefined> {
  if (!(await deps.isFile(sparkSubmitPath(sparkHome, deps.platform)))) return undefined;
  const install: SparkInstall = { sparkHome, source };
  let jars: string[] = [];
  try {
    jars = await deps.readdir(path.join(sparkHome, 'jars'));
  } catch {
    // No jars directory: not a usable home, spark-submit will say so; keep what we know.
  }
  for (const name of jars) {
    const m = CONNECT_JAR.exec(name);
    if (m) {
      install.connectJar = path.join(sparkHome, 'jars', name);
      install.scalaVersion = m[1];
      install.version = m[2];
    }
  }
  if (!install.scalaVersion) {
    const core = jars.map((n) => /^spark-core_(2\.1[23])-(\d+\.\d+\.\d+.*)\.jar$/.exec(n)).find(Boolean);
    if (core) {
      install.scalaVersion = core[1];
      install.version = core[2];
    }
  }
  return install;
}

function pythonCandidates(deps: DetectDeps, settings: DetectSettings): string[] {
  const bin = deps.platform === 'win32' ? 'Scripts' : 'bin';
  const exe = deps.platform === 'win32' ? 'python.exe' : 'python';
  const out: string[] = [];
  if (settings.pythonPath) out.push(settings.pythonPath);
  if (deps.env.VIRTUAL_ENV) out.push(path.join(deps.env.VIRTUAL_ENV, bin, exe));
  if (deps.env.CONDA_PREFIX) out.push(deps.platform === 'win32' ? path.join(deps.env.CONDA_PREFIX, exe) : path.join(deps.env.CONDA_PREFIX, 'bin', exe));
  out.push(deps.platform === 'win32' ? 'python' : 'python3', 'python');
  return [...new Set(out)];
}

const PYSPARK_PROBE = 'import os, pyspark; print(os.path.dirname(pyspark.__file__)); print(pyspark.__version__)';

export async function findJava(deps: DetectDeps): Promise<string | undefined> {
  const exe = deps.platform === 'win32' ? 'java.exe' : 'java';
  if (deps.env.JAVA_HOME) {
    const p = path.join(deps.env.JAVA_HOME, 'bin', exe);
    if (await deps.isFile(p)) return p;
  }
  try {
    await deps.run('java', ['-version'], 10_000);
    return 'java';
  } catch {
    return undefined;
  }
}

export async function detectSpark(deps: DetectDeps, settings: DetectSettings = {}): Promise<DetectResult> {
  const tried: string[] = [];
  let install: SparkInstall | undefined;
  const homes: Array<[string | undefined, SparkInstall['source'], string]> = [
    [settings.sparkHome, 'setting', 'the sparkConnect.localSpark.sparkHome setting'],
    [deps.env.SPARK_HOME, 'SPARK_HOME', 'SPARK_HOME'],
  ];
  for (const [home, source, label] of homes) {
    if (!home || install) continue;
    install = await inspectHome(deps, home, source);
    tried.push(install ? `${label}: ${home}` : `${label}: ${home} has no bin/spark-submit`);
  }
  if (!install) {
    for (const python of pythonCandidates(deps, settings)) {
      try {
        const [dir, version] = (await deps.run(python, ['-c', PYSPARK_PROBE], 20_000)).trim().split(/\r?\n/);
        install = await inspectHome(deps, dir, 'python');
        if (install) {
          install.version ??= version;
          tried.push(`${python}: PySpark ${version} at ${dir}`);
          break;
        }
        tried.push(`${python}: PySpark ${version} at ${dir} has no bin/spark-submit`);
      } catch {
        tried.push(`${python}: no PySpark`);
      }
    }
  }
  if (!install) {
    return {
      ok: false,
      reason: 'No Spark installation found. Install PySpark (pip install "pyspark[connect]"), set SPARK_HOME, or set sparkConnect.localSpark.sparkHome.',
      tried,
    };
  }
  const java = await findJava(deps);
  if (!java) {
    return { ok: false, reason: 'Spark needs Java, which was not found. Install a JDK (17 or 21) and set JAVA_HOME or put java on PATH.', tried };
  }
  return { ok: true, install, java };
}
