// The command line that starts a local Spark Connect server, the same way Spark's own
// sbin/start-connect-server.sh does (spark-submit with the server class), in the foreground so that
// we own the process and its log.
import { SparkInstall, sparkSubmitPath } from './detect';

export const SERVER_CLASS = 'org.apache.spark.sql.connect.service.SparkConnectServer';
/** Printed by SparkConnectServer once it accepts connections. */
export const READY_LINE = 'Spark Connect server started';

export interface ServerSettings {
  port: number;
  uiPort?: number;
  driverMemory: string;
  /** Extra --conf key=value pairs from settings. */
  conf: Record<string, string>;
}

export interface ServerCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

function major(version: string | undefined): number | undefined {
  const m = /^(\d+)\./.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

export function buildServerCommand(install: SparkInstall, s: ServerSettings, platform: NodeJS.Platform, javaHome?: string): ServerCommand {
  const conf: Record<string, string> = {
    'spark.connect.grpc.binding.port': String(s.port),
  };
  // Binding to loopback only keeps the server private to this machine; the option exists from 4.0.
  if ((major(install.version) ?? 0) >= 4) conf['spark.connect.grpc.binding.address'] = '127.0.0.1';
  if (s.uiPort !== undefined) conf['spark.ui.port'] = String(s.uiPort);
  else conf['spark.ui.enabled'] = 'false';
  // A 3.5 home has no Connect jar; Spark fetches it from Maven Central.
  if (!install.connectJar && install.version && install.scalaVersion) {
    conf['spark.jars.packages'] = `org.apache.spark:spark-connect_${install.scalaVersion}:${install.version}`;
  }
  Object.assign(conf, s.conf);
  const args = ['--class', SERVER_CLASS, '--name', 'Spark Connect (VS Code)', '--master', 'local[*]', '--driver-memory', s.driverMemory];
  for (const [k, v] of Object.entries(conf)) args.push('--conf', `${k}=${v}`);
  args.push('spark-internal');
  const env: Record<string, string> = { SPARK_HOME: install.sparkHome };
  if (javaHome) env.JAVA_HOME = javaHome;
  return { command: sparkSubmitPath(install.sparkHome, platform), args, env };
}

// Variables that turn spark-submit into a Spark Connect *client* launcher: with SPARK_REMOTE set (a
// user who also connects to a remote server, or whose SPARK_REMOTE the extension imported), starting
// the server fails with "Remote cannot be specified with master and/or deploy mode".
const CLIENT_MODE_VARIABLES = ['SPARK_REMOTE', 'SPARK_LOCAL_REMOTE', 'SPARK_CONNECT_MODE_ENABLED'];

/** The environment of the server process: ours without the client-mode variables, plus the command's own. */
export function serverEnvironment(base: Readonly<Record<string, string | undefined>>, extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !CLIENT_MODE_VARIABLES.includes(k)) env[k] = v;
  return { ...env, ...extra };
}
