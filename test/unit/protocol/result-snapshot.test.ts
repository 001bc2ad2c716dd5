// The snapshot a result tab keeps in its webview state for a window reload: bounded in size, made only of
// the fields it names (a profile's name, never its credentials), and read back exactly as it was written.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseHostMessage, parseGridMessage } from '../../../src/protocol/grid';
import {
  parseSnapshot, savedResult, SNAPSHOT_LIMITS, takeSnapshot, utf8Length, type SnapshotSource,
} from '../../../src/protocol/result-snapshot';

const COLUMNS = [
  { name: 'id', sparkType: 'bigint', nullable: false },
  { name: 'label', sparkType: 'string', nullable: true },
];

function source(rows: number, cell: (c: number, r: number) => string | null, extra: Partial<SnapshotSource> = {}): SnapshotSource {
  return {
    statement: 'SELECT id, label FROM t', title: 'SELECT id, label FROM t', profile: 'local', startedAt: 1_700_000_000_000,
    elapsedMs: 1234, columns: COLUMNS, rowCount: rows, totalRows: rows, resultCut: false, cell, ...extra,
  };
}

const small = (c: number, r: number) => (c === 0 ? String(r) : r % 3 === 0 ? null : `row ${r}`);

describe('takeSnapshot', () => {
  it('keeps every row of a small result, NULLs as null, and round-trips through JSON', () => {
    const s = takeSnapshot(source(10, small), 1_700_000_100_000);
    assert.ok(s);
    assert.equal(s.rows.length, 10);
    assert.deepEqual(s.rows[3], ['3', null]);
    assert.deepEqual(s.rows[4], ['4', 'row 4']);
    assert.equal(s.cut, false);
    assert.equal(s.totalRows, 10);
    assert.equal(s.savedAt, 1_700_000_100_000);
    assert.deepEqual(parseSnapshot(JSON.parse(JSON.stringify(s))), s);
  });

  it('stays under its byte cap: a large result keeps its first rows and says it was cut', () => {
    const wide = 'x'.repeat(700) + '\u00e9\u{1F600}';
    const s = takeSnapshot(source(200_000, (c, r) => (c === 0 ? String(r) : wide), { totalRows: 1_000_000 }), 0);
    assert.ok(s);
    const bytes = utf8Length(JSON.stringify(s));
    assert.ok(bytes <= SNAPSHOT_LIMITS.maxBytes, `${bytes} bytes`);
    assert.equal(Buffer.byteLength(JSON.stringify(s), 'utf8'), bytes, 'the counted size is the real UTF-8 size');
    assert.ok(s.rows.length > 100 && s.rows.length < 200_000, `${s.rows.length} rows`);
    assert.equal(s.rows[5][0], '5', 'the first rows, in order');
    assert.equal(s.totalRows, 1_000_000);
    assert.equal(s.cut, true);
  });

  it('cuts one huge cell to a bounded length, and keeps at most maxRows rows', () => {
    const s = takeSnapshot(source(50_000, (c, r) => (c === 0 ? String(r) : r === 0 ? 'y'.repeat(5_000_000) : 'z')), 0);
    assert.ok(s);
    assert.equal(s.rows[0][1]!.length, SNAPSHOT_LIMITS.maxCellChars);
    assert.ok(s.rows[0][1]!.endsWith('\u2026'));
    assert.equal(s.rows.length, SNAPSHOT_LIMITS.maxRows);
    assert.equal(s.cut, true);
  });

  it('a result that was itself cut (row limit, budget, cancel) is marked cut even when every held row fits', () => {
    const s = takeSnapshot(source(5, small, { resultCut: true }), 0);
    assert.equal(s?.cut, true);
    assert.equal(s?.rows.length, 5);
  });

  it('is undefined when not even the statement fits', () => {
    assert.equal(takeSnapshot(source(1, small, { statement: 's'.repeat(SNAPSHOT_LIMITS.maxBytes) }), 0), undefined);
  });

  it('holds the profile name and nothing else the source carries (no connection string, token or headers)', () => {
    const token = 'sk-e2e-secret-token-0123456789';
    const src = {
      ...source(3, small),
      connection: `sc://localhost:15112/;token=${token}`,
      headers: { authorization: `Bearer ${token}` },
      token,
    };
    const s = takeSnapshot(src, 0);
    const json = JSON.stringify(s);
    assert.ok(!json.includes(token), json);
    assert.deepEqual(Object.keys(s!).sort(),
      ['columns', 'cut', 'elapsedMs', 'profile', 'rows', 'savedAt', 'startedAt', 'statement', 'title', 'totalRows', 'version']);
    assert.equal(s!.profile, 'local');
  });
});

describe('parseSnapshot / savedResult', () => {
  const good = () => JSON.parse(JSON.stringify(takeSnapshot(source(4, small), 0))) as Record<string, unknown>;

  it('drops fields a saved state carries beyond the snapshot\'s own', () => {
    const raw = { ...good(), token: 'sk-not-kept', connection: 'sc://h/;token=sk-not-kept' };
    const s = parseSnapshot(raw);
    assert.ok(s);
    assert.ok(!JSON.stringify(s).includes('sk-not-kept'));
  });

  it('rejects states that are not a snapshot of this version', () => {
    assert.equal(parseSnapshot(undefined), undefined);
    assert.equal(parseSnapshot({ ...good(), version: 2 }), undefined);
    assert.equal(parseSnapshot({ ...good(), rows: [['1']] }), undefined, 'a row with the wrong number of cells');
    assert.equal(parseSnapshot({ ...good(), rows: [[1, 'a']] }), undefined, 'a cell that is not text');
    assert.equal(parseSnapshot({ ...good(), totalRows: 1 }), undefined, 'fewer total rows than kept');
    assert.equal(parseSnapshot({ ...good(), profile: 7 }), undefined);
  });

  it('reads the resultId and snapshot of a grid\'s saved state', () => {
    const state = { resultId: 'r9', layout: { widths: [] }, snapshot: good() };
    assert.equal(savedResult(state)?.resultId, 'r9');
    assert.equal(savedResult(state)?.snapshot.rows.length, 4);
    assert.equal(savedResult({ resultId: 'r9', layout: {} }), undefined, 'a tab with no finished result has nothing to restore');
  });
});

describe('grid protocol: snapshot messages', () => {
  it('carries a snapshot to the grid and a Re-run request back', () => {
    const snapshot = good();
    const m = parseHostMessage({ type: 'result/snapshot', resultId: 'r1', snapshot });
    assert.equal(m?.type, 'result/snapshot');
    assert.equal(parseHostMessage({ type: 'result/snapshot', resultId: 'r1', snapshot: { ...snapshot, version: 0 } }), undefined);
    assert.ok(parseGridMessage({ type: 'request', id: 1, method: 'result/rerun', params: { resultId: 'r1' } }));
    assert.equal(parseGridMessage({ type: 'request', id: 1, method: 'result/rerun', params: {} }), undefined);
    assert.ok(parseHostMessage({ type: 'result/start', resultId: 'r1', startedAt: 1, profile: 'local' }));
    assert.equal(parseHostMessage({ type: 'result/start', resultId: 'r1', startedAt: 1, profile: 3 }), undefined);
  });

  function good(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(takeSnapshot(source(2, small), 0))) as Record<string, unknown>;
  }
});
