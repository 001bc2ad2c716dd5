// The saved snapshot of a result tab: what the grid keeps in its webview state so that VS Code can hand
// it back after a window reload (src/views/results/result-restore.ts), where the tab shows it again as a
// clearly labelled, not-live result with a Re-run button. Compiled into both builds: no DOM, no vscode.
//
// What it holds is chosen to be safe to keep on disk with the workspace: the statement, the profile's
// NAME (never its connection string, token or headers: those live in SecretStorage), Spark's schema, the
// first rows as display text (what the grid showed, each cell cut to a bounded length), counts and timings.
// Its serialized size is capped (SNAPSHOT_LIMITS.maxBytes): a large result keeps only its first rows.
import { isInt, isNum, isRec, isStr } from './guards';
import type { SparkColumn } from './grid';

export const SNAPSHOT_VERSION = 1;

export const SNAPSHOT_LIMITS = {
  /** UTF-8 bytes of the whole snapshot as JSON. VS Code keeps webview state with the workspace. */
  maxBytes: 1024 * 1024,
  /** Rows kept at most, however small. */
  maxRows: 5000,
  /** Characters kept of one cell's text (the grid shows one line of 1,000 anyway). */
  maxCellChars: 1000,
} as const;

/** One cell: its display text, or null for SQL NULL. */
export type SnapshotCell = string | null;

export interface ResultSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** The statement the result came from (what Re-run runs again). */
  statement: string;
  title: string;
  /** The connection profile's name, when known. Only the name: never a credential. */
  profile?: string;
  /** Epoch ms when the query was sent, and when this snapshot was taken. */
  startedAt: number;
  savedAt: number;
  /** How long the run took. */
  elapsedMs: number;
  columns: SparkColumn[];
  /** The first rows, as display text. */
  rows: SnapshotCell[][];
  /** Rows the result had (at least rows.length). */
  totalRows: number;
  /** The snapshot holds fewer rows than the result had, or the result itself was cut (row limit, memory budget, cancel). */
  cut: boolean;
}

export interface SnapshotSource {
  statement: string;
  title: string;
  profile?: string;
  startedAt: number;
  elapsedMs: number;
  columns: readonly SparkColumn[];
  /** Rows held (the snapshot reads at most this many, from row 0). */
  rowCount: number;
  /** Rows the whole result had. */
  totalRows: number;
  /** The result was cut before the snapshot (row limit, memory budget, cancel). */
  resultCut: boolean;
  /** Display text of a cell, null for SQL NULL. */
  cell(column: number, row: number): SnapshotCell;
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    // A surrogate pair is one 4-byte character: count 2 for each half.
    else if (c >= 0xd800 && c <= 0xdfff) n += 2;
    else n += 3;
  }
  return n;
}

/** Bytes of a JSON value (a string, null or an array of them) as JSON.stringify writes it. */
function jsonBytes(v: SnapshotCell): number {
  return v === null ? 4 : utf8Length(JSON.stringify(v));
}

function cutText(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}\u2026`;
}

/**
 * Takes the snapshot of a result: the first rows that fit `limits`. Undefined when not even the
 * statement and the schema fit (nothing useful could be restored).
 */
export function takeSnapshot(src: SnapshotSource, now: number, limits: typeof SNAPSHOT_LIMITS = SNAPSHOT_LIMITS): ResultSnapshot | undefined {
  // Only named fields are copied: whatever else the caller's object carries stays out of the state.
  const snapshot: ResultSnapshot = {
    version: SNAPSHOT_VERSION,
    statement: src.statement,
    title: src.title,
    ...(src.profile !== undefined ? { profile: src.profile } : {}),
    startedAt: src.startedAt,
    savedAt: now,
    elapsedMs: src.elapsedMs,
    columns: src.columns.map((c) => ({ name: c.name, sparkType: c.sparkType, nullable: c.nullable })),
    rows: [],
    totalRows: Math.max(src.totalRows, src.rowCount),
    cut: true,
  };
  // The frame: everything but the rows, with room for the digits of the fields filled in at the end.
  let used = utf8Length(JSON.stringify(snapshot)) + 32;
  if (used > limits.maxBytes) return undefined;
  const n = src.columns.length;
  const rowCount = Math.min(src.rowCount, limits.maxRows);
  for (let r = 0; r < rowCount; r++) {
    const row: SnapshotCell[] = new Array<SnapshotCell>(n);
    // Brackets, and a comma between rows.
    let bytes = 3;
    for (let c = 0; c < n; c++) {
      const v = src.cell(c, r);
      row[c] = v === null ? null : cutText(v, limits.maxCellChars);
      bytes += jsonBytes(row[c]) + 1;
    }
    if (used + bytes > limits.maxBytes) break;
    used += bytes;
    snapshot.rows.push(row);
  }
  snapshot.cut = src.resultCut || snapshot.rows.length < snapshot.totalRows;
  return snapshot;
}

function isColumns(x: unknown): x is SparkColumn[] {
  return Array.isArray(x) && x.every((c) => isRec(c) && isStr(c.name) && isStr(c.sparkType) && typeof c.nullable === 'boolean');
}

/**
 * The snapshot in a saved webview state, if it is a valid one; rebuilt field by field, so nothing but
 * the fields above survives (the state outlives versions of the extension and is read from disk).
 */
export function parseSnapshot(raw: unknown): ResultSnapshot | undefined {
  if (!isRec(raw) || raw.version !== SNAPSHOT_VERSION) return undefined;
  const { statement, title, profile, startedAt, savedAt, elapsedMs, columns, rows, totalRows, cut } = raw;
  if (!isStr(statement) || !isStr(title) || (profile !== undefined && !isStr(profile)) || !isNum(startedAt) || !isNum(savedAt)
    || !isNum(elapsedMs) || !isColumns(columns) || !Array.isArray(rows) || !isInt(totalRows) || typeof cut !== 'boolean') return undefined;
  const n = columns.length;
  const ok = rows.every((r) => Array.isArray(r) && r.length === n && r.every((v) => v === null || isStr(v)));
  if (!ok || totalRows < rows.length) return undefined;
  return {
    version: SNAPSHOT_VERSION, statement, title, ...(profile !== undefined ? { profile } : {}), startedAt, savedAt, elapsedMs,
    columns: columns.map((c) => ({ name: c.name, sparkType: c.sparkType, nullable: c.nullable })),
    rows: (rows as SnapshotCell[][]).map((r) => r.slice()), totalRows, cut,
  };
}

/** What the grid keeps in its webview state: the column layout of a result, and its snapshot. */
export interface SavedGridState {
  resultId: string;
  snapshot?: ResultSnapshot;
}

/** The resultId and snapshot of a saved grid state (undefined when it has no usable snapshot). */
export function savedResult(state: unknown): { resultId: string; snapshot: ResultSnapshot } | undefined {
  if (!isRec(state) || !isStr(state.resultId)) return undefined;
  const snapshot = parseSnapshot(state.snapshot);
  return snapshot ? { resultId: state.resultId, snapshot } : undefined;
}
