// Reuse links in simple, extended and cost modes. There a ReusedExchange prints the exchange it reuses,
// ending with that exchange's "[plan_id=N]" (older Spark: "[id=#N]"), and a ReusedSubquery prints the
// subquery's text, ending with its "[id=#N]". The original node's own text ends with the same token.

import type { PlanNode } from './model';

const ID_TOKEN = /\[(?:plan_id=|id=#)(\d+)\]$/;

/** Adds 'reuses' / 'reusesSubquery' links between the given nodes (one section's nodes). */
export function linkReusedNodes(nodes: readonly PlanNode[]): void {
  const originals = new Map<string, PlanNode>();
  for (const node of nodes) {
    if (node.name.startsWith('Reused')) continue;
    const token = ID_TOKEN.exec(node.args)?.[0];
    if (token && !originals.has(token)) originals.set(token, node);
  }
  for (const node of nodes) {
    if (node.name !== 'ReusedExchange' && node.name !== 'ReusedSubquery') continue;
    if (node.links.some((l) => l.kind === 'reuses' || l.kind === 'reusesSubquery')) continue;
    const token = ID_TOKEN.exec(node.args)?.[0];
    const target = token ? originals.get(token) : undefined;
    if (target) node.links.push({ kind: node.name === 'ReusedExchange' ? 'reuses' : 'reusesSubquery', targetId: target.id });
  }
}
