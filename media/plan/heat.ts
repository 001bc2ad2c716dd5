// Heat for executed plans: each node's share of the hottest node's time (or of its rows when the plan
// reports no time), in five steps the CSS colours, plus the few hottest nodes singled out.

import type { PlanNode } from '../../src/plan/model';
import { summarizeMetrics } from '../../src/plan/metric-summary';

export interface Heat {
  basis: 'time' | 'rows' | 'none';
  /** Node id -> 1..5 (0 and absent: cold or no metrics). */
  level: Map<number, number>;
  /** The hottest nodes, hottest first (at most three, all with a value above zero). */
  hottest: number[];
}

export function computeHeat(nodes: readonly PlanNode[]): Heat {
  const time = new Map<number, number>();
  const rows = new Map<number, number>();
  for (const n of nodes) {
    const m = summarizeMetrics(n.metrics);
    if (m.timeMs !== undefined && m.timeMs > 0) time.set(n.id, m.timeMs);
    if (m.rows !== undefined && m.rows > 0) rows.set(n.id, m.rows);
  }
  const basis = time.size > 0 ? 'time' : rows.size > 0 ? 'rows' : 'none';
  const values = basis === 'time' ? time : rows;
  const level = new Map<number, number>();
  const max = Math.max(0, ...values.values());
  if (max > 0) for (const [id, v] of values) level.set(id, Math.max(1, Math.ceil((v / max) * 5)));
  const hottest = [...values.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([id]) => id);
  return { basis, level, hottest };
}
