// The server command is pure: the JVM's argv and the environment for each Spark version and platform,
// with the privacy settings the extension pins and the token kept off the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SparkInstall } from '../../../src/local-spark/detect';
import { moduleOptions } from '../../../src/local-spark/jvm-options';
import { SERVER_CLASS, SUBMIT_CLASS, ServerCommandError, TOKEN_VARIABLE, buildServerCommand, serverEnvironment } from '../../../src/local-spark/server-command';

const SPARK4: SparkInstall = { sparkHome: '/s', source: 'SPARK_HOME', version: '4.3.0', scalaVersion: '2.13', connectJar: '/s/jars/spark-connect_2.13-4.3.0.jar' };
const SPARK35: SparkInstall = { sparkHome: '/s', source: 'python', version: '3.5.7', scalaVersion: '2.12' };
const TOKEN = 'k3y-Of_The-Day_0123456789';

/** The values of every --conf, in order. */
function confs(args: string[]): string[] {
  return args.filter((_, i) => args[i - 1] === '--conf');
}

/** The JVM's own options: everything before the main class. */
function jvmArgs(args: string[]): string[] {
  return args.slice(0, args.indexOf(SUBMIT_CLASS));
}

test('Spark 4: java runs SparkSubmit directly, bound to loopback, the UI port set, the token in the environment only', () => {
  const cmd = buildServerCommand(SPARK4, { port: 15010, uiPort: 4050, driverMemory: '2g', conf: { 'spark.sql.shuffle.partitions': '4' } }, '/jdk/bin/java', 'linux',
    { bindingAddress: true, token: TOKEN });
  assert.equal(cmd.command, '/jdk/bin/java');
  const jvm = jvmArgs(cmd.args);
  assert.deepEqual(jvm, ['-Xmx2g', ...moduleOptions(4), '-cp', '/s/conf:/s/jars/*']);
  assert.ok(jvm.includes('--add-modules=jdk.incubator.vector'));
  const afterMain = cmd.args.slice(jvm.length);
  assert.deepEqual(afterMain.slice(0, 9), [SUBMIT_CLASS, '--class', SERVER_CLASS, '--name', 'Spark Connect (VS Code)', '--master', 'local[*]', '--driver-memory', '2g']);
  assert.deepEqual(confs(cmd.args), [
    'spark.sql.shuffle.partitions=4',
    'spark.ui.port=4050',
    'spark.connect.grpc.binding.port=15010',
    'spark.connect.grpc.binding.address=127.0.0.1',
    'spark.driver.bindAddress=127.0.0.1',
    'spark.driver.host=127.0.0.1',
  ]);
  assert.equal(cmd.args[cmd.args.length - 1], 'spark-internal');
  assert.deepEqual(cmd.env, { SPARK_HOME: '/s', SPARK_LOCAL_IP: '127.0.0.1', [TOKEN_VARIABLE]: TOKEN });
  assert.deepEqual(cmd.secrets, [TOKEN]);
  assert.ok(!JSON.stringify(cmd.args).includes(TOKEN), 'the token is never on the command line');
  assert.deepEqual(cmd.ignoredConf, []);
});

test('settings cannot unbind the server, move its port or put a token on its command line', () => {
  const cmd = buildServerCommand(SPARK4, {
    port: 15010,
    driverMemory: '1g',
    conf: {
      'spark.connect.grpc.binding.address': '0.0.0.0',
      'spark.connect.grpc.binding.port': '15002',
      'spark.driver.bindAddress': '0.0.0.0',
      'spark.driver.host': 'my-host',
      'spark.connect.authenticate.token': 'from-settings',
      'spark.sql.ansi.enabled': 'true',
    },
  }, 'java', 'linux', { bindingAddress: true, token: TOKEN });
  assert.deepEqual(cmd.ignoredConf.sort(), ['spark.connect.authenticate.token', 'spark.connect.grpc.binding.address', 'spark.connect.grpc.binding.port', 'spark.driver.bindAddress', 'spark.driver.host']);
  const c = confs(cmd.args);
  assert.ok(c.includes('spark.sql.ansi.enabled=true'));
  assert.ok(c.includes('spark.connect.grpc.binding.port=15010'));
  assert.ok(!cmd.args.some((a) => a.includes('0.0.0.0') || a.includes('my-host') || a.includes('from-settings') || a.includes('15002')), cmd.args.join(' '));
});

