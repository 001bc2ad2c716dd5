// "Start Local Spark" up to the moment the JVM runs, with a stand-in Spark home and a stand-in java
// (a script that prints what it was given and exits): whether the user is asked before a server that
// cannot be private starts, what the warning names, and what the child gets (argv, environment).
import { fake } from '../../support/fakes/fake-vscode';
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LOCAL_PROFILE_NAME, LocalSparkController } from '../../../src/commands/local-spark-commands';
import { profileResolver } from '../../../src/engine/profile-resolver';
import { SessionManager } from '../../../src/engine/session-manager';
import { ExtensionSettings } from '../../../src/views/settings';
import { TOKEN_INTERCEPTOR_CLASS } from '../../../src/local-spark/capabilities';
import { createOutputLog } from '../../../src/log/output-log';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/profiles/memory-stores';
import { ProfileRepository } from '../../../src/profiles/profile-repository';
import { FakeEngine } from '../../support/fakes/fakes';
import { buildZip } from '../local-spark/zip-builder';

const skip = process.platform === 'win32' ? 'the stand-in java is a shell script' : false;
let dir: string;
let savedJavaHome: string | undefined;
const warnings: Array<{ message: string; detail: string; modal: boolean; items: string[] }> = [];
const showWarning = vscode.window.showWarningMessage;

function sparkHome(name: string, jars: Record<string, Uint8Array>): string {
  const home = path.join(dir, name);
  mkdirSync(path.join(home, 'bin'), { recursive: true });
  mkdirSync(path.join(home, 'jars'));
  writeFileSync(path.join(home, 'bin', 'spark-submit'), '');
  for (const [jar, bytes] of Object.entries(jars)) writeFileSync(path.join(home, 'jars', jar), bytes);
  return home;
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sc-local-ctl-'));
  // JAVA_HOME/bin/java: prints its argv and the environment the server would see, then fails.
  mkdirSync(path.join(dir, 'jdk', 'bin'), { recursive: true });
  const java = path.join(dir, 'jdk', 'bin', 'java');
  writeFileSync(java, '#!/bin/sh\necho "argv: $*"\necho "env: token=${SPARK_CONNECT_AUTHENTICATE_TOKEN:-none} local_ip=$SPARK_LOCAL_IP"\necho "token-sum: $(printf %s "$SPARK_CONNECT_AUTHENTICATE_TOKEN" | cksum) length ${#SPARK_CONNECT_AUTHENTICATE_TOKEN}"\nexit 7\n');
  chmodSync(java, 0o755);
  savedJavaHome = process.env.JAVA_HOME;
  process.env.JAVA_HOME = path.join(dir, 'jdk');
  // Records the modal and its detail, which the shared fake drops.
  (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string, options: { modal?: boolean; detail?: string }, ...items: string[]) => {
    warnings.push({ message, detail: options.detail ?? '', modal: options.modal === true, items });
    return fake.nextWarningAnswer;
  };
});

after(() => {
  (vscode.window as { showWarningMessage: unknown }).showWarningMessage = showWarning;
  if (savedJavaHome === undefined) delete process.env.JAVA_HOME;
  else process.env.JAVA_HOME = savedJavaHome;
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  warnings.length = 0;
  fake.errors.length = 0;
  fake.outputLines.length = 0;
  fake.nextWarningAnswer = undefined;
});

function controller(home: string) {
  fake.config = {
    'sparkConnect.localSpark.sparkHome': home,
    'sparkConnect.localSpark.port': 15_690,
    'sparkConnect.localSpark.driverMemory': '1g',
    'sparkConnect.localSpark.conf': { 'spark.ui.enabled': 'false' },
  };
  const log = createOutputLog('Spark Connect');
  const profiles = new ProfileRepository(new MemorySettingsStore(false), new MemorySecretStore());
  const sessions = new SessionManager(new FakeEngine(), profileResolver(profiles), log);
  const connected: string[] = [];
  const ctl = new LocalSparkController(profiles, sessions, new ExtensionSettings(), log, async (name) => { connected.push(name); return true; });
  return { ctl, profiles, connected };
}

