// The command that starts a local Spark Connect server: the JVM that bin/spark-submit would start,
// run directly (java -cp <conf>:<jars>/* org.apache.spark.deploy.SparkSubmit --class SparkConnectServer
// ...), in the foreground so that we own the process and its log. Going around bin/spark-submit
// means no shell ever parses anything: on Windows spark-submit is a .cmd, which current Node refuses
// to spawn without a shell, and with a shell the settings' --conf values would be parsed by cmd.exe.
//
// The server is private: it listens on 127.0.0.1 only (the Connect port where Spark can, the UI,
// driver and block manager through SPARK_LOCAL_IP) and, where Spark can, requires a token that
// travels in the child's environment, never on its command line.
import * as path from 'node:path';
import { sparkMajor } from './capabilities';
import type { SparkInstall } from './detect';
import { isHeapSize, moduleOptions, splitJavaOptions } from './jvm-options';

export const SUBMIT_CLASS = 'org.apache.spark.deploy.SparkSubmit';
export const SERVER_CLASS = 'org.apache.spark.sql.connect.service.SparkConnectServer';
/** Printed by SparkConnectServer once it accepts connections. */
export const READY_LINE = 'Spark Connect server started';
export const LOOPBACK = '127.0.0.1';
/** The variable Spark 4 reads the server's pre-shared token from. */
export const TOKEN_VARIABLE = 'SPARK_CONNECT_AUTHENTICATE_TOKEN';

export interface ServerSettings {
  port: number;
  uiPort?: number;
  driverMemory: string;
  /** Extra --conf key=value pairs from settings. */
  conf: Record<string, string>;
  /** SPARK_CONF_DIR, when the environment sets one (else <sparkHome>/conf). */
  confDir?: string;
}

export interface ServerPrivacy {
  /** Bind the Connect port with spark.connect.grpc.binding.address (Spark 4). */
  bindingAddress: boolean;
  /** The token clients must present (Spark 4); undefined when the server cannot require one. */
  token?: string;
}

export interface ServerCommand {
  command: string;
  args: string[];
  /** Variables the server gets on top of ours (see serverEnvironment). */
  env: Record<string, string>;
  /** Values never to show: removed from every line of the server's log. */
  secrets: string[];
  /** Keys of the settings' conf left out because the extension sets them to keep the server private. */
  ignoredConf: string[];
}

export class ServerCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerCommandError';
  }
}

// Where the server listens and who may call it: always ours, whatever settings say. The token
// would also put a secret on the command line, where any local user can read it.
const PINNED_KEYS = new Set([
  'spark.connect.grpc.binding.port',
  'spark.connect.grpc.binding.address',
  'spark.driver.bindAddress',
  'spark.driver.host',
  'spark.connect.authenticate.token',
]);

export function buildServerCommand(install: SparkInstall, s: ServerSettings, java: string, platform: NodeJS.Platform, privacy: ServerPrivacy): ServerCommand {
  if (!isHeapSize(s.driverMemory)) throw new ServerCommandError(`The driver memory '${s.driverMemory}' is not a size such as 2g or 2048m.`);
  const p = platform === 'win32' ? path.win32 : path.posix;
  const conf: Record<string, string> = {};
  // A 3.5 home has no Connect jar; Spark fetches it from Maven Central.
  if (!install.connectJar && install.version && install.scalaVersion) {
    conf['spark.jars.packages'] = `org.apache.spark:spark-connect_${install.scalaVersion}:${install.version}`;
  }
  const ignoredConf: string[] = [];
  for (const [k, v] of Object.entries(s.conf)) {
    if (PINNED_KEYS.has(k)) ignoredConf.push(k);
    else conf[k] = v;
  }
  if (s.uiPort !== undefined) conf['spark.ui.port'] = String(s.uiPort);
  else conf['spark.ui.enabled'] = 'false';
  conf['spark.connect.grpc.binding.port'] = String(s.port);
  if (privacy.bindingAddress) conf['spark.connect.grpc.binding.address'] = LOOPBACK;
  conf['spark.driver.bindAddress'] = LOOPBACK;
  conf['spark.driver.host'] = LOOPBACK;

  // What Spark's launcher adds to the driver JVM in client mode (bin/spark-submit's path).
  const jvm = [
    `-Xmx${s.driverMemory}`,
    ...moduleOptions(sparkMajor(install.version)),
    ...splitJavaOptions(conf['spark.driver.defaultJavaOptions'] ?? ''),
    ...splitJavaOptions(conf['spark.driver.extraJavaOptions'] ?? ''),
  ];
  // The JVM expands a trailing "*" in a class path entry to the jars of that directory.
  const classPath = [conf['spark.driver.extraClassPath'], s.confDir ?? p.join(install.sparkHome, 'conf'), p.join(install.sparkHome, 'jars', '*')]
    .filter((e): e is string => e !== undefined && e !== '')
    .join(p.delimiter);

  const args = [...jvm, '-cp', classPath, SUBMIT_CLASS,
    '--class', SERVER_CLASS, '--name', 'Spark Connect (VS Code)', '--master', 'local[*]', '--driver-memory', s.driverMemory];
  for (const [k, v] of Object.entries(conf)) args.push('--conf', `${k}=${v}`);
  args.push('spark-internal');

  const env: Record<string, string> = { SPARK_HOME: install.sparkHome, SPARK_LOCAL_IP: LOOPBACK };
  if (privacy.token !== undefined) env[TOKEN_VARIABLE] = privacy.token;
  return { command: java, args, env, secrets: privacy.token !== undefined ? [privacy.token] : [], ignoredConf };
}

// Variables left out of the server's environment. SPARK_REMOTE and friends turn spark-submit into a
// Spark Connect *client* launcher ("Remote cannot be specified with master and/or deploy mode"). A
// token or a bind address of the user's own would override ours: the server sets its own.
const DROPPED_VARIABLES = ['SPARK_REMOTE', 'SPARK_LOCAL_REMOTE', 'SPARK_CONNECT_MODE_ENABLED', TOKEN_VARIABLE, 'SPARK_LOCAL_IP'];

/** The environment of the server process: ours without the variables above, plus the command's own. */
export function serverEnvironment(base: Readonly<Record<string, string | undefined>>, extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  // Upper-cased: Windows variable names are case-insensitive.
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !DROPPED_VARIABLES.includes(k.toUpperCase())) env[k] = v;
  return { ...env, ...extra };
}
