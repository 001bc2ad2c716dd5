// A result tab's saved snapshot on the webview side: taken from the rows the grid holds when a result
// finishes (kept in the webview state, which VS Code hands back after a window reload), and shown again
// from that snapshot as text columns. The rules for what a snapshot holds and how big it may get are in
// src/protocol/result-snapshot.ts; this file only reads the store and builds Arrow Data from text.

import { Field, makeData, Utf8, type Data } from 'apache-arrow';
import { createCellFormatter } from '../../src/arrow-format/formatter';
import { takeSnapshot, type ResultSnapshot } from '../../src/protocol/result-snapshot';
import type { ResultStore } from './result-store';

/** The snapshot of the result in `store`, from its first rows; undefined when it holds a later page or no columns. */
export function snapshotOfStore(store: ResultStore, profile: string | undefined, now = Date.now()): ResultSnapshot | undefined {
  if (store.rowOffset !== 0 || store.columnCount === 0) return undefined;
  const n = store.columnCount;
  const columns = Array.from({ length: n }, (_, c) => ({
    name: store.columnName(c), sparkType: store.sparkTypeOf(c), nullable: store.fields[c]?.nullable ?? true,
  }));
  const hasRows = store.fields.length > 0;
  return takeSnapshot({
    statement: store.statement, title: store.title, ...(profile !== undefined ? { profile } : {}),
    startedAt: store.startedAt, elapsedMs: store.elapsedMs, columns,
    rowCount: hasRows ? store.rowCount : 0,
    totalRows: Math.max(store.hostRows, store.pages?.totalRows ?? 0, store.rowCount),
    resultCut: !!store.limited || !!store.budget || store.state === 'cancelled',
    cell: (c, r) => (store.isNull(c, r) ? null : store.text(c, r)),
  }, now);
}

/** Spark's numeric type names (the grid right-aligns their cells). */
const NUMERIC = /^(tinyint|smallint|int|integer|bigint|float|double|real|decimal(\(\d+,\s*\d+\))?|byte|short|long)$/i;

/** One text column as Arrow Utf8 Data (offsets, UTF-8 bytes, validity), the way a decoded batch holds it. */
function textColumn(values: readonly (string | null)[]): Data<Utf8> {
  const enc = new TextEncoder();
  const parts = values.map((v) => (v === null ? new Uint8Array(0) : enc.encode(v)));
  const offsets = new Int32Array(values.length + 1);
  for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i] + parts[i].byteLength;
  const bytes = new Uint8Array(offsets[values.length]);
  parts.forEach((p, i) => bytes.set(p, offsets[i]));
  const validity = new Uint8Array(Math.ceil(values.length / 8));
  let nulls = 0;
  values.forEach((v, i) => {
    if (v === null) nulls++;
    else validity[i >> 3] |= 1 << (i & 7);
  });
  return makeData({ type: new Utf8(), length: values.length, nullCount: nulls, nullBitmap: validity, valueOffsets: offsets, data: bytes });
}

/**
 * Fills `store` with a snapshot's rows as a finished result: one text chunk per column, headers with
 * Spark's types as they were. Sorting text is not sorting the values, so the app turns sorting off for it.
 */
export function loadSnapshot(store: ResultStore, resultId: string, s: ResultSnapshot): void {
  store.reset(resultId, { title: s.title, statement: s.statement, startedAt: s.startedAt, columns: s.columns });
  store.fields = s.columns.map((c) => new Field(c.name, new Utf8(), true));
  // Numbers stay right-aligned as they were live, though held as text.
  store.formatters = store.fields.map((f, c) => {
    const text = createCellFormatter(f, { sparkType: s.columns[c].sparkType });
    return { ...text, numeric: NUMERIC.test(s.columns[c].sparkType) };
  });
  store.columns = s.columns.map((_, c) => [textColumn(s.rows.map((r) => r[c]))]);
  if (s.rows.length > 0) store.chunkIndex.push(s.rows.length);
  else store.columns = s.columns.map(() => []);
  store.elapsedMs = s.elapsedMs;
  store.hostRows = s.rows.length;
  store.state = 'done';
}
