// INTERIM: plain-text rendering of results, used until the results grid (src/views/results) lands.
// Decodes Arrow IPC on the host, which the grid will not do; that is acceptable here because the
// interim presenter shows only the first rows. Values are read with the client's exact decoder
// (decimals as text, dates as YYYY-MM-DD, timestamps at microsecond precision).
import { decodeIpc } from '../../connect/arrow-result';
import { batchToRows } from '../../connect/arrow-rows';

export const NULL_TEXT = 'NULL';

/** Text for one cell value as Arrow JS gives it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return NULL_TEXT;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  if (value instanceof Map) return cellText(Object.fromEntries(value));
  if (typeof value === 'object' && typeof (value as { toISOString?: unknown }).toISOString === 'function') {
    return String(value); // the client's Timestamp prints itself as Spark does
  }
  // Structs (the client's Row) and lists: JSON, with 64-bit integers as text.
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return json ?? String(value);
}

/** Column names and the first `limit` rows of one Arrow IPC stream, as text. */
export function arrowToText(data: Uint8Array, limit: number): { columns: string[]; rows: string[][]; total: number } {
  const batches = decodeIpc(data);
  const columns = batches[0]?.schema.fields.map((f) => f.name) ?? [];
  const rows: string[][] = [];
  let total = 0;
  for (const batch of batches) {
    total += batch.numRows;
    if (rows.length >= limit) continue;
    for (const row of batchToRows(batch.slice(0, limit - rows.length))) rows.push(row.values.map(cellText));
  }
  return { columns, rows, total };
}

/** A fixed-width table: header, rule, rows; cells cut at maxWidth with an ellipsis. */
export function formatTextTable(columns: readonly string[], rows: readonly (readonly string[])[], maxWidth = 40): string {
  const clip = (s: string) => {
    const one = s.replace(/\r?\n/g, '\u21b5');
    return one.length > maxWidth ? `${one.slice(0, maxWidth - 1)}\u2026` : one;
  };
  const header = columns.map(clip);
  const body = rows.map((r) => r.map(clip));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)].join('\n');
}
