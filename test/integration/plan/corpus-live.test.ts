// The plan corpus run live through OUR client (AnalyzePlan explain, every mode) on both servers: the parser
// never throws, keeps the raw text, and the structural checks of the golden tests hold on what the server
// prints now, with the schema taken from AnalyzePlan tree_string of the same plan. The live tree must also
// have the same shape as the captured fixture of the same Spark line, so a fixture that went stale shows.
// One session per server; the entries run one after another in it.
import { EXPLAIN_MODE_PROTO } from '../../../src/connect/explain-mode-proto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectResult } from '../../../src/connect/arrow-result';
import { SparkConnectClient } from '../../../src/connect/client';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { spark } from '../../../src/connect/generated/spark-connect';
import type { PlanDocument } from '../../../src/plan/model';
import { parsePlan } from '../../../src/plan/parse';
import {
  COMMON_SETUP, CORPUS, EXPLAIN_MODES, withNamespace, type CorpusVersion, type ExplainModeName,
} from '../../fixtures/plans/corpus';
import { sparkServers } from '../../support/servers';
import { readExplain } from '../../unit/plan/fixtures';
import { checkCodegen, checkCost, checkExtended, checkFormatted, checkNodeIds, checkSimple } from '../../unit/plan/golden-checks';
import { physical, shape } from '../../unit/plan/plan-helpers';


const sqlPlan = (query: string): spark.connect.IPlan => ({ root: { sql: { query } } });

/** Every non-blank input line ends up in some section's raw text. */
function assertRawKept(doc: PlanDocument, text: string): void {
  assert.equal(doc.raw, text, 'the document keeps the input untouched');
  const sectionText = new Set(doc.sections.flatMap((s) => s.raw.split('\n')));
  for (const line of text.split('\n')) {
    if (line.trim() !== '') assert.ok(sectionText.has(line), `line kept in a section: ${line}`);
  }
}

// The two servers are separate JVMs: their halves run side by side (each half is sequential in its session).
describe('plan corpus through our client', { concurrency: 2 }, () => {
  for (const server of sparkServers()) {
    describe(`on ${server.name}`, { concurrency: 1 }, () => {
      const client = new SparkConnectClient(parseConnectionString(server.remote));
      const ns = `plan_it_${server.name}`;
      let version: CorpusVersion;
      let exactVersion = '';

      const run = async (query: string): Promise<void> => {
        await collectResult(client.execute(sqlPlan(withNamespace(query, ns))));
      };
      const explain = async (query: string, mode: ExplainModeName): Promise<string> => {
        const resp = await client.analyze({ explain: { plan: sqlPlan(query), explainMode: EXPLAIN_MODE_PROTO[mode] } });
        return resp.explain?.explainString ?? '';
      };
      const schemaNames = async (query: string): Promise<string[]> => {
        const resp = await client.analyze({ treeString: { plan: sqlPlan(query) } });
        const text = resp.treeString?.treeString ?? '';
        return text.split('\n').filter((l) => l.startsWith(' |-- ')).map((l) => l.slice(5, l.indexOf(': ')));
      };

      before(async () => {
        exactVersion = await client.sparkVersion();
        // The corpus states expectations per Spark line; the servers of CI and development are these lines.
        version = exactVersion.startsWith('3.5') ? '3.5.7' : '4.3.0';
        for (const stmt of COMMON_SETUP) await run(stmt);
      });
      after(() => client.close());

      for (const entry of CORPUS) {
        test(entry.id, async () => {
          const confs = Object.entries(entry.confs ?? {});
          const docs = new Map<ExplainModeName, PlanDocument>();
          let schema: string[] = [];
          try {
            for (const [k, v] of confs) await run(`SET ${k}=${v}`);
            for (const stmt of entry.setup ?? []) await run(stmt);
            const query = withNamespace(entry.sql, ns);
            // The five explains and the schema are independent analyses of one plan: ask for them together.
            const [texts, names] = await Promise.all([Promise.all(EXPLAIN_MODES.map((m) => explain(query, m))), schemaNames(query)]);
            EXPLAIN_MODES.forEach((mode, i) => {
              const text = texts[i];
              assert.ok(text.length > 0, `${mode}: the server returned a plan`);
              let doc: PlanDocument | undefined;
              assert.doesNotThrow(() => { doc = parsePlan(text, { mode }); }, `${mode}: parsePlan`);
              assertRawKept(doc as PlanDocument, text);
              docs.set(mode, doc as PlanDocument);
            });
            schema = names;
          } finally {
            for (const stmt of entry.teardown ?? []) await run(stmt);
            for (const [k] of confs) await run(`RESET ${k}`);
          }
          const doc = (m: ExplainModeName): PlanDocument => docs.get(m) as PlanDocument;
          assert.ok(schema.length > 0, 'tree_string names the columns');
          checkSimple(entry, version, doc('simple'));
          checkExtended(entry, version, doc('extended'), doc('simple'), schema);
          checkCost(entry, doc('cost'), doc('simple'), doc('extended'));
          checkCodegen(entry, doc('codegen'), doc('simple'));
          checkFormatted(entry, version, doc('formatted'), doc('simple'), schema);
          for (const mode of EXPLAIN_MODES) checkNodeIds(doc(mode), mode);
          if (exactVersion === version) {
            const opts = { innerChildren: true, initialPlans: true };
            const captured = parsePlan(readExplain(version, entry.id, 'simple'), { mode: 'simple' });
            assert.deepEqual(shape(physical(doc('simple')).root, opts), shape(physical(captured).root, opts),
              'live physical tree = captured fixture (re-run capture.py if Spark changed)');
          }
        });
      }
    });
  }
});
