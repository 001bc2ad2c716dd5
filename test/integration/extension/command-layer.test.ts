// The extension's command layer against the real Spark servers: a profile pasted as an sc:// string is
// saved, connected and tested; the explorer's catalog model lists down to the columns of a table made
// here; a multi-statement run stops at the first failure and points at the right document range;
// parameter markers reach Spark as arguments; cancelling from the Operations view ends the server
// operation.
import { buildStack, fake, rowsOf, type Stack } from './stack';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { bindParameters, collectParameters } from '../../../src/engine/parameter-plan';
import { runStatements, type PreparedStatement } from '../../../src/engine/query-runner';
import { testConnection } from '../../../src/engine/test-connection';
import { profileResolver } from '../../../src/engine/profile-resolver';
import { profileFromConnectionString } from '../../../src/profiles/import';
import { parseSqlValue } from '../../../src/sql/parameter-values';
import { splitStatements } from '../../../src/sql/split';
import { CatalogModel, type CatalogNode } from '../../../src/views/catalog-model';
import { sparkServers, spark4 } from '../../support/servers';

const USER = 'ext-it';

async function addProfile(st: Stack, remote: string, name: string): Promise<string> {
  const imported = profileFromConnectionString(remote, name, st.profiles.names());
  imported.profile.userId = USER;
  await st.profiles.save(imported.profile, imported.secrets);
  return imported.profile.name;
}

function run(st: Stack, profile: string, text: string, statements: PreparedStatement[] = splitStatements(text).map((statement) => ({ statement })), signal = new AbortController().signal) {
  const session = st.sessions.session(profile);
  assert.ok(session, `'${profile}' is connected`);
  return runStatements({ profile, session, statements, title: 'it.sql' }, { presenter: st.presenter, operations: st.operations, logger: st.log }, signal);
}

