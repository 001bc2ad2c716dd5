// Golden tests: every captured explain string (corpus entry x mode x Spark version) is parsed and checked
// with the structural checks of golden-checks.ts; the schema tree string comes from the capture.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CORPUS, CORPUS_VERSIONS, EXPLAIN_MODES } from '../../fixtures/plans/corpus';
import { parsePlan } from '../../../src/plan/parse';
import type { PlanDocument } from '../../../src/plan/model';
import { readExplain, readManifest, readSchemaNames } from './fixtures';
import { checkCodegen, checkCost, checkExtended, checkFormatted, checkNodeIds, checkSimple } from './golden-checks';

for (const version of CORPUS_VERSIONS) {
  describe(`plan golden fixtures, Spark ${version}`, () => {
    it('the capture covered every corpus entry in every mode without errors', () => {
      const manifest = readManifest(version);
      assert.ok(manifest.sparkVersion.startsWith(version), manifest.sparkVersion);
      for (const entry of CORPUS) {
        const record = manifest.entries[entry.id];
        assert.ok(record, `${entry.id} captured`);
        assert.deepEqual(record.errors, {}, entry.id);
        assert.deepEqual(record.modes, [...EXPLAIN_MODES], entry.id);
        if (entry.metrics) assert.ok((record.metrics ?? 0) > 0, `${entry.id} metrics`);
      }
    });

    for (const entry of CORPUS) {
      describe(entry.id, () => {
        const docs = new Map<string, PlanDocument>();
        const doc = (mode: (typeof EXPLAIN_MODES)[number]): PlanDocument => {
          let d = docs.get(mode);
          if (!d) {
            d = parsePlan(readExplain(version, entry.id, mode));
            docs.set(mode, d);
          }
          return d;
        };
        it('simple', () => checkSimple(entry, version, doc('simple')));
        it('extended', () => checkExtended(entry, version, doc('extended'), doc('simple'), readSchemaNames(version, entry.id)));
        it('cost', () => checkCost(entry, doc('cost'), doc('simple'), doc('extended')));
        it('codegen', () => checkCodegen(entry, doc('codegen'), doc('simple')));
        it('formatted', () => checkFormatted(entry, version, doc('formatted'), doc('simple'), readSchemaNames(version, entry.id)));
        it('node ids are unique and dense in every mode', () => {
          for (const mode of EXPLAIN_MODES) checkNodeIds(doc(mode), mode);
        });
      });
    }
  });
}
