// The plan panel's use of src/plan's metrics merge: reads ExecutePlanResponse.Metrics in whatever shape it
// arrives (protobufjs objects with Long, or the JSON form), lays it onto the document's physical plan, and
// keeps each codegen stage's pipeline duration for the graph's stage outlines.

import { mergeMetrics, readExecutionMetrics } from '../../plan/metrics';
import type { PlanDocument } from '../../plan/model';

/** ExecutePlanResponse.IMetrics as protobufjs decodes it, or its JSON form (int64 as strings). */
export interface MetricsLike {
  metrics?: unknown[] | null;
}

export interface MergeSummary {
  /** Plan nodes that received metrics. */
  matched: number;
  /** Operator entries in the metrics that matched no node (query stages, AQE's shuffle reads...). */
  unmatched: number;
  /** Codegen stage id -> pipeline duration in ms. */
  stageTimes: Record<number, number>;
}

export function mergeExecutionMetrics(doc: PlanDocument, metrics: MetricsLike): MergeSummary {
  const result = mergeMetrics(doc, readExecutionMetrics(metrics));
  const stageTimes: Record<number, number> = {};
  for (const s of result.stages) {
    const t = s.values.find((v) => v.key === 'pipelineTime');
    if (t !== undefined && Number(t.value) >= 0) stageTimes[s.stageId] = Number(t.value);
  }
  return { matched: result.matched.length, unmatched: result.unmatchedMetricIndexes.length, stageTimes };
}

/** The last Metrics message that carried any (the server sends them with the final batch). */
export function lastMetrics(messages: ReadonlyArray<MetricsLike | null | undefined>): MetricsLike | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.metrics && m.metrics.length > 0) return m;
  }
  return undefined;
}