for (const server of sparkServers()) {
  void describe(`command layer on ${server.name}`, () => {
    const st = buildStack();
    const table = `ext_it_${process.pid}_${server.name}`;
    let profile = '';

    before(async () => {
      profile = await addProfile(st, server.remote, `it ${server.name}`);
      await st.sessions.connect(profile);
    });
    after(async () => {
      const session = st.sessions.session(profile);
      if (session) await run(st, profile, `DROP TABLE IF EXISTS default.${table}`);
      await st.sessions.dispose();
    });

    void test('connecting a saved profile: connected state with the Spark version, and it becomes active', () => {
      const state = st.sessions.state(profile);
      assert.equal(state.kind, 'connected');
      assert.ok(state.kind === 'connected' && state.sparkVersion.startsWith(server.version === '4' ? '4.' : '3.5.'), JSON.stringify(state));
      assert.equal(st.sessions.activeProfile, profile);
      assert.ok(fake.outputLines.some((l) => l.includes(`Connected to '${profile}': Spark`)), 'the log says so');
    });

    void test('test connection reports the version and the round trip', async () => {
      const options = await profileResolver(st.profiles)(profile);
      assert.ok(options);
      const r = await testConnection(st.engine, options);
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.match(r.sparkVersion, server.version === '4' ? /^4\.\d+\.\d+/ : /^3\.5\.\d+/);
      assert.ok(r.roundTripMs >= 0 && r.roundTripMs < 5_000, `round trip ${r.roundTripMs} ms`);
      assert.ok(r.connectMs >= r.roundTripMs || r.connectMs < 5_000, `connect ${r.connectMs} ms`);
    });

    void test('the catalog model lists catalog > database > table > columns with types', async () => {
      const created = await run(st, profile,
        `CREATE TABLE default.${table} (id BIGINT, name STRING, amount DECIMAL(10,2), day DATE) USING parquet PARTITIONED BY (day)`);
      assert.equal(created.status, 'succeeded', JSON.stringify(created));
      const session = st.sessions.session(profile);
      assert.ok(session);
      const model = new CatalogModel(profile, session);
      try {
        const catalogs = await model.roots();
        const spark = catalogs.find((n) => n.kind === 'catalog' && n.catalog === 'spark_catalog');
        assert.ok(spark, `catalogs: ${JSON.stringify(catalogs)}`);
        const dbs = await model.children(spark);
        const dflt = dbs.find((n) => n.kind === 'database' && n.database.join('.') === 'default');
        assert.ok(dflt, `databases: ${JSON.stringify(dbs)}`);
        const tables = await model.children(dflt);
        const t = tables.find((n): n is Extract<CatalogNode, { kind: 'table' }> => n.kind === 'table' && n.table.name === table);
        assert.ok(t, `tables: ${JSON.stringify(tables.map((n) => n.kind === 'table' && n.table.name))}`);
        assert.equal(t.table.kind, 'table');
        const cols = (await model.children(t)).map((n) => (n.kind === 'column' ? [n.column.name, n.column.type, n.column.isPartition] : []));
        assert.deepEqual(cols, [['id', 'bigint', false], ['name', 'string', false], ['amount', 'decimal(10,2)', false], ['day', 'date', true]]);
        // Cached: a second expansion does not ask the server again (same promise).
        assert.equal(model.children(t), model.children(t));
      } finally {
        model.dispose();
      }
    });

    void test('a multi-statement run stops at the first failure and points at the failing identifier', async () => {
      const doc = 'SELECT 1 AS a;\n-- a comment; with a semicolon\nSELECT 2 AS b,\n       no_such_column\nFROM range(3);\nSELECT 3 AS c;\n';
      const before = st.presenter.results.length;
      const historyBefore = st.operations.history().length;
      const outcome = await run(st, profile, doc);
      assert.equal(outcome.status, 'failed');
      assert.ok(outcome.status === 'failed');
      assert.equal(outcome.completed, 1);
      assert.equal(outcome.statement.index, 1);
      assert.ok(outcome.range, 'the server gave a position');
      assert.equal(doc.slice(outcome.range.start, outcome.range.end), 'no_such_column');
      assert.match(outcome.failure.errorClass ?? '', /^UNRESOLVED_COLUMN/);
      // Spark 3.5 sends no SQLSTATE over Connect (PySpark 3.5 has none either).
      if (server.version === '4') {
        assert.equal(outcome.failure.sqlState, '42703');
        assert.match(outcome.failure.message, /UNRESOLVED_COLUMN.*SQLSTATE 42703/);
      }
      // One result (the first statement); the third statement never ran.
      const results = st.presenter.results.slice(before);
      assert.equal(results.length, 1);
      assert.deepEqual(rowsOf(results[0]), [{ a: 1 }]);
      const history = st.operations.history().slice(0, st.operations.history().length - historyBefore);
      assert.deepEqual(history.map((h) => h.status), ['failed', 'succeeded']);
      assert.ok(!history.some((h) => h.sql.includes('SELECT 3')));
    });

    void test('a statement failing while it runs gives its open result the error class and details', async () => {
      const before = st.presenter.results.length;
      const outcome = await run(st, profile, "SELECT CASE WHEN id > 5 THEN raise_error('boom at six') ELSE id END AS q FROM range(10)");
      assert.ok(outcome.status === 'failed', outcome.status);
      assert.match(outcome.failure.summary, /boom at six/);
      const results = st.presenter.results.slice(before);
      if (server.version === '4') {
        // Spark 4 sends the schema first, so the result view is open when the failure comes.
        assert.equal(results.length, 1);
        const failed = results[0].failed;
        assert.ok(failed, 'the open result was told');
        assert.equal(failed.cancelled, false);
        assert.equal(failed.errorClass, 'USER_RAISED_EXCEPTION');
        assert.equal(failed.sqlState, 'P0001');
        assert.equal(failed.reason, 'runtime');
        assert.match(failed.message, /boom at six/);
        assert.doesNotMatch(failed.message, /USER_RAISED_EXCEPTION/, 'the class is shown on its own line');
        assert.match(failed.detail ?? '', /error class: USER_RAISED_EXCEPTION/);
      } else if (results.length > 0) {
        assert.equal(results[0].failed?.cancelled, false);
      }
    });

    void test('a parse error in the second statement points at its position in the document', async () => {
      const doc = 'SELECT 1 AS a;\n\nSELECT 2 AS b FROM range(1) WHERE id = = 1;\n';
      const outcome = await run(st, profile, doc);
      assert.ok(outcome.status === 'failed', outcome.status);
      assert.equal(outcome.failure.errorClass, 'PARSE_SYNTAX_ERROR');
      if (server.version === '4') assert.equal(outcome.failure.sqlState, '42601');
      assert.ok(outcome.range, 'the parse position maps into the document');
      // Spark complains about the second '=' of '= ='.
      assert.equal(outcome.range.start, doc.indexOf('= =') + 2);
      assert.equal(doc.slice(outcome.range.start, outcome.range.end), '=');
      assert.ok(outcome.range.start >= outcome.statement.start && outcome.range.start < outcome.statement.end);
    });

    void test('a profile set to reuse a session id attaches to that session (its temporary views are there)', async () => {
      const view = `ext_it_tmp_${process.pid}`;
      const made = await run(st, profile, `CREATE OR REPLACE TEMPORARY VIEW ${view} AS SELECT 'shared' AS s`);
      assert.equal(made.status, 'succeeded');
      const state = st.sessions.state(profile);
      assert.ok(state.kind === 'connected');
      const imported = profileFromConnectionString(server.remote, `${profile} attach`, st.profiles.names());
      imported.profile.userId = USER;
      imported.profile.sessionMode = 'reuse';
      imported.profile.sessionId = state.sessionId;
      await st.profiles.save(imported.profile, imported.secrets);
      const attached = await st.sessions.connect(imported.profile.name);
      assert.equal(attached.sessionId, state.sessionId);
      const read = await run(st, imported.profile.name, `SELECT s FROM ${view}`);
      assert.equal(read.status, 'succeeded', JSON.stringify(read));
      assert.deepEqual(rowsOf(st.presenter.results.at(-1)!), [{ s: 'shared' }]);
      // (Both profiles are disconnected in after(); disconnecting releases the shared session.)
    });

    if (server.version === '4') {
      void test('a SQL script (BEGIN ... END) with semicolons inside runs as one statement', async () => {
        const doc = 'BEGIN\n  DECLARE x INT = 1;\n  SELECT x + 1 AS y;\nEND;\nSELECT 5 AS five;\n';
        const before = st.presenter.results.length;
        const outcome = await run(st, profile, doc);
        assert.deepEqual(outcome, { status: 'succeeded', completed: 2, totalRows: 2 });
        assert.deepEqual(st.presenter.results.slice(before).map(rowsOf), [[{ y: 2 }], [{ five: 5 }]]);
      });
    }

    void test('parameter markers travel as arguments: a value with quotes stays a value', async () => {
      const hostile = "O'Brien'); DROP TABLE x; --";
      const named = splitStatements('SELECT :who AS who, :n + 1 AS next, typeof(:n) AS t');
      const needs = collectParameters(named);
      assert.deepEqual(needs.named, ['who', 'n']);
      const boundNamed = bindParameters(named, needs, { who: parseSqlValue(hostile), n: parseSqlValue('41') }, new Map());
      const first = await run(st, profile, '', boundNamed);
      assert.equal(first.status, 'succeeded', JSON.stringify(first));
      const r1 = st.presenter.results.at(-1);
      assert.ok(r1);
      assert.equal(r1.info.sql, 'SELECT :who AS who, :n + 1 AS next, typeof(:n) AS t', 'the text is sent as written');
      assert.deepEqual(rowsOf(r1), [{ who: hostile, next: 42, t: 'int' }]);

      const positional = splitStatements('SELECT ? AS a, ? AS b, typeof(?) AS t');
      const pneeds = collectParameters(positional);
      const values = new Map([[0, [parseSqlValue("'it''s'"), parseSqlValue("'; SELECT 1 --"), parseSqlValue("DATE '2024-01-31'")]]]);
      const second = await run(st, profile, '', bindParameters(positional, pneeds, {}, values));
      assert.equal(second.status, 'succeeded', JSON.stringify(second));
      const r2 = st.presenter.results.at(-1);
      assert.ok(r2);
      assert.deepEqual(rowsOf(r2), [{ a: "it's", b: "'; SELECT 1 --", t: 'date' }]);
    });
  });
}

