// Explain never executes what it explains: on Spark 4.x and 3.5, through the engine (which the editor
// command, the CodeLens, the explorer and the history all call) and through the CLI, explaining DROP,
// INSERT, CREATE, ALTER, TRUNCATE and the rest leaves the catalog and the rows exactly as they were.
// Before the fix, the CLI's explain on 3.5 dropped the table and inserted the rows (AnalyzePlan of a
// SQL relation executes commands there).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';
import { noopLogger } from '../../../src/connect/logger';
import { ConnectEngine } from '../../../src/engine/connect-engine';
import type { EngineSession, ResultEvent } from '../../../src/engine/engine';
import { tableFromIPC } from 'apache-arrow';
import { runCli } from '../cli/run-cli';
import { sparkServers } from '../../support/servers';

/** Runs one statement and returns its rows as JSON text, for comparing catalog and data snapshots. */
async function rows(session: EngineSession, sql: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of session.executeSql(sql, undefined) as AsyncIterable<ResultEvent>) {
    if (e.kind !== 'arrow') continue;
    for (const r of tableFromIPC(e.data).toArray()) out.push(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
  }
  return out;
}

for (const server of sparkServers()) {
  void describe(`explain executes nothing on ${server.name}`, () => {
    const db = `explain_safety_${randomBytes(4).toString('hex')}`;
    let session: EngineSession;

    /** Everything an executed statement could change: tables, columns, properties and rows. */
    async function snapshot(): Promise<string> {
      const parts = [
        await rows(session, `SHOW TABLES IN ${db}`),
        await rows(session, `DESCRIBE TABLE ${db}.t`),
        await rows(session, `SELECT * FROM ${db}.t ORDER BY id`),
        await rows(session, `SHOW NAMESPACES LIKE '${db}*'`),
      ];
      return JSON.stringify(parts);
    }

    // Each one would change the snapshot if it ran.
    const dangerous = (): string[] => [
      `DROP TABLE ${db}.t`,
      `INSERT INTO ${db}.t VALUES (99, 'inserted')`,
      `INSERT OVERWRITE ${db}.t VALUES (1, 'overwritten')`,
      `WITH x AS (SELECT 5 AS id, 'cte' AS s) INSERT INTO ${db}.t SELECT * FROM x`,
      `CREATE TABLE ${db}.created (a INT) USING parquet`,
      `CREATE TABLE ${db}.ctas USING parquet AS SELECT * FROM ${db}.t`,
      `ALTER TABLE ${db}.t ADD COLUMNS (extra INT)`,
      `ALTER TABLE ${db}.t RENAME TO ${db}.renamed`,
      `TRUNCATE TABLE ${db}.t`,
      `DROP DATABASE ${db} CASCADE`,
    ];
    const multi = (): string => `SELECT 1; DROP TABLE ${db}.t; INSERT INTO ${db}.t VALUES (7, 'multi')`;
    let before0 = '';

    before(async () => {
      session = await new ConnectEngine(noopLogger, 'explain-safety-test').connect(parseConnectionString(server.remote));
      await rows(session, `CREATE DATABASE ${db}`);
      await rows(session, `CREATE TABLE ${db}.t (id INT, s STRING) USING parquet`);
      await rows(session, `INSERT INTO ${db}.t VALUES (1, 'one'), (2, 'two'), (3, 'three')`);
      before0 = await snapshot();
      assert.match(before0, /three/, 'the table holds its rows before the test');
    });
    after(async () => {
      await rows(session, `DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => undefined);
      await session.close();
    });

    test('through the engine (editor, CodeLens, explorer, history), in every mode', async () => {
      for (const sql of dangerous()) {
        for (const mode of ['extended', 'formatted'] as const) {
          const text = await session.explainSql(sql, undefined, mode);
          assert.ok(text.trim().length > 0, `a plan for ${sql} (${mode})`);
        }
        assert.equal(await snapshot(), before0, `explaining ${sql} changed nothing`);
      }
    });

    test('with parameters (3.5 writes them into the EXPLAIN text, 4.x sends them as arguments)', async () => {
      const text = await session.explainSql(`INSERT INTO ${db}.t VALUES (:id, :s)`, {
        kind: 'named', values: { id: { type: 'int', value: 42 }, s: { type: 'string', value: "it's" } },
      }, 'extended');
      assert.match(text, /InsertInto/, 'the plan of the insert');
      assert.equal(await snapshot(), before0);
      const query = await session.explainSql(`SELECT * FROM ${db}.t WHERE id = ?`, {
        kind: 'positional', values: [{ type: 'long', value: 98765n }],
      }, 'extended');
      assert.match(query, /98765/, 'the value is in the plan');
    });

    test('a multi-statement text is refused before anything is sent', async () => {
      await assert.rejects(session.explainSql(multi(), undefined, 'simple'), (err: unknown) => {
        assert.ok(err instanceof SparkConnectError);
        assert.equal(err.reason, 'invalid-argument');
        assert.match(err.message, /one statement/);
        return true;
      });
      assert.equal(await snapshot(), before0);
    });

    test('a query that fails to analyze still reports its error class and position in the statement', async () => {
      const sql = `SELECT nosuchcol FROM ${db}.t`;
      await assert.rejects(session.explainSql(sql, undefined, 'formatted'), (err: unknown) => {
        assert.ok(err instanceof SparkConnectError, String(err));
        assert.match(err.errorClass ?? '', /^UNRESOLVED_COLUMN/);
        // Spark 3.5 sends no query context for analysis errors; 4.x does, and it must point into our text.
        if (server.version === '3.5') return true;
        const ctx = err.queryContext[0];
        assert.ok(ctx, 'a query context');
        assert.equal(sql.slice(ctx.startIndex, (ctx.stopIndex ?? 0) + 1), 'nosuchcol');
        return true;
      });
    });

    test('through the CLI', async () => {
      // A process per statement costs a second or more: the five kinds the issue names are enough here.
      for (const sql of dangerous().filter((q) => /^(DROP TABLE|INSERT INTO|CREATE TABLE \S+ \(|ALTER TABLE \S+ ADD|TRUNCATE)/.test(q))) {
        const r = await runCli(['explain', '--remote', server.remote, '--mode', 'extended', sql]);
        assert.equal(r.code, 0, `${sql}: ${r.stderr}`);
        assert.ok(r.stdout.trim().length > 0);
      }
      const m = await runCli(['explain', '--remote', server.remote, multi()]);
      assert.equal(m.code, 2, m.stderr);
      assert.equal(await snapshot(), before0, 'the CLI explained everything and changed nothing');
    });
  });
}
