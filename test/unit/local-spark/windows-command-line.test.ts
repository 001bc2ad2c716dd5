// Spawning on Windows without a shell: every argument is quoted by our rules and the command line is
// passed verbatim. Checked here, on any platform, against an independent parser of the Windows argv
// rules as the Microsoft C runtime and the Java launcher apply them (2n backslashes + quote: n
// backslashes and a quote that opens or closes; 2n+1: n backslashes and a literal quote; other
// backslashes literal), which also reports a * or ? outside quotes, the ones java.exe expands as files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SparkInstall } from '../../../src/local-spark/detect';
import { buildServerCommand } from '../../../src/local-spark/server-command';
import { SpawnPlanError, quoteWindowsArg, spawnPlan, windowsCommandLine } from '../../../src/local-spark/windows-command-line';

interface ParsedArg {
  arg: string;
  /** A * or ? appeared outside quotes: java.exe would expand this argument as a file pattern. */
  wildcard: boolean;
}

function parseWindowsCommandLine(line: string): ParsedArg[] {
  const out: ParsedArg[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    let wildcard = false;
    while (i < line.length) {
      const ch = line[i];
      if (ch === '\\') {
        let n = 0;
        while (line[i] === '\\') {
          n++;
          i++;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) {
            arg += '"';
            i++;
          }
        } else {
          arg += '\\'.repeat(n);
        }
        continue;
      }
      if (ch === '"') {
        quoted = !quoted;
        i++;
        continue;
      }
      if (!quoted && (ch === ' ' || ch === '\t')) break;
      if (!quoted && (ch === '*' || ch === '?')) wildcard = true;
      arg += ch;
      i++;
    }
    out.push({ arg, wildcard });
  }
  return out;
}

const NASTY = [
  'plain',
  '',
  'two words',
  'a&b|c<d>e^f%PATH%!x!',
  '"quoted"',
  'say "hi" & exit',
  'C:\\Program Files\\Java\\',
  'C:\\dir\\"x',
  'end\\\\',
  '\\\\server\\share\\*',
  'spark.driver.extraClassPath=C:\\libs\\*',
  'x.???',
  'tab\there',
  'line\nbreak',
  'ünïcødé ✓',
  '%USERPROFILE% & calc.exe',
  '^"& whoami',
  '\\"',
  '\\\\"\\\\',
];

test('each argument comes back exactly, metacharacters and all, and no * or ? is ever unquoted', () => {
  for (const arg of NASTY) {
    const parsed = parseWindowsCommandLine(quoteWindowsArg(arg));
    assert.deepEqual(parsed, [{ arg, wildcard: false }], JSON.stringify(arg));
  }
});

test('a whole command line of nasty arguments parses back to the same argv (seeded random strings too)', () => {
  let seed = 0x5eed;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  const alphabet = ['a', 'Z', '0', ' ', '\t', '"', '\\', '*', '?', '&', '|', '<', '>', '^', '%', '!', '=', ';', "'", '(', ')', 'é'];
  const args = [...NASTY];
  for (let n = 0; n < 500; n++) {
    let s = '';
    for (let k = next() % 12; k > 0; k--) s += alphabet[next() % alphabet.length];
    args.push(s);
  }
  const plan = spawnPlan('C:\\Program Files\\Java\\bin\\java.exe', args, 'win32');
  assert.equal(plan.windowsVerbatimArguments, true);
  const parsed = parseWindowsCommandLine(windowsCommandLine(plan));
  assert.deepEqual(parsed.map((p) => p.arg), ['C:\\Program Files\\Java\\bin\\java.exe', ...args]);
  assert.deepEqual(parsed.filter((p) => p.wildcard), []);
});

test('the local server\'s Windows command line: java.exe, no batch file, settings\' values arrive unchanged and unexpanded', () => {
  const install: SparkInstall = { sparkHome: 'C:\\Users\\A & B\\pyspark', source: 'python', version: '4.3.0', scalaVersion: '2.13', connectJar: 'x.jar' };
  const conf = {
    'spark.driver.extraClassPath': 'C:\\libs\\*',
    'spark.sql.warehouse.dir': 'C:\\wh %TEMP% & del /q *',
    'spark.app.note': '"quoted" | more > out.txt ^ !x!',
  };
  const cmd = buildServerCommand(install, { port: 15010, driverMemory: '1g', conf }, 'C:\\Program Files\\Java\\bin\\java.exe', 'win32', { bindingAddress: true, token: 'secret-token-123' });
  const plan = spawnPlan(cmd.command, cmd.args, 'win32');
  assert.equal(plan.file, 'C:\\Program Files\\Java\\bin\\java.exe');
  const line = windowsCommandLine(plan);
  assert.ok(!line.includes('secret-token-123'));
  const parsed = parseWindowsCommandLine(line);
  assert.deepEqual(parsed.map((p) => p.arg), [cmd.command, ...cmd.args]);
  assert.deepEqual(parsed.filter((p) => p.wildcard), []);
  for (const [k, v] of Object.entries(conf)) assert.ok(parsed.some((p) => p.arg === `${k}=${v}`), k);
});

test('a batch file is refused on Windows (it would need cmd.exe); other platforms spawn argv as it is', () => {
  assert.throws(() => spawnPlan('C:\\spark\\bin\\spark-submit.cmd', [], 'win32'), SpawnPlanError);
  assert.throws(() => spawnPlan('x.BAT', [], 'win32'), SpawnPlanError);
  assert.throws(() => quoteWindowsArg('a\0b'), SpawnPlanError);
  const plan = spawnPlan('/usr/bin/java', ['a b', '*', '"'], 'linux');
  assert.deepEqual(plan, { file: '/usr/bin/java', args: ['a b', '*', '"'], argv0: '/usr/bin/java', windowsVerbatimArguments: false });
});
