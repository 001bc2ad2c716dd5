// Sort / filter on the server: the statement's SQL relation under a Filter and a Sort built with the
// DataFrame API (the SQL text itself is never edited), then the row limit; commands are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitedSqlPlan } from '../../../src/engine/connect-engine';
import { quotedColumn } from '../../../src/engine/refine-plan';
import { describeRefinement, isRefining } from '../../../src/engine/refinement';
import type { SessionCore } from '../../../src/connect/session-core';

// Building relations never touches the session.
const session = {} as SessionCore;

test('a filter and a sort go between the SQL relation and the row limit', () => {
  const sql = 'SELECT id, name FROM people WHERE age > 3';
  const { plan, applied } = limitedSqlPlan(sql, undefined, 100, {
    session, refinement: { sort: { column: 'name', descending: true }, filter: { text: 'Ann', columns: ['id', 'na.me'] } },
  });
  assert.equal(applied, 100);
  const limit = plan.root?.limit;
  assert.equal(limit?.limit, 101);
  const sort = limit?.input?.sort;
  assert.ok(sort, 'a Sort under the Limit');
  assert.equal(sort.isGlobal, true);
  assert.equal(sort.order?.length, 1);
  const order = sort.order?.[0];
  assert.equal(order?.child?.unresolvedAttribute?.unparsedIdentifier, '`name`');
  assert.equal(order?.direction, 2, 'descending');
  const filter = sort.input?.filter;
  assert.ok(filter, 'a Filter under the Sort');
  assert.equal(filter.input?.sql?.query, sql, 'the SQL text is sent unchanged');
  const or = filter.condition?.unresolvedFunction;
  assert.equal(or?.functionName, 'or');
  const first = or?.arguments?.[0]?.unresolvedFunction;
  assert.equal(first?.functionName, 'contains');
  assert.equal(first?.arguments?.[1]?.literal?.string, 'ann', 'the needle is matched ignoring case');
  const lowered = first?.arguments?.[0]?.unresolvedFunction;
  assert.equal(lowered?.functionName, 'lower');
  assert.equal(lowered?.arguments?.[0]?.cast?.expr?.unresolvedAttribute?.unparsedIdentifier, '`id`');
  const second = or?.arguments?.[1]?.unresolvedFunction?.arguments?.[0]?.unresolvedFunction?.arguments?.[0]?.cast?.expr;
  assert.equal(second?.unresolvedAttribute?.unparsedIdentifier, '`na.me`', 'a dotted name stays one column');
  assert.equal(second?.unresolvedAttribute?.planId, filter.input?.common?.planId, 'columns are tied to the SQL relation');
});

test('sort alone, filter alone, and nothing to refine', () => {
  const s = limitedSqlPlan('SELECT 1 AS a', undefined, 0, { session, refinement: { sort: { column: 'a', descending: false } } });
  assert.equal(s.applied, 0);
  assert.equal(s.plan.root?.sort?.order?.[0]?.direction, 1, 'ascending');
  assert.equal(s.plan.root?.sort?.input?.sql?.query, 'SELECT 1 AS a');
  const f = limitedSqlPlan('SELECT 1 AS a', undefined, 10, { session, refinement: { filter: { text: 'x', columns: ['a'] } } });
  const cond = f.plan.root?.limit?.input?.filter?.condition?.unresolvedFunction;
  assert.equal(cond?.functionName, 'contains', 'one column: no OR');
  const none = limitedSqlPlan('SELECT 1', undefined, 10, { session, refinement: { filter: { text: '', columns: ['a'] } } });
  assert.equal(none.plan.root?.limit?.input?.sql?.query, 'SELECT 1');
  assert.equal(isRefining({ filter: { text: '', columns: ['a'] } }), false);
});

test('a command is never refined: a Sort over it would still run it', () => {
  assert.throws(() => limitedSqlPlan('INSERT INTO t VALUES (1)', undefined, 10, { session, refinement: { sort: { column: 'a', descending: false } } }),
    /Only a query can be sorted or filtered on the server/);
});

test('names and words', () => {
  assert.equal(quotedColumn('we`ird'), '`we``ird`');
  assert.equal(describeRefinement({ sort: { column: 'n', descending: true }, filter: { text: 'ab', columns: ['n'] } }),
    'sorted by n descending, filtered for "ab"');
});
