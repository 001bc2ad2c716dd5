// Server diagnostics on Spark 4.x and 3.5: analysis errors land on the exact text with their error
// class, parse errors on the right place, and nothing under the diagnostic path ever runs: a DROP or
// an INSERT given to it leaves the table and its rows exactly as they were (Spark 3.5 executes
// commands while it analyzes a SQL relation, issue 15).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { tableFromIPC } from 'apache-arrow';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import { noopLogger } from '../../../src/connect/logger';
import { ConnectEngine, type ConnectEngineSession } from '../../../src/engine/connect-engine';
import type { ResultEvent } from '../../../src/engine/engine';
import { QUERY_ONLY_PREFIX, QUERY_ONLY_SUFFIX } from '../../../src/engine/explain';
import { splitStatements } from '../../../src/sql/split';
import { serverDiagnostics } from '../../../src/sql-language/server-diagnostics';
import { sparkServers } from '../../support/servers';
import { runCli } from '../cli/run-cli';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function rows(session: ConnectEngineSession, sql: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of session.executeSql(sql, undefined) as AsyncIterable<ResultEvent>) {
    if (e.kind !== 'arrow') continue;
    for (const r of tableFromIPC(e.data).toArray()) out.push(JSON.stringify(r));
  }
  return out;
}

for (const server of sparkServers()) {
  void describe(`server diagnostics on ${server.name}`, () => {
    const db = `sqlls_${randomBytes(4).toString('hex')}`;
    let session: ConnectEngineSession;
    const snapshot = async (): Promise<string> => JSON.stringify([
      await rows(session, `SHOW TABLES IN ${db}`), await rows(session, `SELECT * FROM ${db}.t ORDER BY id`),
    ]);
    let before0 = '';

    before(async () => {
      session = await new ConnectEngine(noopLogger, 'sql-language-test').connect(parseConnectionString(server.remote)) as ConnectEngineSession;
      await rows(session, `CREATE DATABASE ${db}`);
      await rows(session, `CREATE TABLE ${db}.t (id INT, s STRING) USING parquet`);
      await rows(session, `INSERT INTO ${db}.t VALUES (1, 'one'), (2, 'two')`);
      before0 = await snapshot();
    });
    after(async () => {
      await rows(session, `DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => undefined);
      await session.close();
    });

    const check = (text: string, at = 0) => {
      const doc = `${' '.repeat(at)}${text}`;
      const [statement] = splitStatements(doc);
      return serverDiagnostics((sql, signal) => session.validateQuery(sql, signal), statement);
    };

    test('an unknown column is marked exactly, with its error class', async () => {
      const text = `SELECT idd FROM ${db}.t`;
      const [d] = await check(text, 10);
      assert.ok(d, 'a diagnostic');
      assert.match(d.code, /^UNRESOLVED_COLUMN/);
      assert.equal(d.origin, 'server');
      // 4.x gives a query context; 3.5 only "line 1 pos 7" in the message: both point at idd.
      assert.equal(d.start, 10 + text.indexOf('idd'));
    });

    test('a missing table is marked on its name', async () => {
      const text = `SELECT * FROM ${db}.nope`;
      const [d] = await check(text);
      assert.ok(d);
      assert.equal(d.code, 'TABLE_OR_VIEW_NOT_FOUND');
      assert.equal(d.start, text.indexOf(`${db}.nope`));
    });

    test('a valid query gets nothing; a parse error gets its place', async () => {
      assert.deepEqual(await check(`SELECT id, upper(s) FROM ${db}.t WHERE id > 1`), []);
      const text = `SELECT id FROM ${db}.t WHERE id = = 1`;
      const [d] = await check(text);
      assert.ok(d);
      assert.equal(d.code, 'PARSE_SYNTAX_ERROR');
      assert.equal(d.start, text.indexOf('= = 1') + 2);
    });

    test('a DROP or an INSERT under the diagnostic path leaves the table intact', async () => {
      const dangerous = [`DROP TABLE ${db}.t`, `INSERT INTO ${db}.t VALUES (99, 'x')`, `INSERT OVERWRITE ${db}.t VALUES (1, 'o')`,
        `WITH x AS (SELECT 5 AS id, 'c' AS s) INSERT INTO ${db}.t SELECT * FROM x`];
      for (const sql of dangerous) {
        assert.deepEqual(await check(sql), [], `${sql}: not a query, so not sent`);
        await assert.rejects(session.validateQuery(sql), (e: unknown) => e instanceof SparkConnectError && e.reason === 'invalid-argument');
        // Even if the statement-kind check were fooled, the wrapper admits only a query: a parse error, nothing runs.
        await assert.rejects(session.analyzeSql(QUERY_ONLY_PREFIX + sql + QUERY_ONLY_SUFFIX, undefined),
          (e: unknown) => e instanceof SparkConnectError && e.errorClass === 'PARSE_SYNTAX_ERROR');
      }
      assert.equal(await snapshot(), before0);
    });

    test('spark-connect check --remote: analysis errors with position and class, commands left alone', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sqlls-'));
      const file = join(dir, 'q.sql');
      writeFileSync(file, `SELECT id FROM ${db}.t;\nDROP TABLE ${db}.t;\nSELECT idd\nFROM ${db}.t;\n`);
      const r = await runCli(['check', '--remote', server.remote, '--format', 'json', file]);
      assert.equal(r.code, 1, r.stderr);
      const rows = JSON.parse(r.stdout) as Array<{ line: number; column: number; code: string; origin: string }>;
      assert.equal(rows.length, 1, r.stdout);
      assert.deepEqual([rows[0].line, rows[0].column, rows[0].origin], [3, 8, 'server']);
      assert.match(rows[0].code, /^UNRESOLVED_COLUMN/);
      assert.equal(await snapshot(), before0, 'the DROP in the file was not run');
    });

    test('functions and the current namespace for completion and hover', async () => {
      const names = await session.listFunctions();
      assert.ok(names.includes('abs') && names.includes('upper'), 'built-ins listed');
      const doc = (await session.describeFunction('upper')).join('\n');
      assert.match(doc, /Usage: upper\(str\)/);
      const ns = await session.currentNamespace();
      assert.equal(ns.catalog, 'spark_catalog');
      assert.deepEqual(ns.database, ['default']);
    });
  });
}
