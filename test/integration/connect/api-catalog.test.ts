// spark.catalog against both real servers: a table and a view this test creates (unique names, dropped
// afterwards) are listed, described and cached exactly as PySpark's catalog reports them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SparkSession } from '../../../src/connect/session';
import { LongType, StringType, StructField, StructType } from '../../../src/connect/data-types';
import { pysparkJson, sparkServers } from '../../support/servers';
import { connect, uniqueName } from './api-compare';

type Py = Record<string, unknown>;

for (const server of sparkServers()) {
  void describe(`Catalog against ${server.name}`, () => {
    let spark: SparkSession;
    let py: Py;
    const table = uniqueName('api_cat_t');
    const view = uniqueName('api_cat_v');
    const db = uniqueName('api_cat_db');

    before(async () => {
      spark = await connect(server);
      await spark.sql(`CREATE DATABASE ${db}`);
      await spark.sql(`CREATE TABLE ${db}.${table} (id BIGINT NOT NULL COMMENT 'the key', name STRING, p INT) USING parquet PARTITIONED BY (p) COMMENT 'api test'`);
      await spark.sql(`INSERT INTO ${db}.${table} VALUES (1, 'a', 1), (2, 'b', 2)`);
      await spark.sql(`CREATE OR REPLACE TEMPORARY VIEW ${view} AS SELECT 1 AS x`);
      py = await pysparkJson<Py>(server, String.raw`
# PySpark 3.5 builds catalog objects from pandas, so values may be numpy scalars or arrays.
def pv(v):
    if v is None or isinstance(v, (str, bool, int, float)):
        return v
    if hasattr(v, "tolist"):
        return pv(v.tolist())
    if isinstance(v, (list, tuple)):
        return [pv(x) for x in v]
    return v.item() if hasattr(v, "item") else v
def plain(o):
    return {k: pv(v) for k, v in o._asdict().items()}
c = spark.catalog
out = {}
out["currentCatalog"] = c.currentCatalog()
out["currentDatabase"] = c.currentDatabase()
out["catalogs"] = [plain(x) for x in c.listCatalogs()]
out["dbs"] = [plain(x) for x in c.listDatabases("${db}")]
out["db"] = plain(c.getDatabase("${db}"))
out["tables"] = [plain(x) for x in c.listTables("${db}")]
out["table"] = plain(c.getTable("${db}.${table}"))
out["columns"] = [plain(x) for x in c.listColumns("${db}.${table}")]
out["functions"] = sorted(f.name for f in c.listFunctions(pattern="array_*"))
out["exists"] = [bool(x) for x in [c.tableExists("${table}", "${db}"), c.tableExists("${db}.${table}"), c.tableExists("no_such_api_table"),
                 c.databaseExists("${db}"), c.databaseExists("no_such_api_db"), c.functionExists("upper"), c.functionExists("no_such_api_fn")]]
result = out
`, { timeoutMs: 300_000 });
    });

    after(async () => {
      await spark.sql(`DROP TABLE IF EXISTS ${db}.${table}`).catch(() => undefined);
      await spark.sql(`DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => undefined);
      await spark.sql(`DROP VIEW IF EXISTS ${view}`).catch(() => undefined);
      await spark?.stop();
    });

    void test('current catalog and database; listCatalogs; setCurrentDatabase', async () => {
      assert.equal(await spark.catalog.currentCatalog(), py['currentCatalog']);
      assert.equal(await spark.catalog.currentDatabase(), py['currentDatabase']);
      assert.deepEqual(await spark.catalog.listCatalogs(), py['catalogs']);
      await spark.catalog.setCurrentDatabase(db);
      try {
        assert.equal(await spark.catalog.currentDatabase(), db);
        assert.equal(await spark.table(table).count(), 2, 'unqualified names now resolve in the new database');
      } finally {
        await spark.catalog.setCurrentDatabase('default');
      }
      await spark.catalog.setCurrentCatalog('spark_catalog');
      assert.equal(await spark.catalog.currentCatalog(), 'spark_catalog');
    });

    void test('listDatabases with a pattern, getDatabase', async () => {
      assert.deepEqual(await spark.catalog.listDatabases(db), py['dbs']);
      assert.deepEqual(await spark.catalog.getDatabase(db), py['db']);
    });

    void test('listTables and getTable show the created table (and the temp view)', async () => {
      const tables = await spark.catalog.listTables(db);
      // Temporary views belong to a session, so PySpark's session does not see ours.
      assert.deepEqual(tables.filter((t) => !t.isTemporary), py['tables']);
      assert.ok(tables.some((t) => t.name === table && t.tableType === 'MANAGED' && !t.isTemporary));
      assert.ok(tables.some((t) => t.name === view && t.isTemporary), 'temporary views are listed too');
      const matched = await spark.catalog.listTables(db, `${table.slice(0, 12)}*`);
      assert.deepEqual(matched.map((t) => t.name), [table]);
      const got = await spark.catalog.getTable(`${db}.${table}`);
      assert.deepEqual(got, py['table']);
      assert.equal(got.description, 'api test');
    });

    void test('listColumns: types, nullability, comments, partition columns', async () => {
      const cols = await spark.catalog.listColumns(`${db}.${table}`);
      assert.deepEqual(cols, py['columns']);
      assert.deepEqual(cols.map((c) => [c.name, c.dataType, c.isPartition]), [['id', 'bigint', false], ['name', 'string', false], ['p', 'int', true]]);
      assert.equal(cols[0]!.description, 'the key');
      assert.equal(server.version === '4' ? typeof cols[0]!.isCluster : 'undefined', server.version === '4' ? 'boolean' : 'undefined');
    });

    void test('listFunctions with a pattern; existence checks', async () => {
      const fns = await spark.catalog.listFunctions(undefined, 'array_*');
      assert.deepEqual(fns.map((f) => f.name).sort(), py['functions']);
      assert.deepEqual([
        await spark.catalog.tableExists(table, db), await spark.catalog.tableExists(`${db}.${table}`),
        await spark.catalog.tableExists('no_such_api_table'), await spark.catalog.databaseExists(db),
        await spark.catalog.databaseExists('no_such_api_db'), await spark.catalog.functionExists('upper'),
        await spark.catalog.functionExists('no_such_api_fn'),
      ], py['exists']);
    });

    void test('cacheTable, isCached, uncacheTable, clearCache, refreshTable', async () => {
      const name = `${db}.${table}`;
      assert.equal(await spark.catalog.isCached(name), false);
      await spark.catalog.cacheTable(name);
      assert.equal(await spark.catalog.isCached(name), true);
      await spark.catalog.uncacheTable(name);
      assert.equal(await spark.catalog.isCached(name), false);
      await spark.catalog.cacheTable(name);
      await spark.catalog.clearCache();
      assert.equal(await spark.catalog.isCached(name), false);
      await spark.catalog.refreshTable(name);
      await spark.catalog.recoverPartitions(name);
      assert.equal(await spark.table(name).count(), 2);
    });

    void test('dropTempView and dropGlobalTempView report whether something was dropped', async () => {
      const v = uniqueName('api_drop_v');
      await spark.range(1).createTempView(v);
      assert.equal(await spark.catalog.dropTempView(v), true);
      assert.equal(await spark.catalog.dropTempView(v), false);
      const g = uniqueName('api_drop_g');
      await spark.range(1).createGlobalTempView(g);
      assert.equal(await spark.table(`global_temp.${g}`).count(), 1);
      assert.equal(await spark.catalog.dropGlobalTempView(g), true);
    });

    void test('createTable through the catalog, with a schema', async () => {
      const t = uniqueName('api_cat_new');
      const schema = new StructType([new StructField('a', new LongType()), new StructField('b', new StringType())]);
      const df = await spark.catalog.createTable(`${db}.${t}`, { source: 'parquet', schema, description: 'made by createTable' });
      try {
        assert.equal(await spark.catalog.tableExists(`${db}.${t}`), true);
        assert.deepEqual((await spark.catalog.listColumns(`${db}.${t}`)).map((c) => [c.name, c.dataType]), [['a', 'bigint'], ['b', 'string']]);
        assert.equal((await spark.catalog.getTable(`${db}.${t}`)).description, 'made by createTable');
        assert.equal((await df.schema()).simpleString(), 'struct<a:bigint,b:string>');
      } finally {
        await spark.sql(`DROP TABLE ${db}.${t}`);
      }
    });

    void test('Spark 4 catalog calls: views, properties, CREATE string, create/drop database and table', async () => {
      const d2 = uniqueName('api_cat_db2');
      if (server.version === '3.5') {
        // These Catalog cases do not exist in Spark 3.5's protocol; the server must refuse, not ignore them.
        await assert.rejects(spark.catalog.createDatabase(d2, true));
        assert.equal(await spark.catalog.databaseExists(d2), false);
        return;
      }
      await spark.catalog.createDatabase(d2, true, { owner_note: 'api' });
      try {
        assert.equal(await spark.catalog.databaseExists(d2), true);
        await spark.sql(`CREATE TABLE ${d2}.t (x INT) USING parquet TBLPROPERTIES ('k' = 'v')`);
        await spark.sql(`CREATE VIEW ${d2}.v AS SELECT 1 AS x`);
        assert.deepEqual((await spark.catalog.listViews(d2)).filter((v) => !v.isTemporary).map((v) => v.name), ['v']);
        assert.equal((await spark.catalog.getTableProperties(`${d2}.t`))['k'], 'v');
        assert.match(await spark.catalog.getCreateTableString(`${d2}.t`), /CREATE TABLE .*t/);
        await spark.sql(`INSERT INTO ${d2}.t VALUES (1)`);
        await spark.catalog.truncateTable(`${d2}.t`);
        assert.equal(await spark.table(`${d2}.t`).count(), 0);
        await spark.catalog.analyzeTable(`${d2}.t`, true);
        await spark.catalog.dropView(`${d2}.v`);
        await spark.catalog.dropTable(`${d2}.t`);
        await spark.catalog.dropTable(`${d2}.t`, true);
        assert.equal(await spark.catalog.tableExists(`${d2}.t`), false);
      } finally {
        await spark.catalog.dropDatabase(d2, true, true);
      }
      assert.equal(await spark.catalog.databaseExists(d2), false);
    });
  });
}
