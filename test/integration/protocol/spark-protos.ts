// Finds the Spark Connect server jars and loads the two schemas to compare: Spark's (read from the
// jar) and ours (proto/**). Jars are located by pattern so a version bump in .cache/ needs no edit.
import fs from 'node:fs';
import path from 'node:path';
import { loadSchema, type SchemaModel } from './proto-schema';
import { readZipEntries } from './zip-entries';

export interface SparkProtoSource {
  /** '4' or '3.5', as the test servers are named. */
  version: '4' | '3.5';
  /** 'exact' for the version our protos mirror, 'compatible' for older servers. */
  mode: 'exact' | 'compatible';
  envVar: string;
  /** Directory under .cache/ and jar file name patterns. */
  cacheDir: RegExp;
  jarName: RegExp;
}

export const SPARK_PROTO_SOURCES: SparkProtoSource[] = [
  {
    version: '4',
    mode: 'exact',
    envVar: 'SPARK4_CONNECT_JAR',
    cacheDir: /^spark-4\.\d+\.\d+$/,
    jarName: /^spark-connect_2\.13-4\.\d+\.\d+\.jar$/,
  },
  {
    version: '3.5',
    mode: 'compatible',
    envVar: 'SPARK35_CONNECT_JAR',
    cacheDir: /^spark-3\.5\.\d+$/,
    jarName: /^spark-connect_2\.12-3\.5\.\d+\.jar$/,
  },
];

/** Our declarations beyond google/protobuf, and Spark's entries we compare against. */
const SPARK_ENTRY = /^spark\/connect\/[^/]+\.proto$/;
const GOOGLE_RPC_ENTRIES = new Set(['google/rpc/status.proto', 'google/rpc/error_details.proto']);

/** The repository root: the nearest ancestor holding package.json and proto/ (works from out/ too). */
export function repoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'proto'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root (package.json + proto/) above ${start}`);
    dir = parent;
  }
}

function versionKey(name: string): number[] {
  return (name.match(/\d+/g) ?? []).map(Number);
}

function compareVersions(a: string, b: string): number {
  const ka = versionKey(a);
  const kb = versionKey(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? 0) - (kb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function listFiles(dir: string, depth: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) out.push(...listFiles(p, depth - 1));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** The jar from the env var if set, else the newest matching jar under .cache/ (pip venv or Maven copy). */
export function findConnectJar(source: SparkProtoSource, root: string = repoRoot()): string {
  const fromEnv = process.env[source.envVar];
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`${source.envVar}=${fromEnv} does not exist`);
    return fromEnv;
  }
  const cache = path.join(root, '.cache');
  const dirs = fs.existsSync(cache)
    ? fs.readdirSync(cache).filter((d) => source.cacheDir.test(d)).sort(compareVersions).reverse()
    : [];
  for (const d of dirs) {
    // The 4.x jar sits deep in the venv (lib/python3.x/site-packages/pyspark/jars/); 3.5's at the top.
    const jars = listFiles(path.join(cache, d), 6).filter((f) => source.jarName.test(path.basename(f)));
    if (jars.length > 0) return jars.sort((a, b) => compareVersions(path.basename(a), path.basename(b))).at(-1)!;
  }
  throw new Error(
    `no Spark ${source.version} Connect jar: set ${source.envVar} or install it under ${cache} (scripts/install-spark.sh)`,
  );
}

export function loadSparkSchema(jarPath: string): { schema: SchemaModel; entries: string[] } {
  const texts = readZipEntries(jarPath, (n) => n.endsWith('.proto') && (n.startsWith('spark/') || n.startsWith('google/')));
  const entries = [...texts.keys()].filter((n) => SPARK_ENTRY.test(n) || GOOGLE_RPC_ENTRIES.has(n)).sort();
  if (!entries.some((e) => e === 'spark/connect/base.proto')) {
    throw new Error(`${jarPath} has no spark/connect/base.proto entry`);
  }
  return { schema: loadSchema(texts, entries), entries };
}

/** Every .proto under `protoDir`, keyed by its path relative to it (as imports name them). */
export function readProtoTree(protoDir: string): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.proto')) texts.set(path.relative(protoDir, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(protoDir);
  return texts;
}

export function loadOurSchema(root: string = repoRoot()): { schema: SchemaModel; files: string[] } {
  const texts = readProtoTree(path.join(root, 'proto'));
  const files = [...texts.keys()].sort();
  return { schema: loadSchema(texts, files), files };
}
