import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError, type CliCommand } from '../../../src/cli/args';
import { helpText } from '../../../src/cli/usage';
import { runCli } from '../../../src/cli/main';
import { ExitCode } from '../../../src/cli/exit-codes';

const REMOTE = 'sc://localhost:15002';
type PySparkCommand = Extract<CliCommand, { kind: 'pyspark' }>;

function pyspark(argv: string[], env: NodeJS.ProcessEnv = {}): PySparkCommand {
  const c = parseArgs(['pyspark', ...argv], env);
  assert.equal(c.kind, 'pyspark');
  return c as PySparkCommand;
}

test('pyspark takes one file (or - for stdin) with the output options of sql', () => {
  const c = pyspark(['--remote', REMOTE, 'job.py']);
  assert.equal(c.path, 'job.py');
  assert.equal(c.format, 'table');
  assert.equal(c.header, true);
  assert.equal(c.connection.remote, REMOTE);
  const d = pyspark(['-', '--format', 'csv', '--no-header', '--timeout', '2.5', '--conf', 'a=b'], { SPARK_REMOTE: REMOTE });
  assert.deepEqual([d.path, d.format, d.header, d.timeoutMs, d.connection.conf], ['-', 'csv', false, 2500, [['a', 'b']]]);
  assert.equal(pyspark(['--format=json', 'x.py'], { SPARK_REMOTE: REMOTE }).format, 'json');
  assert.equal(pyspark(['--truncate', '5', 'x.py'], { SPARK_REMOTE: REMOTE }).truncate, 5);
});

test('pyspark usage errors: no file, two files, no server, options that do not apply', () => {
  const expectUsage = (argv: string[], pattern: RegExp, env: NodeJS.ProcessEnv = { SPARK_REMOTE: REMOTE }) => {
    assert.throws(() => parseArgs(['pyspark', ...argv], env), (e: unknown) => e instanceof UsageError && pattern.test(e.message) && e.command === 'pyspark');
  };
  expectUsage([], /takes one file/);
  expectUsage(['a.py', 'b.py'], /takes one file/);
  expectUsage(['a.py'], /No server given/, {});
  expectUsage(['--mode', 'simple', 'a.py'], /does not apply to 'pyspark'/);
  expectUsage(['--format', 'xml', 'a.py'], /must be one of table, csv, json/);
  expectUsage(['--no-header', 'a.py'], /applies to --format csv only/);
});

test('pyspark has its help, listed in the main help', () => {
  assert.match(helpText(), /pyspark\s+run a PySpark file/);
  assert.match(helpText('pyspark'), /Usage: spark-connect pyspark/);
  assert.deepEqual(parseArgs(['pyspark', '--help']), { kind: 'help', command: 'pyspark' });
});

test('an unreadable file is a usage error (2) before anything connects', async () => {
  let stderr = '';
  const code = await runCli(['pyspark', '--remote', 'sc://127.0.0.1:1', 'missing.py'], {}, {
    stdout: { write: async () => undefined },
    stderr: (t) => { stderr += t; },
    readText: () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })),
    signal: new AbortController().signal,
    version: '0.0.0',
  });
  assert.equal(code, ExitCode.usage);
  assert.match(stderr, /Cannot read 'missing.py': no such file/);
});
