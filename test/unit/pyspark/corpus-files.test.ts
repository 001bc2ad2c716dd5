// The PySpark corpus files themselves, checked without a server so a malformed header, a duplicate id
// or a known gap naming no snippet fails in the unit run, not minutes into the integration run.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePython } from '../../../src/pyspark/parse';
import { refusedSnippets, validSnippets } from '../../support/pyspark-corpus';
import { projectRoot } from '../../support/servers';

describe('PySpark corpus files', () => {
  test('the valid corpus holds at least 150 snippets with unique ids, each parsing and ending in an expression', () => {
    const snippets = validSnippets();
    assert.ok(snippets.length >= 150, `${snippets.length} snippets`);
    assert.equal(new Set(snippets.map((s) => s.id)).size, snippets.length);
    for (const s of snippets) {
      let last = parsePython(s.code).tree.topNode.lastChild;
      while (last && last.name === 'Comment') last = last.prevSibling;
      assert.equal(last?.name, 'ExpressionStatement', `${s.id} (${s.where}) ends in ${last?.name}: the compared result is its last expression`);
    }
  });

  test('the refused corpus holds at least 30 snippets, and ids are unique across both corpora', () => {
    const refused = refusedSnippets();
    assert.ok(refused.length >= 30, `${refused.length} snippets`);
    const all = [...validSnippets(), ...refused].map((s) => s.id);
    assert.equal(new Set(all).size, all.length);
  });

  test('known-gaps.json names only snippets of the valid corpus, each with a reason', () => {
    const path = join(projectRoot(), 'test', 'integration', 'pyspark', 'known-gaps.json');
    const gaps = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { reason?: unknown }>;
    const ids = new Set(validSnippets().map((s) => s.id));
    for (const [id, gap] of Object.entries(gaps)) {
      assert.ok(ids.has(id), `${id} is no snippet`);
      assert.ok(typeof gap.reason === 'string' && gap.reason.length > 10, `${id} says why`);
    }
  });
});