void describe('cancelling a long query from the Operations view (spark4)', () => {
  const server = spark4();
  const st = buildStack();
  let profile = '';
  before(async () => {
    profile = await addProfile(st, server.remote, 'it cancel');
    await st.sessions.connect(profile);
  });
  after(async () => {
    await st.sessions.dispose();
  });

  void test('the run ends cancelled within seconds and the server no longer runs the operation', async () => {
    const session = st.sessions.session(profile);
    assert.ok(session);
    const running = run(st, profile, 'SELECT count(*) FROM range(0, 200000000000, 1, 2)');
    let op;
    for (let i = 0; i < 100 && !(op = st.operations.running()[0])?.operationId; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(op?.operationId, 'the operation is listed as running with its server id');
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(st.operations.running().length, 1, 'still running after 1.5 s');
    const t0 = Date.now();
    assert.ok(st.operations.cancel(op.id));
    const outcome = await running;
    const took = Date.now() - t0;
    assert.equal(outcome.status, 'cancelled');
    assert.ok(took < 8_000, `ended ${took} ms after cancel`);
    assert.deepEqual(st.operations.running(), []);
    assert.equal(st.operations.history()[0].status, 'cancelled');

    // And the session is free for the next statement.
    const next = await run(st, profile, 'SELECT 7 AS seven');
    assert.equal(next.status, 'succeeded');

    // Ask the server, from a second client on the same session: nothing is left to interrupt.
    // (Closing it releases the session, so it goes last.)
    const probe = new SparkConnectClient({ ...parseConnectionString(server.remote), sessionId: session.sessionId, userId: USER });
    try {
      assert.deepEqual(await probe.interrupt({ operationId: op.operationId }), []);
      assert.deepEqual(await probe.interrupt({ all: true }), []);
    } finally {
      await probe.close();
    }
  });
});