const serverLog = () => fake.outputLines.filter((l) => l.startsWith('Spark Connect: Local Server ')).map((l) => l.replace(/^Spark Connect: Local Server \w+ /, ''));

test('Spark 3.5: a modal warning names both missing protections; dismissed, nothing starts', { skip }, async () => {
  const { ctl, profiles, connected } = controller(sparkHome('spark35', { 'spark-core_2.12-3.5.7.jar': new Uint8Array() }));
  await ctl.start();
  assert.equal(warnings.length, 1);
  const w = warnings[0];
  assert.ok(w.modal, 'modal');
  assert.equal(w.message, 'The local Spark 3.5.7 server cannot be private.');
  assert.deepEqual(w.items, ['Start Anyway']);
  assert.match(w.detail, /listen on every network interface.*spark\.connect\.grpc\.binding\.address/);
  assert.match(w.detail, /without a token/);
  assert.equal(ctl.running, false);
  assert.deepEqual(serverLog(), [], 'no process was started');
  assert.equal(profiles.get(LOCAL_PROFILE_NAME), undefined);
  assert.deepEqual(connected, []);
});

test('Spark 3.5, "Start Anyway": started without a token or binding address, UI and driver still on loopback', { skip }, async () => {
  fake.nextWarningAnswer = 'Start Anyway';
  const { ctl } = controller(sparkHome('spark35b', { 'spark-core_2.12-3.5.7.jar': new Uint8Array() }));
  await ctl.start();
  assert.equal(warnings.length, 1);
  const log = serverLog();
  const argv = log.find((l) => l.startsWith('argv: '));
  assert.ok(argv, log.join('\n'));
  assert.match(argv, /org\.apache\.spark\.deploy\.SparkSubmit --class org\.apache\.spark\.sql\.connect\.service\.SparkConnectServer/);
  assert.match(argv, /spark\.driver\.bindAddress=127\.0\.0\.1/);
  assert.doesNotMatch(argv, /binding\.address/);
  assert.ok(log.includes('env: token=none local_ip=127.0.0.1'), log.join('\n'));
  // The stand-in exits at once: reported as a failed start.
  assert.match(fake.errors[0]?.message ?? '', /exited before it was ready \(exit code 7\)/);
});

test('Spark 4 with token support: no question; the child gets a fresh token in its environment, which no log line shows', { skip }, async () => {
  const jar = buildZip(['org/apache/spark/sql/connect/service/SparkConnectServer.class', TOKEN_INTERCEPTOR_CLASS]);
  const home = sparkHome('spark4', { 'spark-core_2.13-4.3.0.jar': new Uint8Array(), 'spark-connect_2.13-4.3.0.jar': jar });
  const { ctl } = controller(home);
  await ctl.start();
  assert.deepEqual(warnings, []);
  const log = serverLog();
  assert.ok(log.includes('env: token=*** local_ip=127.0.0.1'), log.join('\n'));
  assert.match(log.find((l) => l.startsWith('argv: ')) ?? '', /spark\.connect\.grpc\.binding\.address=127\.0\.0\.1/);
  assert.ok(log.some((l) => l.startsWith('$ ') && l.includes('SPARK_CONNECT_AUTHENTICATE_TOKEN=***')), log.join('\n'));
  // Each start makes its own token: 32 random bytes (43 base64url characters), different the next time.
  const sum = () => serverLog().filter((l) => l.startsWith('token-sum: ')).at(-1) ?? '';
  const first = sum();
  assert.match(first, / length 43$/);
  await ctl.start();
  assert.match(sum(), / length 43$/);
  assert.notEqual(sum(), first);
  assert.equal(ctl.running, false);
});
