// Reads the few numbers the plan view shows for an executed operator (rows, time, bytes) out of Spark's
// per-operator SQL metrics. Metric keys are Spark's (SQLMetrics / each operator's `metrics` map); size and
// timing metrics start at -1 meaning "never set", which must not show up as a number.

import type { NodeMetrics, NodeMetricValue } from './model';

export interface MetricSummary {
  rows?: number;
  /** Milliseconds summed over the operator's own timing metrics (task time, not wall time). */
  timeMs?: number;
  /** The operator's main data volume: shuffle/broadcast data size, bytes read, files read. */
  bytes?: number;
  spillBytes?: number;
}

// Durations that overlap another timing metric of the same operator, so summing them would count twice.
const OVERLAPPING_TIMES = new Set(['remoteReqsDuration', 'remoteMergedReqsDuration']);
const ROW_KEYS = ['numOutputRows', 'shuffleRecordsWritten', 'recordsRead'];
const BYTE_KEYS = ['dataSize', 'shuffleBytesWritten', 'bytesRead', 'filesSize', 'staticFilesSize', 'partitionDataSize'];

export function metricNumber(value: number | bigint | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'bigint' ? Number(value) : value;
  return Number.isFinite(n) ? n : undefined;
}

function byKey(values: readonly NodeMetricValue[]): Map<string, NodeMetricValue> {
  const m = new Map<string, NodeMetricValue>();
  for (const v of values) m.set(v.key, v);
  return m;
}

export function summarizeMetrics(metrics: NodeMetrics | undefined): MetricSummary {
  if (!metrics) return {};
  const keyed = byKey(metrics.values);
  const out: MetricSummary = {};
  for (const k of ROW_KEYS) {
    const n = metricNumber(keyed.get(k)?.value);
    if (n !== undefined && n >= 0) { out.rows = n; break; }
  }
  for (const k of BYTE_KEYS) {
    const n = metricNumber(keyed.get(k)?.value);
    if (n !== undefined && n >= 0) { out.bytes = n; break; }
  }
  const spill = metricNumber(keyed.get('spillSize')?.value);
  if (spill !== undefined && spill >= 0) out.spillBytes = spill;
  let time: number | undefined;
  for (const v of metrics.values) {
    if (OVERLAPPING_TIMES.has(v.key)) continue;
    const n = metricNumber(v.value);
    if (n === undefined || n < 0) continue;
    if (v.metricType === 'timing') time = (time ?? 0) + n;
    else if (v.metricType === 'nsTiming') time = (time ?? 0) + n / 1e6;
  }
  if (time !== undefined) out.timeMs = time;
  return out;
}
