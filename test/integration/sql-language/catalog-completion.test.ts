// Completion and hover with a real server's catalog, on Spark 4.x and 3.5: tables of a schema,
// columns through an alias and a CTE, functions from the registry and their docs, all through the
// per-session cache (a second completion makes no server call).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { noopLogger } from '../../../src/connect/logger';
import { ConnectEngine } from '../../../src/engine/connect-engine';
import type { EngineSession, ResultEvent } from '../../../src/engine/engine';
import { CatalogCache, SqlLanguageService } from '../../../src/sql-language/sql-language-service';
import { sparkServers } from '../../support/servers';

async function run(session: EngineSession, sql: string): Promise<void> {
  for await (const e of session.executeSql(sql, undefined) as AsyncIterable<ResultEvent>) void e;
}

for (const server of sparkServers()) {
  void describe(`catalog completion and hover on ${server.name}`, () => {
    const db = `sqlls_cat_${randomBytes(4).toString('hex')}`;
    let session: EngineSession;
    let cache: CatalogCache;
    const service = new SqlLanguageService();
    const complete = async (sql: string) => {
      const offset = sql.lastIndexOf('|');
      const text = sql.slice(0, offset) + sql.slice(offset + 1);
      return (await service.completion({ key: 'c.sql', text }, offset, cache)).items;
    };

    before(async () => {
      session = await new ConnectEngine(noopLogger, 'sql-language-test').connect(parseConnectionString(server.remote));
      await run(session, `CREATE DATABASE ${db}`);
      await run(session, `CREATE TABLE ${db}.orders (id BIGINT, amount DECIMAL(10,2) COMMENT 'order total', customer_id BIGINT) USING parquet`);
      cache = new CatalogCache(session);
    });
    after(async () => {
      await run(session, `DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => undefined);
      await session.close();
    });

    test('tables of a schema, then columns through an alias and a CTE', async () => {
      const tables = await complete(`SELECT * FROM ${db}.|`);
      assert.deepEqual(tables.filter((i) => i.kind === 'table').map((i) => i.label), ['orders']);
      const cols = await complete(`SELECT o.| FROM ${db}.orders o`);
      assert.deepEqual(cols.map((i) => i.label), ['id', 'amount', 'customer_id']);
      assert.match(cols[1].detail ?? '', /decimal\(10,2\)/);
      const cte = await complete(`WITH big AS (SELECT id, amount FROM ${db}.orders WHERE amount > 10) SELECT b.| FROM big b`);
      assert.deepEqual(cte.map((i) => i.label), ['id', 'amount']);
    });

    test('functions from the registry, with docs for hover and signature help; nothing fetched twice', async () => {
      const items = await complete(`SELECT | FROM ${db}.orders`);
      assert.ok(items.some((i) => i.kind === 'function' && i.label === 'date_format'));
      assert.ok(items.some((i) => i.kind === 'column' && i.label === 'customer_id'));
      const text = `SELECT upper(CAST(amount AS STRING)) FROM ${db}.orders o`;
      const h = await service.hover({ key: 'h.sql', text }, text.indexOf('upper') + 2, cache);
      assert.match(h?.contents ?? '', /upper\(str\)/);
      const col = await service.hover({ key: 'h.sql', text }, text.indexOf('amount') + 1, cache);
      assert.match(col?.contents ?? '', /order total/);
      const sig = `SELECT substr(CAST(id AS STRING), 1, `;
      const help = await service.signatureHelp({ key: 's.sql', text: sig }, sig.length, cache);
      assert.equal(help?.functionName, 'substr');
      assert.equal(help?.activeParameter, 2);
      const before = cache.fetches;
      await complete(`SELECT o.| FROM ${db}.orders o`);
      await complete(`SELECT | FROM ${db}.orders`);
      await service.hover({ key: 'h.sql', text }, text.indexOf('upper') + 2, cache);
      assert.equal(cache.fetches, before, 'the typing path asked the server nothing new');
    });
  });
}
