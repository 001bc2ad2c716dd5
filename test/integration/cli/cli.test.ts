// The spark-connect CLI as a user runs it: a child process against the real Spark servers, checked on
// stdout, stderr and exit code. Expected values were cross-checked with PySpark's show() and collect().
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sparkServers, spark4 } from '../../support/servers';
import { TcpProxy } from '../../support/tcp-proxy';
import { runCli } from './run-cli';

const ZONE = ['--conf', 'spark.sql.session.timeZone=America/New_York'];
const TYPED = `SELECT CAST(id AS INT) AS i, CAST(9007199254740993 AS BIGINT) + id AS big, CAST(id AS DOUBLE) / 4 AS d,
  CAST(id AS DECIMAL(20, 2)) / 3 AS dec, IF(id = 1, NULL, concat('s,"', id)) AS s,
  timestamp_micros(1700000000000001 + id) AS ts, DATE'2024-02-28' + CAST(id AS INT) AS dt, id % 2 = 0 AS b
FROM range(3)`;

// A statement that runs long without loading the shared server: one task sleeping on the driver.
const SLEEP_SQL = (ms: number): string => `SELECT reflect('java.lang.Thread', 'sleep', CAST(${ms} AS BIGINT)) AS r`;

for (const server of sparkServers()) {
  const remote = ['--remote', server.remote];

  describe(`spark-connect sql against ${server.name}`, () => {
    test('a typed multi-column query as an aligned table', async () => {
      const r = await runCli(['sql', ...remote, ...ZONE, TYPED]);
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      assert.equal(r.stdout, [
        '+---+----------------+----+--------+----+--------------------------+----------+-----+',
        '|  i|             big|   d|     dec|s   |ts                        |dt        |b    |',
        '+---+----------------+----+--------+----+--------------------------+----------+-----+',
        '|  0|9007199254740993| 0.0|0.000000|s,"0|2023-11-14 17:13:20.000001|2024-02-28|true |',
        '|  1|9007199254740994|0.25|0.333333|NULL|2023-11-14 17:13:20.000002|2024-02-29|false|',
        '|  2|9007199254740995| 0.5|0.666667|s,"2|2023-11-14 17:13:20.000003|2024-03-01|true |',
        '+---+----------------+----+--------+----+--------------------------+----------+-----+',
        '',
      ].join('\n'));
    });

    test('the same query as RFC 4180 CSV', async () => {
      const r = await runCli(['sql', ...remote, ...ZONE, '--format', 'csv', TYPED]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, [
        'i,big,d,dec,s,ts,dt,b',
        '0,9007199254740993,0.0,0.000000,"s,""0",2023-11-14 17:13:20.000001,2024-02-28,true',
        '1,9007199254740994,0.25,0.333333,,2023-11-14 17:13:20.000002,2024-02-29,false',
        '2,9007199254740995,0.5,0.666667,"s,""2",2023-11-14 17:13:20.000003,2024-03-01,true',
        '',
      ].join('\r\n'));
    });

    test('the same query as JSON lines, 64-bit integers and decimals exact, timestamps ISO in the session zone', async () => {
      const r = await runCli(['sql', ...remote, ...ZONE, '--format', 'json', TYPED]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, [
        '{"i":0,"big":9007199254740993,"d":0.0,"dec":0.000000,"s":"s,\\"0","ts":"2023-11-14T17:13:20.000001-05:00","dt":"2024-02-28","b":true}',
        '{"i":1,"big":9007199254740994,"d":0.25,"dec":0.333333,"s":null,"ts":"2023-11-14T17:13:20.000002-05:00","dt":"2024-02-29","b":false}',
        '{"i":2,"big":9007199254740995,"d":0.5,"dec":0.666667,"s":"s,\\"2","ts":"2023-11-14T17:13:20.000003-05:00","dt":"2024-03-01","b":true}',
        '',
      ].join('\n'));
      // 9007199254740993 is not a double: a JSON.parse would round it, proving the text was not.
      assert.equal((JSON.parse(r.stdout.split('\n')[0]) as { big: number }).big, 9007199254740992);
    });

    test('a result of many large messages (received into reused memory) comes out complete and in order, through either transport', async () => {
      const n = 300_000;
      const query = `SELECT id, concat('s', id) AS s, CAST(id AS DECIMAL(12, 2)) / 4 AS q FROM range(0, ${n}, 1, 3)`;
      const r = await runCli(['sql', ...remote, '--verbose', '--stream-transport', 'direct', '--format', 'csv', query], { timeoutMs: 120_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /→ ExecutePlan \(stream, direct\)/, 'direct reads results with the direct reader');
      const viaGrpcJs = await runCli(['sql', ...remote, '--verbose', '--format', 'csv', query], { timeoutMs: 120_000 });
      assert.equal(viaGrpcJs.code, 0, viaGrpcJs.stderr);
      assert.match(viaGrpcJs.stderr, /→ ExecutePlan \(stream\)/, 'grpc-js by default');
      assert.ok(viaGrpcJs.stdout === r.stdout, 'grpc-js and the direct reader printed different results');
      const lines = r.stdout.split('\r\n');
      assert.equal(lines.length, n + 2, 'header, n rows, and the empty string after the last CRLF');
      assert.equal(lines[0], 'id,s,q');
      const q = (i: number): string => {
        const cents = i * 25; // i / 4 with Spark's result scale of 6: exact
        return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}0000`;
      };
      for (let i = 0; i < n; i++) {
        const want = `${i},s${i},${q(i)}`;
        if (lines[i + 1] !== want) assert.fail(`line ${i + 1}: ${lines[i + 1]} (expected ${want})`);
      }
    });

    test('--file runs DDL then queries in order, in one session, and stops at the first failure', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cli-it-'));
      try {
        const file = join(dir, 'script.sql');
        writeFileSync(file, [
          '-- views live in the session: the SELECTs only work if all statements share it',
          'CREATE OR REPLACE TEMPORARY VIEW cli_it_v AS SELECT id, id * 2 AS twice FROM range(3);',
          "SELECT twice, 'a;b' AS text FROM cli_it_v ORDER BY id;",
          'SELECT count(*) AS n FROM cli_it_v;',
          'SELECT no_such_column FROM cli_it_v;',
          "SELECT 'must not run' AS never;",
          '',
        ].join('\n'));
        const r = await runCli(['sql', ...remote, '--format', 'csv', '--file', file]);
        assert.equal(r.stdout, 'twice,text\r\n0,a;b\r\n2,a;b\r\n4,a;b\r\n\r\nn\r\n3\r\n');
        assert.equal(r.code, 1);
        assert.match(r.stderr, /UNRESOLVED_COLUMN/);
        assert.match(r.stderr, new RegExp(`at ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 5, col 8: 'no_such_column'`));
        assert.match(r.stderr, /in statement 4 of 5/);
        assert.doesNotMatch(r.stdout, /must not run/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a SQL error: error class (and SQLSTATE on 4.x) and the position on stderr, exit code 1', async () => {
      const r = await runCli(['sql', ...remote, 'SELECT * FROM cli_it_no_such_table']);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^Error: \[TABLE_OR_VIEW_NOT_FOUND\]/);
      assert.match(r.stderr, /error class: TABLE_OR_VIEW_NOT_FOUND\n/);
      if (server.version === '4') assert.match(r.stderr, /SQLSTATE: 42P01\n/);
      assert.match(r.stderr, /at line 1, col 15: 'cli_it_no_such_table'/);
    });

    test('a parse error points at the offending token', async () => {
      const r = await runCli(['sql', ...remote, 'SELECT 1 +* 2']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /PARSE_SYNTAX_ERROR/);
      if (server.version === '4') assert.match(r.stderr, /SQLSTATE: 42601/);
      assert.match(r.stderr, /at line 1, col 13: '2'/);
    });
  });

  describe(`spark-connect explain against ${server.name}`, () => {
    const sql = 'SELECT id % 3 AS k, count(*) AS n FROM range(100) GROUP BY id % 3';
    const marks: Record<string, RegExp[]> = {
      simple: [/^== Physical Plan ==\n/, /HashAggregate/],
      extended: [/== Parsed Logical Plan ==/, /== Analyzed Logical Plan ==/, /== Optimized Logical Plan ==/, /== Physical Plan ==/],
      codegen: [/WholeStageCodegen subtrees/],
      cost: [/== Optimized Logical Plan ==/, /Statistics\(sizeInBytes=/],
      formatted: [/== Physical Plan ==/, /\(1\) Range/, /Arguments/],
    };
    for (const [mode, patterns] of Object.entries(marks)) {
      test(`--mode ${mode}`, async () => {
        const r = await runCli(['explain', ...remote, '--mode', mode, sql]);
        assert.equal(r.code, 0, r.stderr);
        for (const p of patterns) assert.match(r.stdout, p);
      });
    }
  });
}

describe('spark-connect, connection and process behaviour', () => {
  const server = spark4();

  test('version prints ours and the server Spark version; SPARK_REMOTE is used when --remote is absent', async () => {
    const r = await runCli(['version'], { env: { SPARK_REMOTE: server.remote } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^spark-connect \d+\.\d+\.\d+ \(node /);
    assert.match(r.stdout, /\nserver: Spark 4\.\d+\.\d+ at sc:\/\/localhost:\d+\n/);
  });

  test('no server given is a usage error (2); so is a bad option', async () => {
    const none = await runCli(['sql', 'SELECT 1']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--remote .*SPARK_REMOTE/);
    const bad = await runCli(['sql', '--remote', server.remote, '--format', 'xml', 'SELECT 1']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format/);
  });

  test('SQL that starts with a -- comment runs; a mistyped option is still a usage error', async () => {
    const r = await runCli(['sql', '--remote', server.remote, '--format', 'csv', '-- the answer\nSELECT 42 AS answer']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'answer\r\n42\r\n');
    const typo = await runCli(['sql', '--remote', server.remote, '--fromat', 'csv', 'SELECT 1']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Unknown option '--fromat'/);
  });

  test('a malformed connection string: exit 3 and what is wrong, before any network use', async () => {
    const r = await runCli(['sql', '--remote', 'sc://localhost:15002;token=abc', 'SELECT 1']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /invalid connection string: Parameters must follow a '\/'/);
    assert.ok(!r.stderr.includes('abc'), r.stderr);
  });

  test('a refused port fails fast with exit 3', async () => {
    const r = await runCli(['sql', '--remote', 'sc://127.0.0.1:1', 'SELECT 1'], { timeoutMs: 20_000 });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /refused/i);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  });

  test('a server that accepts TCP but never answers fails within the connect timeout (plus diagnosis)', async () => {
    const proxy = await TcpProxy.start({ targetPort: 1 });
    try {
      proxy.blackhole();
      const r = await runCli(['sql', '--remote', `sc://127.0.0.1:${proxy.port}`, '--connect-timeout', '2', 'SELECT 1'], { timeoutMs: 30_000 });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /did not answer/);
      assert.ok(r.ms < 12_000, `took ${r.ms} ms`);
    } finally {
      await proxy.close();
    }
  });

  test('the token is never printed, not even in --verbose logs', async () => {
    const token = 'cli-it-secret-token-4242';
    const ok = await runCli(['sql', '--verbose', '--remote', `${server.remote}/;token=${token}`, 'SELECT 1 AS one']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /\[debug\]/, 'verbose logs were written');
    assert.ok(!ok.stderr.includes(token) && !ok.stdout.includes(token));
    const refused = await runCli(['sql', '--verbose', '--remote', `sc://127.0.0.1:1/;token=${token}`, 'SELECT 1']);
    assert.equal(refused.code, 3);
    assert.ok(!refused.stderr.includes(token), refused.stderr);
  });

  test('Ctrl+C interrupts the running server operation and exits with 130', async () => {
    const r = await runCli(['sql', '--verbose', '--remote', server.remote, SLEEP_SQL(60_000)], {
      interruptWhen: /→ ExecutePlan/, timeoutMs: 30_000,
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /→ Interrupt/, 'an Interrupt request was sent to the server');
    assert.match(r.stderr, /Interrupted: the running operation was cancelled on the server/);
    assert.ok(r.ms < 20_000, `took ${r.ms} ms`);
  });

  test('--timeout interrupts a long statement and exits with 1', async () => {
    const r = await runCli(['sql', '--remote', server.remote, '--timeout', '2', SLEEP_SQL(30_000)], { timeoutMs: 30_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /did not finish within 2 s \(--timeout\)/);
    assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
  });

  test('statements from stdin with --file -', async () => {
    const r = await runCli(['sql', '--remote', server.remote, '--format', 'json', '--file', '-'], { stdin: 'SELECT 1 AS a;\nSELECT 2 AS b;\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '{"a":1}\n{"b":2}\n');
  });

  test('a reader that stops early (like | head) ends the run quietly and at once', async () => {
    const r = await runCli(['sql', '--remote', server.remote, '--format', 'csv', 'SELECT id FROM range(1000000)'], {
      closeStdoutAfter: 20,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^id\r\n0\r\n1\r\n/);
    assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
  });
});
