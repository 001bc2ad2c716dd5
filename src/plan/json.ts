// JSON form of a parsed plan, for `explain --tree json` and for handing a document to other processes.
// The document is plain data already; what needs care is bigint metric values, which JSON.stringify
// rejects: they are written as numbers when exact and as decimal strings otherwise.

import type { PlanDocument } from './model';

export const PLAN_JSON_FORMAT = 'spark-plan-tree';
export const PLAN_JSON_VERSION = 1;

export interface PlanJsonOptions {
  /** Indentation passed to JSON.stringify. Default none. */
  space?: number;
  /** Keep the raw text (document, sections, node lines, generated code). Default true. */
  raw?: boolean;
}

const RAW_KEYS = new Set(['raw', 'rawLines', 'code']);

/** Serializes a document; the result parses back to the same structure with a format header. */
export function planToJson(doc: PlanDocument, options: PlanJsonOptions = {}): string {
  const keepRaw = options.raw ?? true;
  const envelope = { format: PLAN_JSON_FORMAT, version: PLAN_JSON_VERSION, ...doc };
  return JSON.stringify(envelope, (key, value: unknown) => {
    if (!keepRaw && RAW_KEYS.has(key)) return undefined;
    if (typeof value === 'bigint') {
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    }
    return value;
  }, options.space);
}