test('Spark 3.5: no binding address and no token (it has neither), the Connect jar from Maven, 3.5 module options; UI and driver still on loopback', () => {
  const cmd = buildServerCommand(SPARK35, { port: 15010, driverMemory: '1g', conf: {} }, 'java', 'linux', { bindingAddress: false });
  assert.deepEqual(jvmArgs(cmd.args).slice(0, -2), ['-Xmx1g', ...moduleOptions(3)]);
  assert.ok(jvmArgs(cmd.args).includes('-Djdk.reflect.useDirectMethodHandle=false'));
  const c = confs(cmd.args);
  assert.ok(c.includes('spark.jars.packages=org.apache.spark:spark-connect_2.12:3.5.7'));
  assert.ok(c.includes('spark.ui.enabled=false'), 'no UI port: no UI');
  assert.ok(c.includes('spark.driver.bindAddress=127.0.0.1'));
  assert.equal(c.some((a) => a.includes('binding.address')), false);
  assert.deepEqual(cmd.env, { SPARK_HOME: '/s', SPARK_LOCAL_IP: '127.0.0.1' });
  assert.deepEqual(cmd.secrets, []);
});

test('the driver\'s Java options and class path from settings reach the JVM as the launcher would put them', () => {
  const cmd = buildServerCommand(SPARK4, {
    port: 1,
    driverMemory: '2048m',
    conf: {
      'spark.driver.defaultJavaOptions': '-Dfirst=1',
      'spark.driver.extraJavaOptions': '-Da=1 "-Db=two words" -Dc=it\\\'s -XX:+UseG1GC',
      'spark.driver.extraClassPath': '/x/lib/*',
    },
    confDir: '/etc/spark',
  }, 'java', 'linux', { bindingAddress: true });
  const jvm = jvmArgs(cmd.args);
  assert.equal(jvm[0], '-Xmx2048m');
  assert.deepEqual(jvm.slice(-7), ['-Dfirst=1', '-Da=1', '-Db=two words', "-Dc=it's", '-XX:+UseG1GC', '-cp', '/x/lib/*:/etc/spark:/s/jars/*']);
});

test('a driver memory that is not a heap size is refused before anything runs', () => {
  for (const bad of ['2 g', '1g; rm -rf /', '-1g', '', '1gb']) {
    assert.throws(() => buildServerCommand(SPARK4, { port: 1, driverMemory: bad, conf: {} }, 'java', 'linux', { bindingAddress: true }), ServerCommandError, bad);
  }
});

test('Windows: java.exe with a ;-separated class path of backslashed paths, never a .cmd', () => {
  const home = 'C:\\Users\\Me Too\\pyspark';
  const cmd = buildServerCommand({ ...SPARK4, sparkHome: home }, { port: 15010, driverMemory: '1g', conf: {} }, 'C:\\Program Files\\Java\\bin\\java.exe', 'win32', { bindingAddress: true, token: TOKEN });
  assert.equal(cmd.command, 'C:\\Program Files\\Java\\bin\\java.exe');
  assert.equal(cmd.args[cmd.args.indexOf('-cp') + 1], 'C:\\Users\\Me Too\\pyspark\\conf;C:\\Users\\Me Too\\pyspark\\jars\\*');
  assert.ok(!cmd.args.some((a) => /\.(cmd|bat)$/i.test(a)));
  assert.equal(cmd.env.SPARK_HOME, home);
});

test('the server does not inherit SPARK_REMOTE (spark-submit would refuse to start), nor a token or bind address of the user\'s', () => {
  const env = serverEnvironment({
    PATH: '/bin',
    SPARK_REMOTE: 'sc://prod:15002',
    Spark_Connect_Mode_Enabled: '1',
    SPARK_CONNECT_AUTHENTICATE_TOKEN: 'users-own',
    SPARK_LOCAL_IP: '10.0.0.5',
    HOME: undefined,
  }, { SPARK_HOME: '/spark', SPARK_LOCAL_IP: '127.0.0.1' });
  assert.deepEqual(env, { PATH: '/bin', SPARK_HOME: '/spark', SPARK_LOCAL_IP: '127.0.0.1' });
});
