// Cost mode prints ", Statistics(sizeInBytes=1200.0 B, rowCount=100)" after each optimized logical node
// (Statistics.simpleString); formatted AQE plans print the same after query stages.

import { splitTopLevel } from './attributes';
import type { PlanStatistics } from './model';

const MARKER = ', Statistics(';

// Utils.bytesToString picks a binary unit; EiB is its largest.
const UNITS: Record<string, number> = {
  B: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
  EiB: 2 ** 60,
};

/** Converts "6.5 MiB" to bytes; undefined when the text is not in Spark's form. */
export function parseByteSize(text: string): number | undefined {
  const m = /^(-?[\d.]+(?:E[+-]?\d+)?)\s*([KMGTPE]iB|B)$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = Object.keys(UNITS).find((u) => u.toLowerCase() === m[2].toLowerCase());
  const n = Number(m[1]);
  return unit === undefined || Number.isNaN(n) ? undefined : n * UNITS[unit];
}

/** Parses the inside of "Statistics(...)". */
export function parseStatistics(inner: string): PlanStatistics {
  const fields: Record<string, string> = {};
  for (const part of splitTopLevel(inner)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const stats: PlanStatistics = { fields, raw: `Statistics(${inner})` };
  if (fields.sizeInBytes !== undefined) {
    stats.sizeText = fields.sizeInBytes;
    const bytes = parseByteSize(fields.sizeInBytes);
    if (bytes !== undefined) stats.sizeInBytes = bytes;
  }
  if (fields.rowCount !== undefined) {
    const rows = Number(fields.rowCount);
    if (!Number.isNaN(rows)) stats.rowCount = rows;
  }
  return stats;
}

/**
 * Splits a trailing ", Statistics(...)" off a node's text. Returns the text before it and the parsed
 * statistics, or the text unchanged when there is no such suffix.
 */
export function splitStatistics(text: string): { text: string; stats?: PlanStatistics } {
  const at = text.lastIndexOf(MARKER);
  if (at < 0 || !text.endsWith(')')) return { text };
  const inner = text.slice(at + MARKER.length, -1);
  // A statistics block holds only key=value pairs; anything else means the marker was part of an argument.
  if (!/^\w+=/.test(inner)) return { text };
  return { text: text.slice(0, at), stats: parseStatistics(inner) };
}
